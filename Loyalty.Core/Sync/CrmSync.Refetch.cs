using System.Text.Json;
using Loyalty.Core.Bitrix24;
using Loyalty.Core.Crm;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Sync;

public sealed partial class CrmSync
{
    private static readonly Dictionary<SyncEntity, string> GetMethods = new()
    {
        [SyncEntity.Contacts] = "crm.contact.get",
        [SyncEntity.Leads] = "crm.lead.get",
        [SyncEntity.Deals] = "crm.deal.get",
        [SyncEntity.Activities] = "crm.activity.get",
        [SyncEntity.Tasks] = "tasks.task.get",
    };

    public static bool CanRefetch(SyncEntity entity) => GetMethods.ContainsKey(entity);

    /// <summary>
    /// Re-reads the entities events pointed at (never trusting the events' own fields), 50 to a batch, and
    /// writes them through the same comparison as the sync. An entity the portal no longer has becomes a
    /// tombstone. Returns how many pending entities were handled.
    /// </summary>
    public async Task<int> RefetchPendingAsync(CancellationToken ct = default)
    {
        List<PendingRefetch> pending;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            pending = await db.PendingRefetches.AsNoTracking().OrderBy(p => p.RequestedAt).Take(500).ToListAsync(ct);
        }

        var handled = new List<PendingRefetch>();
        foreach (var group in pending.GroupBy(p => p.Entity))
        {
            foreach (var chunk in group.Chunk(50))
            {
                handled.AddRange(await RefetchChunkAsync(group.Key, chunk, ct));
            }
        }

        if (handled.Count > 0)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            foreach (var item in handled)
            {
                // An event that arrived while this one was being handled keeps its row for the next round.
                await db.PendingRefetches
                    .Where(p => p.Entity == item.Entity && p.EntityId == item.EntityId && p.RequestedAt <= item.RequestedAt)
                    .ExecuteDeleteAsync(ct);
            }
        }

        return handled.Count;
    }

    private async Task<IReadOnlyList<PendingRefetch>> RefetchChunkAsync(SyncEntity entity, PendingRefetch[] chunk, CancellationToken ct)
    {
        var method = GetMethods[entity];
        var commands = chunk.Select(p => new Bitrix24Command(
            $"e{p.EntityId}",
            method,
            entity == SyncEntity.Tasks
                ? new Dictionary<string, object?> { ["taskId"] = p.EntityId, ["select"] = CrmMapping.TaskSelect }
                : new Dictionary<string, object?> { ["id"] = p.EntityId })).ToList();
        var batch = await client.BatchAsync(commands, halt: false, ct);

        var found = new List<JsonElement>();
        var gone = new List<long>();
        var handled = new List<PendingRefetch>();
        foreach (var item in chunk)
        {
            var name = $"e{item.EntityId}";
            if (batch.Results.TryGetValue(name, out var result))
            {
                found.Add(entity == SyncEntity.Tasks && result.ValueKind == JsonValueKind.Object && result.TryGetProperty("task", out var task) ? task : result);
                handled.Add(item);
            }
            else if (batch.Errors.TryGetValue(name, out var error) && error is Bitrix24NotFoundException)
            {
                gone.Add(item.EntityId);
                handled.Add(item);
            }

            // Any other error leaves the entity pending: it is tried again on the next round.
        }

        switch (entity)
        {
            case SyncEntity.Contacts:
                await WriteFetchedAsync(entity, found, CrmMapping.Contact, FactRules.ForContact, null, ct);
                await MarkDeletedAsync<Contact>(entity, gone, FactRules.ForContactDeleted, ct);
                break;
            case SyncEntity.Leads:
                var leads = await LeadRulesAsync(ct);
                await WriteFetchedAsync(entity, found, CrmMapping.Lead, leads.Facts, leads.Validate, ct);
                await MarkDeletedAsync<Lead>(entity, gone, NoDeletionFacts, ct);
                break;
            case SyncEntity.Deals:
                var deals = await DealRulesAsync(ct);
                await WriteFetchedAsync(entity, found, CrmMapping.Deal, deals.Facts, deals.Validate, ct);
                await MarkDeletedAsync<Deal>(entity, gone, FactRules.ForDeletedDeal, ct);
                break;
            case SyncEntity.Activities:
                await WriteFetchedAsync(entity, found, CrmMapping.Activity, FactRules.ForActivity, null, ct);
                await MarkDeletedAsync<Activity>(entity, gone, NoDeletionFacts, ct);
                break;
            case SyncEntity.Tasks:
                await WriteFetchedAsync(entity, found, CrmMapping.Task, FactRules.ForTask, null, ct);
                await MarkDeletedAsync<CrmTask>(entity, gone, NoDeletionFacts, ct);
                break;
        }

        return handled;
    }

    /// <summary>
    /// Maps what a re-read found and writes it. A row that cannot be mapped is skipped into the issues list
    /// without a run (a re-read belongs to none), replacing the record's earlier re-read issue so that a hundred
    /// events for one broken deal leave one line; a record that maps again clears its re-read issue.
    /// </summary>
    private async Task WriteFetchedAsync<T>(
        SyncEntity entity, List<JsonElement> rows, Func<Bitrix24Row, T> map, Func<T?, T, IEnumerable<CrmFact>> factsFor, Func<T, SkippedRow?>? validate, CancellationToken ct)
        where T : MirrorRecord
    {
        var records = new List<T>();
        var issues = new List<SyncIssue>();
        foreach (var element in rows)
        {
            var row = new Bitrix24Row(element);
            var (record, skip) = SkippedRow.TryMap(row, map, validate);
            if (record is null)
            {
                issues.Add(Issue(null, entity, row, skip!));
                continue;
            }

            records.Add(record);
        }

        var touched = records.Select(r => (long?)r.Id).Concat(issues.Select(i => i.EntityId)).Where(id => id is not null).ToList();
        if (touched.Count > 0)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await db.SyncIssues.Where(i => i.RunId == null && i.Entity == entity && touched.Contains(i.EntityId)).ExecuteDeleteAsync(ct);
        }

        await FlushAsync(entity, records, factsFor, issues, ct);
    }
}
