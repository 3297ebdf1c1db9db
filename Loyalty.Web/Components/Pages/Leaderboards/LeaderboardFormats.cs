using System.Globalization;
using Loyalty.Core.Gamification;
using Loyalty.Web.Components.Shared;

namespace Loyalty.Web.Components.Pages.Leaderboards;

/// <summary>How a leaderboard writes its figures and names its periods.</summary>
public static class LeaderboardFormats
{
    private static CultureInfo Ru => WebServices.FormatCulture;

    /// <summary>A criterion's value: roubles for money metrics, minutes for the response time, a count otherwise; "—" for none.</summary>
    public static string Value(Metric metric, double? value)
    {
        if (value is not { } v)
        {
            return "—";
        }

        if (Metrics.IsMoney(metric))
        {
            return Formats.Money((long)Math.Round(v, MidpointRounding.AwayFromZero));
        }

        return Metrics.IsAverage(metric) ? v.ToString("N1", Ru) : Formats.Number((long)Math.Round(v, MidpointRounding.AwayFromZero));
    }

    /// <summary>A score out of 100 with two decimals: <c>87,35</c>.</summary>
    public static string Score(decimal score) => score.ToString("N2", Ru);

    /// <summary>A share 0–1 as a percentage: <c>72,4 %</c>.</summary>
    public static string Share(double share) => (share * 100).ToString("0.#", Ru) + "\u00A0%";

    /// <summary>The period's name in the UI language: <c>неделя 30.11–06.12.2026</c>, <c>декабрь 2026</c> / <c>Q4 2026</c>.</summary>
    public static string Period(Period period) => PeriodText.Of(period, CultureInfo.CurrentUICulture);
}
