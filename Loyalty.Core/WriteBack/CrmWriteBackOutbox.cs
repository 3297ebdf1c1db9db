using System.Text.Json;
using Loyalty.Core.Bitrix24;
using Loyalty.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Loyalty.Core.WriteBack;

/// <summary>
/// Writes to Bitrix24 go through this outbox: a change records what to write in the same database as the change,
/// and <see cref="SendDueAsync"/> sends what is due in batches of 50 commands, through the same rate-limited client
/// as the sync. A write that fails is retried with back-off and its error stays visible; nothing is lost when the
/// portal is down. A key holds one write: a newer value replaces a pending one, and a value equal to what was
/// already sent is not sent again.
/// </summary>
public sealed class CrmWriteBackOutbox(IDbContextFactory<LoyaltyDbContext> dbFactory, IBitrix24Client client, TimeProvider time, ILogger<CrmWriteBackOutbox> logger)
{
    private const int BatchSize = 50;
    private const int MaxPerRun = 2_000;

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
        return true;
    }

    /// <summary>Sends the due writes; returns how many were sent.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        var sent = 0;
        while (sent < MaxPerRun)
        {
            List<CrmWriteBack> due;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                var now = Now;
                due = await db.CrmWriteBacks.AsNoTracking().Where(w => w.SentAt == null && w.DueAt <= now).OrderBy(w => w.DueAt).Take(BatchSize).ToListAsync(ct);
            }

            if (due.Count == 0)
            {
                break;
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

    /// <summary>15 s, 30 s, 1 min, … up to an hour.</summary>
    internal static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(3600, 15 * Math.Pow(2, Math.Min(attempts - 1, 12))));

    private static Dictionary<string, object?> Parameters(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
    }
}
