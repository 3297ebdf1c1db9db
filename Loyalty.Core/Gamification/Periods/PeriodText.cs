using System.Globalization;

namespace Loyalty.Core.Gamification;

/// <summary>
/// A period as people read it, in one language: «неделя 30.11–06.12.2026», «декабрь 2026», «IV квартал 2026»,
/// «6 декабря 2026», «2026 год» in Russian; "week 30.11–06.12.2026", "December 2026", "Q4 2026", "6 December 2026",
/// "2026" in English. The key (<c>2026-W49</c>) names a period for machines and is never shown.
/// </summary>
public static class PeriodText
{
    private static readonly CultureInfo Ru = CultureInfo.GetCultureInfo("ru-RU");
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en-GB");
    private static readonly string[] Roman = ["I", "II", "III", "IV"];

    /// <summary>The period in <paramref name="language"/> (English when its language is English, Russian otherwise).</summary>
    public static string Of(Period period, CultureInfo language)
    {
        var english = IsEnglish(language);
        var first = period.FirstDay;
        return period.Kind switch
        {
            // "d MMMM" takes the genitive in Russian: «6 декабря 2026».
            PeriodKind.Day => first.ToString("d MMMM yyyy", english ? En : Ru),
            PeriodKind.Week => (english ? "week " : "неделя ")
                + first.ToString("dd.MM", CultureInfo.InvariantCulture) + "–" + period.LastDay.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture),
            PeriodKind.Month => english
                ? En.DateTimeFormat.GetMonthName(first.Month) + " " + Year(first)
                : Ru.DateTimeFormat.GetMonthName(first.Month).ToLower(Ru) + " " + Year(first),
            PeriodKind.Quarter => english
                ? $"Q{Quarter(first)} {Year(first)}"
                : $"{Roman[Quarter(first) - 1]} квартал {Year(first)}",
            _ => english ? Year(first) : Year(first) + " год",
        };
    }

    /// <summary>
    /// A stored key (<c>2026-12-06</c>, <c>2026-W49</c>, <c>2026-12</c>, <c>2026-Q4</c>, <c>2026</c>) in
    /// <paramref name="language"/>; a key of no known shape is returned as it is, an empty one as "".
    /// </summary>
    public static string OfKey(string? key, CultureInfo language)
    {
        if (string.IsNullOrEmpty(key))
        {
            return "";
        }

        foreach (var kind in Enum.GetValues<PeriodKind>())
        {
            if (Periods.Parse(kind, key, TimeZoneInfo.Utc) is { } period && period.Key == key)
            {
                return Of(period, language);
            }
        }

        return key;
    }

    private static bool IsEnglish(CultureInfo language) => language.TwoLetterISOLanguageName == "en";

    private static int Quarter(DateOnly first) => (first.Month - 1) / 3 + 1;

    private static string Year(DateOnly first) => first.Year.ToString(CultureInfo.InvariantCulture);
}
