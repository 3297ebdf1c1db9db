using System.Net;
using System.Text.Json;
using Loyalty.Core.Identity;
using Loyalty.Tests.TestSupport;

namespace Loyalty.Tests.Web.Hardening;

/// <summary>
/// Addresses a user can type or be sent: every value that cannot be read is a 400 with a message, or is
/// left out of the page, never an exception (each of these was a 500 with a stack trace).
/// </summary>
public sealed class MalformedAddressTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("/leaderboards/1?kiosk=maybe")]
    [InlineData("/leaderboards/1?kiosk=")]
    [InlineData("/badges?employee=abc")]
    [InlineData("/badges?employee=99999999999999999999999")]
    [InlineData("/badges?employee=-5")]
    [InlineData("/bonuses/customers?balanceFrom=1e400")]
    [InlineData("/bonuses/customers?balanceFrom=1e20&balanceTo=NaN")]
    [InlineData("/bonuses/customers?balanceTo=99999999999999999999999999999")]
    [InlineData("/bonuses/customers?balanceFrom=10000000000.01&balanceTo=-10000000000.01")]
    [InlineData("/bonuses/customers?from=2026-13-45&to=someday")]
    [InlineData("/bonuses/customers?from=0001-01-01&to=9999-12-31")]
    [InlineData("/bonuses/recalculation?id=x")]
    public async Task APageWithAnUnreadableValueInItsAddressStillOpens(string address)
    {
        using var client = await SignedInAsync(Roles.Administrator);

        var response = await client.Http.GetAsync(address);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("from=2026-01-01&to=9999-12-31", "9999-12-31")]
    [InlineData("from=0001-01-01&to=2026-01-01", "0001-01-01")]
    [InlineData("from=2026-01-01&to=2026-02-30", "2026-02-30")]
    public async Task AReportForDaysBeyondThePortalsYearsIsABadRequestNamingTheDay(string query, string named)
    {
        using var client = await SignedInAsync(Roles.Accountant);

        var response = await client.Http.GetAsync("/reports/bonuses/accruals?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(named, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/%09/x")]
    [InlineData("/%0d%0aSet-Cookie:x=1")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example/")]
    public async Task SwitchingLanguageWithAForeignOrBrokenReturnAddressGoesHome(string returnUrl)
    {
        using var client = FormClient.For(portal);

        var response = await client.Http.GetAsync("/culture/en?returnUrl=" + returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SwitchingLanguageReturnsToTheLocalPageTheUserWasOn()
    {
        using var client = FormClient.For(portal);

        var response = await client.Http.GetAsync("/culture/en?returnUrl=%2Fbadges%3Femployee%3D3");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/badges?employee=3", response.Headers.Location?.OriginalString);
    }

    private async Task<FormClient> SignedInAsync(string role)
    {
        var demo = DemoAccounts.All.Single(d => d.Role == role);
        var client = FormClient.For(portal);
        var signIn = await client.SignInAsync(demo.Email, demo.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }
}
