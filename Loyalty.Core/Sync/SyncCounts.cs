using System.Text.Json;

namespace Loyalty.Core.Sync;

/// <summary>Reads the per-entity counts a run stores as JSON (see <see cref="SyncRun.Counts"/>), in sync order.</summary>
public static class SyncCounts
{
    public static IReadOnlyList<KeyValuePair<SyncEntity, EntityCounts>> Parse(string json)
    {
        var parsed = JsonSerializer.Deserialize<Dictionary<string, EntityCounts>>(string.IsNullOrEmpty(json) ? "{}" : json) ?? [];
        return parsed
            .Select(p => (Ok: Enum.TryParse<SyncEntity>(p.Key, out var entity), Entity: entity, Counts: p.Value))
            .Where(p => p.Ok)
            .OrderBy(p => p.Entity)
            .Select(p => KeyValuePair.Create(p.Entity, p.Counts))
            .ToList();
    }
}
