using Loyalty.Core.Crm;
using Loyalty.Core.Ledger;
using Loyalty.Core.Promoters;

namespace Loyalty.Tests.Core.Promoters;

/// <summary>
/// The commission engine over a real SQLite file with CRM facts: attribution, the rate and the scale, the hold, reversal
/// and clawback, fraud flags, the lead triggers, and replaying the same facts changing nothing.
/// </summary>
public sealed class PromoterCommissionsTests
{
    private const long PromoterContact = 7;
    private const long Customer = 20;

    [Fact]
    public async Task AReferredLeadsWonDealEarnsTenPercentPayableAfterTheHoldAndAReplayChangesNothing()
    {
        await using var world = await PromoterWorld.CreateAsync();
        var promoter = await SwitchOnAsync(world);
        var won = PromoterWorld.Local(2026, 12, 6, 12);
        await world.AddLeadAsync(100, PromoterContact, won.AddDays(-3), phone: "79990000020");
        await world.WinDealAsync(500, 150_000_00, won, leadId: 100, contactId: Customer);

        var pass = await world.Commissions.ProcessAsync();

        Assert.Equal(1, pass.Accrued);
        var commission = Assert.Single(await world.CommissionsOfAsync(promoter.Id));
        Assert.Equal((CommissionStatus.Accrued, AttributionSource.LeadField, 150_000_00L, 10_00, 15_000_00L), (commission.Status, commission.Attribution, commission.BaseAmount, commission.RateBasisPoints, commission.Amount));
        Assert.Equal(PromoterWorld.Local(2026, 12, 20, 0), commission.PayableAfter);
        var entry = Assert.Single(await world.EntriesOfAsync(promoter.Id));
        Assert.Equal((EntryKind.Accrual, 15_000_00L, 500L, LedgerReason.PromoterCommission), (entry.Kind, entry.Amount, entry.DealId!.Value, entry.Reason));
        Assert.Equal(commission.LedgerEntryId, entry.Id);
        Assert.Equal(0, entry.RuleVersion);
        Assert.Contains("PayableAfter", entry.ReasonArgs, StringComparison.Ordinal);
        Assert.Equal("Комиссия промоутера: 10\u00A0% от 150\u00A0000,00\u00A0₽", LedgerReasonText.Render(entry.Reason, entry.ReasonArgs, null, Loyalty.Core.Portal.PortalCultures.Russian));

        var balance = await world.Commissions.BalanceAsync(promoter.Id);
        Assert.Equal((15_000_00L, 15_000_00L, 15_000_00L, 0L), (balance.Accrued, balance.Balance, balance.OnHold, balance.Payable));

        // The same facts read again: nothing new.
        await world.ReplayAsync();
        Assert.Equal(0, (await world.Commissions.ProcessAsync()).Accrued);
        Assert.Single(await world.CommissionsOfAsync(promoter.Id));
        Assert.Single(await world.EntriesOfAsync(promoter.Id));

        // After the hold the whole balance is payable.
        world.Time.Advance(TimeSpan.FromDays(14));
        Assert.Equal(15_000_00L, (await world.Commissions.BalanceAsync(promoter.Id)).Payable);
    }

    [Fact]
    public async Task ALeadTheReferralPageCreatedIsThePromotersEvenWhenBitrix24DroppedItsPromoterField()
    {
        await using var world = await PromoterWorld.CreateAsync();
        var promoter = await SwitchOnAsync(world);
        var won = PromoterWorld.Local(2026, 12, 6, 12);
        // The lead went out before the portal could create UF_CRM_LOY_PR_ID: Bitrix24 kept the lead, not the value.
        await world.AddLeadAsync(110, promoterContactId: null, won.AddDays(-3), phone: "79990000021");
        await using (var db = world.Database.CreateDbContext())
        {
            db.Set<ReferralSubmission>().Add(new ReferralSubmission
            {
                PromoterId = promoter.Id, Code = promoter.ActiveCode!, Name = "Ирина", Phone = "+79990000021", CreatedAt = won.AddDays(-3),
                ClientAddress = "203.0.113.5", FormToken = "token-110", Status = ReferralSubmissionStatus.Done, LeadId = 110, DueAt = won.AddDays(-3),
            });
            await db.SaveChangesAsync();
        }

        await world.WinDealAsync(510, 80_000_00, won, leadId: 110, contactId: Customer);
        await world.WinDealAsync(511, 90_000_00, won, leadId: 999, contactId: 21);

        Assert.Equal(1, (await world.Commissions.ProcessAsync()).Accrued);
        var commission = Assert.Single(await world.CommissionsOfAsync(promoter.Id));
        Assert.Equal((510L, AttributionSource.LeadField, 8_000_00L), (commission.DealId!.Value, commission.Attribution, commission.Amount));
    }

