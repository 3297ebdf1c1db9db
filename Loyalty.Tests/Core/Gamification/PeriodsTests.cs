using Loyalty.Core.Gamification;

namespace Loyalty.Tests.Core.Gamification;

/// <summary>Rating periods cut in the portal's zone (Moscow, UTC+3 all year): bounds, ISO weeks, month and quarter ends, keys.</summary>
public sealed class PeriodsTests
{
    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    [Fact]
    public void OneSecondBeforeMoscowMidnightIsStillTheOldDayAndMidnightIsTheNewOne()
    {
        // 23:59:59 on 1 March in Moscow is 20:59:59 UTC; 00:00 on 2 March is 21:00 UTC.
        var before = Periods.Containing(PeriodKind.Day, Utc(2026, 3, 1, 20, 59, 59), Moscow);
        var after = Periods.Containing(PeriodKind.Day, Utc(2026, 3, 1, 21, 0, 0), Moscow);

        Assert.Equal("2026-03-01", before.Key);
        Assert.Equal("2026-03-02", after.Key);
        Assert.Equal((Utc(2026, 2, 28, 21), Utc(2026, 3, 1, 21)), (before.StartUtc, before.EndUtc));
        Assert.Equal((Utc(2026, 3, 1, 21), Utc(2026, 3, 2, 21)), (after.StartUtc, after.EndUtc));
        Assert.True(after.Contains(Utc(2026, 3, 1, 21)));
        Assert.False(before.Contains(Utc(2026, 3, 1, 21)));
        Assert.Equal(1, after.Days);
    }

    [Fact]
    public void TheSameUtcInstantFallsOnADifferentDayInAnotherZone()
    {
        var utc = TimeZoneInfo.Utc;

        Assert.Equal("2026-03-01", Periods.Containing(PeriodKind.Day, Utc(2026, 3, 1, 22), utc).Key);
        Assert.Equal("2026-03-02", Periods.Containing(PeriodKind.Day, Utc(2026, 3, 1, 22), Moscow).Key);
    }

    [Theory]
    [InlineData(2026, 12, 6, 20, 59, "2026-W49")] // Sunday 23:59 in Moscow
    [InlineData(2026, 12, 6, 21, 0, "2026-W50")] // Monday 00:00 in Moscow
    [InlineData(2026, 11, 29, 21, 0, "2026-W49")] // Monday 30 November 00:00 in Moscow
    public void AWeekStartsOnMondayAtMoscowMidnight(int year, int month, int day, int hour, int minute, string key) =>
        Assert.Equal(key, Periods.Containing(PeriodKind.Week, Utc(year, month, day, hour, minute), Moscow).Key);

    [Fact]
    public void AWeekRunsFromMondayToSunday()
    {
        var week = Periods.Of(PeriodKind.Week, new DateOnly(2026, 12, 3), Moscow);

        Assert.Equal((new DateOnly(2026, 11, 30), new DateOnly(2026, 12, 6)), (week.FirstDay, week.LastDay));
        Assert.Equal(DayOfWeek.Monday, week.FirstDay.DayOfWeek);
        Assert.Equal((Utc(2026, 11, 29, 21), Utc(2026, 12, 6, 21)), (week.StartUtc, week.EndUtc));
        Assert.Equal(7, week.Days);
    }

    [Theory]
    // 2026 starts on a Thursday: it has a week 53, which ends on Sunday 3 January 2027.
    [InlineData(2026, 12, 31, "2026-W53", 2026, 12, 28)]
    [InlineData(2027, 1, 3, "2026-W53", 2026, 12, 28)]
    [InlineData(2027, 1, 4, "2027-W01", 2027, 1, 4)]
    // Monday 30 December 2024 is in the first week of 2025.
    [InlineData(2024, 12, 30, "2025-W01", 2024, 12, 30)]
    [InlineData(2025, 1, 5, "2025-W01", 2024, 12, 30)]
    [InlineData(2024, 12, 29, "2024-W52", 2024, 12, 23)]
    public void AWeekAcrossTheNewYearTakesItsIsoYear(int year, int month, int day, string key, int mondayYear, int mondayMonth, int mondayDay)
    {
        var week = Periods.Of(PeriodKind.Week, new DateOnly(year, month, day), Moscow);

        Assert.Equal(key, week.Key);
        Assert.Equal(new DateOnly(mondayYear, mondayMonth, mondayDay), week.FirstDay);
        Assert.Equal(week.FirstDay.AddDays(6), week.LastDay);
    }

