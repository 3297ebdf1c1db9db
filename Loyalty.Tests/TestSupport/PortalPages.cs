using System.Text.RegularExpressions;
using Loyalty.Core.Identity;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.Tests.TestSupport;

/// <summary>What a user does in the portal, in browser steps that wait on conditions, never on time.</summary>
public static partial class PortalPages
{
    public const string CircuitReady = "[data-testid=circuit-ready]";

    /// <summary>Waits until the Blazor circuit of the current document is interactive (the marker is hidden, so: attached).</summary>
    public static Task WaitForCircuitAsync(this IPage page) =>
        page.Locator(CircuitReady).WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    /// <summary>Opens an interactive portal page with a full page load and waits for its circuit.</summary>
    public static async Task OpenAsync(this IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.WaitForCircuitAsync();
    }

    /// <summary>Fills the sign-in form and submits it, without judging the outcome.</summary>
    public static async Task SubmitSignInAsync(this IPage page, string email, string password)
    {
        await page.GotoAsync("Account/Login");
        await page.FillAsync("[data-testid=login-email]", email);
        await page.FillAsync("[data-testid=login-password]", password);
        await page.ClickAsync("[data-testid=login-submit]");
    }

    /// <summary>Signs in and waits for the interactive dashboard.</summary>
    public static async Task SignInAsync(this IPage page, DemoAccounts.DemoAccount account)
    {
        await page.SubmitSignInAsync(account.Email, account.Password);
        await Expect(page).ToHaveURLAsync(DashboardUrl());
        await page.WaitForCircuitAsync();
    }

    /// <summary>Picks a language in the app bar's menu; the page reloads in it and its circuit starts again.</summary>
    public static async Task SwitchLanguageAsync(this IPage page, string language, string expectedDashboardTitle)
    {
        await page.ClickAsync("[data-testid=language-menu] button");
        await page.ClickAsync($"[data-testid=language-{language}]");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await Expect(page.GetByTestId("dashboard-title")).ToHaveTextAsync(expectedDashboardTitle);
        await page.WaitForCircuitAsync();
    }

    /// <summary>The portal's root, with nothing after it: <c>http://127.0.0.1:PORT/</c>.</summary>
    public static Regex DashboardUrl() => DashboardPattern();

    /// <summary>The sign-in page, with any query.</summary>
    public static Regex SignInUrl() => SignInPattern();

    [GeneratedRegex(@"^http://127\.0\.0\.1:\d+/$")]
    private static partial Regex DashboardPattern();

    [GeneratedRegex(@"^http://127\.0\.0\.1:\d+/Account/Login(\?.*)?$")]
    private static partial Regex SignInPattern();
}
