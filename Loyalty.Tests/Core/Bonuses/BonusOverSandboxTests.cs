using System.Globalization;
using System.Net;
using System.Text.Json;
using Loyalty.Core.Bitrix24.UserFields;
using Loyalty.Core.Bonuses;
using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Ledger;
using Loyalty.Core.Sync;
using Loyalty.Core.WriteBack;
using Loyalty.Tests.Core.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Core.Bonuses;

/// <summary>The bonus program end to end: the sandbox portal over real HTTP, the sync, the processor and the write-back.</summary>
public sealed class BonusOverSandboxTests
{
    [Fact]
    public async Task AWonDealAccruesIsWrittenBackAndIsReversedWhenMovedBack()
    {
        await using var portal = new SyncPortal();
        portal.Start();
        await portal.Sync.RunAsync(SyncKind.Incremental, null, "test");
        await TurnOnAsync(portal);
        var deal = await OpenDealWithContactAsync(portal);

        await SyncOverSandboxTests.UpdateDealStageAsync(portal, deal.Id, "WON");
        await SyncAndProcessAsync(portal);

        var expected = await ExpectedAccrualAsync(portal, deal.Id);
        Assert.True(expected > 0);
        var account = new AccountKey(AccountKind.CustomerBonus, deal.ContactId!.Value);
        Assert.Equal(expected, await Ledger(portal).BalanceAsync(account));
        await using (var db = await SyncOverSandboxTests.DbAsync(portal))
        {
            var entry = await db.LedgerEntries.SingleAsync(e => e.DealId == deal.Id);
            Assert.Equal(EntryKind.Accrual, entry.Kind);
            Assert.Equal(1, entry.RuleVersion);
            var customer = await db.BonusCustomers.SingleAsync(c => c.ContactId == deal.ContactId);
            Assert.Equal(expected, customer.Balance);
            Assert.Equal(expected, customer.Accrued);
        }

        Assert.True(await Outbox(portal).SendDueAsync() > 0);
        var fields = await ContactAsync(portal, deal.ContactId.Value);
        // A double field: Bitrix24 gives it back without trailing zeros.
        Assert.Equal(expected, Kopecks(fields.GetProperty(Balance)));
        Assert.False(string.IsNullOrEmpty(fields.GetProperty(Tier).GetString()));

        await SyncOverSandboxTests.UpdateDealStageAsync(portal, deal.Id, "EXECUTING");
        await SyncAndProcessAsync(portal);

        Assert.Equal(0, await Ledger(portal).BalanceAsync(account));
        await using (var db = await SyncOverSandboxTests.DbAsync(portal))
        {
            var kinds = await db.LedgerEntries.Where(e => e.DealId == deal.Id).OrderBy(e => e.Id).Select(e => new { e.Kind, e.Amount }).ToListAsync();
            Assert.Equal([(EntryKind.Accrual, expected), (EntryKind.Reversal, -expected)], kinds.Select(k => (k.Kind, k.Amount)));
        }

        await Outbox(portal).SendDueAsync();
        Assert.Equal(0, Kopecks((await ContactAsync(portal, deal.ContactId.Value)).GetProperty(Balance)));
    }

    [Fact]
    public async Task ARedemptionEnteredInADealIsCappedAppliedOnceAndWrittenBack()
    {
        await using var portal = new SyncPortal();
        portal.Start();
        await portal.Sync.RunAsync(SyncKind.Incremental, null, "test");
        await TurnOnAsync(portal);
        var won = await OpenDealWithContactAsync(portal);
        await SyncOverSandboxTests.UpdateDealStageAsync(portal, won.Id, "WON");
        await SyncAndProcessAsync(portal);
        var account = new AccountKey(AccountKind.CustomerBonus, won.ContactId!.Value);
        var balance = await Ledger(portal).BalanceAsync(account);
        Assert.True(balance > 0);

        // A new order of the same customer: the manager asks to spend far more than the balance.
        var orderAmount = 200_000_00L;
        var created = await portal.Rest.PostAsync("crm.deal.add.json", SyncOverSandboxTests.JsonBody(new
        {
            fields = new Dictionary<string, object>
            {
                ["TITLE"] = "Повторный заказ", ["CONTACT_ID"] = won.ContactId.Value, ["CATEGORY_ID"] = 0, ["STAGE_ID"] = "NEW",
                ["OPPORTUNITY"] = Roubles(orderAmount), ["CURRENCY_ID"] = "RUB", [Redeem] = "1000000",
            },
        }));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var orderId = (await JsonAsync(created)).GetProperty("result").GetInt64();
        await SyncAndProcessAsync(portal);

        Assert.Equal(0, await Ledger(portal).BalanceAsync(account));
        await using (var db = await SyncOverSandboxTests.DbAsync(portal))
        {
            var redemption = await db.LedgerEntries.SingleAsync(e => e.DealId == orderId);
            Assert.Equal(EntryKind.Redemption, redemption.Kind);
            Assert.Equal(-balance, redemption.Amount);
        }

        Assert.True(await Outbox(portal).SendDueAsync() >= 2);
        var order = await DealAsync(portal, orderId);
        Assert.Equal(balance, Kopecks(order.GetProperty(Redeemed)));
        using var http = new HttpClient { BaseAddress = portal.BaseAddress };
        var journal = await http.GetStringAsync("/sandbox/journal?secret=sandbox");
        Assert.Contains("crm.timeline.comment.add", journal, StringComparison.Ordinal);
        Assert.Contains("не больше баланса", journal, StringComparison.Ordinal);

        // The write-back changed the deal: it is synced again, and a replayed full sync reads everything again.
        var entriesBefore = await EntryCountAsync(portal);
        await SyncAndProcessAsync(portal);
        await portal.Sync.RunAsync(SyncKind.Full, null, "test");
        await Processor(portal).ProcessAsync();
        await Outbox(portal).SendDueAsync();
        Assert.Equal(entriesBefore, await EntryCountAsync(portal));
        Assert.Equal(0, await Ledger(portal).BalanceAsync(account));

        // Losing the order gives the bonuses back.
        await SyncOverSandboxTests.UpdateDealStageAsync(portal, orderId, "LOSE");
        await SyncAndProcessAsync(portal);
        Assert.Equal(balance, await Ledger(portal).BalanceAsync(account));
    }

