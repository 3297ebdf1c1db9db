using Loyalty.Core.Nps;

namespace Loyalty.Tests.Core.Nps;

/// <summary>The dashboard's periods cut in the portal's zone: bounds around midnight, Monday weeks, custom days checked.</summary>
public sealed class NpsPeriodsTests
{
    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Fact]
    public void TodayTurnsAtMoscowMidnightNotAtUtcMidnight()
    {
        // 23:59 on 6 December in Moscow is 20:59 UTC; 00:00 on 7 December is 21:00 UTC.
        var before = NpsPeriods.Current(NpsPeriodKind.Today, Utc(2026, 12, 6, 20, 59), Moscow);
        var after = NpsPeriods.Current(NpsPeriodKind.Today, Utc(2026, 12, 6, 21, 0), Moscow);

        Assert.Equal(new DateOnly(2026, 12, 6), before.From);
        Assert.Equal(new DateOnly(2026, 12, 7), after.From);
        Assert.Equal((Utc(2026, 12, 5, 21, 0), Utc(2026, 12, 6, 21, 0)), (before.StartUtc, before.EndUtc));
        Assert.Equal(1, after.Days);
        Assert.Equal(new DateOnly(2026, 12, 7), NpsPeriods.DayOf(Utc(2026, 12, 6, 21, 0), Moscow));
        Assert.Equal(new DateOnly(2026, 12, 6), NpsPeriods.DayOf(Utc(2026, 12, 6, 20, 59), Moscow));
    }

    [Fact]
    public void TheWeekStartsOnMonday()
    {
        // Sunday 6 December 2026, late evening in Moscow: still the week of Monday 30 November.
        var week = NpsPeriods.Current(NpsPeriodKind.Week, Utc(2026, 12, 6, 20, 0), Moscow);

        Assert.Equal(new DateOnly(2026, 11, 30), week.From);
        Assert.Equal(DayOfWeek.Monday, week.From.DayOfWeek);
        Assert.Equal(new DateOnly(2026, 12, 6), week.To);
        Assert.Equal(7, week.Days);
        Assert.Equal(Utc(2026, 11, 29, 21, 0), week.StartUtc);
    }

    [Theory]
    [InlineData(NpsPeriodKind.Month, 2026, 12, 1, 2026, 12, 31)]
    [InlineData(NpsPeriodKind.Quarter, 2026, 10, 1, 2026, 12, 31)]
    [InlineData(NpsPeriodKind.Year, 2026, 1, 1, 2026, 12, 31)]
    public void CalendarPeriodsHoldToday(NpsPeriodKind kind, int fy, int fm, int fd, int ty, int tm, int td)
    {
        var period = NpsPeriods.Current(kind, Utc(2026, 12, 6, 9, 0), Moscow);

        Assert.Equal(new DateOnly(fy, fm, fd), period.From);
        Assert.Equal(new DateOnly(ty, tm, td), period.To);
        Assert.Equal(period.Days, period.EachDay().Count());
    }

    [Fact]
    public void TheFirstMinutesOfANewYearInMoscowBelongToTheNewYear()
    {
        // 00:30 on 1 January 2027 in Moscow is 21:30 UTC on 31 December 2026.
        var year = NpsPeriods.Current(NpsPeriodKind.Year, Utc(2026, 12, 31, 21, 30), Moscow);

        Assert.Equal(new DateOnly(2027, 1, 1), year.From);
        Assert.Equal(Utc(2026, 12, 31, 21, 0), year.StartUtc);
    }

    [Fact]
    public void ACustomPeriodCoversItsDaysInTheZone()
    {
        var (period, error) = NpsPeriods.Custom(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 1), Moscow);

        Assert.Null(error);
        Assert.Equal((Utc(2026, 2, 28, 21, 0), Utc(2026, 3, 1, 21, 0)), (period!.StartUtc, period.EndUtc));
        Assert.Equal(NpsPeriodKind.Custom, period.Kind);
    }

    [Fact]
    public void ACustomPeriodEndingBeforeItStartsIsRefused()
    {
        var (period, error) = NpsPeriods.Custom(new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 1), Moscow);

        Assert.Null(period);
        Assert.Equal(NpsPeriods.ErrorReversed, error);
    }

    [Fact]
    public void ACustomPeriodOfThreeYearsIsTakenAndOneDayMoreIsRefused()
    {
        var (three, none) = NpsPeriods.Custom(new DateOnly(2024, 1, 1), new DateOnly(2026, 12, 31), Moscow);
        var (longer, error) = NpsPeriods.Custom(new DateOnly(2024, 1, 1), new DateOnly(2027, 1, 1), Moscow);

        Assert.NotNull(three);
        Assert.Null(none);
        Assert.Null(longer);
        Assert.Equal(NpsPeriods.ErrorTooLong, error);
    }

    [Fact]
    public void MoscowHasOneOffsetAllYear()
    {
        var year = NpsPeriods.Current(NpsPeriodKind.Year, Utc(2026, 6, 1, 9, 0), Moscow);

        var parts = NpsPeriods.ConstantOffsets(year, Moscow);

        Assert.Equal([(year.StartUtc, year.EndUtc, TimeSpan.FromHours(3))], parts);
    }

    [Fact]
    public void AZoneThatMovesItsClocksIsCutWhereTheOffsetChanges()
    {
        // Berlin: +1 until 29 March 2026 01:00 UTC, +2 until 25 October 2026 01:00 UTC, then +1.
        var year = NpsPeriods.Current(NpsPeriodKind.Year, Utc(2026, 6, 1, 9, 0), Berlin);

        var parts = NpsPeriods.ConstantOffsets(year, Berlin);

        Assert.Equal(3, parts.Count);
        Assert.Equal((year.StartUtc, Utc(2026, 3, 29, 1, 0), TimeSpan.FromHours(1)), parts[0]);
        Assert.Equal((Utc(2026, 3, 29, 1, 0), Utc(2026, 10, 25, 1, 0), TimeSpan.FromHours(2)), parts[1]);
        Assert.Equal((Utc(2026, 10, 25, 1, 0), year.EndUtc, TimeSpan.FromHours(1)), parts[2]);
    }

    [Theory]
    [InlineData("month", null, null, true, null)]
    [InlineData(null, "2026-12-01", "2026-12-06", true, null)]
    [InlineData(null, "2026-12-06", "2026-12-01", false, NpsPeriods.ErrorReversed)]
    [InlineData("custom", null, null, false, "NpsDash_Period_Unreadable")]
    [InlineData("7", null, null, false, "NpsDash_Period_Unreadable")]
    [InlineData(null, "06.12.2026", "2026-12-06", false, "NpsDash_Period_Unreadable")]
    [InlineData(null, null, null, false, null)]
    public void AddressesAreReadOrRefusedWithAReason(string? kind, string? from, string? to, bool read, string? error)
    {
        var (period, problem) = NpsPeriods.Parse(kind, from, to, Utc(2026, 12, 6, 9, 0), Moscow);

        Assert.Equal(read, period is not null);
        Assert.Equal(error, problem);
    }

    private static DateTime Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, DateTimeKind.Utc);
}
