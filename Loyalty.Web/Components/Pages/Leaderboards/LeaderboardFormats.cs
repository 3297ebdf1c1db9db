using System.Globalization;
using Loyalty.Core.Gamification;
using Loyalty.Web.Components.Shared;

namespace Loyalty.Web.Components.Pages.Leaderboards;

/// <summary>How a leaderboard writes its figures and names its periods.</summary>
public static class LeaderboardFormats
{
    private static readonly CultureInfo Ru = WebServices.FormatCulture;

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

        return metric == Metric.LeadResponseMinutes ? v.ToString("N1", Ru) : Formats.Number((long)Math.Round(v, MidpointRounding.AwayFromZero));
    }

    /// <summary>A score out of 100 with two decimals: <c>87,35</c>.</summary>
    public static string Score(decimal score) => score.ToString("N2", Ru);

    /// <summary>A share 0–1 as a percentage: <c>72,4 %</c>.</summary>
    public static string Share(double share) => (share * 100).ToString("0.#", Ru) + "\u00A0%";

    /// <summary>
    /// The period's name in the UI language, dates in Russian formats: <c>05.12.2026</c>, <c>30.11–06.12.2026</c>,
    /// <c>декабрь 2026</c>, <c>IV квартал 2026</c> / <c>Q4 2026</c>, <c>2026</c>.
    /// </summary>
    public static string Period(Period period)
    {
        var ui = CultureInfo.CurrentUICulture;
        var english = ui.TwoLetterISOLanguageName == "en";
        return period.Kind switch
        {
            PeriodKind.Day => Formats.Date(period.FirstDay.ToDateTime(TimeOnly.MinValue)),
            PeriodKind.Week => period.FirstDay.ToString("dd.MM", Ru) + "–" + period.LastDay.ToString("dd.MM.yyyy", Ru),
            PeriodKind.Month => MonthName(period.FirstDay, english) + " " + period.FirstDay.Year.ToString(CultureInfo.InvariantCulture),
            PeriodKind.Quarter => english
                ? $"Q{(period.FirstDay.Month - 1) / 3 + 1} {period.FirstDay.Year}"
                : $"{Roman[(period.FirstDay.Month - 1) / 3]} квартал {period.FirstDay.Year}",
            _ => period.FirstDay.Year.ToString(CultureInfo.InvariantCulture),
        };
    }

    private static readonly string[] Roman = ["I", "II", "III", "IV"];

    private static string MonthName(DateOnly day, bool english)
    {
        var culture = english ? CultureInfo.GetCultureInfo("en-US") : Ru;
        // Standalone (nominative) month names: "декабрь", not "декабря".
        var name = culture.DateTimeFormat.GetMonthName(day.Month);
        return english ? name : char.ToLower(name[0], Ru) + name[1..];
    }
}
