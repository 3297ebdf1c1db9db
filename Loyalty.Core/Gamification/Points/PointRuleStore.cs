using System.Text.Json;
using System.Text.Json.Serialization;
using Loyalty.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Gamification;

/// <summary>The point rules as of a version: 0 is the built-in default (seed 000's points, on).</summary>
public sealed record VersionedPointRules(int Version, PointRuleSet Rules, DateTime? ChangedAt, string? ChangedBy);

/// <summary>A save was refused: each error names the field and why (a resource key).</summary>
public sealed class PointRulesInvalidException(IReadOnlyList<Bonuses.SettingsError> errors)
    : Exception("The point rules are not valid: " + string.Join(", ", errors.Select(e => $"{e.Field} ({e.MessageKey})"))), Bonuses.ISettingsRefusal
{
    public IReadOnlyList<Bonuses.SettingsError> Errors { get; } = errors;
}

/// <summary>Reads and saves the point rules; each save is a new version, and every award records the version it used.</summary>
public sealed class PointRuleStore(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider time)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static readonly VersionedPointRules Default = new(0, new PointRuleSet(), null, null);

    public async Task<VersionedPointRules> CurrentAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var latest = await db.PointRuleVersions.AsNoTracking().OrderByDescending(v => v.Version).FirstOrDefaultAsync(ct);
        return latest is null ? Default : Read(latest);
    }

    public async Task<IReadOnlyList<VersionedPointRules>> HistoryAsync(int count = 50, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.PointRuleVersions.AsNoTracking().OrderByDescending(v => v.Version).Take(count).ToListAsync(ct);
        return rows.Select(Read).ToList();
    }

    /// <summary>Validates and saves a new version; refused with <see cref="PointRulesInvalidException"/>.</summary>
    public async Task<VersionedPointRules> SaveAsync(PointRuleSet rules, string changedBy, CancellationToken ct = default)
    {
        var errors = PointRulesValidator.Validate(rules);
        if (errors.Count > 0)
        {
            throw new PointRulesInvalidException(errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var next = (await db.PointRuleVersions.MaxAsync(v => (int?)v.Version, ct) ?? 0) + 1;
        var row = new PointRuleVersion { Version = next, Json = JsonSerializer.Serialize(rules, Json), ChangedAt = time.GetUtcNow().UtcDateTime, ChangedBy = changedBy };
        db.PointRuleVersions.Add(row);
        await db.SaveChangesAsync(ct);
        return Read(row);
    }

    private static VersionedPointRules Read(PointRuleVersion row) =>
        new(row.Version, JsonSerializer.Deserialize<PointRuleSet>(row.Json, Json) ?? new PointRuleSet(), row.ChangedAt, row.ChangedBy);
}

/// <summary>What makes a rule set invalid: points 0–10 000, one rule per trigger, brackets from 0 ₽ up without repeats, a % of 0–100.</summary>
public static class PointRulesValidator
{
    public const int MaxPoints = 10_000;

    public static IReadOnlyList<Bonuses.SettingsError> Validate(PointRuleSet rules)
    {
        var errors = new List<Bonuses.SettingsError>();
        foreach (var group in rules.Rules.GroupBy(r => r.Trigger).Where(g => g.Count() > 1))
        {
            errors.Add(new($"Rules.{group.Key}", "Points_Error_DuplicateTrigger"));
        }

        foreach (var rule in rules.Rules)
        {
            var field = $"Rules.{rule.Trigger}";
            if (rule.Points is < 0 or > MaxPoints)
            {
                errors.Add(new($"{field}.Points", "Points_Error_PointsRange", MaxPoints));
            }

            if (rule.Trigger != PointTrigger.DealWon)
            {
                continue;
            }

            if (rule.Mode == DealPointsMode.Percent && rule.Percent is < 0 or > 100)
            {
                errors.Add(new($"{field}.Percent", "Points_Error_PercentRange"));
            }

            if (rule.Mode == DealPointsMode.Brackets)
            {
                if (rule.Brackets.Count == 0)
                {
                    errors.Add(new($"{field}.Brackets", "Points_Error_NoBrackets"));
                }
                else if (rule.Brackets.Min(b => b.MinAmount) != 0)
                {
                    errors.Add(new($"{field}.Brackets", "Points_Error_FirstBracketFromZero"));
                }

                if (rule.Brackets.GroupBy(b => b.MinAmount).Any(g => g.Count() > 1))
                {
                    errors.Add(new($"{field}.Brackets", "Points_Error_BracketRepeated"));
                }

                for (var i = 0; i < rule.Brackets.Count; i++)
                {
                    if (rule.Brackets[i].MinAmount < 0)
                    {
                        errors.Add(new($"{field}.Brackets[{i}].MinAmount", "Points_Error_NegativeAmount"));
                    }

                    if (rule.Brackets[i].Points is < 0 or > MaxPoints)
                    {
                        errors.Add(new($"{field}.Brackets[{i}].Points", "Points_Error_PointsRange", MaxPoints));
                    }
                }
            }
        }

        return errors;
    }
}