    [Fact]
    public void TheWeekAfterWeek53IsTheFirstOfTheNextYear()
    {
        var w53 = Periods.Parse(PeriodKind.Week, "2026-W53", Moscow)!;

        Assert.Equal("2027-W01", Periods.Next(w53, Moscow).Key);
        Assert.Equal("2026-W52", Periods.Previous(w53, Moscow).Key);
        Assert.Equal("2026-W53", Periods.Previous(Periods.Parse(PeriodKind.Week, "2027-W01", Moscow)!, Moscow).Key);
    }

    [Theory]
    [InlineData(2026, 1, 31, "2026-01", 31)]
    [InlineData(2026, 3, 31, "2026-03", 31)]
    [InlineData(2026, 4, 30, "2026-04", 30)]
    [InlineData(2026, 2, 28, "2026-02", 28)]
    [InlineData(2028, 2, 29, "2028-02", 29)]
    [InlineData(2000, 2, 29, "2000-02", 29)]
    public void AMonthEndsOnItsLastDay(int year, int month, int lastDay, string key, int days)
    {
        var period = Periods.Of(PeriodKind.Month, new DateOnly(year, month, 15), Moscow);

        Assert.Equal(key, period.Key);
        Assert.Equal((new DateOnly(year, month, 1), new DateOnly(year, month, lastDay)), (period.FirstDay, period.LastDay));
        Assert.Equal(days, period.Days);
        // It ends at the next month's Moscow midnight: 21:00 UTC on its own last day.
        Assert.Equal(new DateTime(year, month, lastDay, 21, 0, 0, DateTimeKind.Utc), period.EndUtc);
    }

    [Fact]
    public void TheLastSecondOfTheThirtyFirstIsInItsMonthAndMidnightInTheNext()
    {
        Assert.Equal("2026-03", Periods.Containing(PeriodKind.Month, Utc(2026, 3, 31, 20, 59, 59), Moscow).Key);
        Assert.Equal("2026-04", Periods.Containing(PeriodKind.Month, Utc(2026, 3, 31, 21), Moscow).Key);
        // 1 January 00:30 in Moscow is still 31 December in UTC.
        Assert.Equal("2027-01", Periods.Containing(PeriodKind.Month, Utc(2026, 12, 31, 21, 30), Moscow).Key);
        Assert.Equal("2027", Periods.Containing(PeriodKind.Year, Utc(2026, 12, 31, 21, 30), Moscow).Key);
    }

    [Fact]
    public void TheMonthAfterJanuaryIsFebruaryAndTheOneBeforeMarchInALeapYearHas29Days()
    {
        var january = Periods.Of(PeriodKind.Month, new DateOnly(2028, 1, 31), Moscow);

        var february = Periods.Next(january, Moscow);

        Assert.Equal(("2028-02", 29), (february.Key, february.Days));
        Assert.Equal(february, Periods.Previous(Periods.Of(PeriodKind.Month, new DateOnly(2028, 3, 1), Moscow), Moscow));
        Assert.Equal(january.EndUtc, february.StartUtc);
    }

    [Theory]
    [InlineData(1, 1, "2026-Q1", 1, 3, 31)]
    [InlineData(3, 31, "2026-Q1", 1, 3, 31)]
    [InlineData(4, 1, "2026-Q2", 4, 6, 30)]
    [InlineData(8, 15, "2026-Q3", 7, 9, 30)]
    [InlineData(12, 31, "2026-Q4", 10, 12, 31)]
    public void AQuarterIsThreeMonths(int month, int day, string key, int firstMonth, int lastMonth, int lastDay)
    {
        var quarter = Periods.Of(PeriodKind.Quarter, new DateOnly(2026, month, day), Moscow);

        Assert.Equal(key, quarter.Key);
        Assert.Equal((new DateOnly(2026, firstMonth, 1), new DateOnly(2026, lastMonth, lastDay)), (quarter.FirstDay, quarter.LastDay));
    }

    [Fact]
    public void QuartersFollowOneAnotherAcrossTheYear()
    {
        var q4 = Periods.Parse(PeriodKind.Quarter, "2026-Q4", Moscow)!;

        Assert.Equal("2027-Q1", Periods.Next(q4, Moscow).Key);
        Assert.Equal("2026-Q3", Periods.Previous(q4, Moscow).Key);
        Assert.Equal("2025-Q4", Periods.Previous(Periods.Parse(PeriodKind.Quarter, "2026-Q1", Moscow)!, Moscow).Key);
        Assert.Equal(92, q4.Days);
        Assert.Equal(90, Periods.Parse(PeriodKind.Quarter, "2026-Q1", Moscow)!.Days);
        Assert.Equal(91, Periods.Parse(PeriodKind.Quarter, "2028-Q1", Moscow)!.Days);
    }

