using System.Globalization;
using System.Net;
using System.Text.Json;
using Loyalty.Core.Bitrix24.UserFields;
using Loyalty.Core.Bonuses;
using Loyalty.Core.Crm;
using Loyalty.Core.Sync;
using Loyalty.Core.WriteBack;
using Loyalty.Tests.Core.Sync;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Sandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Core.Bitrix24;

/// <summary>
/// The portal's user fields against the sandbox over real HTTP (decision 015): created at start-up, recorded as missing
/// when the webhook's user may not create them, and write-backs that wait for a missing field and go out once it exists.
/// </summary>
public sealed class UserFieldProvisioningTests
{
    private static readonly string[] BonusCodes = ["UF_CRM_LOY_BALANCE", "UF_CRM_LOY_TIER", "UF_CRM_LOY_PERCENT", "UF_CRM_LOY_REDEEM", "UF_CRM_LOY_REDEEMED"];

    /// <summary>The promoter program's fields: the code and the promoter's ID sit on two record types each.</summary>
    private static readonly string[] PromoterCodes =
        ["UF_CRM_LOY_PROMOTER", "UF_CRM_LOY_PR_CODE", "UF_CRM_LOY_PR_CODE", "UF_CRM_LOY_PR_LINK", "UF_CRM_LOY_PR_ID", "UF_CRM_LOY_PR_ID"];

    /// <summary>The NPS program's field: the deal's last score.</summary>
    private static readonly string[] NpsCodes = ["UF_CRM_LOY_NPS"];

    /// <summary>The fields created now: the bonus program's, the promoter program's and the NPS program's.</summary>
    private const int InUse = 12;

    [Fact]
    public async Task OnAFreshStartThePortalCreatesTheFieldsOfEveryProgram()
    {
        await using var portal = new SyncPortal();
        portal.Settings["Sync:Enabled"] = "true";
        portal.Start();
        var status = portal.Services.GetRequiredService<PortalFieldStatus>();

        var overview = await Eventually.MatchAsync(() => status.OverviewAsync(), o => o.Fields.Count(f => f.State == FieldState.Created) == InUse, "the bonus, promoter and NPS fields created");

        Assert.Equal(BonusCodes.Concat(PromoterCodes).Concat(NpsCodes).Order(), overview.Fields.Where(f => f.State == FieldState.Created).Select(f => f.Code).Order());
        Assert.DoesNotContain(overview.Fields, f => f.State == FieldState.Deferred);
        Assert.Equal(["crm", "user", "department", "task", "im"], overview.Check!.ScopeList);
        Assert.Null(overview.Check.Error);

        var listed = await RestAsync(portal, "crm.contact.userfield.list", new { filter = new { FIELD_NAME = "UF_CRM_LOY_BALANCE", LANG = "en" } });
        var balance = Assert.Single(listed.EnumerateArray());
        Assert.Equal("double", balance.GetProperty("USER_TYPE_ID").GetString());
        Assert.Equal("UF_CRM_LOY_BALANCE", balance.GetProperty("XML_ID").GetString());
        Assert.Equal("Bonuses: balance", balance.GetProperty("EDIT_FORM_LABEL").GetString());
        var ru = Assert.Single((await RestAsync(portal, "crm.deal.userfield.list", new { filter = new { FIELD_NAME = "UF_CRM_LOY_REDEEM", LANG = "ru" } })).EnumerateArray());
        Assert.Equal("Бонусы: списать", ru.GetProperty("LIST_COLUMN_LABEL").GetString());

        // A second check finds them there and creates nothing twice.
        var again = await portal.Services.GetRequiredService<UserFieldProvisioner>().ProvisionAsync();
        Assert.Equal((0, 0), (again.Created, again.Missing));
        Assert.Single((await RestAsync(portal, "crm.contact.userfield.list", new { filter = new { FIELD_NAME = "UF_CRM_LOY_BALANCE" } })).EnumerateArray());
    }

