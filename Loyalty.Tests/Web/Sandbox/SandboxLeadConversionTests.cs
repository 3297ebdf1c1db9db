using System.Net;
using System.Text.Json;
using Loyalty.Core.Identity;
using Loyalty.Tests.TestSupport;

namespace Loyalty.Tests.Web.Sandbox;

/// <summary>
/// A referral's lead as the portal sends it (crm.lead.add with TITLE, NAME, SOURCE_ID, multifields and the promoter's
/// user field) reads back through crm.lead.get and crm.lead.list as a real portal returns it; an administrator converts
/// it on the sandbox's lead card (contact + deal with LEAD_ID and the same-named user field) and moves the deal to won,
/// with the events a real portal fires. Over real HTTP.
/// </summary>
public sealed class SandboxLeadConversionTests(WriteSandbox portal) : IClassFixture<WriteSandbox>
{
    [Fact]
    public async Task AReferralLeadKeepsItsFieldsMultifieldsAndPromoter()
    {
        await portal.EnsureUserFieldAsync("lead", "UF_CRM_LOY_PR_ID", "integer");
        var reply = await portal.PostJsonAsync("crm.lead.add", new
        {
            fields = new Dictionary<string, object>
            {
                ["TITLE"] = "Рекомендация: Иван Петров",
                ["NAME"] = "Ольга",
                ["LAST_NAME"] = "Смирнова",
                ["SOURCE_ID"] = "RECOMMENDATION",
                ["SOURCE_DESCRIPTION"] = "Промоутер: Иван Петров, код ABC234",
                ["PHONE"] = new[] { new { VALUE = "+79161234567", VALUE_TYPE = "WORK" } },
                ["EMAIL"] = new[] { new { VALUE = "olga@example.ru", VALUE_TYPE = "WORK" } },
                ["UF_CRM_LOY_PR_ID"] = 17,
                ["UF_CRM_NOT_THERE"] = "ignored",
            },
        });
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(JsonValueKind.Number, reply.Result.ValueKind); // crm.lead.add answers an integer id (§2.2)
        var id = reply.Result.GetInt64();

        var lead = (await portal.GetAsync("crm.lead.get", $"id={id}")).Result;
        Assert.Equal("Рекомендация: Иван Петров", lead.GetProperty("TITLE").GetString());
        Assert.Equal("RECOMMENDATION", lead.GetProperty("SOURCE_ID").GetString());
        Assert.Equal("17", lead.GetProperty("UF_CRM_LOY_PR_ID").GetString());
        Assert.False(lead.TryGetProperty("UF_CRM_NOT_THERE", out _));
        Assert.Equal("+79161234567", lead.GetProperty("PHONE")[0].GetProperty("VALUE").GetString());
        Assert.Equal("WORK", lead.GetProperty("PHONE")[0].GetProperty("VALUE_TYPE").GetString());
        Assert.Equal("PHONE", lead.GetProperty("PHONE")[0].GetProperty("TYPE_ID").GetString());
        Assert.Equal("olga@example.ru", lead.GetProperty("EMAIL")[0].GetProperty("VALUE").GetString());
        Assert.Equal("Y", lead.GetProperty("HAS_PHONE").GetString());
        Assert.Equal("NEW", lead.GetProperty("STATUS_ID").GetString());

        // In a list, multifields and user fields come only when selected (§5.4, §7.8).
        var plain = (await portal.GetAsync("crm.lead.list", $"filter[ID]={id}")).Result[0];
        Assert.False(plain.TryGetProperty("PHONE", out _));
        var listed = (await portal.GetAsync("crm.lead.list", $"filter[UF_CRM_LOY_PR_ID]=17&select[]=ID&select[]=PHONE&select[]=EMAIL&select[]=UF_CRM_LOY_PR_ID")).Result;
        var row = Assert.Single(listed.EnumerateArray(), r => r.GetProperty("ID").GetString() == id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("olga@example.ru", row.GetProperty("EMAIL")[0].GetProperty("VALUE").GetString());
        Assert.Equal("17", row.GetProperty("UF_CRM_LOY_PR_ID").GetString());

        // A timeline comment on the lead is accepted and kept.
        var comment = await portal.PostJsonAsync("crm.timeline.comment.add", new { fields = new { ENTITY_ID = id, ENTITY_TYPE = "lead", COMMENT = "Заявка с реферальной страницы" } });
        Assert.Equal(HttpStatusCode.OK, comment.Status);
    }

    [Fact]
    public async Task AnAdministratorConvertsALeadAndWinsItsDealOnTheSandboxCards()
    {
        await portal.EnsureUserFieldAsync("lead", "UF_CRM_LOY_PR_ID", "integer");
        await portal.EnsureUserFieldAsync("deal", "UF_CRM_LOY_PR_ID", "integer");
        var id = (await portal.PostJsonAsync("crm.lead.add", new
        {
            fields = new Dictionary<string, object>
            {
                ["TITLE"] = "Рекомендация: Анна Котова",
                ["NAME"] = "Пётр",
                ["SOURCE_ID"] = "RECOMMENDATION",
                ["PHONE"] = new[] { new { VALUE = "+79167654321", VALUE_TYPE = "WORK" } },
                ["UF_CRM_LOY_PR_ID"] = 23,
            },
        })).Result.GetInt64();
        using var admin = await SignedInAsync(DemoAccounts.All.Single(d => d.Role == Roles.Administrator));

        var card = await admin.Http.GetStringAsync($"sandbox/crm/lead/details/{id}/");
        Assert.Contains("data-testid=\"sandbox-convert\"", card, StringComparison.Ordinal);
        var converted = await admin.SubmitAsync($"sandbox/crm/lead/details/{id}/", new Dictionary<string, string>(), $"sandbox/crm/lead/details/{id}/convert");
        Assert.Equal(HttpStatusCode.Redirect, converted.StatusCode);

        var lead = (await portal.GetAsync("crm.lead.get", $"id={id}")).Result;
        Assert.Equal("CONVERTED", lead.GetProperty("STATUS_ID").GetString());
        Assert.Equal("S", lead.GetProperty("STATUS_SEMANTIC_ID").GetString());
        var deals = (await portal.GetAsync("crm.deal.list", $"filter[LEAD_ID]={id}&select[]=ID&select[]=CONTACT_ID&select[]=SOURCE_ID&select[]=TITLE&select[]=UF_CRM_LOY_PR_ID")).Result;
        var deal = Assert.Single(deals.EnumerateArray());
        Assert.Equal("Рекомендация: Анна Котова", deal.GetProperty("TITLE").GetString());
        Assert.Equal("RECOMMENDATION", deal.GetProperty("SOURCE_ID").GetString());
        Assert.Equal("23", deal.GetProperty("UF_CRM_LOY_PR_ID").GetString());
        Assert.Equal(lead.GetProperty("CONTACT_ID").GetString(), deal.GetProperty("CONTACT_ID").GetString());
        var contact = (await portal.GetAsync("crm.contact.get", $"id={deal.GetProperty("CONTACT_ID").GetString()}")).Result;
        Assert.Equal("Пётр", contact.GetProperty("NAME").GetString());
        Assert.Equal("+79167654321", contact.GetProperty("PHONE")[0].GetProperty("VALUE").GetString());
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), contact.GetProperty("LEAD_ID").GetString());
        var dealId = deal.GetProperty("ID").GetString();
        Assert.EndsWith($"/sandbox/crm/deal/details/{dealId}/", converted.Headers.Location?.ToString(), StringComparison.Ordinal);

