using System.Net;
using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Identity;
using Loyalty.Core.Promoters;
using Loyalty.Tests.Core.Promoters;
using Loyalty.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Web;

/// <summary>The portal with one promoter switched on through its own registry.</summary>
public sealed class PromoterPortal : PortalFactory, IAsyncLifetime
{
    public const string PublicBaseUrl = "https://promo.example.ru";

    public PromoterPortal() => Settings["Notifications:PublicBaseUrl"] = PublicBaseUrl + "/";

    public Promoter Promoter { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var dbFactory = Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            db.Contacts.Add(new Contact { Id = 900_001, FirstName = "Иван", LastName = "Петров", SyncedAt = DateTime.UtcNow, ModifiedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        Promoter = await Services.GetRequiredService<PromoterRegistry>().SwitchOnAsync(900_001, "test");
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

/// <summary>A promoter's QR code and printable card over HTTP: for administrators and accountants only, carrying the referral link.</summary>
public sealed class PromoterEndpointTests(PromoterPortal portal) : IClassFixture<PromoterPortal>
{
    private string Link => $"{PromoterPortal.PublicBaseUrl}/r/{portal.Promoter.ActiveCode}";

    [Fact]
    public async Task AnAccountantDownloadsThePngThatReadsBackAsTheReferralLink()
    {
        using var client = await SignedInAsync(Roles.Accountant);

        var response = await client.Http.GetAsync($"/promoters/{portal.Promoter.Id}/qr.png?download=true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"promoter-{portal.Promoter.ActiveCode}.png", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(Link, PromoterQrTests.Scan(await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task AnAdministratorGetsTheSvgAndThePrintableA6Card()
    {
        using var client = await SignedInAsync(Roles.Administrator);

        var svg = await client.Http.GetAsync($"/promoters/{portal.Promoter.Id}/qr.svg");
        Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", await svg.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var card = await client.Http.GetAsync($"/promoters/{portal.Promoter.Id}/card");
        Assert.Equal(HttpStatusCode.OK, card.StatusCode);
        var html = await card.Content.ReadAsStringAsync();
        Assert.Contains("@page { size: A6", html, StringComparison.Ordinal);
        Assert.Contains(Link, html, StringComparison.Ordinal);
        Assert.Contains("<h1>Loyalty</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("Код промоутера", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownPromoterIsNotFound()
    {
        using var client = await SignedInAsync(Roles.Accountant);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/promoters/987654/qr.png")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/promoters/987654/card")).StatusCode);
    }

    [Theory]
    [InlineData("qr.png")]
    [InlineData("qr.svg")]
    [InlineData("card")]
    public async Task ASalesHeadIsRefusedAndAnAnonymousVisitorIsSentToSignIn(string what)
    {
        var path = $"/promoters/{portal.Promoter.Id}/{what}";
        using var head = await SignedInAsync(Roles.SalesHead);
        var refused = await head.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/Account/AccessDenied", refused.Headers.Location?.AbsolutePath);

        using var anonymous = FormClient.For(portal);
        var response = await anonymous.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/Login", response.Headers.Location?.AbsolutePath);
    }

    private async Task<FormClient> SignedInAsync(string role)
    {
        var demo = DemoAccounts.All.Single(d => d.Role == role);
        var client = FormClient.For(portal);
        await client.SignInAsync(demo.Email, demo.Password);
        return client;
    }
}
