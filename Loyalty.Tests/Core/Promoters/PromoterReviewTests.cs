using Loyalty.Core.Ledger;
using Loyalty.Core.Promoters;

namespace Loyalty.Tests.Core.Promoters;

/// <summary>
/// An administrator's review of flagged commissions over a real SQLite file: approval posts the accrual once (even when
/// two approvals race), rejection posts nothing, a reason is required, only items on review can be decided, and a
/// repeated decision changes nothing.
/// </summary>
public sealed class PromoterReviewTests
{
    private const long PromoterContact = 7;

    [Fact]
    public async Task ApprovingAFlaggedCommissionPostsItsAccrualOnceAndKeepsTheHold()
    {
        await using var world = await PromoterWorld.CreateAsync();
        var (promoter, flagged) = await FlaggedAsync(world);
        Assert.Equal((CommissionStatus.OnReview, FraudFlags.SelfReferral), (flagged.Status, flagged.Flags));

        var outcome = await world.Commissions.ApproveAsync(flagged.Id, "  Проверили: жена промоутера, покупка настоящая  ", PromoterWorld.Administrator);

        Assert.Equal(ManualOutcome.Done, outcome);
        var line = Assert.Single(await world.CommissionsOfAsync(promoter.Id));
        Assert.Equal((CommissionStatus.Accrued, PromoterWorld.Administrator, "Проверили: жена промоутера, покупка настоящая"), (line.Status, line.ReviewedBy, line.ReviewReason));
        Assert.Equal(world.UtcNow, line.ReviewedAt);
        // The deal was won a day ago: the hold of 14 days still runs from then.
        Assert.Equal(flagged.PayableAfter, line.PayableAfter);
        var entry = Assert.Single(await world.EntriesOfAsync(promoter.Id));
        Assert.Equal((EntryKind.Accrual, 1_000_00L, LedgerReason.PromoterCommission, line.SourceKey), (entry.Kind, entry.Amount, entry.Reason, entry.SourceKey));
        Assert.Equal(line.LedgerEntryId, entry.Id);
        var balance = await world.Commissions.BalanceAsync(promoter.Id);
        Assert.Equal((1_000_00L, 0L, 1_000_00L, 0L), (balance.Balance, balance.OnReview, balance.OnHold, balance.Payable));

        // Approving again, or rejecting afterwards, changes nothing.
        Assert.Equal(ManualOutcome.AlreadyDone, await world.Commissions.ApproveAsync(flagged.Id, "ещё раз", PromoterWorld.Administrator));
        Assert.Equal(ManualOutcome.NotOnReview, await world.Commissions.RejectAsync(flagged.Id, "передумал", PromoterWorld.Administrator));
        Assert.Single(await world.EntriesOfAsync(promoter.Id));
        Assert.Equal(CommissionStatus.Accrued, Assert.Single(await world.CommissionsOfAsync(promoter.Id)).Status);
    }

    [Fact]
    public async Task AnApprovalAfterTheHoldIsPayableAtOnce()
    {
        await using var world = await PromoterWorld.CreateAsync();
        var (promoter, flagged) = await FlaggedAsync(world);
        world.Time.Advance(TimeSpan.FromDays(30));

        await world.Commissions.ApproveAsync(flagged.Id, "ok", PromoterWorld.Administrator);

        Assert.Equal(world.UtcNow, Assert.Single(await world.CommissionsOfAsync(promoter.Id)).PayableAfter);
        Assert.Equal(1_000_00L, (await world.Commissions.BalanceAsync(promoter.Id)).Payable);
    }

