using System.Text.Json;
using Loyalty.Core.Bitrix24;
using Loyalty.Core.Bitrix24.UserFields;
using Loyalty.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Loyalty.Core.WriteBack;

/// <summary>
/// Writes to Bitrix24 go through this outbox: a change records what to write in the same database as the change,
/// and <see cref="SendDueAsync"/> sends what is due in batches of 50 commands, through the same rate-limited client
/// as the sync. A write that fails is retried with back-off and its error stays visible; nothing is lost when the
/// portal is down. A key holds one write: a newer value replaces a pending one, and a value equal to what was
/// already sent is not sent again. A write whose <c>fields</c> name a user field that Bitrix24 does not have (by the
/// last field check, <see cref="PortalCheck"/>) is not sent into nothing — Bitrix24 would ignore the field and answer
/// <c>true</c> — but waits with <see cref="CrmWriteBack.WaitingFor"/> set until the field exists (decision 015).
/// </summary>
public sealed class CrmWriteBackOutbox(IDbContextFactory<LoyaltyDbContext> dbFactory, IBitrix24Client client, TimeProvider time, ILogger<CrmWriteBackOutbox> logger)
{
    private const int BatchSize = 50;
    private const int MaxPerRun = 2_000;

    /// <summary>How often a waiting write is checked again against the last field check (a new check wakes it at once).</summary>
    public static readonly TimeSpan WaitRecheck = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _sending = new(1, 1);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    /// <summary>
    /// Adds (or replaces) the write for <paramref name="key"/> in <paramref name="db"/>'s unit of work; the caller saves.
    /// Returns false when the same method and parameters were already sent or are already waiting.
    /// </summary>
    public static async Task<bool> EnqueueAsync(LoyaltyDbContext db, string key, string method, object parameters, DateTime now, CancellationToken ct)
    {
        var json = JsonSerializer.Serialize(parameters, Json);
        var row = db.CrmWriteBacks.Local.FirstOrDefault(w => w.Key == key) ?? await db.CrmWriteBacks.FindAsync([key], ct);
        if (row is null)
        {
            db.CrmWriteBacks.Add(new CrmWriteBack { Key = key, Method = method, Parameters = json, CreatedAt = now, DueAt = now });
            return true;
        }

        if (row.Method == method && row.Parameters == json)
        {
            return false;
        }

        row.Method = method;
        row.Parameters = json;
        row.CreatedAt = now;
        row.DueAt = now;
        row.SentAt = null;
        row.Attempts = 0;
        row.LastError = null;
        row.WaitingFor = null;
        return true;
    }

