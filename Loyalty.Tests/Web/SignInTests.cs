using System.Net;
using Loyalty.Core.Identity;
using Loyalty.Tests.TestSupport;

namespace Loyalty.Tests.Web;

public sealed class SignInTests : IClassFixture<PortalFactory>
{
    private readonly PortalFactory _portal;

    public SignInTests(PortalFactory portal) => _portal = portal;

    public static TheoryData<string> DemoEmails => [.. DemoAccounts.All.Select(d => d.Email)];

    [Theory]
    [MemberData(nameof(DemoEmails))]
    public async Task EachDemoAccountSignsInAndLandsOnTheDashboard(string email)
    {
        var demo = DemoAccounts.All.Single(d => d.Email == email);
        using var client = FormClient.For(_portal);

        var response = await client.SignInAsync(demo.Email, demo.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(new Uri(client.Http.BaseAddress!, "/"), new Uri(client.Http.BaseAddress!, response.Headers.Location!));
        var dashboard = await client.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains(demo.DisplayName, await dashboard.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SignInReturnsToTheRequestedLocalPageButNeverToAnotherSite()
    {
        var demo = DemoAccounts.All[0];
        using var local = FormClient.For(_portal);
        var toAbout = await local.SubmitAsync("/Account/Login?ReturnUrl=%2Fabout", Credentials(demo.Email, demo.Password));
        Assert.Equal(new Uri(local.Http.BaseAddress!, "/about"), new Uri(local.Http.BaseAddress!, toAbout.Headers.Location!));

        using var evil = FormClient.For(_portal);
        var toEvil = await evil.SubmitAsync("/Account/Login?ReturnUrl=https%3A%2F%2Fevil.example%2F", Credentials(demo.Email, demo.Password));
        Assert.Equal(HttpStatusCode.Redirect, toEvil.StatusCode);
        Assert.Equal(evil.Http.BaseAddress!.Host, new Uri(evil.Http.BaseAddress!, toEvil.Headers.Location!).Host);
    }

    [Fact]
    public async Task WrongPasswordSaysSoAndSetsNoCookie()
    {
        using var client = FormClient.For(_portal);

        var response = await client.SignInAsync(DemoAccounts.All[1].Email, "not-the-password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Неверный адрес электронной почты или пароль.", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(".Loyalty.Auth=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task UnknownEmailGetsTheSameMessageAsAWrongPassword()
    {
        using var client = FormClient.For(_portal);

        var response = await client.SignInAsync("nobody@demo.loyalty", "whatever-1A!");

        Assert.Contains("Неверный адрес электронной почты или пароль.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task EmptyFieldsAreNamedOneByOne()
    {
        using var client = FormClient.For(_portal);

        var response = await client.SignInAsync("", "");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("Введите адрес электронной почты.", html);
        Assert.Contains("Введите пароль.", html);
    }

    [Fact]
    public async Task SignInWithoutTheAntiforgeryTokenIsRejected()
    {
        using var client = FormClient.For(_portal);
        var demo = DemoAccounts.All[0];

        var response = await client.Http.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.Email"] = demo.Email,
            ["Input.Password"] = demo.Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task SignOutEndsTheSession()
    {
        var demo = DemoAccounts.All[2];
        using var client = FormClient.For(_portal);
        await client.SignInAsync(demo.Email, demo.Password);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/")).StatusCode);

        // The sign-out form lives on every portal page; its token comes from the dashboard.
        var signedOut = await client.SubmitAsync("/", new Dictionary<string, string>(), action: "/Account/Logout");
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.StartsWith("/Account/Login", signedOut.Headers.Location?.OriginalString);

        var after = await client.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal("/Account/Login", after.Headers.Location?.AbsolutePath);
    }

    private static Dictionary<string, string> Credentials(string email, string password) =>
        new() { ["Input.Email"] = email, ["Input.Password"] = password };
}