    [Fact]
    public async Task WinsRecordedBeforeTheProgramWasTurnedOnAreNotCreditedByTheLiveProcessor()
    {
        await using var portal = new SyncPortal();
        portal.Start();
        await portal.Sync.RunAsync(SyncKind.Incremental, null, "test");
        await TurnOnAsync(portal);

        var pass = await Processor(portal).ProcessAsync();

        await using var db = await SyncOverSandboxTests.DbAsync(portal);
        Assert.True(pass.Facts > 0);
        Assert.Equal(0, pass.Accruals);
        Assert.False(await db.LedgerEntries.AnyAsync());
        // Tiers still reflect the customers' history: lifetime spend counts every won deal.
        Assert.True(await db.BonusCustomers.AnyAsync(c => c.WonSum > 0));
    }

    // The sandbox starts without the program's user fields and, like a real portal, drops writes to fields that do not
    // exist (§5.13): the portal creates its own, as it does on connecting and at start-up.
    private static readonly string Balance = PortalUserFields.BonusBalance.Code;
    private static readonly string Tier = PortalUserFields.BonusTier.Code;
    private static readonly string Redeem = PortalUserFields.BonusRedeem.Code;
    private static readonly string Redeemed = PortalUserFields.BonusRedeemed.Code;

    private static async Task TurnOnAsync(SyncPortal portal)
    {
        var provisioned = await portal.Services.GetRequiredService<UserFieldProvisioner>().ProvisionAsync();
        Assert.Null(provisioned.Error);
        Assert.Equal(0, provisioned.Missing);
        await portal.Services.GetRequiredService<BonusSettingsStore>().SaveAsync(new BonusSettings { Enabled = true }, "admin@test");
    }

    private static async Task SyncAndProcessAsync(SyncPortal portal)
    {
        await portal.Sync.RunAsync(SyncKind.Incremental, null, "test");
        await Processor(portal).ProcessAsync();
    }

    private static async Task<Deal> OpenDealWithContactAsync(SyncPortal portal)
    {
        await using var db = await SyncOverSandboxTests.DbAsync(portal);
        return await db.Deals.AsNoTracking()
            .Where(d => d.PipelineId == 0 && d.Semantics == StageSemantics.InProgress && d.ContactId != null && d.AmountMinor > 10_000_00 && (d.CurrencyId == null || d.CurrencyId == "RUB"))
            .OrderBy(d => d.Id).FirstAsync();
    }

    /// <summary>Computed apart from the program: the contact's earlier won deals give the tier, the tier gives the %.</summary>
    private static async Task<long> ExpectedAccrualAsync(SyncPortal portal, long dealId)
    {
        await using var db = await SyncOverSandboxTests.DbAsync(portal);
        var deal = await db.Deals.SingleAsync(d => d.Id == dealId);
        var earlier = await db.Deals.Where(d => d.ContactId == deal.ContactId && d.Semantics == StageSemantics.Success && d.Id != dealId && d.DeletedAt == null)
            .Select(d => new { d.WonAt, d.Id, d.AmountMinor, d.CurrencyId }).ToListAsync();
        Assert.All(earlier, d => Assert.True(d.CurrencyId is null or "RUB"));
        var spend = earlier.Where(d => d.WonAt < deal.WonAt || (d.WonAt == deal.WonAt && d.Id < dealId)).Sum(d => d.AmountMinor);
        var percent = spend >= 500_000_00 ? 10m : spend >= 150_000_00 ? 7m : spend >= 50_000_00 ? 5m : 3m;
        return (long)Math.Floor(deal.AmountMinor * percent / 100m);
    }

    private static async Task<JsonElement> ContactAsync(SyncPortal portal, long id) =>
        (await JsonAsync(await portal.Rest.PostAsync("crm.contact.get.json", SyncOverSandboxTests.JsonBody(new { id })))).GetProperty("result");

    private static async Task<JsonElement> DealAsync(SyncPortal portal, long id) =>
        (await JsonAsync(await portal.Rest.PostAsync("crm.deal.get.json", SyncOverSandboxTests.JsonBody(new { id })))).GetProperty("result");

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    private static async Task<int> EntryCountAsync(SyncPortal portal)
    {
        await using var db = await SyncOverSandboxTests.DbAsync(portal);
        return await db.LedgerEntries.CountAsync();
    }

    private static long Kopecks(JsonElement roubles) => (long)(decimal.Parse(roubles.GetString()!, CultureInfo.InvariantCulture) * 100);

    private static string Roubles(long kopecks) => (kopecks / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    private static LedgerService Ledger(SyncPortal portal) => portal.Services.GetRequiredService<LedgerService>();

    private static BonusProcessor Processor(SyncPortal portal) => portal.Services.GetRequiredService<BonusProcessor>();

    private static CrmWriteBackOutbox Outbox(SyncPortal portal) => portal.Services.GetRequiredService<CrmWriteBackOutbox>();
}
