using System.Net;
using System.Text.Json;
using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Core.Sync;

/// <summary>The sync against the sandbox portal over real HTTP: complete, idempotent, fault-tolerant, crash-safe.</summary>
public sealed class SyncOverSandboxTests
{
    [Fact]
    public async Task AFirstSyncMirrorsEveryRecordThePortalLists()
    {
        await using var portal = new SyncPortal();
        portal.Start();

        var runId = await portal.Sync.RunAsync(SyncKind.Incremental, null, "test");

        await using var db = await DbAsync(portal);
        var run = await db.SyncRuns.SingleAsync(r => r.Id == runId);
        Assert.Equal(SyncStatus.Succeeded, run.Status);
        Assert.Equal(await TotalAsync(portal, "crm.deal.list"), await db.Deals.CountAsync());
        Assert.Equal(await TotalAsync(portal, "crm.contact.list"), await db.Contacts.CountAsync());
        Assert.Equal(await TotalAsync(portal, "crm.lead.list"), await db.Leads.CountAsync());
        Assert.Equal(await TotalAsync(portal, "crm.activity.list"), await db.Activities.CountAsync());
        Assert.Equal(await TotalAsync(portal, "user.get"), await db.Employees.CountAsync());
        Assert.True(await db.Stages.AnyAsync(s => s.Code == "WON" && s.Semantics == StageSemantics.Success));

        // Every won deal became exactly one DealWon fact, with the deal's amount.
        var won = await db.Deals.Where(d => d.Semantics == StageSemantics.Success).ToListAsync();
        var wonFacts = await db.CrmFacts.Where(f => f.Kind == CrmFactKind.DealWon).ToListAsync();
        Assert.NotEmpty(won);
        Assert.Equal(won.Select(d => d.Id).Order(), wonFacts.Select(f => f.EntityId).Order());
        Assert.All(wonFacts, f => Assert.Equal(won.Single(d => d.Id == f.EntityId).AmountMinor, f.AmountMinor));
    }

    [Fact]
    public async Task SyncingAgainChangesNothingAndAddsNoFact()
    {
        await using var portal = new SyncPortal();
        portal.Start();
        await portal.Sync.RunAsync(SyncKind.Incremental, null, "test");
        var mirror = portal.MirrorSnapshot();
        var facts = portal.FactKeys();

        await portal.Sync.RunAsync(SyncKind.Full, null, "test");
        await portal.Sync.RunAsync(SyncKind.Incremental, null, "test");

        Assert.Equal(mirror, portal.MirrorSnapshot());
        Assert.Equal(facts, portal.FactKeys());
    }

    [Fact]
    public async Task WithInjectedLimitAndServerErrorsTheMirrorEndsIdenticalToAFaultFreeSync()
    {
        await using var clean = new SyncPortal();
        clean.Start();
        await clean.Sync.RunAsync(SyncKind.Incremental, null, "test");

        await using var faulty = new SyncPortal();
        faulty.Settings["Sandbox:Faults:QueryLimitExceededRate"] = "0.3";
        faulty.Settings["Sandbox:Faults:ServerErrorRate"] = "0.05";
        faulty.Settings["Bitrix24:MaxRetries"] = "12";
        faulty.Start();
        var runId = await faulty.Sync.RunAsync(SyncKind.Incremental, null, "test");

        await using var db = await DbAsync(faulty);
        Assert.Equal(SyncStatus.Succeeded, (await db.SyncRuns.SingleAsync(r => r.Id == runId)).Status);
        Assert.Equal(clean.MirrorSnapshot(), faulty.MirrorSnapshot());
        Assert.Equal(clean.FactKeys(), faulty.FactKeys());
    }

    [Fact]
    public async Task AListingThatKeepsFailingEndsTheRunFailedWithItsError()
    {
        await using var portal = new SyncPortal();
        portal.Settings["Sandbox:Faults:ServerErrorRate"] = "1";
        portal.Settings["Bitrix24:MaxRetries"] = "0";
        portal.Start();

        var runId = await portal.Sync.RunAsync(SyncKind.Incremental, null, "test");

        await using var db = await DbAsync(portal);
        var run = await db.SyncRuns.SingleAsync(r => r.Id == runId);
        Assert.Equal(SyncStatus.Failed, run.Status);
        Assert.False(string.IsNullOrEmpty(run.Error));
        Assert.False(portal.Services.GetRequiredService<SyncMonitor>().IsRunning);
        Assert.Equal(0, await db.Departments.CountAsync());
    }

