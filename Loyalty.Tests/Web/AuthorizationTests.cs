using System.Net;
using Loyalty.Core.Identity;
using Loyalty.Tests.TestSupport;

namespace Loyalty.Tests.Web;

/// <summary>Who may open which page, checked over HTTP against the real portal.</summary>
public sealed class AuthorizationTests : IClassFixture<PortalFactory>
{
    private readonly PortalFactory _portal;

    public AuthorizationTests(PortalFactory portal) => _portal = portal;

    public static TheoryData<string> Pages => ["/", "/about", "/bonuses/customers", "/bonuses/customers/1", "/bonuses/settings", "/bonuses/recalculation", "/admin/users", "/admin/sync", "/admin/jobs", "/admin/connection", "/admin/ledger", "/admin/notifications", "/admin/channels", "/Account/Manage", "/leaderboards", "/leaderboards/1", "/badges", "/badges/1", "/employees/1", "/gamification/points", "/gamification/ratings", "/gamification/ratings/new", "/gamification/badges", "/gamification/badges/new", "/promoters", "/promoters/1", "/promoters/settings", "/promoters/review", "/promoters/payouts", "/promoters/payouts/1", "/promoters/reports", "/nps", "/nps/answers", "/nps/answers.xlsx", "/nps/settings", "/nps/templates", "/nps/templates/1", "/nps/rules"];

    /// <summary>The pages each role may open; every other page of <see cref="Pages"/> must be refused.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        [Roles.Administrator] = ["/nps", "/nps/answers", "/nps/answers.xlsx", "/", "/about", "/bonuses/customers", "/bonuses/customers/1", "/bonuses/settings", "/bonuses/recalculation", "/admin/users", "/admin/sync", "/admin/jobs", "/admin/connection", "/admin/ledger", "/admin/notifications", "/admin/channels", "/Account/Manage", "/leaderboards", "/leaderboards/1", "/badges", "/badges/1", "/employees/1", "/gamification/points", "/gamification/ratings", "/gamification/ratings/new", "/gamification/badges", "/gamification/badges/new", "/promoters", "/promoters/1", "/promoters/settings", "/promoters/review", "/promoters/payouts", "/promoters/payouts/1", "/promoters/reports", "/nps/settings", "/nps/templates", "/nps/templates/1", "/nps/rules"],
        [Roles.SalesHead] = ["/nps", "/nps/answers", "/nps/answers.xlsx", "/", "/about", "/bonuses/customers", "/bonuses/customers/1", "/Account/Manage", "/leaderboards", "/leaderboards/1", "/badges", "/badges/1", "/employees/1"],
        [Roles.Accountant] = ["/", "/about", "/bonuses/customers", "/bonuses/customers/1", "/Account/Manage", "/promoters", "/promoters/1", "/promoters/payouts", "/promoters/payouts/1", "/promoters/reports"],
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task AnAnonymousRequestIsSentToSignIn(string page)
    {
        using var client = FormClient.For(_portal);

        var response = await client.Http.GetAsync(page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/Login", response.Headers.Location?.AbsolutePath);
        Assert.Contains("ReturnUrl=" + Uri.EscapeDataString(page), response.Headers.Location?.Query);
    }

    [Theory]
    [InlineData(Roles.Administrator)]
    [InlineData(Roles.SalesHead)]
    [InlineData(Roles.Accountant)]
    public async Task EachRoleReachesItsPagesAndIsRefusedTheOthers(string role)
    {
        var demo = DemoAccounts.All.Single(d => d.Role == role);
        using var client = FormClient.For(_portal);
        await client.SignInAsync(demo.Email, demo.Password);

        foreach (var page in Pages)
        {
            var response = await client.Http.GetAsync(page);
            if (Allowed[role].Contains(page))
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{role} should open {page}, got {(int)response.StatusCode}");
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{role} should be refused {page}, got {(int)response.StatusCode}");
                Assert.Equal("/Account/AccessDenied", response.Headers.Location?.AbsolutePath);
            }
        }
    }

    /// <summary>The promoter cabinet's pages: for the Promoter role only (Web/Cabinet/CabinetIsolationTests signs a promoter in).</summary>
    public static TheoryData<string> CabinetPages => ["/cabinet", "/cabinet/qr.png"];

    [Theory]
    [MemberData(nameof(CabinetPages))]
    public async Task TheCabinetSendsAnAnonymousVisitorToItsOwnSignInAndRefusesEveryStaffRole(string page)
    {
        using (var anonymous = FormClient.For(_portal))
        {
            var response = await anonymous.Http.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/cabinet/sign-in", response.Headers.Location is { IsAbsoluteUri: true } absolute ? absolute.AbsolutePath : response.Headers.Location?.OriginalString);
        }

        foreach (var demo in DemoAccounts.All)
        {
            using var client = FormClient.For(_portal);
            await client.SignInAsync(demo.Email, demo.Password);
            var response = await client.Http.GetAsync(page);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{demo.Role} should be refused {page}, got {(int)response.StatusCode}");
            Assert.Equal("/Account/AccessDenied", response.Headers.Location?.AbsolutePath);
        }
    }

    [Fact]
    public async Task PublicEndpointsNeedNoSignIn()
    {
        using var client = FormClient.For(_portal);

        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/Account/Login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/cabinet/sign-in")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/cabinet/sign-in/link?token=nothing")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/no-such-page")).StatusCode);
    }
}
