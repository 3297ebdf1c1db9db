using Loyalty.Core.Identity;
using Loyalty.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.Tests.Browser;

[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class UsersBrowserTests(BrowserPortal portal)
{
    [BrowserFact]
    public async Task AnAdministratorAddsAUserResetsThePasswordAndTheUserSignsInWithIt()
    {
        // A portal of its own: the shared one's user list is counted by other tests.
        await using var own = new LivePortal();
        own.Start();
        await portal.RunAsync("users-add-reset-sign-in", own.BaseAddress, async page =>
        {
            var email = $"browser-{Guid.NewGuid():N}"[..16] + "@example.ru";
            await page.SignInAsync(DemoAccounts.All.Single(a => a.Role == Roles.Administrator));
            await page.OpenAsync("admin/users");

            await page.ClickAsync("[data-testid=users-add]");
            var adding = page.GetByTestId("new-user-dialog");
            await Expect(adding).ToBeVisibleAsync();
            await Field(page, "new-user-email").FillAsync(email);
            await Field(page, "new-user-name").FillAsync("Мария Браузерова");
            await Field(page, "role-Accountant").CheckAsync(new LocatorCheckOptions { Force = true });
            await Field(page, "password-field").FillAsync("First-Pass-1");
            await page.ClickAsync("[data-testid=new-user-save]");
            await Expect(adding).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("users-grid")).ToContainTextAsync(email);

            await page.ClickAsync($"[data-testid='user-actions-{email}'] button");
            await page.ClickAsync("[data-testid=user-reset-password]");
            var resetting = page.GetByTestId("reset-password-dialog");
            await Expect(resetting).ToContainTextAsync(email);
            await Field(page, "password-field").FillAsync("Second-Pass-2");
            await page.ClickAsync("[data-testid=reset-password-save]");
            await Expect(resetting).ToHaveCountAsync(0);
            await Expect(page.Locator(".mud-snackbar", new PageLocatorOptions { HasText = "Пароль пользователя Мария Браузерова изменён" })).ToBeVisibleAsync();

            await page.ClickAsync("[data-testid=sign-out]");
            await Expect(page).ToHaveURLAsync(PortalPages.SignInUrl());
            await page.SubmitSignInAsync(email, "Second-Pass-2");
            await Expect(page).ToHaveURLAsync(PortalPages.DashboardUrl());
            await Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Мария Браузерова");
        });
    }

    /// <summary>The input of a MudBlazor field, whether its test id landed on the input or on the field around it.</summary>
    private static ILocator Field(IPage page, string testId) =>
        page.Locator($"input[data-testid={testId}], [data-testid={testId}] input").First;
}
