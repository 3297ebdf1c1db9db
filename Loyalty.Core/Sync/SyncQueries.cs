using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Sync;

public sealed record SyncRunPage(IReadOnlyList<SyncRun> Runs, int Total);

/// <summary>What the Sync page, the dashboard and /health read about syncing; every count runs in the database.</summary>
public sealed class SyncQueries(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public async Task<SyncRun?> LastSuccessfulAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.SyncRuns.AsNoTracking().Where(r => r.Status == SyncStatus.Succeeded).OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
    }

    public async Task<SyncRunPage> RunsAsync(int skip, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var total = await db.SyncRuns.CountAsync(ct);
        var runs = await db.SyncRuns.AsNoTracking().OrderByDescending(r => r.Id).Skip(skip).Take(take).ToListAsync(ct);
        return new SyncRunPage(runs, total);
    }

    public async Task<IReadOnlyList<SyncIssue>> IssuesAsync(long runId, int take = 200, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.SyncIssues.AsNoTracking().Where(i => i.RunId == runId).OrderBy(i => i.Id).Take(take).ToListAsync(ct);
    }

    /// <summary>The latest skipped records of all runs and event re-reads, newest first.</summary>
    public async Task<IReadOnlyList<SyncIssue>> RecentIssuesAsync(int take = 50, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.SyncIssues.AsNoTracking().OrderByDescending(i => i.Id).Take(take).ToListAsync(ct);
    }

    /// <summary>Live (not deleted) rows per entity in the mirror.</summary>
    public async Task<IReadOnlyDictionary<SyncEntity, int>> MirrorCountsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return new Dictionary<SyncEntity, int>
        {
            [SyncEntity.Departments] = await db.Departments.CountAsync(d => d.DeletedAt == null, ct),
            [SyncEntity.Employees] = await db.Employees.CountAsync(e => e.DeletedAt == null, ct),
            [SyncEntity.Pipelines] = await db.Pipelines.CountAsync(p => p.DeletedAt == null, ct),
            [SyncEntity.Stages] = await db.Stages.CountAsync(ct),
            [SyncEntity.Currencies] = await db.Currencies.CountAsync(ct),
            [SyncEntity.Contacts] = await db.Contacts.CountAsync(c => c.DeletedAt == null, ct),
            [SyncEntity.Leads] = await db.Leads.CountAsync(l => l.DeletedAt == null, ct),
            [SyncEntity.Deals] = await db.Deals.CountAsync(d => d.DeletedAt == null, ct),
            [SyncEntity.Activities] = await db.Activities.CountAsync(a => a.DeletedAt == null, ct),
            [SyncEntity.Tasks] = await db.CrmTasks.CountAsync(t => t.DeletedAt == null, ct),
        };
    }

    public async Task<int> PendingEventsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PendingRefetches.CountAsync(ct);
    }
}