    [Fact]
    public async Task ADealIsAttributedByItsOwnFieldOrACodeAManagerTyped()
    {
        await using var world = await PromoterWorld.CreateAsync();
        var promoter = await SwitchOnAsync(world);
        var at = PromoterWorld.Local(2026, 11, 2);
        await world.WinDealAsync(501, 10_000_00, at, contactId: 21, userFields: $$"""{"UF_CRM_LOY_PR_ID":{{PromoterContact}}}""");
        await world.WinDealAsync(502, 20_000_00, at.AddHours(1), contactId: 22, userFields: $$"""{"UF_CRM_LOY_PR_CODE":" {{promoter.ActiveCode!.ToLowerInvariant()}} "}""");
        await world.WinDealAsync(503, 30_000_00, at.AddHours(2), contactId: 23, userFields: """{"UF_CRM_LOY_PR_CODE":"ZZZZ9999"}""");
        await world.WinDealAsync(504, 40_000_00, at.AddHours(3), contactId: 24);

        await world.Commissions.ProcessAsync();

        var commissions = await world.CommissionsOfAsync(promoter.Id);
        Assert.Equal([(501L, AttributionSource.DealField, 1_000_00L), (502L, AttributionSource.DealCode, 2_000_00L)],
            commissions.Select(c => (c.DealId!.Value, c.Attribution, c.Amount)));
    }

    [Fact]
    public async Task TheScaleBandIsTheTurnoverOfTheYearBeforeTheDealAndANewYearStartsAgain()
    {
        await using var world = await PromoterWorld.CreateAsync();
        var promoter = await SwitchOnAsync(world);
        await world.Settings.SaveAsync(new PromoterSettings { Scale = PromoterSettings.ExampleScale }, PromoterWorld.Administrator);
        var deal = $$"""{"UF_CRM_LOY_PR_ID":"{{PromoterContact}}"}""";
        // 400 000 ₽ then 100 000 ₽ (turnover before: 400 000 → 10 %), then 50 000 ₽ (turnover before: exactly 500 000 → 12 %).
        await world.WinDealAsync(601, 400_000_00, PromoterWorld.Local(2026, 3, 1), contactId: 31, userFields: deal);
        await world.WinDealAsync(602, 100_000_00, PromoterWorld.Local(2026, 6, 1), contactId: 32, userFields: deal);
        await world.WinDealAsync(603, 50_000_00, PromoterWorld.Local(2026, 12, 31, 23), contactId: 33, userFields: deal);
        // Just after midnight in Moscow on 1 January: a new year, the turnover starts from nothing.
        await world.WinDealAsync(604, 50_000_00, PromoterWorld.Local(2027, 1, 1, 0).AddMinutes(1), contactId: 34, userFields: deal);

        await world.Commissions.ProcessAsync();

        var commissions = await world.CommissionsOfAsync(promoter.Id);
        Assert.Equal([(10_00, 40_000_00L), (10_00, 10_000_00L), (12_00, 6_000_00L), (10_00, 5_000_00L)], commissions.Select(c => (c.RateBasisPoints, c.Amount)));
        Assert.All(commissions, c => Assert.Equal(1, c.RuleVersion));

        // An own rate beats the scale for the deals that come after it.
        await world.Registry.SetRateAsync(promoter.Id, 20_00, PromoterWorld.Administrator);
        await world.WinDealAsync(605, 10_000_00, PromoterWorld.Local(2027, 1, 2), contactId: 35, userFields: deal);
        await world.Commissions.ProcessAsync();
        Assert.Equal((20_00, 2_000_00L), (await world.CommissionsOfAsync(promoter.Id)).Select(c => (c.RateBasisPoints, c.Amount)).Last());
    }