    [Fact]
    public void AYearRunsFromMoscowMidnightOnTheFirstOfJanuary()
    {
        var year = Periods.Of(PeriodKind.Year, new DateOnly(2028, 6, 1), Moscow);

        Assert.Equal(("2028", 366), (year.Key, year.Days));
        Assert.Equal((Utc(2027, 12, 31, 21), Utc(2028, 12, 31, 21)), (year.StartUtc, year.EndUtc));
    }

    [Theory]
    [InlineData(PeriodKind.Day)]
    [InlineData(PeriodKind.Week)]
    [InlineData(PeriodKind.Month)]
    [InlineData(PeriodKind.Quarter)]
    [InlineData(PeriodKind.Year)]
    public void EveryPeriodsKeyReadsBackAsTheSamePeriod(PeriodKind kind)
    {
        // Every day of three years, leap year and week 53 included.
        for (var day = new DateOnly(2026, 1, 1); day <= new DateOnly(2028, 12, 31); day = day.AddDays(1))
        {
            var period = Periods.Of(kind, day, Moscow);
            Assert.Equal(period, Periods.Parse(kind, period.Key, Moscow));
            Assert.InRange(day, period.FirstDay, period.LastDay);
        }
    }

    [Fact]
    public void PeriodsFollowOneAnotherWithoutGapsOrOverlaps()
    {
        foreach (var kind in Enum.GetValues<PeriodKind>())
        {
            var period = Periods.Of(kind, new DateOnly(2026, 1, 1), Moscow);
            for (var i = 0; i < 60; i++)
            {
                var next = Periods.Next(period, Moscow);
                Assert.Equal(period.EndUtc, next.StartUtc);
                Assert.Equal(period.LastDay.AddDays(1), next.FirstDay);
                Assert.Equal(period, Periods.Previous(next, Moscow));
                period = next;
            }
        }
    }

    [Theory]
    [InlineData(PeriodKind.Day, null)]
    [InlineData(PeriodKind.Day, "")]
    [InlineData(PeriodKind.Day, "  ")]
    [InlineData(PeriodKind.Day, "2026-02-30")]
    [InlineData(PeriodKind.Day, "2026-2-03")]
    [InlineData(PeriodKind.Day, "03.02.2026")]
    [InlineData(PeriodKind.Day, "2026-W49")]
    [InlineData(PeriodKind.Day, "2026-12-05 ")]
    [InlineData(PeriodKind.Week, "2026-W00")]
    [InlineData(PeriodKind.Week, "2026-W54")]
    [InlineData(PeriodKind.Week, "2025-W53")]
    [InlineData(PeriodKind.Week, "2026-W5")]
    [InlineData(PeriodKind.Week, "2026-w49")]
    [InlineData(PeriodKind.Week, "2026W49")]
    [InlineData(PeriodKind.Week, "1999-W10")]
    [InlineData(PeriodKind.Week, "2026-W-1")]
    [InlineData(PeriodKind.Month, "2026-13")]
    [InlineData(PeriodKind.Month, "2026-00")]
    [InlineData(PeriodKind.Month, "2026-12-05")]
    [InlineData(PeriodKind.Month, "2026-Q4")]
    [InlineData(PeriodKind.Quarter, "2026-Q0")]
    [InlineData(PeriodKind.Quarter, "2026-Q5")]
    [InlineData(PeriodKind.Quarter, "2026-q4")]
    [InlineData(PeriodKind.Quarter, "26-Q4")]
    [InlineData(PeriodKind.Quarter, "2026-12")]
    [InlineData(PeriodKind.Quarter, "2201-Q1")]
    [InlineData(PeriodKind.Year, "1999")]
    [InlineData(PeriodKind.Year, "2201")]
    [InlineData(PeriodKind.Year, "+202")]
    [InlineData(PeriodKind.Year, "20265")]
    [InlineData(PeriodKind.Year, "abcd")]
    [InlineData(PeriodKind.Year, "2026-01")]
    public void AKeyThatIsNotOneOfTheKindsKeysIsRefused(PeriodKind kind, string? key) => Assert.Null(Periods.Parse(kind, key, Moscow));

    [Theory]
    [InlineData(PeriodKind.Day, "2028-02-29")]
    [InlineData(PeriodKind.Week, "2026-W53")]
    [InlineData(PeriodKind.Week, "2026-W01")]
    [InlineData(PeriodKind.Month, "2028-02")]
    [InlineData(PeriodKind.Quarter, "2026-Q4")]
    [InlineData(PeriodKind.Year, "2000")]
    [InlineData(PeriodKind.Year, "2200")]
    public void AWellFormedKeyIsReadAndWrittenTheSame(PeriodKind kind, string key) => Assert.Equal(key, Periods.Parse(kind, key, Moscow)?.Key);

    private static DateTime Utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, DateTimeKind.Utc);
}
