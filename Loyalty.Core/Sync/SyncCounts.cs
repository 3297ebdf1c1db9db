using System.Text.Json;

namespace Loyalty.Core.Sync;

/// <summary>Reads the per-entity counts a run stores as JSON (see <see cref="SyncRun.Counts"/>), in sync order.</summary>
public static class SyncCounts
{
    public static IReadOnlyList<KeyValuePair<SyncEntity, EntityCounts>> Parse(string json)
    {
        var parsed = JsonSerializer.Deserialize<Dictionary<string, EntityCounts>>(string.IsNullOrEmpty(json) ? "{}" : json) ?? [];
        // Names only: Enum.Parse would also take "7" or "Contacts, Deals".
        return parsed
            .Where(p => Enum.GetNames<SyncEntity>().Contains(p.Key))
            .Select(p => KeyValuePair.Create(Enum.Parse<SyncEntity>(p.Key), p.Value))
            .OrderBy(p => p.Key)
            .ToList();
    }
}
