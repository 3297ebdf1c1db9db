using System.Net;
using Loyalty.Core.Identity;
using Loyalty.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Loyalty.Tests.Web;

/// <summary>
/// A session cookie lives only as long as the account's security stamp: a password change, a lock or a sign-out
/// changes it, and the cookie is checked against it every minute. Here the check runs on every request
/// (interval zero) so a copied cookie is seen refused without waiting; no time is asserted.
/// </summary>
public sealed class SessionTests
{
    private static readonly DemoAccounts.DemoAccount Head = DemoAccounts.All.Single(d => d.Role == Roles.SalesHead);

    [Fact]
    public async Task SessionsAreCheckedAgainstTheSecurityStampEveryMinute()
    {
        await using var portal = new PortalFactory();

        Assert.Equal(TimeSpan.FromMinutes(1), portal.Services.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value.ValidationInterval);
    }

    [Fact]
    public async Task SignOutWithoutTheAntiforgeryTokenFromAnotherSiteIsRefusedAndTheSessionGoesOn()
    {
        await using var portal = new PortalFactory();
        using var client = FormClient.For(portal);
        await client.SignInAsync(Head.Email, Head.Password);

        using var forged = new HttpRequestMessage(HttpMethod.Post, "/Account/Logout") { Content = new FormUrlEncodedContent([]) };
        forged.Headers.Add("Origin", "https://evil.example");
        var response = await client.Http.SendAsync(forged);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task ACookieCopiedBeforeSignOutIsRefusedAfterIt()
    {
        await using var portal = new PortalFactory();
        var app = CheckedOnEveryRequest(portal);
        using var owner = app.ClientFrom("198.51.100.30");
        var copy = CookieOf(await owner.SignInAsync(Head.Email, Head.Password));
        Assert.Equal(HttpStatusCode.OK, await WithCookieAsync(app, copy));

        var signedOut = await owner.SubmitAsync("/", new Dictionary<string, string>(), action: "/Account/Logout");
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, await WithCookieAsync(app, copy));
    }

    [Fact]
    public async Task ACookieCopiedBeforeAPasswordChangeIsRefusedAfterItWhileTheChangingSessionGoesOn()
    {
        await using var portal = new PortalFactory();
        var app = CheckedOnEveryRequest(portal);
        using var owner = app.ClientFrom("198.51.100.31");
        var copy = CookieOf(await owner.SignInAsync(Head.Email, Head.Password));
        Assert.Equal(HttpStatusCode.OK, await WithCookieAsync(app, copy));

        var changed = await owner.SubmitAsync("/Account/Manage", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = Head.Password,
            ["Input.NewPassword"] = "Changed-Pass-9",
            ["Input.ConfirmPassword"] = "Changed-Pass-9",
        });
        Assert.Contains("data-testid=\"password-changed\"", await changed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, await WithCookieAsync(app, copy));
        Assert.Equal(HttpStatusCode.OK, (await owner.Http.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task ACookieOfAUserLockedByAnAdministratorIsRefused()
    {
        await using var portal = new PortalFactory();
        var app = CheckedOnEveryRequest(portal);
        using var owner = app.ClientFrom("198.51.100.32");
        var copy = CookieOf(await owner.SignInAsync(Head.Email, Head.Password));
        Assert.Equal(HttpStatusCode.OK, await WithCookieAsync(app, copy));

        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var head = await users.FindByEmailAsync(Head.Email);
            var admin = await users.FindByEmailAsync(DemoAccounts.All.Single(d => d.Role == Roles.Administrator).Email);
            Assert.True((await portal.Services.GetRequiredService<UserAdministration>().SetLockedAsync(head!.Id, true, admin!.Id)).Succeeded);
        }

        Assert.Equal(HttpStatusCode.Redirect, await WithCookieAsync(app, copy));
        Assert.Equal(HttpStatusCode.Redirect, (await owner.Http.GetAsync("/")).StatusCode);
    }

    private static WebApplicationFactory<Program> CheckedOnEveryRequest(PortalFactory portal) =>
        portal.WithClientAddresses(services => services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero));

    /// <summary>The session cookie a successful sign-in set, as a <c>Cookie</c> header another client can replay.</summary>
    private static string CookieOf(HttpResponseMessage signIn)
    {
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookies = signIn.Headers.GetValues("Set-Cookie")
            .Where(c => c.StartsWith(".Loyalty.Auth", StringComparison.Ordinal))
            .Select(c => c.Split(';')[0])
            .ToList();
        Assert.NotEmpty(cookies);
        return string.Join("; ", cookies);
    }

    /// <summary>Opens the dashboard from another machine with a copied cookie: 200 when it works, a redirect to sign-in when not.</summary>
    private static async Task<HttpStatusCode> WithCookieAsync(WebApplicationFactory<Program> app, string cookie)
    {
        using var thief = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", cookie);
        request.Headers.Add(ClientAddresses.Header, "192.0.2.66");
        var response = await thief.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            Assert.Equal("/Account/Login", response.Headers.Location?.AbsolutePath);
        }

        return response.StatusCode;
    }
}
