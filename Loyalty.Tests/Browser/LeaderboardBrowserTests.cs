using Loyalty.Core.Crm;
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
/// The live leaderboard in two real browsers: a sales head and an administrator keep a rating open, a deal is won in
/// the sandbox, the sync and the gamification pass run, and both pages show the new order — without a reload.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class LeaderboardBrowserTests(BrowserPortal browser)
{
    private static readonly DemoAccounts.DemoAccount Administrator = DemoAccounts.All.Single(a => a.Role == Roles.Administrator);
    private static readonly DemoAccounts.DemoAccount SalesHead = DemoAccounts.All.Single(a => a.Role == Roles.SalesHead);

    [BrowserFact]
    public async Task TwoOpenLeaderboardsShowTheNewOrderWithoutReloadWhenADealIsWon()
    {
        await using var crm = new SyncPortal();
        crm.Start();
        await crm.Sync.RunAsync(SyncKind.Incremental, null, "test");
        var pipeline = crm.Services.GetRequiredService<GamificationPipeline>();
        await pipeline.RunFullAsync();

        // The sandbox's year of history falls in this calendar year's rating only partly: a year rating on the won sum has ranks to change.
        var rating = await crm.Services.GetRequiredService<GamificationQueries>().SaveRatingAsync(new RatingDefinition
        {
            Name = "Сумма продаж за год",
            Scope = RatingScope.Individual,
            Period = PeriodKind.Year,
            Criteria = [new Criterion(Metric.DealSum, 100)],
        }, "test");
        var before = await crm.Services.GetRequiredService<GamificationQueries>().LeaderboardAsync(rating.Id, null);
        Assert.NotNull(before);
        var (last, dealId) = await LowestWithAnOpenDealAsync(crm, before);
        Assert.True(last.Rank > 1, "the test needs someone below the leader");

        var salesHead = await browser.NewPageAsync(crm.BaseAddress);
        var administrator = await browser.NewPageAsync(crm.BaseAddress);
        try
        {
            foreach (var (page, account) in new[] { (salesHead, SalesHead), (administrator, Administrator) })
            {
                await page.SignInAsync(account);
                await page.OpenAsync($"leaderboards/{rating.Id}");
                await Expect(page.GetByTestId("leaderboard-ready")).ToHaveCountAsync(1);
                await Expect(Row(page, last.ParticipantId)).ToHaveAttributeAsync("data-rank", last.Rank!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                // Survives only if the page is never reloaded.
                await page.EvaluateAsync("() => window.__sameDocument = true");
            }

            await BrowserPortal.SaveScreenshotAsync(salesHead, "leaderboard-before");

            using (var response = await crm.Rest.PostAsync("crm.deal.update.json", SyncOverSandboxTests.JsonBody(new { id = dealId, fields = new { OPPORTUNITY = "900000000.00", STAGE_ID = "WON" } })))
            {
                response.EnsureSuccessStatusCode();
            }

            await crm.Sync.RunAsync(SyncKind.Incremental, null, "test");
            await pipeline.RunIncrementalAsync();

            foreach (var page in new[] { salesHead, administrator })
            {
                await Expect(Row(page, last.ParticipantId)).ToHaveAttributeAsync("data-rank", "1", new() { Timeout = 5_000 });
                await Expect(page.GetByTestId("leaderboard-row").First).ToHaveAttributeAsync("data-participant", last.ParticipantId.ToString(System.Globalization.CultureInfo.InvariantCulture));
                await Expect(Row(page, last.ParticipantId).GetByTestId("row-movement")).ToContainTextAsync("▲");
                Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");
            }

            await BrowserPortal.SaveScreenshotAsync(salesHead, "leaderboard-after");

            // The breakdown explains the new first place.
            await Row(salesHead, last.ParticipantId).ClickAsync();
            await Expect(salesHead.GetByTestId("breakdown-why")).ToContainTextAsync("Первое место");
            await Expect(salesHead.GetByTestId("breakdown-total")).ToHaveTextAsync("100,00");
        }
        finally
        {
            await salesHead.Context.CloseAsync();
            await administrator.Context.CloseAsync();
        }
    }

    [BrowserFact]
    public async Task TheKioskShowsTheBoardAloneInLargeType()
    {
        await using var crm = new SyncPortal();
        crm.Start();
        await crm.Sync.RunAsync(SyncKind.Incremental, null, "test");
        var rating = await crm.Services.GetRequiredService<GamificationQueries>().SaveRatingAsync(new RatingDefinition
        {
            Name = "Экран отдела продаж",
            Period = PeriodKind.Year,
            Criteria = [new Criterion(Metric.DealSum, 60), new Criterion(Metric.WonDeals, 40)],
            TopN = 5,
        }, "test");

        await browser.RunAsync("leaderboard-kiosk", crm.BaseAddress, async page =>
        {
            await page.SignInAsync(SalesHead);
            await page.OpenAsync($"leaderboards/{rating.Id}?kiosk=true");
            await Expect(page.GetByTestId("kiosk")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("leaderboard-row")).ToHaveCountAsync(5);
            await Expect(page.Locator(".mud-appbar")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("nav-")).ToHaveCountAsync(0);
            await BrowserPortal.SaveScreenshotAsync(page, "leaderboard-kiosk");

            await page.GetByTestId("kiosk-exit").ClickAsync();
            await Expect(page.Locator(".mud-appbar")).ToHaveCountAsync(1);
            await Expect(page.GetByTestId("leaderboard-title")).ToHaveTextAsync("Экран отдела продаж");
        });
    }

    private static ILocator Row(IPage page, long participantId) =>
        page.Locator($"[data-testid='leaderboard-row'][data-participant='{participantId}']");

    /// <summary>The lowest-ranked employee with an open rouble deal, and that deal.</summary>
    private static async Task<(LeaderboardRow Row, long DealId)> LowestWithAnOpenDealAsync(SyncPortal crm, Leaderboard board)
    {
        await using var db = await SyncOverSandboxTests.DbAsync(crm);
        var open = await db.Deals.AsNoTracking()
            .Where(d => d.Semantics == StageSemantics.InProgress && d.AssignedById != null && (d.CurrencyId == null || d.CurrencyId == "RUB"))
            .GroupBy(d => d.AssignedById!.Value).Select(g => new { Employee = g.Key, Deal = g.Min(d => d.Id) }).ToDictionaryAsync(x => x.Employee, x => x.Deal);
        var row = board.Rows.Last(r => r.Rank is not null && open.ContainsKey(r.ParticipantId));
        return (row, open[row.ParticipantId]);
    }
}
