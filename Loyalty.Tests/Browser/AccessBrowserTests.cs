using System.Globalization;
using System.Text.RegularExpressions;
using Loyalty.Core.Identity;
using Loyalty.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.Tests.Browser;

[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class AccessBrowserTests(BrowserPortal portal)
{
    public static TheoryData<string> NonAdministratorEmails =>
        new(DemoAccounts.All.Where(a => a.Role != Roles.Administrator).Select(a => a.Email));

    [BrowserFact]
    public Task TheAdministratorsDashboardAndUsersPageListTheDemoAccounts() =>
        portal.RunAsync("users-page", async page =>
        {
            await page.SignInAsync(DemoAccounts.All.Single(a => a.Role == Roles.Administrator));

            // The dashboard as the administrator sees it: app bar, drawer, the users card.
            await Expect(page.GetByTestId("users-total")).ToHaveTextAsync(DemoAccounts.All.Count.ToString(CultureInfo.InvariantCulture));
            await Expect(page.Locator(".mud-appbar")).ToBeVisibleAsync();
            await Expect(page.Locator(".mud-drawer")).ToBeVisibleAsync();
            await BrowserPortal.SaveScreenshotAsync(page, "dashboard");

            // In-circuit navigation through the drawer.
            await page.GetByTestId("nav-admin-users").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/admin/users$"));
            var grid = page.GetByTestId("users-grid");
            foreach (var account in DemoAccounts.All)
            {
                await Expect(grid).ToContainTextAsync(account.Email);
            }

            // And with a full page load.
            await page.OpenAsync("admin/users");
            foreach (var account in DemoAccounts.All)
            {
                await Expect(page.GetByTestId("users-grid")).ToContainTextAsync(account.Email);
            }

            await BrowserPortal.SaveScreenshotAsync(page, "users");
        });

    [BrowserTheory]
    [MemberData(nameof(NonAdministratorEmails))]
    public Task NonAdministratorsAreDeniedTheUsersPage(string email) =>
        portal.RunAsync($"denied-{email}", async page =>
        {
            await page.SignInAsync(DemoAccounts.All.Single(a => a.Email == email));

            // A full page load: the server redirects to the access-denied page.
            await page.GotoAsync("admin/users");
            await Expect(page).ToHaveURLAsync(new Regex("/Account/AccessDenied(\\?.*)?$"));
            await Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();

            // In-circuit navigation: the router shows the access-denied message instead of the page.
            await page.OpenAsync("/");
            await page.EvaluateAsync("Blazor.navigateTo('/admin/users')");
            await Expect(page).ToHaveURLAsync(new Regex("/admin/users$"));
            await Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("users-grid")).ToHaveCountAsync(0);
        });
}