    [Fact]
    public async Task TwoApprovalsAtOnceMakeOneEntry()
    {
        await using var world = await PromoterWorld.CreateAsync();
        var (promoter, flagged) = await FlaggedAsync(world);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => world.Commissions.ApproveAsync(flagged.Id, $"ок {i}", PromoterWorld.Administrator))));

        Assert.Equal(1, outcomes.Count(o => o == ManualOutcome.Done));
        Assert.Equal(5, outcomes.Count(o => o == ManualOutcome.AlreadyDone));
        Assert.Single(await world.EntriesOfAsync(promoter.Id));
        Assert.Equal(1_000_00L, (await world.Commissions.BalanceAsync(promoter.Id)).Balance);
    }

    [Fact]
    public async Task RejectingPostsNothingAndAReasonIsRequired()
    {
        await using var world = await PromoterWorld.CreateAsync();
        var (promoter, flagged) = await FlaggedAsync(world);

        await Assert.ThrowsAsync<PromoterException>(() => world.Commissions.RejectAsync(flagged.Id, "   ", PromoterWorld.Administrator));
        await Assert.ThrowsAsync<PromoterException>(() => world.Commissions.ApproveAsync(flagged.Id, new string('я', 501), PromoterWorld.Administrator));
        Assert.Equal(CommissionStatus.OnReview, Assert.Single(await world.CommissionsOfAsync(promoter.Id)).Status);

        Assert.Equal(ManualOutcome.Done, await world.Commissions.RejectAsync(flagged.Id, "Сам себе продал", PromoterWorld.Administrator));
        Assert.Equal(ManualOutcome.AlreadyDone, await world.Commissions.RejectAsync(flagged.Id, "Сам себе продал", PromoterWorld.Administrator));
        Assert.Equal(ManualOutcome.NotOnReview, await world.Commissions.ApproveAsync(flagged.Id, "всё же да", PromoterWorld.Administrator));
        Assert.Equal(ManualOutcome.NotFound, await world.Commissions.ApproveAsync(flagged.Id + 100, "нет такой", PromoterWorld.Administrator));

        var line = Assert.Single(await world.CommissionsOfAsync(promoter.Id));
        Assert.Equal((CommissionStatus.Rejected, (long?)null, "Сам себе продал"), (line.Status, line.LedgerEntryId, line.ReviewReason));
        Assert.Empty(await world.EntriesOfAsync(promoter.Id));
        var balance = await world.Commissions.BalanceAsync(promoter.Id);
        Assert.Equal((0L, 0L), (balance.Balance, balance.OnReview));

        // A rejected deal moved back from won stays rejected, and replaying the facts changes nothing.
        await world.UnwinDealAsync(900, world.UtcNow);
        await world.ReplayAsync();
        await world.Commissions.ProcessAsync();
        Assert.Equal(CommissionStatus.Rejected, Assert.Single(await world.CommissionsOfAsync(promoter.Id)).Status);
        Assert.Empty(await world.EntriesOfAsync(promoter.Id));
        Assert.Equal(0, await world.Commissions.OnReviewCountAsync());
    }

    [Fact]
    public async Task AnApprovedCommissionIsReversedLikeAnyOtherWhenItsDealIsUnwon()
    {
        await using var world = await PromoterWorld.CreateAsync();
        var (promoter, flagged) = await FlaggedAsync(world);
        Assert.Equal(1, await world.Commissions.OnReviewCountAsync());
        await world.Commissions.ApproveAsync(flagged.Id, "ok", PromoterWorld.Administrator);

        await world.UnwinDealAsync(900, world.UtcNow);
        Assert.Equal(1, (await world.Commissions.ProcessAsync()).Reversed);

        Assert.Equal(CommissionStatus.Reversed, Assert.Single(await world.CommissionsOfAsync(promoter.Id)).Status);
        Assert.Equal(0L, (await world.Commissions.BalanceAsync(promoter.Id)).Balance);
    }

    [Fact]
    public async Task TheReviewListNamesWhatADuplicateMatched()
    {
        await using var world = await PromoterWorld.CreateAsync();
        await world.SetContactAsync(PromoterContact, "Иван", "Петров");
        var promoter = await world.Registry.SwitchOnAsync(PromoterContact, PromoterWorld.Administrator);
        await world.SetContactAsync(54, "Мария", "Повторова");
        var at = world.UtcNow.AddDays(-1);
        await world.AddLeadAsync(803, PromoterContact, at.AddDays(-20), email: "twice@example.ru");
        await world.AddLeadAsync(804, PromoterContact, at.AddDays(-1), email: "twice@example.ru");
        await world.WinDealAsync(904, 30_000_00, at, leadId: 804, contactId: 54);
        await world.Commissions.ProcessAsync();

        var item = Assert.Single(await new PromoterReviewQueries(world.Database, world.Settings).OnReviewAsync());

        Assert.Equal((promoter.Id, "Иван Петров", "Сделка 904", "Мария Повторова", 3_000_00L, FraudFlags.Duplicate),
            (item.PromoterId, item.PromoterName, item.DealTitle, item.CustomerName, item.Amount, item.Flags));
        var evidence = Assert.Single(item.Evidence);
        Assert.Equal((FraudFlags.Duplicate, "twice@example.ru", 803L, "Лид 803"), (evidence.Flag, evidence.Matched, evidence.LeadId!.Value, evidence.LeadTitle));
    }

    /// <summary>A self-referral (the promoter's own phone on the lead) whose 10 000 ₽ deal was won yesterday.</summary>
    private static async Task<(Promoter, PromoterCommission)> FlaggedAsync(PromoterWorld world)
    {
        await world.SetContactAsync(PromoterContact, "Иван", "Петров", phone: "79991112233");
        var promoter = await world.Registry.SwitchOnAsync(PromoterContact, PromoterWorld.Administrator);
        var won = world.UtcNow.AddDays(-1);
        await world.AddLeadAsync(800, PromoterContact, won.AddDays(-2), phone: "89991112233");
        await world.WinDealAsync(900, 10_000_00, won, leadId: 800, contactId: 50);
        Assert.Equal(1, (await world.Commissions.ProcessAsync()).OnReview);
        return (promoter, Assert.Single(await world.CommissionsOfAsync(promoter.Id)));
    }
}