    /// <summary>Makes every write that waits for a user field due now, to be checked again; returns how many.</summary>
    public async Task<int> WakeAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = Now;
        return await db.CrmWriteBacks.Where(w => w.SentAt == null && w.WaitingFor != null)
            .ExecuteUpdateAsync(u => u.SetProperty(w => w.DueAt, now), ct);
    }

    /// <summary>Sends the due writes; returns how many were sent. One run at a time (the bonus worker, a woken wait).</summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        await _sending.WaitAsync(ct);
        try
        {
            return await SendDueCoreAsync(ct);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>
    /// The user fields <paramref name="write"/> names that Bitrix24 does not have, by <paramref name="check"/>; empty
    /// when the write updates no record's fields or the record type's fields were never listed.
    /// </summary>
    public static IReadOnlyList<string> MissingFields(PortalCheck? check, string method, string parameters)
    {
        if (check is null || UserFieldNames.EntityOfUpdate(method) is not { } entity || check.FieldsOf(entity) is not { } known)
        {
            return [];
        }

        using var document = JsonDocument.Parse(parameters);
        if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("fields", out var fields) || fields.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        return fields.EnumerateObject().Select(f => f.Name)
            .Where(name => name.StartsWith("UF_", StringComparison.OrdinalIgnoreCase) && !known.Contains(name))
            .ToList();
    }

    private async Task<int> SendDueCoreAsync(CancellationToken ct)
    {
        var sent = 0;
        while (sent < MaxPerRun)
        {
            List<CrmWriteBack> due;
            PortalCheck? check;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                var now = Now;
                due = await db.CrmWriteBacks.AsNoTracking().Where(w => w.SentAt == null && w.DueAt <= now).OrderBy(w => w.DueAt).Take(BatchSize).ToListAsync(ct);
                check = await db.PortalChecks.AsNoTracking().FirstOrDefaultAsync(c => c.Id == PortalCheck.SingleId, ct);
            }

            if (due.Count == 0)
            {
                break;
            }

            var waiting = due.Select(w => (Write: w, Missing: MissingFields(check, w.Method, w.Parameters))).Where(w => w.Missing.Count > 0).ToList();
            if (waiting.Count > 0)
            {
                await WaitAsync(waiting, ct);
                due = due.Except(waiting.Select(w => w.Write)).ToList();
                if (due.Count == 0)
                {
                    continue;
                }
            }

            var commands = due.Select((w, i) => new Bitrix24Command($"w{i}", w.Method, Parameters(w.Parameters))).ToList();
            Bitrix24BatchResult result;
            try
            {
                result = await client.BatchAsync(commands, halt: false, ct);
            }
            catch (Exception ex) when (ex is Bitrix24Exception or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Writing {Count} changes back to Bitrix24 failed; they will be retried", due.Count);
                await MarkAsync(due.Select(w => (w, (string?)ex.Message)).ToList(), ct);
                return sent;
            }

            var outcomes = due.Select((w, i) => (w, result.Errors.TryGetValue($"w{i}", out var error) ? (string?)$"{error.Code}: {error.Message}" : null)).ToList();
            await MarkAsync(outcomes, ct);
            sent += outcomes.Count(o => o.Item2 is null);
            if (outcomes.All(o => o.Item2 is not null))
            {
                break;
            }
        }

        return sent;
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private async Task MarkAsync(IReadOnlyList<(CrmWriteBack Write, string? Error)> outcomes, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = Now;
        foreach (var (write, error) in outcomes)
        {
            // Only the version that was sent is marked: a newer value written meanwhile stays pending.
            var row = await db.CrmWriteBacks.FirstOrDefaultAsync(w => w.Key == write.Key, ct);
            if (row is null || row.Parameters != write.Parameters || row.Method != write.Method || row.SentAt is not null)
            {
                continue;
            }

            if (error is null)
            {
                row.SentAt = now;
                row.LastError = null;
                row.WaitingFor = null;
            }
            else
            {
                row.Attempts++;
                row.LastError = error.Length > 2000 ? error[..2000] : error;
                row.DueAt = now + Backoff(row.Attempts);
                logger.LogWarning("Write-back {Key} failed (attempt {Attempts}): {Error}", row.Key, row.Attempts, error);
            }
        }

        await db.SaveChangesAsync(CancellationToken.None);
    }

    private async Task WaitAsync(IReadOnlyList<(CrmWriteBack Write, IReadOnlyList<string> Missing)> waiting, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = Now;
        foreach (var (write, missing) in waiting)
        {
            var row = await db.CrmWriteBacks.FirstOrDefaultAsync(w => w.Key == write.Key, ct);
            if (row is null || row.Parameters != write.Parameters || row.Method != write.Method || row.SentAt is not null)
            {
                continue;
            }

            var codes = string.Join(',', missing);
            if (row.WaitingFor != codes)
            {
                logger.LogWarning("Write-back {Key} waits: Bitrix24 has no user field {Fields}", row.Key, codes);
            }

            // Not an attempt: nothing was sent, and the write goes out as soon as the field exists.
            row.WaitingFor = codes.Length > 500 ? codes[..500] : codes;
            row.DueAt = now + WaitRecheck;
        }

        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>15 s, 30 s, 1 min, … up to an hour.</summary>
    internal static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(3600, 15 * Math.Pow(2, Math.Min(attempts - 1, 12))));

    private static Dictionary<string, object?> Parameters(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
    }
}
