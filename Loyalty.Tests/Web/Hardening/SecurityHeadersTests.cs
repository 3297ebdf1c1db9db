using System.Net;
using System.Text.Json;
using Loyalty.Core.Identity;
using Loyalty.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Web.Hardening;

/// <summary>A portal with one address that always fails, past every endpoint, as an unforeseen bug would.</summary>
public sealed class FailingPortal : PortalFactory
{
    public const string FailingSegment = "always-fails";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, FailAtTheEnd>());
    }

    private sealed class FailAtTheEnd : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((HttpContext context, RequestDelegate rest) => context.Request.Path.Value?.EndsWith(FailingSegment, StringComparison.Ordinal) == true
                ? throw new InvalidOperationException("secret internals: Loyalty.Core at /work/main/Loyalty.Core/Secret.cs:42")
                : rest(context));
        };
    }
}

/// <summary>Headers on every kind of answer, and what an unforeseen error shows: a request ID, no internals.</summary>
public sealed class SecurityHeadersTests(FailingPortal portal) : IClassFixture<FailingPortal>
{
    [Theory]
    [InlineData("/Account/Login", false)]
    [InlineData("/health", false)]
    [InlineData("/no-such-page", false)]
    [InlineData("/api/bitrix24/events", false)]
    [InlineData("/", true)]
    [InlineData("/admin/users", true)]
    [InlineData("/reports/bonuses/balances", true)]
    public async Task EveryAnswerCarriesTheSecurityHeadersAndIsNotCached(string path, bool signedIn)
    {
        using var client = FormClient.For(portal);
        if (signedIn)
        {
            var demo = DemoAccounts.All.Single(d => d.Role == Roles.Administrator);
            await client.SignInAsync(demo.Email, demo.Password);
        }

        var response = await client.Http.GetAsync(path);

        AssertSecurityHeaders(response);
        Assert.True(response.Headers.CacheControl?.NoStore, $"{path} answered {(int)response.StatusCode} with Cache-Control: {response.Headers.CacheControl}");
    }

    [Fact]
    public async Task StaticAssetsCarryTheHeadersAndKeepTheirOwnCaching()
    {
        using var client = portal.CreateClient();

        var response = await client.GetAsync("/app.css");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSecurityHeaders(response);
        Assert.NotEqual(true, response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task AnUnforeseenErrorOnAPageShowsTheErrorPageWithARequestIdAndNoInternals()
    {
        using var client = portal.CreateClient();

        var response = await client.GetAsync("/" + FailingPortal.FailingSegment);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        AssertSecurityHeaders(response);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Ошибка / Error", html, StringComparison.Ordinal);
        Assert.DoesNotContain("secret internals", html, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/work/", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/" + FailingPortal.FailingSegment)]
    [InlineData("/sandbox/" + FailingPortal.FailingSegment)]
    public async Task AnUnforeseenErrorForAMachineIsAJsonErrorWithNoInternals(string path)
    {
        using var client = portal.CreateClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        Assert.Equal("INTERNAL_SERVER_ERROR", json.RootElement.GetProperty("error").GetString());
        Assert.DoesNotContain("secret internals", body, StringComparison.Ordinal);
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Single(response, "Referrer-Policy"));
        var policy = Single(response, "Content-Security-Policy");
        Assert.Contains("frame-ancestors 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", policy, StringComparison.Ordinal);
    }

    /// <summary>Exactly one header of the name: two policies would both apply, and the tighter one silently wins.</summary>
    private static string Single(HttpResponseMessage response, string name)
    {
        var values = response.Headers.TryGetValues(name, out var found) ? found.ToList()
            : response.Content.Headers.TryGetValues(name, out var content) ? content.ToList() : [];
        return Assert.Single(values);
    }
}
