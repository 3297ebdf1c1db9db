using System.Text.RegularExpressions;
using Loyalty.Core.Gamification;
using Loyalty.Core.Identity;
using Loyalty.Core.Sync;
using Loyalty.Tests.Core.Sync;
using Loyalty.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.Tests.Browser;

/// <summary>
/// The layouts on the screens they are read on: every main page on a 390 px phone without sideways scrolling (and
/// without a raw key in its text), the kiosk on a 1080p TV without scrolling either way.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed partial class LayoutBrowserTests(BrowserPortal browser)
{
    private static readonly DemoAccounts.DemoAccount Administrator = DemoAccounts.All.Single(a => a.Role == Roles.Administrator);

    /// <summary>How wide the page is, and what sticks out past the window (for the failure message).</summary>
    private const string MeasureScript = """
        () => {
            const width = window.innerWidth;
            const wide = [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > width + 1 && e.offsetParent !== null)
                .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > width + 1))
                .slice(0, 5)
                .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} (${Math.round(e.getBoundingClientRect().right)})`);
            return { scrollWidth: document.documentElement.scrollWidth, scrollHeight: document.documentElement.scrollHeight,
                     width, height: window.innerHeight, wide };
        }
        """;

    [BrowserFact]
    public async Task EveryMainPageFitsA390PixelPhoneAndShowsNoRawKey()
    {
        await using var crm = new SyncPortal();
        crm.Start();
        await crm.Sync.RunAsync(SyncKind.Incremental, null, "test");
        await crm.Services.GetRequiredService<GamificationPipeline>().RunFullAsync();
        long ratingId, employeeId, contactId, badgeId;
        await using (var db = await SyncOverSandboxTests.DbAsync(crm))
        {
            ratingId = await db.Ratings.Where(r => r.Active).OrderBy(r => r.Id).Select(r => r.Id).FirstAsync();
            employeeId = await db.Deals.Where(d => d.AssignedById != null).Select(d => d.AssignedById!.Value).FirstAsync();
            contactId = await db.Contacts.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
            badgeId = await db.Badges.OrderBy(b => b.Id).Select(b => b.Id).FirstAsync();
        }

        var promoterId = (await crm.Services.GetRequiredService<Loyalty.Core.Promoters.PromoterRegistry>().SwitchOnAsync(contactId, "test")).Id;

        string[] paths =
        [
            "", "leaderboards", $"leaderboards/{ratingId}", "bonuses/customers", $"bonuses/customers/{contactId}", "badges", $"badges/{badgeId}",
            $"employees/{employeeId}", "bonuses/settings", "bonuses/recalculation", "gamification/ratings", $"gamification/ratings/{ratingId}",
            "gamification/points", "gamification/badges", "admin/sync", "admin/users", "admin/ledger", "admin/jobs", "admin/connection", "about",
            "promoters", $"promoters/{promoterId}", "promoters/settings", "promoters/review", "promoters/reports", "promoters/payouts", "nps", "nps/answers", AccountPage,
        ];
        var problems = new List<string>();
        await browser.RunAsync("layout-phone", crm.BaseAddress, async page =>
        {
            await page.SignInAsync(Administrator);
            await page.SetViewportSizeAsync(390, 844);
            foreach (var path in paths)
            {
                if (path == AccountPage)
                {
                    // Static server rendering: no circuit to wait for.
                    await page.GotoAsync(path);
                    await Expect(page.GetByTestId("account-manage")).ToBeVisibleAsync();
                }
                else
                {
                    await page.OpenAsync(path);
                }

                // Loading bars are indeterminate; a determinate one (a tier's progress) is content.
                await Expect(page.Locator(".mud-progress-indeterminate, .mud-progress-circular-indeterminate-child").Filter(new() { Visible = true })).ToHaveCountAsync(0);
                var measured = await page.EvaluateAsync<Measure>(MeasureScript);
                Console.WriteLine($"390 px /{path}: scrollWidth {measured.ScrollWidth}");
                if (measured.ScrollWidth > measured.Width)
                {
                    problems.Add($"/{path} is {measured.ScrollWidth} px wide: {string.Join(", ", measured.Wide)}");
                    await BrowserPortal.SaveScreenshotAsync(page, "layout-phone-" + path.Replace('/', '-'));
                }

                var text = await page.Locator("body").InnerTextAsync();
                foreach (Match key in RawKey().Matches(text))
                {
                    problems.Add($"/{path} shows the raw key «{key.Value}»");
                    Console.WriteLine(problems[^1]);
                }

                // A person is shown by name; an e-mail is content only where it is the thing shown (accounts, the connection).
                if (!EmailPages.Any(p => path.StartsWith(p, StringComparison.Ordinal)))
                {
                    foreach (Match email in Email().Matches(text))
                    {
                        problems.Add($"/{path} shows the e-mail «{email.Value}» where a name belongs");
                        Console.WriteLine(problems[^1]);
                    }
                }
            }
        });

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [BrowserFact]
    public async Task TheKioskFitsA1080pScreenAndPagesThroughItsRows()
    {
        await using var crm = new SyncPortal();
        crm.Settings["Sandbox:Company:Managers"] = "24";
        crm.Start();
        await crm.Sync.RunAsync(SyncKind.Incremental, null, "test");
        var rating = await crm.Services.GetRequiredService<GamificationQueries>().SaveRatingAsync(new RatingDefinition
        {
            Name = "Экран отдела продаж",
            Period = PeriodKind.Year,
            Criteria = [new Criterion(Metric.DealSum, 40), new Criterion(Metric.WonDeals, 30), new Criterion(Metric.Calls, 20), new Criterion(Metric.AverageDeal, 10)],
        }, "test");
        var board = await crm.Services.GetRequiredService<GamificationQueries>().LeaderboardAsync(rating.Id, null);
        var ranked = Math.Min(board!.Rows.Count(r => r.Rank is not null), Loyalty.Web.Components.Pages.Leaderboards.KioskBoard.DefaultRows);
        Assert.True(ranked > Loyalty.Web.Components.Pages.Leaderboards.KioskBoard.RowsPerScreen, $"the test needs more rows than a screen holds, has {ranked}");
        var pages = (ranked + Loyalty.Web.Components.Pages.Leaderboards.KioskBoard.RowsPerScreen - 1) / Loyalty.Web.Components.Pages.Leaderboards.KioskBoard.RowsPerScreen;

        await browser.RunAsync("layout-kiosk", crm.BaseAddress, async page =>
        {
            await page.SignInAsync(Administrator);
            await page.SetViewportSizeAsync(1920, 1080);
            await page.OpenAsync($"leaderboards/{rating.Id}?kiosk=true");
            await Expect(page.GetByTestId("kiosk")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("leaderboard-row")).ToHaveCountAsync(Loyalty.Web.Components.Pages.Leaderboards.KioskBoard.RowsPerScreen);
            await Expect(page.GetByTestId("kiosk-page")).ToHaveTextAsync($"Страница 1 из {pages}");
            var measured = await page.EvaluateAsync<Measure>(MeasureScript);
            Console.WriteLine($"kiosk 1920×1080: scroll {measured.ScrollWidth}×{measured.ScrollHeight}");
            await BrowserPortal.SaveScreenshotAsync(page, "layout-kiosk");
            Assert.True(measured.ScrollWidth <= measured.Width, $"the kiosk is {measured.ScrollWidth} px wide: {string.Join(", ", measured.Wide)}");
            Assert.True(measured.ScrollHeight <= measured.Height, $"the kiosk is {measured.ScrollHeight} px high");
        });
    }

    [BrowserTheory]
    [InlineData(390, 844, 1)]
    [InlineData(1366, 768, 3)]
    public async Task SeveralNoticesAtOnceShowOneToastOnAPhoneAndAllOnADesktop(int width, int height, int visible)
    {
        var hub = browser.Services.GetRequiredService<LeaderboardHub>();
        await browser.RunAsync($"toasts-{width}", async page =>
        {
            await page.SignInAsync(Administrator);
            await page.SetViewportSizeAsync(width, height);
            await page.OpenAsync("leaderboards");

            // Three notices arrive together (the toasts' limit a minute is three): a new leader and two badges.
            hub.Notify(new GamificationNotice { Id = 9001, Kind = NoticeKind.NewLeader, EmployeeId = 1, CreatedAt = NoticedAt, Text = "" });
            hub.Notify(new GamificationNotice { Id = 9002, Kind = NoticeKind.BadgeAwarded, EmployeeId = 2, CreatedAt = NoticedAt, Text = "" });
            hub.Notify(new GamificationNotice { Id = 9003, Kind = NoticeKind.BadgeAwarded, EmployeeId = 3, CreatedAt = NoticedAt, Text = "" });

            var toasts = page.Locator("#mud-snackbar-container .mud-snackbar");
            await Expect(toasts).ToHaveCountAsync(3);
            await Expect(toasts.Filter(new() { Visible = true })).ToHaveCountAsync(visible);
            // On a phone the one shown is the newest.
            await Expect(toasts.Last).ToBeVisibleAsync();
            await BrowserPortal.SaveScreenshotAsync(page, $"toasts-{width}");
        });
    }

    [BrowserFact]
    public async Task TheAccountPageHasThePortalsBarAndMenu()
    {
        await browser.RunAsync("layout-account", async page =>
        {
            await page.SignInAsync(Administrator);
            await page.GotoAsync(AccountPage);
            await Expect(page.GetByTestId("account-manage")).ToBeVisibleAsync();
            await Expect(page.Locator(".mud-appbar")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("nav-menu")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("sign-out")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("language-en")).ToHaveAttributeAsync("href", new Regex("^culture/en\\?returnUrl="));
            await BrowserPortal.SaveScreenshotAsync(page, "layout-account");
        });
    }

    private const string AccountPage = "Account/Manage";

    /// <summary>Pages where an e-mail is what is shown: the users' list, a customer's card, one's own account, the connection.</summary>
    private static readonly string[] EmailPages = ["admin/users", "bonuses/customers/", AccountPage, "admin/connection", "promoters/"];

    private static readonly DateTime NoticedAt = new(2026, 12, 6, 9, 0, 0, DateTimeKind.Utc);

    private sealed class Measure
    {
        public int ScrollWidth { get; set; }

        public int ScrollHeight { get; set; }

        public int Width { get; set; }

        public int Height { get; set; }

        public string[] Wide { get; set; } = [];
    }

    [GeneratedRegex(@"[\w.+-]+@[\w-]+(\.[\w-]+)+")]
    private static partial Regex Email();

    /// <summary>Keys a person should never read: ISO weeks, CRM records by type and number, system actors.</summary>
    [GeneratedRegex(@"\d{4}-W\d{2}|\((activity|lead|task|deal|contact) \d+\)|system:")]
    private static partial Regex RawKey();
}
