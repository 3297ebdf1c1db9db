using System.Net;
using System.Text.Json;
using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Loyalty.Tests.Core.Sync;

/// <summary>
/// Issue 11, item 2: a deal whose amount does not fit (and one with an impossible date) used to stop the host from
/// the event re-read worker, and again on every restart. Now both are skipped into the sync issues with their reason,
/// and the portal, its sync and its worker go on.
/// </summary>
public sealed class PoisonedRecordTests
{
    [Fact]
    public async Task APoisonedDealIsSkippedIntoTheIssuesAndThePortalItsSyncAndItsWorkerGoOn()
    {
        await using var portal = new SyncPortal(events: true);
        portal.Start();
        await portal.WaitUntilAsync(async db => await db.SyncRuns.AnyAsync(r => r.Status == SyncStatus.Succeeded), "the first scheduled sync");

        // The sandbox takes the amount as a real portal does (a decimal string) and sends the events to the portal.
        var huge = await AddDealAsync(portal, new { TITLE = "Яд: сумма", CATEGORY_ID = "0", STAGE_ID = "NEW", OPPORTUNITY = "999999999999999999999", CURRENCY_ID = "RUB" });
        await SyncOverSandboxTests.UpdateDealStageAsync(portal, huge, "WON");
        var dated = await AddDealAsync(portal, new { TITLE = "Яд: дата", CATEGORY_ID = "0", STAGE_ID = "WON", CLOSEDATE = "9999-12-31T23:00:00+03:00", OPPORTUNITY = "1500" });
        Assert.Contains("999999999999999999999", await DealFieldAsync(portal, huge, "OPPORTUNITY"), StringComparison.Ordinal);

        await portal.WaitUntilAsync(db => db.SyncIssues.AnyAsync(i => i.RunId == null && i.EntityId == huge && i.Reason == SyncIssueReason.AmountOutOfRange), "the re-read's issue for the amount");
        await portal.WaitUntilAsync(db => db.SyncIssues.AnyAsync(i => i.RunId == null && i.EntityId == dated && i.Reason == SyncIssueReason.BadDate), "the re-read's issue for the date");

        // The worker goes on: a normal deal won after the poisoned ones reaches the mirror through its event.
        long normal;
        await using (var db = await SyncOverSandboxTests.DbAsync(portal))
        {
            normal = await db.Deals.Where(d => d.PipelineId == 0 && d.Semantics == StageSemantics.InProgress).Select(d => d.Id).FirstAsync();
        }

        await SyncOverSandboxTests.UpdateDealStageAsync(portal, normal, "WON");
        await portal.WaitUntilAsync(db => db.CrmFacts.AnyAsync(f => f.Kind == CrmFactKind.DealWon && f.EntityId == normal), "the normal deal's DealWon fact");

        // A full sync (what every restart met before) skips both and takes everything else.
        var runId = await portal.Sync.RunAsync(SyncKind.Full, null, "test");

        await using var after = await SyncOverSandboxTests.DbAsync(portal);
        var run = await after.SyncRuns.SingleAsync(r => r.Id == runId);
        Assert.Equal(SyncStatus.Succeeded, run.Status);
        Assert.Equal(2, run.Skipped);
        var issues = await after.SyncIssues.Where(i => i.RunId == runId).OrderBy(i => i.EntityId).ToListAsync();
        Assert.Collection(
            issues,
            i =>
            {
                Assert.Equal((huge, SyncIssueReason.AmountOutOfRange, "OPPORTUNITY", "Яд: сумма"), (i.EntityId!.Value, i.Reason, i.Field, i.Title));
                Assert.StartsWith("999999999999999999999", i.Value, StringComparison.Ordinal);
            },
            i => Assert.Equal((dated, SyncIssueReason.BadDate, "CLOSEDATE", "Яд: дата"), (i.EntityId!.Value, i.Reason, i.Field, i.Title)));
        Assert.Equal(await SyncOverSandboxTests.TotalAsync(portal, "crm.deal.list") - 2, await after.Deals.CountAsync());
        Assert.False(await after.Deals.AnyAsync(d => d.Id == huge || d.Id == dated));
        // Its two events (added, won) leave one re-read issue: a later re-read replaces the earlier one.
        Assert.Equal(1, await after.SyncIssues.CountAsync(i => i.RunId == null && i.EntityId == huge));

        // The host is still up and answering.
        Assert.False(portal.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        using var http = new HttpClient { BaseAddress = portal.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);
        // And the page's query lists the issues, newest first.
        var recent = await portal.Services.GetRequiredService<SyncQueries>().RecentIssuesAsync();
        Assert.Contains(recent, i => i.RunId == runId && i.EntityId == huge);
    }

    private static async Task<long> AddDealAsync(SyncPortal portal, object fields)
    {
        using var response = await portal.Rest.PostAsync("crm.deal.add.json", SyncOverSandboxTests.JsonBody(new { fields }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("result").GetInt64();
    }

    private static async Task<string> DealFieldAsync(SyncPortal portal, long id, string field)
    {
        using var response = await portal.Rest.GetAsync($"crm.deal.get.json?id={id}");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("result").GetProperty(field).ToString();
    }

}