    [Fact]
    public async Task WithoutTheRightToCreateFieldsTheWriteBackWaitsWithItsReasonAndGoesOutOnceTheFieldsExist()
    {
        await using var portal = new SyncPortal();
        portal.Settings["Sandbox:WebhookUserIsAdmin"] = "false";
        portal.Start();
        await portal.Sync.RunAsync(SyncKind.Incremental, null, "test");

        var result = await Provisioner(portal).ProvisionAsync();

        Assert.Equal((0, InUse), (result.Created, result.Missing));
        var overview = await Status(portal).OverviewAsync();
        Assert.All(overview.Fields.Where(f => f.Program == FieldProgram.Bonuses), f =>
        {
            Assert.Equal(FieldState.Missing, f.State);
            Assert.Equal(FieldMissingReason.AccessDenied, f.Reason);
        });

        var (contactId, expected) = await WinADealAsync(portal);
        Assert.Equal(0, await Outbox(portal).SendDueAsync());

        var write = await WriteOfAsync(portal, contactId);
        Assert.Null(write.SentAt);
        Assert.Equal(0, write.Attempts);
        Assert.Equal("UF_CRM_LOY_BALANCE,UF_CRM_LOY_TIER,UF_CRM_LOY_PERCENT", write.WaitingFor);
        var waiting = Assert.Single((await Status(portal).OverviewAsync()).Waiting, w => w.Record.Id == contactId);
        Assert.Equal(CrmKind.Contact, waiting.Record.Kind);
        Assert.False(string.IsNullOrWhiteSpace(waiting.Record.Name));
        Assert.Equal(["UF_CRM_LOY_BALANCE", "UF_CRM_LOY_TIER", "UF_CRM_LOY_PERCENT"], waiting.Fields);
        Assert.False((await ContactAsync(portal, contactId)).TryGetProperty("UF_CRM_LOY_BALANCE", out _));

        // An administrator gives the webhook's user the right; the next check creates the fields and wakes the write.
        portal.Services.GetRequiredService<SandboxOptions>().WebhookUserIsAdmin = true;
        var again = await Provisioner(portal).ProvisionAsync();

        Assert.Equal((InUse, 0), (again.Created, again.Missing));
        Assert.True(again.Woken >= 1);
        Assert.Equal(expected, Kopecks((await ContactAsync(portal, contactId)).GetProperty("UF_CRM_LOY_BALANCE")));
        write = await WriteOfAsync(portal, contactId);
        Assert.NotNull(write.SentAt);
        Assert.Null(write.WaitingFor);
        Assert.Empty((await Status(portal).OverviewAsync()).Waiting);
    }

    [Fact]
    public async Task AFieldDeletedInBitrix24HoldsTheWriteUntilAnAdministratorAddsItAgain()
    {
        await using var portal = new SyncPortal();
        portal.Start();
        await portal.Sync.RunAsync(SyncKind.Incremental, null, "test");
        Assert.Equal(InUse, (await Provisioner(portal).ProvisionAsync()).Created);
        var (contactId, expected) = await WinADealAsync(portal);

        // Someone deletes the balance field in Bitrix24; the webhook's user has since lost the right to create fields.
        var options = portal.Services.GetRequiredService<SandboxOptions>();
        var id = Assert.Single((await RestAsync(portal, "crm.contact.userfield.list", new { filter = new { FIELD_NAME = "UF_CRM_LOY_BALANCE" } })).EnumerateArray()).GetProperty("ID").GetString();
        await RestAsync(portal, "crm.contact.userfield.delete", new { id });
        options.WebhookUserIsAdmin = false;
        await Provisioner(portal).ProvisionAsync();
        await Outbox(portal).SendDueAsync();

        var balance = Assert.Single((await Status(portal).OverviewAsync()).Fields, f => f.Code == "UF_CRM_LOY_BALANCE");
        Assert.Equal((FieldState.Missing, FieldMissingReason.AccessDenied), (balance.State, balance.Reason));
        Assert.Equal("UF_CRM_LOY_BALANCE", (await WriteOfAsync(portal, contactId)).WaitingFor);
        Assert.False((await ContactAsync(portal, contactId)).TryGetProperty("UF_CRM_LOY_BALANCE", out _));

        // An administrator adds it by hand; the next check finds it and the write goes out.
        options.WebhookUserIsAdmin = true;
        await RestAsync(portal, "crm.contact.userfield.add", new { fields = new { FIELD_NAME = "LOY_BALANCE", USER_TYPE_ID = "double" } });
        options.WebhookUserIsAdmin = false;
        var again = await Provisioner(portal).ProvisionAsync();

        Assert.Equal((0, 0), (again.Created, again.Missing));
        Assert.Equal(FieldState.Present, Assert.Single((await Status(portal).OverviewAsync()).Fields, f => f.Code == "UF_CRM_LOY_BALANCE").State);
        Assert.Equal(expected, Kopecks((await ContactAsync(portal, contactId)).GetProperty("UF_CRM_LOY_BALANCE")));
        Assert.NotNull((await WriteOfAsync(portal, contactId)).SentAt);
    }

