using System.Globalization;
using Loyalty.Core.Gamification;

namespace Loyalty.Core.Nps;

/// <summary>The dashboard's periods (seed 004): today, this week (Monday first), month, quarter, year, or days chosen.</summary>
public enum NpsPeriodKind
{
    Today,
    Week,
    Month,
    Quarter,
    Year,
    Custom,
}

/// <summary>
/// A period of the dashboard: the portal-local days <see cref="From"/>…<see cref="To"/> (both included) and the UTC
/// instants they span, <see cref="StartUtc"/> inclusive, <see cref="EndUtc"/> exclusive.
/// </summary>
public sealed record NpsPeriod(NpsPeriodKind Kind, DateOnly From, DateOnly To, DateTime StartUtc, DateTime EndUtc)
{
    public int Days => To.DayNumber - From.DayNumber + 1;

    public bool Contains(DateTime utc) => utc >= StartUtc && utc < EndUtc;

    /// <summary>Each day of the period, in order.</summary>
    public IEnumerable<DateOnly> EachDay()
    {
        for (var day = From; day <= To; day = day.AddDays(1))
        {
            yield return day;
        }
    }
}

/// <summary>
/// Pure period cuts in the portal's zone. The calendar periods are the gamification's own (<see cref="Periods"/>): the
/// whole week, month, … that holds today, so a chart of the month shows the month. A custom period is checked: its
/// first day not after its last, and at most three years long (the dashboard's widest window).
/// </summary>
public static class NpsPeriods
{
    public const int MaxYears = 3;

    public const string ErrorReversed = "NpsDash_Period_Reversed";
    public const string ErrorTooLong = "NpsDash_Period_TooLong";

    public static NpsPeriod Current(NpsPeriodKind kind, DateTime utcNow, TimeZoneInfo zone)
    {
        var gamification = kind switch
        {
            NpsPeriodKind.Today => PeriodKind.Day,
            NpsPeriodKind.Week => PeriodKind.Week,
            NpsPeriodKind.Month => PeriodKind.Month,
            NpsPeriodKind.Quarter => PeriodKind.Quarter,
            NpsPeriodKind.Year => PeriodKind.Year,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A custom period has its own days."),
        };
        var period = Periods.Containing(gamification, utcNow, zone);
        return new NpsPeriod(kind, period.FirstDay, period.LastDay, period.StartUtc, period.EndUtc);
    }

    /// <summary>The days chosen, or the error key saying why they cannot be a period.</summary>
    public static (NpsPeriod? Period, string? Error) Custom(DateOnly from, DateOnly to, TimeZoneInfo zone)
    {
        if (from > to)
        {
            return (null, ErrorReversed);
        }

        if (to >= from.AddYears(MaxYears))
        {
            return (null, ErrorTooLong);
        }

        return (new NpsPeriod(NpsPeriodKind.Custom, from, to, StartOfDay(from, zone), StartOfDay(to.AddDays(1), zone)), null);
    }

    /// <summary>The portal-local day an instant falls on.</summary>
    public static DateOnly DayOf(DateTime utc, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone));

    /// <summary>
    /// The period's stretches over which the zone's offset from UTC does not change (one for Moscow; two or three a year
    /// where clocks move), each as UTC instants and the offset: a query adds the offset and cuts local days in SQL.
    /// </summary>
    public static IReadOnlyList<(DateTime StartUtc, DateTime EndUtc, TimeSpan Offset)> ConstantOffsets(NpsPeriod period, TimeZoneInfo zone)
    {
        var parts = new List<(DateTime, DateTime, TimeSpan)>();
        var start = period.StartUtc;
        var offset = zone.GetUtcOffset(start);
        // Offsets change at most a few times a year and never within an hour of each other: stepping by the hour finds each change.
        for (var at = start.AddHours(1); at < period.EndUtc; at = at.AddHours(1))
        {
            var now = zone.GetUtcOffset(at);
            if (now != offset)
            {
                // The exact minute the offset changed within this hour.
                var change = at.AddHours(-1);
                while (zone.GetUtcOffset(change) == offset)
                {
                    change = change.AddMinutes(1);
                }

                parts.Add((start, change, offset));
                (start, offset) = (change, now);
            }
        }

        parts.Add((start, period.EndUtc, offset));
        return parts;
    }

    /// <summary>Reads a period from an address: a kind (today, week, …) or custom days (yyyy-MM-dd); null with no error when absent.</summary>
    public static (NpsPeriod? Period, string? Error) Parse(string? kind, string? from, string? to, DateTime utcNow, TimeZoneInfo zone)
    {
        if (!string.IsNullOrWhiteSpace(from) || !string.IsNullOrWhiteSpace(to))
        {
            var inv = CultureInfo.InvariantCulture;
            if (!DateOnly.TryParseExact(from, "yyyy-MM-dd", inv, DateTimeStyles.None, out var f) || !DateOnly.TryParseExact(to, "yyyy-MM-dd", inv, DateTimeStyles.None, out var t))
            {
                return (null, "NpsDash_Period_Unreadable");
            }

            return Custom(f, t, zone);
        }

        if (string.IsNullOrWhiteSpace(kind))
        {
            return (null, null);
        }

        return Enum.TryParse<NpsPeriodKind>(kind, ignoreCase: true, out var k) && k != NpsPeriodKind.Custom && Enum.IsDefined(k)
            ? (Current(k, utcNow, zone), null)
            : (null, "NpsDash_Period_Unreadable");
    }

    private static DateTime StartOfDay(DateOnly day, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone);
}
