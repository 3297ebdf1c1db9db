using Loyalty.Core.Identity;
using Loyalty.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.Tests.Browser;

[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class SignInBrowserTests(BrowserPortal portal)
{
    public static TheoryData<string> DemoEmails => new(DemoAccounts.All.Select(a => a.Email));

    [BrowserTheory]
    [MemberData(nameof(DemoEmails))]
    public Task EachDemoRoleSignsInSeesItsDashboardSwitchesLanguageAndSignsOut(string email) =>
        portal.RunAsync($"sign-in-{email}", async page =>
        {
            var account = DemoAccounts.All.Single(a => a.Email == email);
            var isAdministrator = account.Role == Roles.Administrator;

            await page.SignInAsync(account);

            // Russian is the default language.
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ru");
            await Expect(page.GetByTestId("dashboard-title")).ToHaveTextAsync("Обзор");
            await Expect(page.GetByTestId("user-name")).ToHaveTextAsync(account.DisplayName);

            // The drawer lists what the role may open; only administrators see the users page.
            var menu = page.GetByTestId("nav-menu");
            await Expect(menu).ToBeVisibleAsync();
            await Expect(menu.GetByTestId("nav-")).ToBeVisibleAsync();
            await Expect(menu.GetByTestId("nav-about")).ToBeVisibleAsync();
            await Expect(menu.GetByTestId("nav-Account-Manage")).ToBeVisibleAsync();
            await Expect(menu.GetByTestId("nav-admin-users")).ToHaveCountAsync(isAdministrator ? 1 : 0);

            // English and back: each choice reloads the page in that language.
            await page.SwitchLanguageAsync("en", "Dashboard");
            await Expect(menu.GetByTestId("nav-admin-users")).ToHaveCountAsync(isAdministrator ? 1 : 0);
            await page.SwitchLanguageAsync("ru", "Обзор");

            // Signing out lands on the sign-in page, and the dashboard is closed again.
            await page.ClickAsync("[data-testid=sign-out]");
            await Expect(page).ToHaveURLAsync(PortalPages.SignInUrl());
            Assert.EndsWith("/Account/Login?signedOut=1", page.Url, StringComparison.Ordinal);
            await Expect(page.Locator("h1")).ToHaveTextAsync("Вход в портал");
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Вы вышли из портала.");
            await Expect(page.GetByTestId("login-email")).ToBeVisibleAsync();

            await page.GotoAsync("/");
            await Expect(page).ToHaveURLAsync(PortalPages.SignInUrl());
            await Expect(page.GetByTestId("login-submit")).ToBeVisibleAsync();
        });

    [BrowserFact]
    public Task AWrongPasswordShowsAnErrorAndStaysOnTheSignInPage() =>
        portal.RunAsync("wrong-password", async page =>
        {
            var account = DemoAccounts.All[0];

            await page.SubmitSignInAsync(account.Email, account.Password + "-wrong");

            await Expect(page.GetByTestId("login-error")).ToHaveTextAsync("Неверный адрес электронной почты или пароль.");
            await Expect(page).ToHaveURLAsync(PortalPages.SignInUrl());
            await Expect(page.GetByTestId("login-email")).ToHaveValueAsync(account.Email);
            await Expect(page.GetByTestId("nav-menu")).ToHaveCountAsync(0);
        });

    [BrowserFact]
    public Task TheSignInPageSwitchesToEnglishWithItsLanguageLinks() =>
        portal.RunAsync("sign-in-english", async page =>
        {
            await page.GotoAsync("Account/Login");
            await Expect(page.Locator("h1")).ToHaveTextAsync("Вход в портал");

            await page.ClickAsync("[data-testid=language-en]");

            await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in to the portal");
            await Expect(page).ToHaveURLAsync(PortalPages.SignInUrl());
        });
}
