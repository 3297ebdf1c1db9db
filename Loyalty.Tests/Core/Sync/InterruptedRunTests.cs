using Loyalty.Core.Bonuses;
using Loyalty.Core.Data;
using Loyalty.Core.Sync;
using Loyalty.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Core.Sync;

/// <summary>A portal that died mid-sync leaves its run "running"; the next start-up marks it failed as interrupted.</summary>
public sealed class InterruptedRunTests
{
    [Fact]
    public async Task ARunAndARecalculationLeftRunningByAStoppedPortalAreMarkedInterruptedAtTheNextStart()
    {
        using var first = new PortalFactory();
        long runId, finishedId, recalculationId;
        await using (var db = await first.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync())
        {
            var started = DateTime.UtcNow.AddMinutes(-5);
            var running = new SyncRun { Kind = SyncKind.Incremental, Status = SyncStatus.Running, StartedAt = started, TriggeredBy = "schedule" };
            var finished = new SyncRun { Kind = SyncKind.Full, Status = SyncStatus.Succeeded, StartedAt = started, FinishedAt = started.AddMinutes(1) };
            var recalculation = new BonusRecalculation { CreatedAt = started, CreatedBy = "admin", Status = RecalculationStatus.Applying };
            db.AddRange(running, finished, recalculation);
            await db.SaveChangesAsync();
            (runId, finishedId, recalculationId) = (running.Id, finished.Id, recalculation.Id);
        }

        // The portal starts again over the same database file.
        using var second = new PortalFactory();
        second.Settings["Database:Path"] = first.DatabasePath;
        await using var after = await second.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();

        var run = await after.SyncRuns.SingleAsync(r => r.Id == runId);
        Assert.Equal(SyncStatus.Failed, run.Status);
        Assert.Equal(SyncRun.Interrupted, run.Error);
        Assert.NotNull(run.FinishedAt);
        Assert.Equal(SyncStatus.Succeeded, (await after.SyncRuns.SingleAsync(r => r.Id == finishedId)).Status);
        var left = await after.BonusRecalculations.SingleAsync(r => r.Id == recalculationId);
        Assert.Equal(RecalculationStatus.Failed, left.Status);
        Assert.Contains("Interrupted", left.Error, StringComparison.Ordinal);
    }
}
