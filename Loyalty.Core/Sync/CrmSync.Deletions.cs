using Loyalty.Core.Bitrix24;
using Loyalty.Core.Crm;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Loyalty.Core.Sync;

public sealed partial class CrmSync
{
    /// <summary>Bitrix24 lists never report deletions: the nightly run compares the portal's IDs with the mirror's.</summary>
    private static readonly Dictionary<SyncEntity, Bitrix24ListRequest> ReconcileRequests = new()
    {
        [SyncEntity.Contacts] = new("crm.contact.list", Select: ["ID"]),
        [SyncEntity.Leads] = new("crm.lead.list", Select: ["ID"]),
        [SyncEntity.Deals] = new("crm.deal.list", Select: ["ID"]),
        [SyncEntity.Activities] = new("crm.activity.list", Select: ["ID"]),
        [SyncEntity.Tasks] = new("tasks.task.list", Select: ["ID"], ItemsKey: "tasks", IdField: "id"),
    };

    private Task<EntityCounts> ReconcileAsync(SyncEntity entity, CancellationToken ct) => entity switch
    {
        SyncEntity.Contacts => ReconcileAsync<Contact>(entity, FactRules.ForContactDeleted, ct),
        SyncEntity.Leads => ReconcileAsync<Lead>(entity, NoDeletionFacts, ct),
        SyncEntity.Deals => ReconcileAsync<Deal>(entity, FactRules.ForDeletedDeal, ct),
        SyncEntity.Activities => ReconcileAsync<Activity>(entity, NoDeletionFacts, ct),
        SyncEntity.Tasks => ReconcileAsync<CrmTask>(entity, NoDeletionFacts, ct),
        _ => Task.FromResult(EntityCounts.Zero),
    };

    private static IEnumerable<CrmFact> NoDeletionFacts<T>(T before, DateTime at) => [];

    /// <summary>
    /// Walks the portal's IDs and the mirror's live IDs together, both ascending, so memory stays flat on
    /// a million rows; IDs the portal no longer has become tombstones. A listing that would delete most of
    /// the mirror is refused: that is a permission or connection problem, not a mass deletion.
    /// </summary>
    private async Task<EntityCounts> ReconcileAsync<T>(SyncEntity entity, Func<T, DateTime, IEnumerable<CrmFact>> factsFor, CancellationToken ct)
        where T : MirrorRecord
    {
        var remote = ReadIdsAsync(ReconcileRequests[entity], ct).GetAsyncEnumerator(ct);
        var hasRemote = await remote.MoveNextAsync();
        var missing = new List<long>();
        long seen = 0;
        long after = -1;
        while (true)
        {
            List<long> local;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                local = await db.Set<T>().Where(r => r.DeletedAt == null && r.Id > after).OrderBy(r => r.Id).Select(r => r.Id).Take(5000).ToListAsync(ct);
            }

            if (local.Count == 0)
            {
                break;
            }

            foreach (var id in local)
            {
                while (hasRemote && remote.Current < id)
                {
                    hasRemote = await remote.MoveNextAsync();
                }

                if (!hasRemote || remote.Current != id)
                {
                    missing.Add(id);
                }
            }

            seen += local.Count;
            after = local[^1];
        }

        await remote.DisposeAsync();
        if (missing.Count > 100 && missing.Count * 2 > seen)
        {
            throw new InvalidOperationException(
                $"Reconciliation of {entity} would delete {missing.Count} of {seen} records: refused. Check the webhook's permissions and scopes.");
        }

        var marked = 0L;
        var facts = 0L;
        foreach (var chunk in missing.Chunk(options.Value.FlushSize))
        {
            var counts = await MarkDeletedAsync(entity, chunk, factsFor, ct);
            marked += counts.Changed;
            facts += counts.Facts;
        }

        if (marked > 0)
        {
            logger.LogInformation("Reconciliation marked {Count} {Entity} deleted in Bitrix24", marked, entity);
        }

        return new EntityCounts(0, marked, facts, 0);
    }

    private async IAsyncEnumerable<long> ReadIdsAsync(Bitrix24ListRequest request, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var page in client.ListAsync(request, ct))
        {
            foreach (var row in page)
            {
                if (new Bitrix24Row(row).Long(request.IdField) is { } id)
                {
                    yield return id;
                }
            }
        }
    }

    /// <summary>Turns mirror rows into tombstones and writes the facts their disappearance means.</summary>
    internal async Task<EntityCounts> MarkDeletedAsync<T>(SyncEntity entity, IReadOnlyCollection<long> ids, Func<T, DateTime, IEnumerable<CrmFact>> factsFor, CancellationToken ct)
        where T : MirrorRecord
    {
        await monitor.WriteLock.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var rows = await db.Set<T>().Where(r => EF.Parameter(ids).Contains(r.Id) && r.DeletedAt == null).ToListAsync(ct);
            var now = Now;
            var facts = new List<CrmFact>();
            foreach (var row in rows)
            {
                facts.AddRange(factsFor(row, now));
                row.DeletedAt = now;
                row.SyncedAt = now;
            }

            var added = await AddNewFactsAsync(db, facts, now, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            if (rows.Count > 0)
            {
                monitor.ReportMirrorChange(new MirrorChange(entity, rows.Count, added));
            }

            return new EntityCounts(0, rows.Count, added, 0);
        }
        finally
        {
            monitor.WriteLock.Release();
        }
    }
}