    [Fact]
    public async Task AnUnwonDealReversesItsCommissionAndAPaidOneIsClawedBackFromTheNext()
    {
        await using var world = await PromoterWorld.CreateAsync();
        var promoter = await SwitchOnAsync(world);
        await world.Settings.SaveAsync(new PromoterSettings { HoldDays = 0 }, PromoterWorld.Administrator);
        var deal = $$"""{"UF_CRM_LOY_PR_ID":"{{PromoterContact}}"}""";
        var at = PromoterWorld.Local(2026, 11, 2);

        // Not yet paid: the reversal cancels it.
        await world.WinDealAsync(701, 100_000_00, at, contactId: 41, userFields: deal);
        await world.Commissions.ProcessAsync();
        await world.UnwinDealAsync(701, at.AddDays(1));
        Assert.Equal(1, (await world.Commissions.ProcessAsync()).Reversed);
        Assert.Equal(CommissionStatus.Reversed, Assert.Single(await world.CommissionsOfAsync(promoter.Id)).Status);
        Assert.Equal(0, (await world.Commissions.BalanceAsync(promoter.Id)).Balance);
        Assert.Equal(LedgerReason.PromoterDealUnwon, (await world.EntriesOfAsync(promoter.Id)).Last().Reason);

        // Paid, then moved back: a clawback leaves the balance negative.
        await world.WinDealAsync(702, 50_000_00, at.AddDays(2), contactId: 42, userFields: deal);
        await world.Commissions.ProcessAsync();
        await world.Ledger.DebitAsync(PromoterCommissions.Account(promoter.Id), EntryKind.Payout, 5_000_00, new PostingInfo("payout:1", at.AddDays(3), "accountant@example.ru"));
        await world.UnwinDealAsync(702, at.AddDays(4));
        await world.Commissions.ProcessAsync();
        Assert.Equal(LedgerReason.PromoterClawback, (await world.EntriesOfAsync(promoter.Id)).Last().Reason);
        var owed = await world.Commissions.BalanceAsync(promoter.Id);
        Assert.Equal((-5_000_00L, 0L, 5_000_00L), (owed.Balance, owed.Payable, owed.Paid));

        // The next commission pays the debt off first.
        await world.WinDealAsync(703, 80_000_00, at.AddDays(5), contactId: 43, userFields: deal);
        await world.Commissions.ProcessAsync();
        var after = await world.Commissions.BalanceAsync(promoter.Id);
        Assert.Equal((3_000_00L, 3_000_00L), (after.Balance, after.Payable));

        // Replaying everything changes nothing.
        await world.ReplayAsync();
        await world.Commissions.ProcessAsync();
        Assert.Equal(3_000_00L, (await world.Commissions.BalanceAsync(promoter.Id)).Balance);
        Assert.Equal(6, (await world.EntriesOfAsync(promoter.Id)).Count);
    }

