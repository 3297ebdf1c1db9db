using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Loyalty.Core.Bitrix24;
using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Loyalty.Core.Sync;

/// <summary>Per entity: rows read from Bitrix24, rows the mirror changed, facts emitted, rows skipped as bad.</summary>
public sealed record EntityCounts(long Read, long Changed, long Facts, long Skipped)
{
    public static readonly EntityCounts Zero = new(0, 0, 0, 0);

    public EntityCounts Add(EntityCounts other) => new(Read + other.Read, Changed + other.Changed, Facts + other.Facts, Skipped + other.Skipped);
}

/// <summary>
/// Brings the CRM into the mirror: reads each entity from Bitrix24 (incrementally by modification time with
/// an overlap, or in full), compares with what the mirror holds, writes the differences and the facts they
/// mean in one transaction per chunk. A crash loses at most the chunk in flight; the next run reads it again
/// and, the mirror being compared first, writes nothing twice.
/// </summary>
public sealed partial class CrmSync(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    IBitrix24Client client,
    SyncMonitor monitor,
    TimeProvider time,
    IOptions<SyncOptions> options,
    ILogger<CrmSync> logger)
{
    private static readonly SyncEntity[] Order = Enum.GetValues<SyncEntity>();

    private static readonly JsonSerializerOptions CountsJson = new() { WriteIndented = false };

    /// <summary>Pages read ahead of the writer: two batches of 50 list commands.</summary>
    private const int ReadAheadPages = 2 * Bitrix24Client.MaxBatchCommands;

    /// <summary>Runs a sync and returns its run ID. Throws <see cref="SyncAlreadyRunningException"/> if one is running.</summary>
    public async Task<long> RunAsync(SyncKind kind, DateTime? fromDate, string triggeredBy, CancellationToken ct = default)
    {
        if (!monitor.TryBegin())
        {
            throw new SyncAlreadyRunningException();
        }

        var run = new SyncRun { Kind = kind, Status = SyncStatus.Running, StartedAt = Now, FromDate = fromDate, TriggeredBy = triggeredBy };
        var counts = new Dictionary<SyncEntity, EntityCounts>();
        try
        {
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                db.SyncRuns.Add(run);
                await db.SaveChangesAsync(ct);
            }

            monitor.Report(new SyncProgress(run.Id, kind, null, 0, Order.Length, 0, 0, run.StartedAt));
            for (var i = 0; i < Order.Length; i++)
            {
                var entity = Order[i];
                var progress = new Progress(monitor, run, entity, i, time);
                counts[entity] = await SyncEntityAsync(entity, kind, fromDate, run, progress, ct);
                if (kind == SyncKind.Reconcile && ReconcileRequests.ContainsKey(entity))
                {
                    counts[entity] = counts[entity].Add(await ReconcileAsync(entity, ct));
                }

                await SaveRunAsync(run, counts, SyncStatus.Running, null, ct);
            }

            await SaveRunAsync(run, counts, SyncStatus.Succeeded, null, CancellationToken.None);
            logger.LogInformation("Sync {RunId} ({Kind}) finished: {Counts}", run.Id, kind, run.Counts);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await SaveRunAsync(run, counts, SyncStatus.Cancelled, "Cancelled.", CancellationToken.None);
            throw;
        }
        catch (Exception ex) when (run.Id != 0)
        {
            logger.LogError(ex, "Sync {RunId} failed", run.Id);
            await SaveRunAsync(run, counts, SyncStatus.Failed, ex.Message, CancellationToken.None);
        }
        finally
        {
            monitor.End();
        }

        return run.Id;
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private async Task<EntityCounts> SyncEntityAsync(SyncEntity entity, SyncKind kind, DateTime? fromDate, SyncRun run, Progress progress, CancellationToken ct)
    {
        var since = await SinceAsync(entity, kind, fromDate, ct);
        EntityCounts counts;
        DateTime? newest;
        switch (entity)
        {
            case SyncEntity.Departments:
                (counts, newest) = await SyncListAsync(entity, new Bitrix24ListRequest("department.get", UseIdCursor: false), CrmMapping.Department, NoFacts, run, progress, ct);
                break;
            case SyncEntity.Employees:
                (counts, newest) = await SyncListAsync(entity, new Bitrix24ListRequest("user.get", UseIdCursor: false), CrmMapping.Employee, NoFacts, run, progress, ct);
                break;
            case SyncEntity.Pipelines:
                (counts, newest) = await SyncListAsync(
                    entity,
                    new Bitrix24ListRequest("crm.category.list", ItemsKey: "categories", IdField: "id", UseIdCursor: false, ExtraParameters: new Dictionary<string, object?> { ["entityTypeId"] = 2 }),
                    CrmMapping.Pipeline, NoFacts, run, progress, ct);
                break;
            case SyncEntity.Stages:
                return await SyncStagesAsync(run, progress, ct);
            case SyncEntity.Currencies:
                return await SyncCurrenciesAsync(run, ct);
            case SyncEntity.Contacts:
                (counts, newest) = await SyncListAsync(entity, Modified("crm.contact.list", "DATE_MODIFY", since, CrmMapping.ContactSelect), CrmMapping.Contact, FactRules.ForContact, run, progress, ct);
                break;
            case SyncEntity.Leads:
                var leads = await LeadRulesAsync(ct);
                (counts, newest) = await SyncListAsync(
                    entity, Modified("crm.lead.list", "DATE_MODIFY", since, CrmMapping.LeadSelect), CrmMapping.Lead, leads.Facts, run, progress, ct, leads.Validate);
                break;
            case SyncEntity.Deals:
                var deals = await DealRulesAsync(ct);
                (counts, newest) = await SyncListAsync(
                    entity, Modified("crm.deal.list", "DATE_MODIFY", since, CrmMapping.DealSelect), CrmMapping.Deal, deals.Facts, run, progress, ct, deals.Validate);
                break;
            case SyncEntity.Activities:
                (counts, newest) = await SyncListAsync(entity, Modified("crm.activity.list", "LAST_UPDATED", since, CrmMapping.ActivitySelect), CrmMapping.Activity, FactRules.ForActivity, run, progress, ct);
                break;
            case SyncEntity.Tasks:
                (counts, newest) = await SyncListAsync(
                    entity,
                    Modified("tasks.task.list", "CHANGED_DATE", since, CrmMapping.TaskSelect) with { ItemsKey = "tasks", IdField = "id" },
                    CrmMapping.Task, FactRules.ForTask, run, progress, ct);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(entity), entity, null);
        }

        await AdvanceCursorAsync(entity, kind, newest, ct);
        return counts;
    }

    private static IEnumerable<CrmFact> NoFacts<T>(T? before, T after) => [];

    private static Bitrix24ListRequest Modified(string method, string field, DateTime? since, string[] select) => new(
        method,
        since is { } from ? new Dictionary<string, object?> { [">=" + field] = from.ToString("yyyy-MM-ddTHH:mm:ss+00:00", CultureInfo.InvariantCulture) } : null,
        select);

    /// <summary>Incremental: from the high-water mark less the overlap; full: from the chosen date, or everything.</summary>
    private async Task<DateTime?> SinceAsync(SyncEntity entity, SyncKind kind, DateTime? fromDate, CancellationToken ct)
    {
        if (kind == SyncKind.Full)
        {
            return fromDate;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var mark = await db.SyncCursors.Where(c => c.Entity == entity).Select(c => c.HighWaterMark).FirstOrDefaultAsync(ct);
        return mark?.AddMinutes(-options.Value.OverlapMinutes);
    }

    private async Task AdvanceCursorAsync(SyncEntity entity, SyncKind kind, DateTime? newest, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var cursor = await db.SyncCursors.FindAsync([entity], ct);
        if (cursor is null)
        {
            cursor = new SyncCursor { Entity = entity };
            db.SyncCursors.Add(cursor);
        }

        if (newest is { } mark && (cursor.HighWaterMark is null || mark > cursor.HighWaterMark))
        {
            cursor.HighWaterMark = mark;
        }

        if (kind == SyncKind.Full)
        {
            cursor.LastFullSyncAt = Now;
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>Lead facts need the status's meaning; a status the mirror does not know makes the lead a bad record.</summary>
    private async Task<(Func<Lead?, Lead, IEnumerable<CrmFact>> Facts, Func<Lead, SkippedRow?> Validate)> LeadRulesAsync(CancellationToken ct)
    {
        var stages = await StageSemanticsAsync(StageEntity.Lead, ct);
        return ((before, after) => FactRules.ForLead(before, after, stages[after.StatusId]),
            lead => stages.ContainsKey(lead.StatusId)
                ? null
                : new SkippedRow(SyncIssueReason.UnknownStatus, "STATUS_ID", lead.StatusId, $"unknown lead status \"{lead.StatusId}\""));
    }

    /// <summary>A deal in a stage the mirror does not know is a bad record.</summary>
    private async Task<(Func<Deal?, Deal, IEnumerable<CrmFact>> Facts, Func<Deal, SkippedRow?> Validate)> DealRulesAsync(CancellationToken ct)
    {
        var stages = await StageSemanticsAsync(StageEntity.Deal, ct);
        return (FactRules.ForDeal, deal => stages.ContainsKey(deal.StageId)
            ? null
            : new SkippedRow(SyncIssueReason.UnknownStage, "STAGE_ID", deal.StageId, $"unknown deal stage \"{deal.StageId}\""));
    }

    private async Task<Dictionary<string, StageSemantics>> StageSemanticsAsync(StageEntity entity, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Stages.Where(s => s.Entity == entity).ToDictionaryAsync(s => s.Code, s => s.Semantics, ct);
    }

    /// <summary>
    /// Reads a list, maps each row (a bad row is recorded and skipped), and writes the differences in chunks.
    /// Returns the counts and the newest modification time seen (the next high-water mark).
    /// </summary>
    private async Task<(EntityCounts Counts, DateTime? Newest)> SyncListAsync<T>(
        SyncEntity entity,
        Bitrix24ListRequest request,
        Func<Bitrix24Row, T> map,
        Func<T?, T, IEnumerable<CrmFact>> factsFor,
        SyncRun run,
        Progress progress,
        CancellationToken ct,
        Func<T, SkippedRow?>? validate = null)
        where T : MirrorRecord
    {
        var counts = EntityCounts.Zero;
        DateTime? newest = null;
        var chunk = new List<T>(options.Value.FlushSize);
        var issues = new List<SyncIssue>();
        // The next batches are read while this one is written: against the real portal a batch takes seconds.
        await foreach (var page in ReadAheadAsync(token => client.ListAsync(request, token), ReadAheadPages, ct))
        {
            foreach (var element in page)
            {
                var row = new Bitrix24Row(element);
                counts = counts with { Read = counts.Read + 1 };
                var (record, skip) = SkippedRow.TryMap(row, map, validate);
                if (record is null)
                {
                    counts = counts with { Skipped = counts.Skipped + 1 };
                    issues.Add(Issue(run, entity, row, skip!));
                    continue;
                }

                if (record.ModifiedAt > newest || newest is null)
                {
                    newest = record.ModifiedAt ?? newest;
                }

                chunk.Add(record);
            }

            if (chunk.Count >= options.Value.FlushSize)
            {
                counts = counts.Add(await FlushAsync(entity, chunk, factsFor, issues, ct));
                chunk.Clear();
                issues.Clear();
            }

            progress.Report(counts);
        }

        counts = counts.Add(await FlushAsync(entity, chunk, factsFor, issues, ct));
        progress.Report(counts, force: true);
        return (counts, newest);
    }

    /// <summary>
    /// Runs <paramref name="source"/> in the background, up to <paramref name="capacity"/> items ahead of the
    /// consumer. The source's exception (or cancellation) reaches the consumer after the items read before it;
    /// a consumer that stops early, fails or is cancelled stops the source and waits for it to end.
    /// </summary>
    internal static async IAsyncEnumerable<TItem> ReadAheadAsync<TItem>(
        Func<CancellationToken, IAsyncEnumerable<TItem>> source, int capacity, [EnumeratorCancellation] CancellationToken ct)
    {
        var channel = Channel.CreateBounded<TItem>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pump = Task.Run(() => PumpAsync(source, channel.Writer, stop.Token), CancellationToken.None);
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(ct))
            {
                yield return item;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await pump;
        }
    }

    /// <summary>Copies the source into the channel; never throws: the channel is completed with the source's exception.</summary>
    private static async Task PumpAsync<TItem>(Func<CancellationToken, IAsyncEnumerable<TItem>> source, ChannelWriter<TItem> writer, CancellationToken ct)
    {
        try
        {
            await foreach (var item in source(ct).WithCancellation(ct))
            {
                await writer.WriteAsync(item, ct);
            }

            writer.TryComplete();
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
        }
    }

    /// <summary>A skipped row as an issue of <paramref name="run"/> (null: an event's re-read), logged with its ID.</summary>
    private SyncIssue Issue(SyncRun? run, SyncEntity entity, Bitrix24Row row, SkippedRow skip)
    {
        var id = LogSkipped(entity, row, skip.Message);
        return new SyncIssue
        {
            RunId = run?.Id,
            Entity = entity,
            EntityId = id,
            Title = SkippedRow.TitleOf(entity, row),
            Reason = skip.Reason,
            Field = SkippedRow.Cut(skip.Field, 100),
            Value = SkippedRow.Cut(skip.Value, SyncIssue.ValueLength),
            Message = SkippedRow.Cut(skip.Message, 2000)!,
            At = Now,
        };
    }

    /// <summary>Logs a skipped row with its ID (when the ID itself can be read) and returns that ID.</summary>
    private long? LogSkipped(SyncEntity entity, Bitrix24Row row, string message)
    {
        long? id = null;
        try
        {
            id = row.Long("ID") ?? row.Long("id");
        }
        catch (FormatException)
        {
            // The ID itself is the bad field; the message says so.
        }

        LogSkipped(logger, entity, id, message);
        return id;
    }

    /// <summary>
    /// Writes one chunk in one transaction: new rows, changed rows (a row older than the mirror's is stale
    /// and ignored: events and syncs may arrive out of order), the facts the changes mean (a fact whose key
    /// exists is not written again), and the chunk's issues. Returns changed rows and new facts.
    /// </summary>
    internal async Task<EntityCounts> FlushAsync<T>(SyncEntity entity, IReadOnlyList<T> chunk, Func<T?, T, IEnumerable<CrmFact>> factsFor, IReadOnlyList<SyncIssue> issues, CancellationToken ct)
        where T : MirrorRecord
    {
        if (chunk.Count == 0 && issues.Count == 0)
        {
            return EntityCounts.Zero;
        }

        await monitor.WriteLock.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var latest = chunk.GroupBy(r => r.Id).Select(g => g.Last()).ToList();
            var ids = latest.Select(r => r.Id).ToList();
            // The IDs as one parameter (json_each on SQLite): a parameter per ID made this query ~100 ms at 2,500 IDs.
            var existing = await db.Set<T>().Where(r => EF.Parameter(ids).Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
            var now = Now;
            var facts = new List<CrmFact>();
            var inserted = new List<T>();
            var changed = 0;
            foreach (var incoming in latest)
            {
                existing.TryGetValue(incoming.Id, out var before);
                if (before is not null && before.DeletedAt is null && before.ModifiedAt > incoming.ModifiedAt)
                {
                    continue;
                }

                // Facts read the mirror's state before it is overwritten.
                facts.AddRange(factsFor(before is { DeletedAt: null } ? before : null, incoming).ToList());
                incoming.DeletedAt = null;
                if (before is null)
                {
                    incoming.SyncedAt = now;
                    inserted.Add(incoming);
                    changed++;
                    continue;
                }

                incoming.SyncedAt = before.SyncedAt;
                var entry = db.Entry(before);
                entry.CurrentValues.SetValues(incoming);
                if (entry.State == EntityState.Modified)
                {
                    before.SyncedAt = now;
                    changed++;
                }
            }

            // New rows (all of them on a first sync) bypass the change tracker; changed rows go through it.
            await InsertAsync(db, inserted, ct);
            var added = await AddNewFactsAsync(db, facts, now, ct);
            db.SyncIssues.AddRange(issues);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            if (changed > 0 || added > 0)
            {
                monitor.ReportMirrorChange(new MirrorChange(entity, changed, added));
            }

            return new EntityCounts(0, changed, added, 0);
        }
        finally
        {
            monitor.WriteLock.Release();
        }
    }

    private static async Task InsertAsync<T>(LoyaltyDbContext db, List<T> rows, CancellationToken ct)
        where T : MirrorRecord
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var insert = await InsertCommand<T>.CreateAsync(db, null, ct);
        foreach (var row in rows)
        {
            await insert.ExecuteAsync(row, ct);
        }
    }

    /// <summary>Writes the facts whose key is not stored yet (the first of a key in the list wins); returns how many.</summary>
    private static async Task<int> AddNewFactsAsync(LoyaltyDbContext db, List<CrmFact> facts, DateTime now, CancellationToken ct)
    {
        if (facts.Count == 0)
        {
            return 0;
        }

        await using var insert = await InsertCommand<CrmFact>.CreateAsync(db, nameof(CrmFact.Key), ct);
        var added = 0;
        foreach (var fact in facts)
        {
            fact.RecordedAt = now;
            added += await insert.ExecuteAsync(fact, ct);
        }

        return added;
    }

    private async Task<EntityCounts> SyncStagesAsync(SyncRun run, Progress progress, CancellationToken ct)
    {
        var stages = new List<Stage>();
        var counts = EntityCounts.Zero;
        var issues = new List<SyncIssue>();
        await foreach (var page in client.ListAsync(new Bitrix24ListRequest("crm.status.list", UseIdCursor: false), ct))
        {
            foreach (var element in page)
            {
                var row = new Bitrix24Row(element);
                counts = counts with { Read = counts.Read + 1 };
                try
                {
                    if (CrmMapping.Stage(row) is { } stage)
                    {
                        stages.Add(stage);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    counts = counts with { Skipped = counts.Skipped + 1 };
                    issues.Add(Issue(run, SyncEntity.Stages, row, SkippedRow.From(ex)));
                }
            }
        }

        await monitor.WriteLock.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var existing = await db.Stages.ToDictionaryAsync(s => s.Key, ct);
            var changed = 0;
            foreach (var stage in stages.DistinctBy(s => s.Key))
            {
                stage.SyncedAt = Now;
                if (!existing.TryGetValue(stage.Key, out var before))
                {
                    db.Stages.Add(stage);
                    changed++;
                    continue;
                }

                stage.SyncedAt = before.SyncedAt;
                db.Entry(before).CurrentValues.SetValues(stage);
                if (db.Entry(before).State == EntityState.Modified)
                {
                    before.SyncedAt = Now;
                    changed++;
                }
            }

            // Stages are kept even when removed in Bitrix24: deals in the mirror may still name them.
            db.SyncIssues.AddRange(issues);
            await db.SaveChangesAsync(ct);
            counts = counts with { Changed = changed };
        }
        finally
        {
            monitor.WriteLock.Release();
        }

        progress.Report(counts, force: true);
        return counts;
    }

    private async Task<EntityCounts> SyncCurrenciesAsync(SyncRun run, CancellationToken ct)
    {
        var result = await client.CallAsync("crm.currency.list", null, ct);
        var currencies = new List<Currency>();
        var issues = new List<SyncIssue>();
        foreach (var element in result.ValueKind == JsonValueKind.Array ? result.EnumerateArray().ToList() : [])
        {
            var row = new Bitrix24Row(element);
            var (currency, skip) = SkippedRow.TryMap(row, CrmMapping.Currency, null);
            if (currency is null)
            {
                issues.Add(Issue(run, SyncEntity.Currencies, row, skip!));
                continue;
            }

            currencies.Add(currency);
        }

        await monitor.WriteLock.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var existing = await db.Currencies.ToDictionaryAsync(c => c.Code, ct);
            var changed = 0;
            foreach (var currency in currencies)
            {
                currency.SyncedAt = Now;
                if (existing.TryGetValue(currency.Code, out var before))
                {
                    currency.SyncedAt = before.SyncedAt;
                    db.Entry(before).CurrentValues.SetValues(currency);
                    changed += db.Entry(before).State == EntityState.Modified ? 1 : 0;
                }
                else
                {
                    db.Currencies.Add(currency);
                    changed++;
                }
            }

            db.SyncIssues.AddRange(issues);
            await db.SaveChangesAsync(ct);
            return new EntityCounts(currencies.Count + issues.Count, changed, 0, issues.Count);
        }
        finally
        {
            monitor.WriteLock.Release();
        }
    }

    private async Task SaveRunAsync(SyncRun run, Dictionary<SyncEntity, EntityCounts> counts, SyncStatus status, string? error, CancellationToken ct)
    {
        run.Counts = JsonSerializer.Serialize(counts.ToDictionary(c => c.Key.ToString(), c => c.Value), CountsJson);
        run.Skipped = (int)counts.Values.Sum(c => c.Skipped);
        run.Status = status;
        run.Error = error;
        if (status != SyncStatus.Running)
        {
            run.FinishedAt = Now;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.SyncRuns.Update(run);
        await db.SaveChangesAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sync skipped {Entity} {Id}: {Reason}")]
    private static partial void LogSkipped(ILogger logger, SyncEntity entity, long? id, string reason);

    private sealed class Progress(SyncMonitor monitor, SyncRun run, SyncEntity entity, int index, TimeProvider time)
    {
        private long _lastReport;

        /// <summary>At most a few reports a second: the progress bar needs no more, and each one wakes every open page.</summary>
        public void Report(EntityCounts counts, bool force = false)
        {
            var now = time.GetTimestamp();
            if (!force && time.GetElapsedTime(_lastReport, now) < TimeSpan.FromMilliseconds(250))
            {
                return;
            }

            _lastReport = now;
            monitor.Report(new SyncProgress(run.Id, run.Kind, entity, index, Order.Length, counts.Read, counts.Changed, run.StartedAt));
        }
    }
}
