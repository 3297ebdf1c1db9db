using System.Globalization;

namespace Loyalty.Core.Gamification;

public enum PeriodKind
{
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

/// <summary>
/// A rating period cut in the portal's time zone: <see cref="StartUtc"/> inclusive, <see cref="EndUtc"/> exclusive.
/// <see cref="Key"/> names it the same way everywhere (addresses, stored results, badge awards):
/// <c>2026-12-05</c>, <c>2026-W49</c> (ISO week, Monday first), <c>2026-12</c>, <c>2026-Q4</c>, <c>2026</c>.
/// </summary>
public sealed record Period(PeriodKind Kind, string Key, DateOnly FirstDay, DateOnly LastDay, DateTime StartUtc, DateTime EndUtc)
{
    public bool Contains(DateTime utc) => utc >= StartUtc && utc < EndUtc;

    public int Days => LastDay.DayNumber - FirstDay.DayNumber + 1;
}

/// <summary>Pure period arithmetic: which period an instant falls in, and the periods before and after it.</summary>
public static class Periods
{
    public static Period Containing(PeriodKind kind, DateTime utc, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
        return Of(kind, DateOnly.FromDateTime(local), zone);
    }

    /// <summary>The period of <paramref name="kind"/> that holds the portal-local <paramref name="day"/>.</summary>
    public static Period Of(PeriodKind kind, DateOnly day, TimeZoneInfo zone)
    {
        var (first, last) = kind switch
        {
            PeriodKind.Day => (day, day),
            PeriodKind.Week => WeekOf(day),
            PeriodKind.Month => (new DateOnly(day.Year, day.Month, 1), new DateOnly(day.Year, day.Month, 1).AddMonths(1).AddDays(-1)),
            PeriodKind.Quarter => QuarterOf(day),
            PeriodKind.Year => (new DateOnly(day.Year, 1, 1), new DateOnly(day.Year, 12, 31)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        return new Period(kind, KeyOf(kind, first), first, last, StartOfDay(first, zone), StartOfDay(last.AddDays(1), zone));
    }

    public static Period Previous(Period period, TimeZoneInfo zone) => Of(period.Kind, period.FirstDay.AddDays(-1), zone);

    public static Period Next(Period period, TimeZoneInfo zone) => Of(period.Kind, period.LastDay.AddDays(1), zone);

    /// <summary>Reads a key written by <see cref="Period.Key"/>; null when it is not one of <paramref name="kind"/>'s keys.</summary>
    public static Period? Parse(PeriodKind kind, string? key, TimeZoneInfo zone)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            return null;
        }

        var inv = CultureInfo.InvariantCulture;
        DateOnly? first = kind switch
        {
            PeriodKind.Day when DateOnly.TryParseExact(key, "yyyy-MM-dd", inv, DateTimeStyles.None, out var d) => d,
            PeriodKind.Month when DateOnly.TryParseExact(key + "-01", "yyyy-MM-dd", inv, DateTimeStyles.None, out var m) => m,
            PeriodKind.Year when key.Length == 4 && int.TryParse(key, NumberStyles.None, inv, out var y) && y is >= 2000 and <= 2200 => new DateOnly(y, 1, 1),
            PeriodKind.Quarter when key.Length == 7 && key[4..6] == "-Q" && int.TryParse(key[..4], NumberStyles.None, inv, out var qy) && qy is >= 2000 and <= 2200
                && key[6] is >= '1' and <= '4' => new DateOnly(qy, (key[6] - '1') * 3 + 1, 1),
            PeriodKind.Week when key.Length == 8 && key[4..6] == "-W" && int.TryParse(key[..4], NumberStyles.None, inv, out var wy) && wy is >= 2000 and <= 2200
                && int.TryParse(key[6..], NumberStyles.None, inv, out var w) && w >= 1 && w <= ISOWeek.GetWeeksInYear(wy) => DateOnly.FromDateTime(ISOWeek.ToDateTime(wy, w, DayOfWeek.Monday)),
            _ => null,
        };
        return first is { } day ? Of(kind, day, zone) : null;
    }

    private static (DateOnly First, DateOnly Last) WeekOf(DateOnly day)
    {
        var sinceMonday = ((int)day.DayOfWeek + 6) % 7;
        var monday = day.AddDays(-sinceMonday);
        return (monday, monday.AddDays(6));
    }

    private static (DateOnly First, DateOnly Last) QuarterOf(DateOnly day)
    {
        var first = new DateOnly(day.Year, (day.Month - 1) / 3 * 3 + 1, 1);
        return (first, first.AddMonths(3).AddDays(-1));
    }

    private static string KeyOf(PeriodKind kind, DateOnly first) => kind switch
    {
        PeriodKind.Day => first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        PeriodKind.Week => string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(first.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(first.ToDateTime(TimeOnly.MinValue)):00}"),
        PeriodKind.Month => first.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        PeriodKind.Quarter => string.Create(CultureInfo.InvariantCulture, $"{first.Year}-Q{(first.Month - 1) / 3 + 1}"),
        PeriodKind.Year => first.Year.ToString(CultureInfo.InvariantCulture),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static DateTime StartOfDay(DateOnly day, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone);
}