    [Fact]
    public async Task ASelfReferralAnExistingCustomerAndADuplicateAreOnReviewNotPayable()
    {
        await using var world = await PromoterWorld.CreateAsync();
        var promoter = await SwitchOnAsync(world, phone: "79991112233", email: "ivan@example.ru");
        var at = PromoterWorld.Local(2026, 11, 10);

        // The promoter's own phone, written with an 8.
        await world.AddLeadAsync(801, PromoterContact, at.AddDays(-2), phone: "89991112233");
        await world.WinDealAsync(901, 10_000_00, at, leadId: 801, contactId: 51);
        // A customer who had bought before the referral.
        await world.WinDealAsync(902, 10_000_00, at.AddDays(-100), contactId: 52);
        await world.AddLeadAsync(802, PromoterContact, at.AddDays(-2), email: "old@example.ru", contactId: 52);
        await world.WinDealAsync(903, 20_000_00, at.AddHours(1), leadId: 802, contactId: 52);
        // The same e-mail referred twice within 30 days.
        await world.AddLeadAsync(803, PromoterContact, at.AddDays(-20), email: "twice@example.ru");
        await world.AddLeadAsync(804, PromoterContact, at.AddDays(-1), email: "twice@example.ru");
        await world.WinDealAsync(904, 30_000_00, at.AddHours(2), leadId: 804, contactId: 54);
        // A clean one.
        await world.AddLeadAsync(805, PromoterContact, at.AddDays(-1), phone: "79995550000");
        await world.WinDealAsync(905, 40_000_00, at.AddHours(3), leadId: 805, contactId: 55);

        var pass = await world.Commissions.ProcessAsync();

        Assert.Equal((1, 3), (pass.Accrued, pass.OnReview));
        var byDeal = (await world.CommissionsOfAsync(promoter.Id)).ToDictionary(c => c.DealId!.Value);
        Assert.Equal(FraudFlags.SelfReferral, byDeal[901].Flags);
        Assert.Equal(FraudFlags.ExistingCustomer, byDeal[903].Flags);
        Assert.Equal(FraudFlags.Duplicate, byDeal[904].Flags);
        Assert.Equal(FraudFlags.None, byDeal[905].Flags);
        Assert.All(new long[] { 901, 903, 904 }, d => Assert.Equal((CommissionStatus.OnReview, (long?)null), (byDeal[d].Status, byDeal[d].LedgerEntryId)));
        var balance = await world.Commissions.BalanceAsync(promoter.Id);
        Assert.Equal((4_000_00L, 6_000_00L), (balance.Balance, balance.OnReview));
    }

    [Fact]
    public async Task WithALeadTriggerEachReferredLeadEarnsTheFixedSumOnce()
    {
        await using var world = await PromoterWorld.CreateAsync();
        var promoter = await SwitchOnAsync(world);
        await world.Settings.SaveAsync(new PromoterSettings { Trigger = CommissionTrigger.LeadCreated, FixedAmount = 300_00 }, PromoterWorld.Administrator);
        var at = PromoterWorld.Local(2026, 11, 10);
        await world.AddLeadAsync(1001, PromoterContact, at, phone: "79990000001");
        await world.AddLeadAsync(1002, null, at, phone: "79990000002");
        await world.AddLeadFactAsync(CrmFactKind.LeadCreated, 1001, at);
        await world.AddLeadFactAsync(CrmFactKind.LeadCreated, 1002, at);
        await world.AddLeadFactAsync(CrmFactKind.LeadConverted, 1001, at.AddDays(1));
        // A won deal earns nothing under a lead trigger.
        await world.WinDealAsync(1100, 100_000_00, at.AddDays(2), leadId: 1001, contactId: 60);

        await world.Commissions.ProcessAsync();
        await world.ReplayAsync();
        await world.Commissions.ProcessAsync();

        var commission = Assert.Single(await world.CommissionsOfAsync(promoter.Id));
        Assert.Equal((CommissionTrigger.LeadCreated, 1001L, 300_00L), (commission.Trigger, commission.LeadId!.Value, commission.Amount));
        Assert.Equal(LedgerReason.PromoterLead, Assert.Single(await world.EntriesOfAsync(promoter.Id)).Reason);
    }

    private static async Task<Promoter> SwitchOnAsync(PromoterWorld world, string? phone = null, string? email = null)
    {
        await world.SetContactAsync(PromoterContact, "Иван", "Петров", phone: phone, email: email);
        return await world.Registry.SwitchOnAsync(PromoterContact, PromoterWorld.Administrator);
    }
}