    [Fact]
    public async Task AnAdministratorsOwnCodeIsCheckedButNotCreated()
    {
        await using var portal = new SyncPortal();
        portal.Start();
        await portal.Services.GetRequiredService<BonusSettingsStore>().SaveAsync(new BonusSettings { ContactTierField = "UF_CRM_MY_TIER" }, "admin@test");

        await Provisioner(portal).ProvisionAsync();

        var own = Assert.Single((await Status(portal).OverviewAsync()).Fields, f => f.Code == "UF_CRM_MY_TIER");
        Assert.Equal((FieldState.Missing, FieldMissingReason.OwnCode, false), (own.State, own.Reason, own.Owned));
        Assert.Empty((await RestAsync(portal, "crm.contact.userfield.list", new { filter = new { FIELD_NAME = "UF_CRM_MY_TIER" } })).EnumerateArray());
        var missing = await Status(portal).MissingAsync((await portal.Services.GetRequiredService<BonusSettingsStore>().CurrentAsync()).Settings);
        Assert.Equal(["UF_CRM_MY_TIER"], missing.Select(m => m.Code));
    }

    [Fact]
    public async Task TheScopesAreStoredAndAWebhookWithoutCrmRecordsWhyTheFieldsCouldNotBeRead()
    {
        await using var portal = new SyncPortal();
        portal.Settings["Sandbox:Scopes:0"] = "user";
        portal.Settings["Sandbox:Scopes:1"] = "task";
        portal.Start();

        var result = await Provisioner(portal).ProvisionAsync();

        var overview = await Status(portal).OverviewAsync();
        Assert.Equal(["user", "task"], overview.Check!.ScopeList);
        Assert.Contains("crm.contact.userfield.list: insufficient_scope", result.Error, StringComparison.Ordinal);
        Assert.Equal(result.Error, overview.Check.Error);
        // Nothing was listed, so nothing is known: no field is called missing and no write is held back.
        Assert.Empty(overview.Fields);
        Assert.Null(overview.Check.FieldsOf(CrmFieldEntity.Contact));
    }

    /// <summary>Turns the program on, wins an open deal of a contact and runs the bonus pass: the contact's write waits in the outbox.</summary>
    private static async Task<(long ContactId, long Balance)> WinADealAsync(SyncPortal portal)
    {
        await portal.Services.GetRequiredService<BonusSettingsStore>().SaveAsync(new BonusSettings { Enabled = true }, "admin@test");
        Deal deal;
        await using (var db = await SyncOverSandboxTests.DbAsync(portal))
        {
            deal = await db.Deals.AsNoTracking()
                .Where(d => d.PipelineId == 0 && d.Semantics == StageSemantics.InProgress && d.ContactId != null && d.AmountMinor > 10_000_00 && (d.CurrencyId == null || d.CurrencyId == "RUB"))
                .OrderBy(d => d.Id).FirstAsync();
        }

        await SyncOverSandboxTests.UpdateDealStageAsync(portal, deal.Id, "WON");
        await portal.Sync.RunAsync(SyncKind.Incremental, null, "test");
        await portal.Services.GetRequiredService<BonusProcessor>().ProcessAsync();
        await using (var db = await SyncOverSandboxTests.DbAsync(portal))
        {
            var balance = await db.BonusCustomers.Where(c => c.ContactId == deal.ContactId).Select(c => c.Balance).SingleAsync();
            Assert.True(balance > 0);
            return (deal.ContactId!.Value, balance);
        }
    }

    private static async Task<CrmWriteBack> WriteOfAsync(SyncPortal portal, long contactId)
    {
        await using var db = await SyncOverSandboxTests.DbAsync(portal);
        return await db.CrmWriteBacks.AsNoTracking().SingleAsync(w => w.Key == $"contact:{contactId}:loyalty");
    }

    private static async Task<JsonElement> ContactAsync(SyncPortal portal, long id) => await RestAsync(portal, "crm.contact.get", new { id });

    private static async Task<JsonElement> RestAsync(SyncPortal portal, string method, object body)
    {
        using var response = await portal.Rest.PostAsync(method + ".json", SyncOverSandboxTests.JsonBody(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method}: {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.GetProperty("result").Clone();
    }

    private static long Kopecks(JsonElement roubles) => (long)(decimal.Parse(roubles.GetString()!, CultureInfo.InvariantCulture) * 100);

    private static UserFieldProvisioner Provisioner(SyncPortal portal) => portal.Services.GetRequiredService<UserFieldProvisioner>();

    private static PortalFieldStatus Status(SyncPortal portal) => portal.Services.GetRequiredService<PortalFieldStatus>();

    private static CrmWriteBackOutbox Outbox(SyncPortal portal) => portal.Services.GetRequiredService<CrmWriteBackOutbox>();
}
