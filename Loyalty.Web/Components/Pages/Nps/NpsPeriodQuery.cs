using System.Globalization;
using Loyalty.Core.Nps;

namespace Loyalty.Web.Components.Pages.Nps;

/// <summary>How the NPS pages keep their period in the address: <c>?period=month</c> or <c>?from=2026-12-01&amp;to=2026-12-06</c>.</summary>
public static class NpsPeriodQuery
{
    /// <summary>The period when the address names none.</summary>
    public const NpsPeriodKind Default = NpsPeriodKind.Month;

    public static IReadOnlyDictionary<string, object?> Of(NpsPeriod period) => period.Kind == NpsPeriodKind.Custom
        ? new Dictionary<string, object?> { ["period"] = null, ["from"] = Day(period.From), ["to"] = Day(period.To) }
        : new Dictionary<string, object?> { ["period"] = period.Kind.ToString().ToLowerInvariant(), ["from"] = null, ["to"] = null };

    /// <summary>The query string part of <see cref="Of"/>: <c>period=month</c> or <c>from=…&amp;to=…</c>.</summary>
    public static string Text(NpsPeriod period) => period.Kind == NpsPeriodKind.Custom
        ? $"from={Day(period.From)}&to={Day(period.To)}"
        : $"period={period.Kind.ToString().ToLowerInvariant()}";

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
