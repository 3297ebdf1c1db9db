using Loyalty.Core.Ledger;
using Loyalty.Core.Promoters;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Core.Promoters;

/// <summary>
/// The referred customer's welcome bonus (seed 002) over a real SQLite file: off by default; when set, a fixed sum on the
/// customer's bonus account on its first won referred deal, once per customer, not for flagged referrals until approved,
/// and taken back with the deal.
/// </summary>
public sealed class PromoterWelcomeBonusTests
{
    private const long PromoterContact = 7;

    [Fact]
    public async Task OffByDefault()
    {
        await using var world = await PromoterWorld.CreateAsync();
        await SwitchOnAsync(world);
        await world.AddLeadAsync(100, PromoterContact, world.UtcNow.AddDays(-2));
        await world.WinDealAsync(500, 10_000_00, world.UtcNow.AddDays(-1), leadId: 100, contactId: 20);

        await world.Commissions.ProcessAsync();

        Assert.Empty(await WelcomeEntriesAsync(world, 20));
        Assert.Equal(0, new PromoterSettings().WelcomeBonus);
    }

    [Fact]
    public async Task AReferredCustomersFirstWonDealBringsTheWelcomeBonusOnceAndAnUnwonDealTakesItBack()
    {
        await using var world = await PromoterWorld.CreateAsync();
        await world.Settings.SaveAsync(new PromoterSettings { WelcomeBonus = 500_00 }, PromoterWorld.Administrator);
        await SwitchOnAsync(world);
        var at = world.UtcNow.AddDays(-10);
        await world.AddLeadAsync(100, PromoterContact, at);
        await world.WinDealAsync(500, 10_000_00, at.AddDays(1), leadId: 100, contactId: 20);
        // The same customer's second referred deal, and a customer nobody referred.
        await world.AddLeadAsync(101, PromoterContact, at.AddDays(2));
        await world.WinDealAsync(501, 20_000_00, at.AddDays(3), leadId: 101, contactId: 20);
        await world.WinDealAsync(502, 20_000_00, at.AddDays(3), contactId: 21);

        await world.Commissions.ProcessAsync();
        await world.ReplayAsync();
        await world.Commissions.ProcessAsync();

        var entry = Assert.Single(await WelcomeEntriesAsync(world, 20));
        // The deal is named in the reason, not in DealId: the bonus program counts a deal's entries as its accrual.
        Assert.Equal((EntryKind.Accrual, 500_00L, (long?)null, LedgerReason.PromoterWelcome), (entry.Kind, entry.Amount, entry.DealId, entry.Reason));
        Assert.Equal(("deal", 500L), LedgerReason.Read(entry.Reason, entry.ReasonArgs)!.Source);
        Assert.Equal("Приветственный бонус клиенту, которого привёл промоутер", LedgerReasonText.Render(entry.Reason, entry.ReasonArgs, null, Loyalty.Core.Portal.PortalCultures.Russian));
        Assert.Equal("Welcome bonus for a customer referred by a promoter", LedgerReasonText.Render(entry.Reason, entry.ReasonArgs, null, Loyalty.Core.Portal.PortalCultures.English));
        Assert.Equal(500_00L, await world.Ledger.BalanceAsync(new AccountKey(AccountKind.CustomerBonus, 20)));
        Assert.Empty(await WelcomeEntriesAsync(world, 21));

        await world.UnwinDealAsync(500, world.UtcNow);
        await world.Commissions.ProcessAsync();
        Assert.Equal(0L, await world.Ledger.BalanceAsync(new AccountKey(AccountKind.CustomerBonus, 20)));
        Assert.Equal(LedgerReason.BonusDealUnwon, (await WelcomeEntriesAsync(world, 20)).Last().Reason);
    }

    [Fact]
    public async Task AFlaggedReferralGetsTheWelcomeBonusOnlyWhenApproved()
    {
        await using var world = await PromoterWorld.CreateAsync();
        await world.Settings.SaveAsync(new PromoterSettings { WelcomeBonus = 300_00 }, PromoterWorld.Administrator);
        var promoter = await SwitchOnAsync(world, phone: "79991112233");
        var at = world.UtcNow.AddDays(-5);
        // The lead carries the promoter's phone, but the deal is the customer's (a family member ordering).
        await world.AddLeadAsync(100, PromoterContact, at, phone: "79991112233");
        await world.WinDealAsync(500, 10_000_00, at.AddDays(1), leadId: 100, contactId: 30);
        await world.Commissions.ProcessAsync();
        Assert.Empty(await WelcomeEntriesAsync(world, 30));

        await world.Commissions.ApproveAsync(Assert.Single(await world.CommissionsOfAsync(promoter.Id)).Id, "Жена промоутера, покупка настоящая", PromoterWorld.Administrator);

        Assert.Equal(300_00L, Assert.Single(await WelcomeEntriesAsync(world, 30)).Amount);
    }

    [Fact]
    public async Task WithALeadTriggerTheWelcomeBonusStillComesWithTheFirstWonDeal()
    {
        await using var world = await PromoterWorld.CreateAsync();
        await world.Settings.SaveAsync(new PromoterSettings { Trigger = CommissionTrigger.LeadCreated, WelcomeBonus = 200_00 }, PromoterWorld.Administrator);
        await SwitchOnAsync(world);
        await world.AddLeadAsync(100, PromoterContact, world.UtcNow.AddDays(-3));
        await world.WinDealAsync(500, 10_000_00, world.UtcNow.AddDays(-1), leadId: 100, contactId: 40);

        await world.Commissions.ProcessAsync();

        Assert.Equal(200_00L, Assert.Single(await WelcomeEntriesAsync(world, 40)).Amount);
    }

    [Fact]
    public void TheWelcomeBonusIsValidated()
    {
        Assert.Empty(PromoterSettingsValidator.Validate(new PromoterSettings { WelcomeBonus = 1_000_000_00 }));
        Assert.Contains(PromoterSettingsValidator.Validate(new PromoterSettings { WelcomeBonus = -1 }), e => e.Field == nameof(PromoterSettings.WelcomeBonus));
        Assert.Contains(PromoterSettingsValidator.Validate(new PromoterSettings { WelcomeBonus = 1_000_000_01 }), e => e.Field == nameof(PromoterSettings.WelcomeBonus));
    }

    private static async Task<List<LedgerEntry>> WelcomeEntriesAsync(PromoterWorld world, long contactId)
    {
        await using var db = world.Database.CreateDbContext();
        return await db.LedgerAccounts.Where(a => a.Kind == AccountKind.CustomerBonus && a.OwnerId == contactId)
            .Join(db.LedgerEntries, a => a.Id, e => e.AccountId, (a, e) => e).OrderBy(e => e.Id).ToListAsync();
    }

    private static async Task<Promoter> SwitchOnAsync(PromoterWorld world, string? phone = null)
    {
        await world.SetContactAsync(PromoterContact, "Иван", "Петров", phone: phone);
        return await world.Registry.SwitchOnAsync(PromoterContact, PromoterWorld.Administrator);
    }
}
