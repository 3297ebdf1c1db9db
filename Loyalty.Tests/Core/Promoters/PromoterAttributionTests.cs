using Loyalty.Core.Ledger;
using Loyalty.Core.Promoters;

namespace Loyalty.Tests.Core.Promoters;

/// <summary>
/// Manual attribution over a real SQLite file: an administrator attributes a deal (a won one accrues at once) or detaches a
/// deal or lead (its commission is reversed, clawed back if paid), and the decision holds on replay and for later facts.
/// </summary>
public sealed class PromoterAttributionTests
{
    private const long PromoterContact = 7;
    private const long OtherContact = 8;

    [Fact]
    public async Task AttributingAWonDealAccruesAtOnceAndAReplayChangesNothing()
    {
        await using var world = await PromoterWorld.CreateAsync();
        var promoter = await SwitchOnAsync(world, PromoterContact);
        var won = PromoterWorld.Local(2026, 12, 1);
        // A phone order nobody marked: the deal belongs to no promoter.
        await world.WinDealAsync(500, 70_000_00, won, contactId: 20);
        Assert.Equal(0, (await world.Commissions.ProcessAsync()).Accrued);

        Assert.Equal(ManualOutcome.Done, await world.Commissions.AttributeDealAsync(500, promoter.Id, "Клиент назвал промоутера по телефону", PromoterWorld.Administrator));

        var line = Assert.Single(await world.CommissionsOfAsync(promoter.Id));
        Assert.Equal((CommissionStatus.Accrued, AttributionSource.Manual, 70_000_00L, 7_000_00L, FraudFlags.None), (line.Status, line.Attribution, line.BaseAmount, line.Amount, line.Flags));
        Assert.StartsWith("manual:deal:500:", line.SourceKey, StringComparison.Ordinal);
        Assert.Equal(won, line.OccurredAt);
        // The hold runs from the decision (6 December) for 14 days.
        Assert.Equal(PromoterWorld.Local(2026, 12, 20, 0), line.PayableAfter);
        var entry = Assert.Single(await world.EntriesOfAsync(promoter.Id));
        Assert.Equal((7_000_00L, LedgerReason.PromoterCommission, PromoterWorld.Administrator), (entry.Amount, entry.Reason, entry.Actor));

        // The same decision again, and the CRM facts read again: nothing new.
        Assert.Equal(ManualOutcome.AlreadyDone, await world.Commissions.AttributeDealAsync(500, promoter.Id, "ещё раз", PromoterWorld.Administrator));
        await world.ReplayAsync();
        await world.Commissions.ProcessAsync();
        Assert.Single(await world.CommissionsOfAsync(promoter.Id));
        Assert.Single(await world.EntriesOfAsync(promoter.Id));
    }

    [Fact]
    public async Task ADealAttributedBeforeItIsWonEarnsWhenItIsWonOnce()
    {
        await using var world = await PromoterWorld.CreateAsync();
        var promoter = await SwitchOnAsync(world, PromoterContact);
        await using (var db = world.Database.CreateDbContext())
        {
            db.Deals.Add(new Loyalty.Core.Crm.Deal { Id = 510, Title = "Сделка 510", StageId = "NEW", AmountMinor = 10_000_00, CurrencyId = "RUB", ContactId = 21, CreatedAt = world.UtcNow, ModifiedAt = world.UtcNow, SyncedAt = world.UtcNow });
            await db.SaveChangesAsync();
        }

        await world.Commissions.AttributeDealAsync(510, promoter.Id, "Промоутер привёл клиента на выставке", PromoterWorld.Administrator);
        Assert.Empty(await world.CommissionsOfAsync(promoter.Id));

        await using (var db = world.Database.CreateDbContext())
        {
            db.Deals.Remove(db.Deals.Single(d => d.Id == 510));
            await db.SaveChangesAsync();
        }

        await world.WinDealAsync(510, 10_000_00, world.UtcNow, contactId: 21);
        await world.Commissions.ProcessAsync();
        await world.ReplayAsync();
        await world.Commissions.ProcessAsync();

        var line = Assert.Single(await world.CommissionsOfAsync(promoter.Id));
        Assert.Equal((AttributionSource.Manual, 1_000_00L, CommissionStatus.Accrued), (line.Attribution, line.Amount, line.Status));
    }

