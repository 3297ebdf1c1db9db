using System.Net;
using System.Text.RegularExpressions;
using Loyalty.Core.Cabinet;
using Loyalty.Core.Identity;
using Loyalty.Tests.Core.Promoters;
using Loyalty.Tests.TestSupport;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Web.Cabinet;

/// <summary>
/// A promoter signed in to its cabinet reaches nothing else: every staff page and endpoint the portal maps (read from
/// its own endpoint table, plus the page list of <see cref="AuthorizationTests"/>) refuses it, and nothing in the
/// cabinet takes another promoter's ID. Staff, in turn, cannot use the cabinet.
/// </summary>
public sealed partial class CabinetIsolationTests(CabinetPortal portal) : IClassFixture<CabinetPortal>
{
    /// <summary>Every route that needs a signed-in user, outside the cabinet, with its parameters filled in (an ID of 1).</summary>
    private IReadOnlyList<(string Method, string Path)> ProtectedRoutes()
    {
        var endpoints = portal.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var routes = new List<(string, string)>();
        foreach (var endpoint in endpoints)
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null || endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Count == 0
                || pattern.StartsWith("/cabinet", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var path = Parameter().Replace(pattern, "1");
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                routes.Add((method, path));
            }
        }

        return routes.Distinct().ToList();
    }

    [Fact]
    public async Task APromoterIsRefusedEveryStaffPageAndEndpoint()
    {
        using var promoter = await portal.SignedInPromoterAsync(CabinetPortal.IvanEmail);
        var routes = ProtectedRoutes().Concat(AuthorizationTests.Pages.Cast<object[]>().Select(p => (Method: "GET", Path: (string)p[0]))).Distinct().ToList();
        // The table really is the portal's: its staff pages, the sandbox's admin posts, reports and QR codes are there.
        Assert.Contains(("GET", "/admin/users"), routes);
        Assert.Contains(("GET", "/promoters/1/qr.png"), routes);
        Assert.Contains(routes, r => r.Item1 == "POST");
        Assert.True(routes.Count > 40, $"only {routes.Count} protected routes found");

        var admitted = new List<string>();
        foreach (var (method, path) in routes)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method != "GET")
            {
                request.Content = new FormUrlEncodedContent([]);
            }

            var response = await promoter.Http.SendAsync(request);
            var refused = response.StatusCode == HttpStatusCode.Forbidden
                || (response.StatusCode == HttpStatusCode.Redirect && CabinetPortal.PathOf(response)!.StartsWith("/Account/AccessDenied", StringComparison.Ordinal));
            if (!refused)
            {
                admitted.Add($"{method} {path} → {(int)response.StatusCode} {CabinetPortal.PathOf(response)}");
            }
        }

        Assert.True(admitted.Count == 0, "a promoter reached: " + string.Join("; ", admitted));
        // And its own cabinet still opens: it was refused the rest as a promoter, not as nobody.
        Assert.Equal(HttpStatusCode.OK, (await promoter.Http.GetAsync("/cabinet")).StatusCode);
    }

    [Fact]
    public async Task TheCabinetShowsOnlyTheSignedInPromotersOwnCodeAndQrWhateverTheAddressSays()
    {
        using var ivan = await portal.SignedInPromoterAsync("work.ivan@example.ru");

        var cabinet = await ivan.Http.GetStringAsync($"/cabinet?promoterId={portal.Maria.Id}&id={portal.Maria.Id}");
        Assert.Contains(portal.Ivan.ActiveCode!, cabinet, StringComparison.Ordinal);
        Assert.DoesNotContain(portal.Maria.ActiveCode!, cabinet, StringComparison.Ordinal);
        var qr = await ivan.Http.GetAsync($"/cabinet/qr.png?promoterId={portal.Maria.Id}&id={portal.Maria.Id}");
        Assert.Equal(HttpStatusCode.OK, qr.StatusCode);
        Assert.EndsWith("/r/" + portal.Ivan.ActiveCode, PromoterQrTests.Scan(await qr.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);

        // Another promoter's QR code, printable card and staff card are staff addresses: refused.
        foreach (var path in new[] { $"/promoters/{portal.Maria.Id}/qr.png", $"/promoters/{portal.Maria.Id}/qr.svg", $"/promoters/{portal.Maria.Id}/card", $"/promoters/{portal.Maria.Id}" })
        {
            var response = await ivan.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Account/AccessDenied", CabinetPortal.PathOf(response), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(Roles.Administrator)]
    [InlineData(Roles.SalesHead)]
    [InlineData(Roles.Accountant)]
    public async Task StaffCannotUseTheCabinet(string role)
    {
        var demo = DemoAccounts.All.Single(d => d.Role == role);
        using var staff = FormClient.For(portal);
        await staff.SignInAsync(demo.Email, demo.Password);

        foreach (var path in new[] { "/cabinet", "/cabinet/qr.png" })
        {
            var response = await staff.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Account/AccessDenied", CabinetPortal.PathOf(response), StringComparison.Ordinal);
        }

        // Anonymous visitors are sent to the cabinet's own sign-in.
        using var anonymous = FormClient.For(portal);
        var cabinet = await anonymous.Http.GetAsync("/cabinet");
        Assert.Equal("/cabinet/sign-in", CabinetPortal.PathOf(cabinet));
    }

    [Fact]
    public async Task PromotersAreNeverStaffUsersAndUserAdministrationCannotTouchThem()
    {
        using (await portal.SignedInPromoterAsync(CabinetPortal.MariaEmail))
        {
        }

        var users = portal.Services.GetRequiredService<UserAdministration>();
        var page = await users.ListAsync(new UserQuery(Take: 500));
        Assert.DoesNotContain(page.Rows, r => r.Email.EndsWith("@cabinet.invalid", StringComparison.Ordinal));
        Assert.DoesNotContain(page.Rows, r => r.Roles.Contains(Roles.Promoter));
        Assert.Equal(page.Total, (await users.CountAsync()).Total);
        Assert.Empty(await users.ListAsync(new UserQuery(Search: "cabinet.invalid")) is { Rows: var rows } ? rows : []);
        Assert.Empty((await users.ListAsync(new UserQuery(Role: Roles.Promoter))).Rows);

        var promoterUser = await portal.Services.GetRequiredService<CabinetAccounts>().EnsureUserAsync(portal.Maria.Id);
        var refused = new[]
        {
            await users.SetRolesAsync(promoterUser.Id, [Roles.Administrator]),
            await users.SetLockedAsync(promoterUser.Id, true, "someone"),
            await users.ResetPasswordAsync(promoterUser.Id, "Promoter-2026!"),
        };
        Assert.All(refused, r => Assert.Equal(UserAdministration.UserNotFound, Assert.Single(r.Errors).Code));
        // The Promoter role cannot be given as a staff role either.
        Assert.Equal(UserAdministration.UnknownRole, Assert.Single((await users.CreateAsync(new NewUser("p@example.ru", "P", "Promoter-2026!", [Roles.Promoter]))).Errors).Code);
    }

    [Fact]
    public async Task SwitchingAPromoterOffEndsItsCabinetSession()
    {
        using var client = await portal.SignedInPromoterAsync(CabinetPortal.MariaEmail);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/cabinet")).StatusCode);
        var registry = portal.Services.GetRequiredService<Loyalty.Core.Promoters.PromoterRegistry>();

        await registry.SwitchOffAsync(portal.Maria.Id, "test");
        try
        {
            var response = await client.Http.GetAsync("/cabinet");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/cabinet/sign-in", CabinetPortal.PathOf(response));
        }
        finally
        {
            await registry.SwitchOnAsync(portal.Maria.ContactId, "test");
        }
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
