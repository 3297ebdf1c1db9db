using System.Net;
using System.Text.RegularExpressions;
using Loyalty.Core.Identity;
using Loyalty.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Loyalty.Tests.Web;

/// <summary>
/// Sign-in failures are counted per account and client address: an address that keeps guessing is refused for that
/// account, nobody else is; unknown addresses take the same path and get the same answers; posts are rate-limited
/// per address. Client addresses are set per request through <see cref="ClientAddresses"/>.
/// </summary>
public sealed partial class LockoutTests
{
    private const string Invalid = "Неверный адрес электронной почты или пароль.";
    private const string TooMany = "Слишком много неудачных попыток входа. Попробуйте позже.";

    private static readonly DemoAccounts.DemoAccount Head = DemoAccounts.All.Single(d => d.Role == Roles.SalesHead);

    [Fact]
    public async Task FailuresFromOneAddressRefuseThatAddressWhileTheRightPasswordStillSignsInFromAnother()
    {
        await using var portal = new PortalFactory { Settings = { ["Identity:MaxFailedSignIns"] = "3", ["Identity:LockoutMinutes"] = "10" } };
        var app = portal.WithClientAddresses();
        using var guesser = app.ClientFrom("203.0.113.7");

        Assert.Equal([Invalid, Invalid, TooMany], await WrongPasswordsAsync(guesser, Head.Email, 3));
        var rightFromGuesser = await guesser.SignInAsync(Head.Email, Head.Password);
        Assert.Equal(HttpStatusCode.OK, rightFromGuesser.StatusCode);
        Assert.Equal(TooMany, ErrorOf(await rightFromGuesser.Content.ReadAsStringAsync()));

        using var owner = app.ClientFrom("198.51.100.20");
        var rightFromOwner = await owner.SignInAsync(Head.Email, Head.Password);
        Assert.Equal(HttpStatusCode.Redirect, rightFromOwner.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.Http.GetAsync("/")).StatusCode);

        // Identity's own, per-account lockout is not used: the account itself was never locked.
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByEmailAsync(Head.Email))!;
        Assert.False(await users.IsLockedOutAsync(user));
        Assert.Equal(0, await users.GetAccessFailedCountAsync(user));
    }

    [Fact]
    public async Task AnUnknownAddressGetsTheSameAnswersAsAKnownOne()
    {
        await using var portal = new PortalFactory { Settings = { ["Identity:MaxFailedSignIns"] = "3" } };
        var app = portal.WithClientAddresses();
        using var client = app.ClientFrom("203.0.113.8");

        var known = await WrongPasswordsAsync(client, Head.Email, 4);
        var unknown = await WrongPasswordsAsync(client, "nobody@demo.loyalty", 4);

        Assert.Equal([Invalid, Invalid, TooMany, TooMany], known);
        Assert.Equal(known, unknown);
    }

    [Fact]
    public async Task AnUnknownAddressHasItsPasswordVerifiedAgainstAHashLikeAKnownOne()
    {
        await using var portal = new PortalFactory();
        var verified = new VerifyCount();
        var app = portal.WithClientAddresses(services => services.AddScoped<IPasswordHasher<AppUser>>(sp =>
            new CountingHasher(new PasswordHasher<AppUser>(sp.GetService<IOptions<PasswordHasherOptions>>()), verified)));
        using var client = app.ClientFrom("203.0.113.9");

        await client.SignInAsync("nobody@demo.loyalty", "Some-Password-1");
        Assert.Equal(1, verified.Value);

        await client.SignInAsync(Head.Email, "Some-Password-1");
        Assert.Equal(2, verified.Value);
    }

    [Fact]
    public async Task AnAccountLockedByAnAdministratorSaysSoOnlyToTheRightPassword()
    {
        await using var portal = new PortalFactory();
        var accountant = DemoAccounts.All.Single(d => d.Role == Roles.Accountant);
        var admin = DemoAccounts.All.Single(d => d.Role == Roles.Administrator);
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var target = await users.FindByEmailAsync(accountant.Email);
            var actor = await users.FindByEmailAsync(admin.Email);
            Assert.True((await portal.Services.GetRequiredService<UserAdministration>().SetLockedAsync(target!.Id, true, actor!.Id)).Succeeded);
        }

        using var client = FormClient.For(portal);

        Assert.Equal(Invalid, ErrorOf(await (await client.SignInAsync(accountant.Email, "Wrong-Password-1")).Content.ReadAsStringAsync()));
        var right = await client.SignInAsync(accountant.Email, accountant.Password);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("заблокирована администратором", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInPostsBeyondThePerAddressLimitAreAnsweredWith429AndAShortPage()
    {
        await using var portal = new PortalFactory { Settings = { ["Identity:SignInPostsPerMinute"] = "3" } };
        var app = portal.WithClientAddresses();
        using var busy = app.ClientFrom("203.0.113.10");

        // The limit is a one-minute window: the first posts always pass, and the window cannot roll over twice in
        // the next few, so one of them is refused.
        for (var i = 0; i < 3; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await busy.SignInAsync($"user{i}@example.ru", "Wrong-Password-1")).StatusCode);
        }

        HttpResponseMessage? refused = null;
        for (var i = 0; i < 4 && refused is null; i++)
        {
            var response = await busy.SignInAsync($"other{i}@example.ru", "Wrong-Password-1");
            refused = response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        Assert.NotNull(refused);
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Слишком много попыток входа", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", page, StringComparison.Ordinal);
        Assert.StartsWith("text/html", refused.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);

        using var other = app.ClientFrom("198.51.100.21");
        Assert.Equal(HttpStatusCode.Redirect, (await other.SignInAsync(Head.Email, Head.Password)).StatusCode);
    }

    private static async Task<List<string?>> WrongPasswordsAsync(FormClient client, string email, int count)
    {
        var errors = new List<string?>();
        for (var attempt = 0; attempt < count; attempt++)
        {
            var response = await client.SignInAsync(email, "Wrong-Password-1");
            errors.Add(ErrorOf(await response.Content.ReadAsStringAsync()));
        }

        return errors;
    }

    private static string? ErrorOf(string html) =>
        LoginError().Match(html) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;

    [GeneratedRegex("""data-testid="login-error">([^<]*)<""")]
    private static partial Regex LoginError();

    private sealed class VerifyCount
    {
        private int _value;

        public int Value => Volatile.Read(ref _value);

        public void Add() => Interlocked.Increment(ref _value);
    }

    private sealed class CountingHasher(IPasswordHasher<AppUser> inner, VerifyCount verified) : IPasswordHasher<AppUser>
    {
        public string HashPassword(AppUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
        {
            verified.Add();
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
