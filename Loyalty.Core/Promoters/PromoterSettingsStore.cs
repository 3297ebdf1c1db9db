using System.Text.Json;
using System.Text.Json.Serialization;
using Loyalty.Core.Bonuses;
using Loyalty.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Promoters;

/// <summary>The promoter program's rules as of a version: <see cref="Version"/> 0 is the built-in default (10 %, won deals, 14 days' hold).</summary>
public sealed record VersionedPromoterSettings(int Version, PromoterSettings Settings, DateTime? ChangedAt, string? ChangedBy);

/// <summary>A save was refused: the errors say which fields and why.</summary>
public sealed class PromoterSettingsInvalidException(IReadOnlyList<SettingsError> errors)
    : Exception("The promoter settings are not valid: " + string.Join(", ", errors.Select(e => $"{e.Field} ({e.MessageKey})"))), ISettingsRefusal
{
    public IReadOnlyList<SettingsError> Errors { get; } = errors;
}

/// <summary>Reads and saves the promoter program's rules, like the bonus settings: each save is a new version; nothing is overwritten.</summary>
public sealed class PromoterSettingsStore(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider time)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static VersionedPromoterSettings Default { get; } = new(0, new PromoterSettings(), null, null);

    public async Task<VersionedPromoterSettings> CurrentAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var latest = await db.PromoterSettingsVersions.AsNoTracking().OrderByDescending(v => v.Version).FirstOrDefaultAsync(ct);
        return latest is null ? Default : Read(latest);
    }

    public async Task<VersionedPromoterSettings> VersionAsync(int version, CancellationToken ct = default)
    {
        if (version == 0)
        {
            return Default;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.PromoterSettingsVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Version == version, ct);
        return row is null ? throw new InvalidOperationException($"Promoter settings version {version} does not exist.") : Read(row);
    }

    /// <summary>The versions, newest first.</summary>
    public async Task<IReadOnlyList<VersionedPromoterSettings>> HistoryAsync(int count = 50, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.PromoterSettingsVersions.AsNoTracking().OrderByDescending(v => v.Version).Take(count).ToListAsync(ct);
        return rows.Select(Read).ToList();
    }

    /// <summary>
    /// Validates and saves the rules as the next version. Throws <see cref="PromoterSettingsInvalidException"/> with the
    /// field errors; saving rules equal to the current ones writes nothing and returns the current version.
    /// </summary>
    public async Task<VersionedPromoterSettings> SaveAsync(PromoterSettings settings, string changedBy, CancellationToken ct = default)
    {
        var normalized = settings with { Scale = settings.Scale.ToList() };
        var errors = PromoterSettingsValidator.Validate(normalized);
        if (errors.Count > 0)
        {
            throw new PromoterSettingsInvalidException(errors);
        }

        var json = JsonSerializer.Serialize(normalized, Json);
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var latest = await db.PromoterSettingsVersions.AsNoTracking().OrderByDescending(v => v.Version).FirstOrDefaultAsync(ct);
            if (latest?.Json == json || (latest is null && json == JsonSerializer.Serialize(Default.Settings, Json)))
            {
                return latest is null ? Default : Read(latest);
            }

            var row = new PromoterSettingsVersion { Version = (latest?.Version ?? 0) + 1, Json = json, ChangedAt = time.GetUtcNow().UtcDateTime, ChangedBy = changedBy };
            db.PromoterSettingsVersions.Add(row);
            try
            {
                await db.SaveChangesAsync(ct);
                return Read(row);
            }
            catch (DbUpdateException) when (attempt < 10)
            {
                // Two administrators saved at once: the other took this number; take the next.
            }
        }
    }

    private static VersionedPromoterSettings Read(PromoterSettingsVersion row) =>
        new(row.Version, JsonSerializer.Deserialize<PromoterSettings>(row.Json, Json) ?? new PromoterSettings(), row.ChangedAt, row.ChangedBy);
}