    [Fact]
    public async Task ADealAttributedByFieldThenDetachedIsReversedAndStaysDetached()
    {
        await using var world = await PromoterWorld.CreateAsync();
        var promoter = await SwitchOnAsync(world, PromoterContact);
        var won = PromoterWorld.Local(2026, 12, 1);
        await world.AddLeadAsync(100, PromoterContact, won.AddDays(-3));
        await world.WinDealAsync(501, 50_000_00, won, leadId: 100, contactId: 22);
        await world.Commissions.ProcessAsync();
        Assert.Equal(5_000_00L, (await world.Commissions.BalanceAsync(promoter.Id)).Balance);

        Assert.Equal(ManualOutcome.Done, await world.Commissions.DetachAsync(PromoterAttributionOverride.Deal, 501, "Клиент пришёл сам", PromoterWorld.Administrator));

        var line = Assert.Single(await world.CommissionsOfAsync(promoter.Id));
        Assert.Equal(CommissionStatus.Reversed, line.Status);
        var reversal = (await world.EntriesOfAsync(promoter.Id)).Last();
        Assert.Equal((EntryKind.Reversal, -5_000_00L, LedgerReason.PromoterDetached), (reversal.Kind, reversal.Amount, reversal.Reason));
        Assert.Equal("Администратор открепил запись от промоутера: комиссия отменена: Сделка 501",
            LedgerReasonText.Render(reversal.Reason, reversal.ReasonArgs, null, Loyalty.Core.Portal.PortalCultures.Russian, (_, id) => $"Сделка {id}"));
        Assert.Equal(0L, (await world.Commissions.BalanceAsync(promoter.Id)).Balance);
        Assert.Equal("Клиент пришёл сам", (await world.Commissions.DecisionAsync(PromoterAttributionOverride.Deal, 501))!.Reason);

        // Replayed facts, the deal moved back and won again: it stays detached.
        await world.ReplayAsync();
        await world.Commissions.ProcessAsync();
        await world.UnwinDealAsync(501, won.AddDays(2));
        await using (var db = world.Database.CreateDbContext())
        {
            db.Deals.Remove(db.Deals.Single(d => d.Id == 501));
            await db.SaveChangesAsync();
        }

        await world.WinDealAsync(501, 50_000_00, won.AddDays(3), leadId: 100, contactId: 22);
        await world.Commissions.ProcessAsync();
        Assert.Single(await world.CommissionsOfAsync(promoter.Id));
        Assert.Equal(2, (await world.EntriesOfAsync(promoter.Id)).Count);
        Assert.Equal(ManualOutcome.AlreadyDone, await world.Commissions.DetachAsync(PromoterAttributionOverride.Deal, 501, "ещё раз", PromoterWorld.Administrator));
    }

    [Fact]
    public async Task DetachingAPaidCommissionIsAClawbackAndMovingADealToAnotherPromoterPaysTheOther()
    {
        await using var world = await PromoterWorld.CreateAsync();
        await world.Settings.SaveAsync(new PromoterSettings { HoldDays = 0 }, PromoterWorld.Administrator);
        var first = await SwitchOnAsync(world, PromoterContact);
        var second = await SwitchOnAsync(world, OtherContact, "Пётр", "Сидоров");
        var won = PromoterWorld.Local(2026, 12, 1);
        await world.WinDealAsync(502, 40_000_00, won, contactId: 23, userFields: $$"""{"UF_CRM_LOY_PR_ID":"{{PromoterContact}}"}""");
        await world.Commissions.ProcessAsync();
        await world.Ledger.DebitAsync(PromoterCommissions.Account(first.Id), EntryKind.Payout, 4_000_00, new PostingInfo("payout:1", won.AddDays(1), "accountant@example.ru"));

        Assert.Equal(ManualOutcome.Done, await world.Commissions.AttributeDealAsync(502, second.Id, "Клиента привёл Пётр, Иван ошибся кодом", PromoterWorld.Administrator));

        var clawback = (await world.EntriesOfAsync(first.Id)).Last();
        Assert.Equal((LedgerReason.PromoterDetached, -4_000_00L), (clawback.Reason, clawback.Amount));
        Assert.Contains("\"Paid\":\"True\"", clawback.ReasonArgs, StringComparison.Ordinal);
        Assert.Equal((-4_000_00L, 0L), ((await world.Commissions.BalanceAsync(first.Id)).Balance, (await world.Commissions.BalanceAsync(first.Id)).Payable));
        Assert.Equal(CommissionStatus.Reversed, Assert.Single(await world.CommissionsOfAsync(first.Id)).Status);
        var moved = Assert.Single(await world.CommissionsOfAsync(second.Id));
        Assert.Equal((AttributionSource.Manual, 4_000_00L, CommissionStatus.Accrued), (moved.Attribution, moved.Amount, moved.Status));
        Assert.Equal(4_000_00L, (await world.Commissions.BalanceAsync(second.Id)).Payable);

        // The CRM still names the first promoter on the deal: a replay keeps the decision.
        await world.ReplayAsync();
        await world.Commissions.ProcessAsync();
        Assert.Single(await world.CommissionsOfAsync(first.Id));
        Assert.Single(await world.CommissionsOfAsync(second.Id));
    }

    [Fact]
    public async Task ADetachedLeadEarnsNoLeadCommissionAndItsDealIsNoLongerThePromoters()
    {
        await using var world = await PromoterWorld.CreateAsync();
        var promoter = await SwitchOnAsync(world, PromoterContact);
        var at = PromoterWorld.Local(2026, 12, 1);
        await world.AddLeadAsync(110, PromoterContact, at);

        await world.Commissions.DetachAsync(PromoterAttributionOverride.Lead, 110, "Это не реферал", PromoterWorld.Administrator);
        await world.WinDealAsync(503, 10_000_00, at.AddDays(1), leadId: 110, contactId: 24);
        await world.Commissions.ProcessAsync();

        Assert.Empty(await world.CommissionsOfAsync(promoter.Id));
        await Assert.ThrowsAsync<PromoterException>(() => world.Commissions.DetachAsync("company", 1, "нет", PromoterWorld.Administrator));
        await Assert.ThrowsAsync<PromoterException>(() => world.Commissions.AttributeDealAsync(99999, promoter.Id, "нет такой", PromoterWorld.Administrator));
    }

    private static async Task<Promoter> SwitchOnAsync(PromoterWorld world, long contactId, string first = "Иван", string last = "Петров")
    {
        await world.SetContactAsync(contactId, first, last);
        return await world.Registry.SwitchOnAsync(contactId, PromoterWorld.Administrator);
    }
}