    [Fact]
    public async Task ASyncStoppedMidwayAndRunAgainEndsIdenticalToAnUninterruptedOne()
    {
        await using var reference = new SyncPortal();
        reference.Start();
        await reference.Sync.RunAsync(SyncKind.Incremental, null, "test");

        await using var portal = new SyncPortal();
        // Small chunks, so that stopping lands between two of them.
        portal.Settings["Sync:FlushSize"] = "50";
        portal.Start();
        using var stop = new CancellationTokenSource();
        var monitor = portal.Services.GetRequiredService<SyncMonitor>();
        // Stop as soon as the deals are being written: contacts and leads are in, deals half-way.
        monitor.MirrorChanged += change =>
        {
            if (change.Entity == SyncEntity.Deals)
            {
                stop.Cancel();
            }
        };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => portal.Sync.RunAsync(SyncKind.Incremental, null, "test", stop.Token));
        await using (var db = await DbAsync(portal))
        {
            var deals = await db.Deals.CountAsync();
            Assert.InRange(deals, 1, await TotalAsync(portal, "crm.deal.list") - 1);
            Assert.Equal(SyncStatus.Cancelled, (await db.SyncRuns.SingleAsync()).Status);
        }

        await portal.Sync.RunAsync(SyncKind.Incremental, null, "test");

        Assert.Equal(reference.MirrorSnapshot(), portal.MirrorSnapshot());
        var keys = portal.FactKeys();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(reference.FactKeys(), keys);
    }

    [Fact]
    public async Task ADealWonInThePortalAndThenMovedBackGivesOneWonAndOneUnwonFact()
    {
        await using var portal = new SyncPortal();
        portal.Start();
        await portal.Sync.RunAsync(SyncKind.Incremental, null, "test");
        long dealId;
        await using (var db = await DbAsync(portal))
        {
            dealId = await db.Deals.Where(d => d.PipelineId == 0 && d.Semantics == StageSemantics.InProgress).Select(d => d.Id).FirstAsync();
        }

        await UpdateDealStageAsync(portal, dealId, "WON");
        await portal.Sync.RunAsync(SyncKind.Incremental, null, "test");
        await portal.Sync.RunAsync(SyncKind.Incremental, null, "test");
        await UpdateDealStageAsync(portal, dealId, "EXECUTING");
        await portal.Sync.RunAsync(SyncKind.Incremental, null, "test");

        await using var after = await DbAsync(portal);
        var facts = await after.CrmFacts.Where(f => f.EntityType == "deal" && f.EntityId == dealId).OrderBy(f => f.Id).Select(f => f.Kind).ToListAsync();
        Assert.Equal([CrmFactKind.DealCreated, CrmFactKind.DealWon, CrmFactKind.DealUnwon], facts);
        Assert.Equal(StageSemantics.InProgress, (await after.Deals.SingleAsync(d => d.Id == dealId)).Semantics);
    }

    [Fact]
    public async Task ReconciliationTurnsDealsDeletedInThePortalIntoTombstonesAndUnwinsThem()
    {
        await using var portal = new SyncPortal();
        portal.Start();
        await portal.Sync.RunAsync(SyncKind.Incremental, null, "test");
        long wonId;
        await using (var db = await DbAsync(portal))
        {
            wonId = await db.Deals.Where(d => d.Semantics == StageSemantics.Success).Select(d => d.Id).FirstAsync();
        }

        var deleted = await portal.Rest.PostAsync("crm.deal.delete.json", JsonBody(new { id = wonId }));
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        await portal.Sync.RunAsync(SyncKind.Incremental, null, "test");
        await using (var db = await DbAsync(portal))
        {
            Assert.Null((await db.Deals.SingleAsync(d => d.Id == wonId)).DeletedAt);
        }

        await portal.Sync.RunAsync(SyncKind.Reconcile, null, "test");

        await using var after = await DbAsync(portal);
        Assert.NotNull((await after.Deals.SingleAsync(d => d.Id == wonId)).DeletedAt);
        Assert.Single(await after.CrmFacts.Where(f => f.Kind == CrmFactKind.DealUnwon && f.EntityId == wonId).ToListAsync());
        Assert.Equal(await TotalAsync(portal, "crm.deal.list"), await after.Deals.CountAsync(d => d.DeletedAt == null));
    }

    internal static async Task<LoyaltyDbContext> DbAsync(SyncPortal portal) =>
        await portal.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();

    internal static async Task<int> TotalAsync(SyncPortal portal, string method)
    {
        using var response = await portal.Rest.GetAsync($"{method}.json?select%5B0%5D=ID");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("total").GetInt32();
    }

    internal static async Task UpdateDealStageAsync(SyncPortal portal, long id, string stage)
    {
        using var response = await portal.Rest.PostAsync("crm.deal.update.json", JsonBody(new { id, fields = new { STAGE_ID = stage } }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    internal static StringContent JsonBody(object body) =>
        new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
