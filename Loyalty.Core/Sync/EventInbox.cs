using Loyalty.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Sync;

/// <summary>
/// Where Bitrix24 events land: each names an entity to re-read. One pending row per entity, so a hundred
/// events for one deal cost one re-read; the worker is woken at once so pages move within seconds.
/// </summary>
public sealed class EventInbox(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider time)
{
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);

    /// <summary>"ONCRMDEALUPDATE" → Deals, …; null for events the mirror does not follow.</summary>
    public static SyncEntity? EntityOf(string eventName)
    {
        var name = eventName.ToUpperInvariant();
        return name switch
        {
            _ when name.StartsWith("ONCRMDEAL", StringComparison.Ordinal) => SyncEntity.Deals,
            _ when name.StartsWith("ONCRMLEAD", StringComparison.Ordinal) => SyncEntity.Leads,
            _ when name.StartsWith("ONCRMCONTACT", StringComparison.Ordinal) => SyncEntity.Contacts,
            _ when name.StartsWith("ONCRMACTIVITY", StringComparison.Ordinal) => SyncEntity.Activities,
            _ when name.StartsWith("ONTASK", StringComparison.Ordinal) => SyncEntity.Tasks,
            _ => null,
        };
    }

    public async Task EnqueueAsync(SyncEntity entity, long entityId, string eventName, CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // An upsert in one statement: concurrent deliveries of the same event cannot collide on the key.
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO PendingRefetches (Entity, EntityId, RequestedAt, Event) VALUES ({entity.ToString()}, {entityId}, {now}, {eventName})
            ON CONFLICT (Entity, EntityId) DO UPDATE SET RequestedAt = excluded.RequestedAt, Event = excluded.Event
            """,
            ct);
        _signal.Release();
    }

    /// <summary>Waits until an event arrives or the timeout passes.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        await _signal.WaitAsync(timeout, ct);
        // Drain: one round handles everything that came in meanwhile.
        while (_signal.Wait(0))
        {
        }
    }
}
