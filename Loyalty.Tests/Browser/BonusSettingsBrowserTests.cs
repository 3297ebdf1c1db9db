using System.Text.RegularExpressions;
using Loyalty.Core.Identity;
using Loyalty.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.Tests.Browser;

/// <summary>An administrator changes the bonus program's rules in a real browser: a mistake shown on its field, then a save.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed partial class BonusSettingsBrowserTests(BrowserPortal portal)
{
    private static readonly DemoAccounts.DemoAccount Administrator = DemoAccounts.All.Single(a => a.Role == Roles.Administrator);

    [BrowserFact]
    public Task AnAdministratorFixesARangeMistakeAndSavesTheRulesAsANewVersion() =>
        portal.RunAsync("bonus-settings", async page =>
        {
            await page.SignInAsync(Administrator);
            await page.GetByTestId("nav-bonuses-settings").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/bonuses/settings$"));
            await Expect(page.GetByTestId("bonus-tier-row")).ToHaveCountAsync(4);

            var silverBonus = page.GetByTestId("bonus-tier-1-bonus");
            await silverBonus.FillAsync("150");
            await silverBonus.BlurAsync();
            await Expect(page.GetByTestId("bonus-errors")).ToContainTextAsync("Процент — от 0 до 100.");
            // On the field itself: Silver's row, the bonus column.
            await Expect(page.GetByTestId("bonus-tier-row").Nth(1).Locator("td").Nth(2)).ToContainTextAsync("Процент — от 0 до 100.");

            await silverBonus.FillAsync("5,5");
            await silverBonus.BlurAsync();
            var silverFrom = page.GetByTestId("bonus-tier-1-min");
            await silverFrom.FillAsync("50 000,50");
            await silverFrom.BlurAsync();
            await Expect(silverFrom).ToHaveValueAsync("50\u00A0000,50");
            await Expect(page.GetByTestId("bonus-errors")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("bonus-unsaved")).ToBeVisibleAsync();

            await page.GetByTestId("bonus-save").ClickAsync();

            await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync(SavedPattern());
            await Expect(page.GetByTestId("bonus-unsaved")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("bonus-history-row").First).ToContainTextAsync(Administrator.DisplayName);
            await BrowserPortal.SaveScreenshotAsync(page, "bonus-settings");

            // A full page load reads the saved version back.
            await page.OpenAsync("bonuses/settings");
            await Expect(page.GetByTestId("bonus-tier-1-min")).ToHaveValueAsync("50\u00A0000,50");
            await Expect(page.GetByTestId("bonus-tier-1-bonus")).ToHaveValueAsync("5,5");
        });

    [GeneratedRegex(@"Сохранено как версия \d+\.")]
    private static partial Regex SavedPattern();
}
