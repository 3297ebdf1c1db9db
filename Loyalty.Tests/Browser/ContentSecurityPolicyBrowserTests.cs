using System.Text.RegularExpressions;
using Loyalty.Core.Identity;
using Loyalty.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.Tests.Browser;

/// <summary>
/// The content security policy is tight (no inline script, no eval): a real Chromium proves the portal runs
/// under it. A refused script, style or connection is reported on the console; none may be.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ContentSecurityPolicyBrowserTests(BrowserPortal portal)
{
    [BrowserFact]
    public Task ThePortalsPagesRunInteractivelyWithoutAnyContentSecurityPolicyViolation() =>
        portal.RunAsync("csp", async page =>
        {
            var violations = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || message.Text.Contains("Refused to", StringComparison.Ordinal))
                {
                    violations.Add(message.Text);
                }
            };
            page.PageError += (_, error) => violations.Add("page error: " + error);

            await page.SignInAsync(DemoAccounts.All.Single(a => a.Role == Roles.Administrator));
            foreach (var path in new[] { "leaderboards", "badges", "bonuses/customers", "admin/users", "admin/sync" })
            {
                await page.OpenAsync(path);
            }

            // Interactive after all: a click in the circuit changes the page without a load (the theme toggle).
            await page.EvaluateAsync("window.__sameDocument = true");
            var before = await page.Locator("[data-testid=theme-toggle]").GetAttributeAsync("aria-label");
            await page.ClickAsync("[data-testid=theme-toggle]");
            await Expect(page.Locator("[data-testid=theme-toggle]")).Not.ToHaveAttributeAsync("aria-label", before ?? "");
            Assert.True(await page.EvaluateAsync<bool>("window.__sameDocument === true"));

            // The stylesheets the page names all loaded (the reconnect dialog's scoped styles included).
            var sheets = await page.EvaluateAsync<string[]>("[...document.styleSheets].map(s => s.href || '')");
            Assert.Contains(sheets, href => Regex.IsMatch(href, @"/_content/MudBlazor/MudBlazor\.min\.[a-z0-9]+\.css$"));
            Assert.Contains(sheets, href => href.Contains("Loyalty.Web.", StringComparison.Ordinal) && href.EndsWith(".styles.css", StringComparison.Ordinal));

            Assert.Empty(violations);
        });
}
