using System.Globalization;
using System.Text.RegularExpressions;
using Loyalty.Core.Identity;
using Loyalty.Core.Sync;
using Loyalty.Tests.Core.Sync;
using Loyalty.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.Tests.Browser;

/// <summary>
/// The Sync, Jobs and dashboard pages in a real browser, each test on a sandbox portal of its own (<see cref="SyncPortal"/>:
/// a small company, no live changes, no rate limits, no scheduled syncs, so the Sync page starts with no runs).
/// The shared Chromium of the <c>Browser</c> collection opens them.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed partial class SyncBrowserTests(BrowserPortal browser)
{
    /// <summary>How long a whole sync of the small company may take on a slow machine (the 300 ms delays included).</summary>
    private static readonly LocatorAssertionsToBeHiddenOptions SyncFinishes = new() { Timeout = 120_000 };

    private static readonly DemoAccounts.DemoAccount Administrator = DemoAccounts.All.Single(a => a.Role == Roles.Administrator);

    [BrowserFact]
    public async Task SyncNowShowsTheProgressThenASucceededRunTheMirrorCountsAndTheDashboardsCrmCards()
    {
        await using var crm = new SyncPortal();
        // Every REST answer of the emulated portal waits 300 ms: the sync lasts long enough to be seen.
        crm.Settings["Sandbox:Faults:SlowResponseRate"] = "1";
        crm.Settings["Sandbox:Faults:SlowResponseMs"] = "300";
        crm.Start();

        await browser.RunAsync("sync-now", crm.BaseAddress, async page =>
        {
            await page.SignInAsync(Administrator);
            await page.OpenAsync("admin/sync");
            await Expect(page.GetByTestId("sync-runs-empty")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("sync-mirror-counts")).ToContainTextAsync("Сделки: 0");
            await Expect(page.GetByTestId("sync-last-success")).ToContainTextAsync("ещё не выполнялась");

            await page.GetByTestId("sync-now").ClickAsync();

            var progress = page.GetByTestId("sync-progress");
            await Expect(progress).ToBeVisibleAsync();
            await Expect(progress).ToContainTextAsync("Идёт синхронизация:");
            await Expect(page.GetByTestId("sync-now")).ToBeDisabledAsync();
            await Expect(progress).ToBeHiddenAsync(SyncFinishes);

            var status = page.GetByTestId("sync-run-status");
            await Expect(status).ToHaveCountAsync(1);
            await Expect(status).ToHaveTextAsync("Успешно");
            await Expect(page.GetByTestId("sync-runs").Locator("tbody tr").First).ToContainTextAsync(Administrator.DisplayName);
            await Expect(page.GetByTestId("sync-now")).ToBeEnabledAsync();
            await Expect(page.GetByTestId("sync-last-success")).ToContainTextAsync(DateTimePattern());
            var counts = page.GetByTestId("sync-mirror-counts");
            await Expect(counts).ToContainTextAsync(DealsChipPattern());
            var deals = DealsChipPattern().Match(await counts.InnerTextAsync()).Groups["deals"].Value;
            Assert.True(ParseNumber(deals) > 0, $"the mirror should hold deals after the sync, it shows \"Сделки: {deals}\"");
            await BrowserPortal.SaveScreenshotAsync(page, "sync-page");

            // The run's details: per-entity counts, and no record skipped.
            await page.GetByTestId("sync-runs").Locator("tbody tr").First.ClickAsync();
            var dialog = page.Locator(".mud-dialog");
            await Expect(dialog).ToContainTextAsync("Подробности запуска");
            await Expect(dialog).ToContainTextAsync("Сделки");
            await Expect(dialog).ToContainTextAsync("Все записи приняты.");
            await BrowserPortal.SaveScreenshotAsync(page, "sync-run-dialog");

            // The dashboard now has CRM data. The company's history ends at a fixed date long before "this month",
            // so only the cards and the deal total are checked, not this month's figures.
            await page.OpenAsync("/");
            await Expect(page.GetByTestId("crm-month")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("crm-top-managers")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("crm-empty")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("crm-month")).ToContainTextAsync($"Сделок в CRM: {deals}");
            await BrowserPortal.SaveScreenshotAsync(page, "dashboard-anchored");
        });
    }

    [BrowserFact]
    public async Task TheJobsPageListsEveryJobAndRunNowOnTheIncrementalSyncAddsASucceededRun()
    {
        await using var crm = new SyncPortal();
        crm.Start();

        await browser.RunAsync("jobs-run-now", crm.BaseAddress, async page =>
        {
            await page.SignInAsync(Administrator);
            await page.OpenAsync("admin/sync");
            await Expect(page.GetByTestId("sync-runs-empty")).ToBeVisibleAsync();

            await page.OpenAsync("admin/jobs");
            var rows = page.GetByTestId("jobs-table").Locator("tbody tr");
            await Expect(rows).ToHaveCountAsync(7);
            await Expect(rows.Nth(0)).ToContainTextAsync("Пересчёт бонусов");
            await Expect(rows.Nth(1)).ToContainTextAsync("Синхронизация изменений CRM");
            await Expect(rows.Nth(2)).ToContainTextAsync("Ночная сверка CRM (удалённые записи)");
            await Expect(rows.Nth(3)).ToContainTextAsync("Пересчёт рейтингов и значков");
            // The ledger check keeps its nightly schedule whether or not the sync runs.
            await Expect(rows.Nth(4)).ToContainTextAsync("Ночная проверка журнала операций");
            await Expect(rows.Nth(4)).Not.ToContainTextAsync("только вручную");
            // So does the notifications' safety net.
            await Expect(rows.Nth(5)).ToContainTextAsync("Отправка уведомлений");
            await Expect(rows.Nth(5)).Not.ToContainTextAsync("только вручную");
            // And the nightly erasure of old NPS comments.
            await Expect(rows.Nth(6)).ToContainTextAsync("Удаление старых комментариев NPS-опросов");
            await Expect(rows.Nth(6)).Not.ToContainTextAsync("только вручную");
            // Scheduled syncs are off: the sync jobs and the ratings' pass run on demand only (the recalculation always), and none has run yet.
            foreach (var row in new[] { rows.Nth(0), rows.Nth(1), rows.Nth(2), rows.Nth(3) })
            {
                await Expect(row).ToContainTextAsync("только вручную");
                await Expect(row).ToContainTextAsync("не запускалось с момента старта портала");
            }

            await page.GetByTestId("run-sync-incremental").ClickAsync();

            await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Задание «Синхронизация изменений CRM» запущено.");
            // When the run is over, its row tells when it started and how long it took. The live refresh is raised on
            // Quartz's thread, yet keeps the user's Russian formats (dotnet/aspnetcore#28521 is worked around), and
            // again after a full page load.
            var incremental = rows.Filter(new LocatorFilterOptions { Has = page.GetByTestId("run-sync-incremental") });
            var lastRun = incremental.Locator("td").Nth(1);
            await Expect(lastRun).ToHaveTextAsync(LastRunPattern(), new LocatorAssertionsToHaveTextOptions { Timeout = 120_000 });
            await Expect(incremental.Locator("td").Nth(2)).ToContainTextAsync("запуск синхронизации №");
            await page.OpenAsync("admin/jobs");
            await Expect(lastRun).ToHaveTextAsync(LastRunPattern());
            await Expect(rows.Nth(2)).ToContainTextAsync("не запускалось с момента старта портала");
            await BrowserPortal.SaveScreenshotAsync(page, "jobs-page");

            await page.OpenAsync("admin/sync");
            var status = page.GetByTestId("sync-run-status");
            await Expect(status).ToHaveCountAsync(1);
            await Expect(status).ToHaveTextAsync("Успешно");
            await Expect(page.GetByTestId("sync-runs-empty")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("sync-mirror-counts")).ToContainTextAsync(DealsChipPattern());
        });
    }

    [BrowserFact]
    public async Task WithTheCompanyHistoryEndingTodayTheDashboardShowsThisMonthInRussianFormats()
    {
        await using var crm = new SyncPortal();
        // No fixed anchor: the company's history ends now, so this month has wins, leads and calls.
        crm.Settings.Remove("Sandbox:AnchorUtc");
        crm.Start();
        Assert.NotEqual(0, await crm.Sync.RunAsync(SyncKind.Incremental, null, "test"));

        await browser.RunAsync("dashboard-crm", crm.BaseAddress, async page =>
        {
            await page.SignInAsync(Administrator);

            await Expect(page.GetByTestId("crm-month")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("crm-won-count")).ToHaveTextAsync(NumberPattern());
            await Expect(page.GetByTestId("crm-won-amount")).ToHaveTextAsync(MoneyPattern());
            await Expect(page.GetByTestId("crm-top-managers")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("crm-recent-wins")).ToBeVisibleAsync();
            await BrowserPortal.SaveScreenshotAsync(page, "dashboard-crm");
        });
    }

    private static long ParseNumber(string text) =>
        long.Parse(text.Replace("\u00A0", "", StringComparison.Ordinal).Replace("\u202F", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    /// <summary>The deals chip of the mirror counts: "Сделки: 1 234".</summary>
    [GeneratedRegex(@"Сделки: (?<deals>\d{1,3}([\u00A0\u202F ]\d{3})*)")]
    private static partial Regex DealsChipPattern();

    [GeneratedRegex(@"\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}")]
    private static partial Regex DateTimePattern();

    /// <summary>A job's last run: "23.11.2026 19:04 · 1,7 с".</summary>
    [GeneratedRegex(@"^\s*\d{2}\.\d{2}\.\d{4} \d{2}:\d{2} · \d+,\d[\u00A0 ]с\s*$")]
    private static partial Regex LastRunPattern();

    [GeneratedRegex(@"^\d{1,3}([\u00A0\u202F ]\d{3})*$")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^\d{1,3}([\u00A0\u202F ]\d{3})*,\d{2}[\u00A0\u202F ]₽$")]
    private static partial Regex MoneyPattern();
}
