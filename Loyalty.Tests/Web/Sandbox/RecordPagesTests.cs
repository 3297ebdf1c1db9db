using System.Net;
using Loyalty.Core.Crm;
using Loyalty.Core.Identity;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Sandbox.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Web.Sandbox;

/// <summary>
/// The sandbox's read-only record cards that CRM links open in sandbox mode, at Bitrix24's own paths below
/// <c>/sandbox</c>: refused without a sign-in, shown to anyone signed in.
/// </summary>
public sealed class RecordPagesTests(WriteSandbox portal) : IClassFixture<WriteSandbox>
{
    [Fact]
    public async Task AnAnonymousVisitorIsNotShownARecord()
    {
        var deal = FirstRow(portal, s => s.Deals);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = portal.Address };

        using var reply = await client.GetAsync($"sandbox/crm/deal/details/{deal.Id}/");

        Assert.Equal(HttpStatusCode.Redirect, reply.StatusCode);
        Assert.Contains("/Account/Login", reply.Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain((string)deal["TITLE"]!, await reply.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASignedInUserSeesTheDealLeadContactTaskAndPersonByName()
    {
        using var client = await SignedInAsync(DemoAccounts.All.Single(d => d.Role == Roles.SalesHead));
        var deal = FirstRow(portal, s => s.Deals);
        var lead = FirstRow(portal, s => s.Leads);
        var contact = FirstRow(portal, s => s.Contacts);
        var task = FirstRow(portal, s => s.Tasks);
        var user = FirstRow(portal, s => s.Users);

        var dealPage = await client.Http.GetAsync($"sandbox/crm/deal/details/{deal.Id}/");
        var leadPage = await client.Http.GetStringAsync($"sandbox/crm/lead/details/{lead.Id}/");
        var contactPage = await client.Http.GetStringAsync($"sandbox/crm/contact/details/{contact.Id}/");
        var taskPage = await client.Http.GetStringAsync($"sandbox/company/personal/user/{task["RESPONSIBLE_ID"]}/tasks/task/view/{task.Id}/");
        var userPage = await client.Http.GetStringAsync($"sandbox/company/personal/user/{user.Id}/");

        Assert.Equal(HttpStatusCode.OK, dealPage.StatusCode);
        Assert.Equal("text/html", dealPage.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"<h1>{WebUtility.HtmlEncode((string)deal["TITLE"]!)}</h1>", await dealPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains($"<h1>{WebUtility.HtmlEncode((string)lead["TITLE"]!)}</h1>", leadPage, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode((string)contact["LAST_NAME"]!), contactPage, StringComparison.Ordinal);
        Assert.Contains($"<h1>{WebUtility.HtmlEncode((string)task["TITLE"]!)}</h1>", taskPage, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode((string)user["LAST_NAME"]!), userPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePortalsOwnDealLinkOpensTheSandboxCard()
    {
        using var client = await SignedInAsync(DemoAccounts.All.Single(d => d.Role == Roles.SalesHead));
        var deal = FirstRow(portal, s => s.Deals);

        var link = CrmLinks.Url(await portal.Services.GetRequiredService<ICrmAddress>().GetAsync(), CrmKind.Deal, deal.Id);
        var page = await client.Http.GetStringAsync(link);

        Assert.Equal($"/sandbox/crm/deal/details/{deal.Id}/", link);
        Assert.Contains($"<h1>{WebUtility.HtmlEncode((string)deal["TITLE"]!)}</h1>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownRecordIsNotFound()
    {
        using var client = await SignedInAsync(DemoAccounts.All.Single(d => d.Role == Roles.SalesHead));

        using var reply = await client.Http.GetAsync("sandbox/crm/deal/details/999999999/");

        Assert.Equal(HttpStatusCode.NotFound, reply.StatusCode);
    }

    private static Row FirstRow(SandboxPortal portal, Func<SandboxStore, EntityTable> table)
    {
        var store = portal.Services.GetRequiredService<SandboxStore>();
        return store.Read(() => table(store).Rows[0]);
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
