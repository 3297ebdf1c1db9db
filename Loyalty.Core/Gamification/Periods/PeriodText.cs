using System.Globalization;
using System.Resources;

namespace Loyalty.Core.Gamification;

/// <summary>
/// A period as people read it, in one language: «неделя 30.11–06.12.2026», «декабрь 2026», «IV квартал 2026»,
/// «6 декабря 2026», «2026 год» in Russian; "week 30.11–06.12.2026", "December 2026", "Q4 2026", "6 December 2026",
/// "2026" in English. The key (<c>2026-W49</c>) names a period for machines and is never shown.
/// </summary>
public static class PeriodText
{
    // The words live in PeriodText.resx (Russian) and PeriodText.en.resx, like every text a reader sees; a language
    // without its own file reads Russian, the portal's first language.
    private static readonly ResourceManager Words = new("Loyalty.Core.Gamification.PeriodText", typeof(PeriodText).Assembly);
    private static readonly string[] Roman = ["I", "II", "III", "IV"];

    /// <summary>The period in <paramref name="language"/> (English when its language is English, Russian otherwise).</summary>
    public static string Of(Period period, CultureInfo language)
    {
        var first = period.FirstDay;
        var format = CultureInfo.GetCultureInfo(Word("Culture", language));
        var year = first.Year.ToString(CultureInfo.InvariantCulture);
        var quarter = (first.Month - 1) / 3 + 1;
        return period.Kind switch
        {
            PeriodKind.Day => string.Format(format, Word("Day", language), first),
            PeriodKind.Week => string.Format(format, Word("Week", language), first, period.LastDay),
            PeriodKind.Month => string.Format(format, Word("Month", language), Word($"Month_{first.Month}", language), year),
            PeriodKind.Quarter => string.Format(format, Word("Quarter", language), Roman[quarter - 1], quarter, year),
            _ => string.Format(format, Word("Year", language), year),
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

    private static string Word(string name, CultureInfo language) =>
        Words.GetString(name, language) ?? throw new InvalidOperationException($"PeriodText.resx has no \"{name}\".");
}