        // A closed lead offers no second conversion, and a direct post is refused.
        Assert.DoesNotContain("sandbox-convert", await admin.Http.GetStringAsync($"sandbox/crm/lead/details/{id}/"), StringComparison.Ordinal);
        var again = await admin.SubmitAsync($"sandbox/crm/deal/details/{dealId}/", new Dictionary<string, string> { ["confirm"] = "1" }, $"sandbox/crm/lead/details/{id}/convert");
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);

        var moved = await admin.SubmitAsync($"sandbox/crm/deal/details/{dealId}/", new Dictionary<string, string> { ["STAGE_ID"] = "WON" }, $"sandbox/crm/deal/details/{dealId}/stage");
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        var won = (await portal.GetAsync("crm.deal.get", $"id={dealId}")).Result;
        Assert.Equal("WON", won.GetProperty("STAGE_ID").GetString());
        Assert.Equal("S", won.GetProperty("STAGE_SEMANTIC_ID").GetString());
        Assert.Equal("Y", won.GetProperty("CLOSED").GetString());

        var foreign = await admin.SubmitAsync($"sandbox/crm/deal/details/{dealId}/", new Dictionary<string, string> { ["STAGE_ID"] = "C9:NOPE" }, $"sandbox/crm/deal/details/{dealId}/stage");
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
    }

    [Fact]
    public async Task TheActionsNeedAnAdministratorAndTheirToken()
    {
        var id = (await portal.PostJsonAsync("crm.lead.add", new { fields = new { TITLE = "Без прав" } })).Result.GetInt64();
        using var salesHead = await SignedInAsync(DemoAccounts.All.Single(d => d.Role == Roles.SalesHead));
        Assert.DoesNotContain("sandbox-convert", await salesHead.Http.GetStringAsync($"sandbox/crm/lead/details/{id}/"), StringComparison.Ordinal);
        var refused = await salesHead.SubmitAsync($"sandbox/crm/lead/details/{id}/", new Dictionary<string, string> { ["confirm"] = "1" }, $"sandbox/crm/lead/details/{id}/convert");
        Assert.DoesNotContain("/sandbox/crm/deal/", refused.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
        Assert.Equal("NEW", (await portal.GetAsync("crm.lead.get", $"id={id}")).Result.GetProperty("STATUS_ID").GetString());

        using var admin = await SignedInAsync(DemoAccounts.All.Single(d => d.Role == Roles.Administrator));
        var withoutToken = await admin.Http.PostAsync($"sandbox/crm/lead/details/{id}/convert", new FormUrlEncodedContent(new Dictionary<string, string> { ["confirm"] = "1" }));
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        Assert.Equal("NEW", (await portal.GetAsync("crm.lead.get", $"id={id}")).Result.GetProperty("STATUS_ID").GetString());
    }

    private async Task<FormClient> SignedInAsync(DemoAccounts.DemoAccount account)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        var client = new FormClient(new HttpClient(handler) { BaseAddress = portal.Address });
        var signIn = await client.SignInAsync(account.Email, account.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }
}
