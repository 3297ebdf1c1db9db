using System.Text.Json;
using System.Text.Json.Serialization;
using Loyalty.Core.Data;
using Loyalty.Core.Portal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Loyalty.Core.Bonuses;

/// <summary>
/// The program's rules as of a version: <see cref="Version"/> 0 is the built-in default (program off).
/// <see cref="EnabledSince"/>: when the program was last turned on (the first version of the current "on" streak);
/// wins recorded before it are not credited by the live processor (a recalculation credits the past).
/// </summary>
public sealed record VersionedBonusSettings(int Version, BonusSettings Settings, DateTime? ChangedAt, string? ChangedBy)
{
    public DateTime? EnabledSince { get; init; }
}

/// <summary>A save was refused: the errors say which fields and why.</summary>
public sealed class BonusSettingsInvalidException(IReadOnlyList<SettingsError> errors)
    : Exception("The bonus settings are not valid: " + string.Join(", ", errors.Select(e => $"{e.Field} ({e.MessageKey})"))), ISettingsRefusal
{
    public IReadOnlyList<SettingsError> Errors { get; } = errors;
}

/// <summary>Reads and saves the program's rules. Each save is a new version; nothing is overwritten.</summary>
public sealed class BonusSettingsStore(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider time, IOptions<PortalOptions>? portal = null)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>
    /// Version 0, before anything is saved: the program off, the tiers named in the portal's language
    /// (<see cref="PortalOptions.DefaultLanguage"/>; Russian for a host without portal options), so that a Russian portal's first save stores Russian names.
    /// </summary>
    public VersionedBonusSettings Default { get; } =
        new(0, new BonusSettings { Tiers = BonusSettings.DefaultTiersIn((portal?.Value ?? new PortalOptions()).DefaultLanguage) }, null, null);

    public async Task<VersionedBonusSettings> CurrentAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var latest = await db.BonusSettingsVersions.AsNoTracking().OrderByDescending(v => v.Version).FirstOrDefaultAsync(ct);
        if (latest is null)
        {
            return Default;
        }

        var current = Read(latest);
        if (!current.Settings.Enabled)
        {
            return current;
        }

        // Walk back through the versions while the program was on: the oldest of them is when it was turned on.
        var since = current.ChangedAt;
        foreach (var older in await db.BonusSettingsVersions.AsNoTracking().Where(v => v.Version < latest.Version).OrderByDescending(v => v.Version).ToListAsync(ct))
        {
            if (!Read(older).Settings.Enabled)
            {
                break;
            }

            since = older.ChangedAt;
        }

        return current with { EnabledSince = since };
    }

    public async Task<VersionedBonusSettings> VersionAsync(int version, CancellationToken ct = default)
    {
        if (version == 0)
        {
            return Default;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.BonusSettingsVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Version == version, ct);
        return row is null ? throw new InvalidOperationException($"Bonus settings version {version} does not exist.") : Read(row);
    }

    /// <summary>The versions, newest first.</summary>
    public async Task<IReadOnlyList<VersionedBonusSettings>> HistoryAsync(int count = 50, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.BonusSettingsVersions.AsNoTracking().OrderByDescending(v => v.Version).Take(count).ToListAsync(ct);
        return rows.Select(Read).ToList();
    }

    /// <summary>
    /// Validates and saves the rules as the next version. Throws <see cref="BonusSettingsInvalidException"/> with the
    /// field errors; saving rules equal to the current ones writes nothing and returns the current version.
    /// </summary>
    public async Task<VersionedBonusSettings> SaveAsync(BonusSettings settings, string changedBy, CancellationToken ct = default)
    {
        var normalized = Normalize(settings);
        var errors = BonusSettingsValidator.Validate(normalized);
        if (errors.Count > 0)
        {
            throw new BonusSettingsInvalidException(errors);
        }

        var json = JsonSerializer.Serialize(normalized, Json);
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var latest = await db.BonusSettingsVersions.AsNoTracking().OrderByDescending(v => v.Version).FirstOrDefaultAsync(ct);
            if (latest?.Json == json)
            {
                return Read(latest);
            }

            var row = new BonusSettingsVersion { Version = (latest?.Version ?? 0) + 1, Json = json, ChangedAt = time.GetUtcNow().UtcDateTime, ChangedBy = changedBy };
            db.BonusSettingsVersions.Add(row);
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

    private static BonusSettings Normalize(BonusSettings s) => s with
    {
        PipelineIds = s.PipelineIds.Distinct().Order().ToList(),
        Tiers = s.Tiers.Select(t => t with { Name = t.Name?.Trim() ?? "" }).ToList(),
        Steps = s.Steps.ToList(),
        ContactBalanceField = s.ContactBalanceField?.Trim().ToUpperInvariant() ?? "",
        ContactTierField = s.ContactTierField?.Trim().ToUpperInvariant() ?? "",
        ContactPercentField = s.ContactPercentField?.Trim().ToUpperInvariant() ?? "",
        DealRedeemField = s.DealRedeemField?.Trim().ToUpperInvariant() ?? "",
        DealRedeemedField = s.DealRedeemedField?.Trim().ToUpperInvariant() ?? "",
    };

    private static VersionedBonusSettings Read(BonusSettingsVersion row) =>
        new(row.Version, JsonSerializer.Deserialize<BonusSettings>(row.Json, Json) ?? new BonusSettings(), row.ChangedAt, row.ChangedBy);
}
