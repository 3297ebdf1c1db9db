using Loyalty.Core.Gamification;
using Loyalty.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Loyalty.Tests.TestSupport.BadgeGallerySeed;

namespace Loyalty.Tests.Core.Gamification;

/// <summary>
/// What a leaderboard page offers besides its rows, on a real SQLite database seeded by <see cref="BadgeGallerySeed"/>
/// (now: 16.12.2026 12:00 Moscow; the first won deal 05.10.2026, Anna's 25 calls on 15.12 from 11:01 Moscow time).
/// </summary>
public sealed class LeaderboardChartAndPeriodsTests : IAsyncLifetime
{
    private TestDatabase _database = default!;
    private ServiceProvider _services = default!;

    private GamificationQueries Queries => _services.GetRequiredService<GamificationQueries>();

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _services = CreateServices(_database);
        await SeedAsync(_services);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task ThePeriodPickerOffersEveryPeriodSinceTheMirrorsFirstDataNewestFirstWithClosedOnesFinal()
    {
        await Queries.LeaderboardAsync(MonthRating, "2026-11");
        await using (var db = _database.CreateDbContext())
        {
            await db.RatingPeriods.Where(p => p.RatingId == MonthRating && p.Key == "2026-11").ExecuteUpdateAsync(s => s.SetProperty(p => p.ClosedAt, Now.UtcDateTime));
        }

        var months = await Queries.PeriodsAsync(MonthRating);
        var weeks = await Queries.PeriodsAsync(WeekRating);

        Assert.Equal(["2026-12", "2026-11", "2026-10"], months.Select(p => p.Period.Key));
        Assert.Equal([false, true, false], months.Select(p => p.Closed));
        Assert.Equal("Анна Смирнова", months[1].LeaderName);
        // 05.10.2026 is the Monday of week 41; this is week 51.
        Assert.Equal(Enumerable.Range(41, 11).Reverse().Select(w => $"2026-W{w}"), weeks.Select(p => p.Period.Key));
    }

    [Fact]
    public async Task APeriodPickerWithoutAnyDataOffersTheCurrentPeriod()
    {
        await using (var db = _database.CreateDbContext())
        {
            await db.Deals.ExecuteDeleteAsync();
            await db.Activities.ExecuteDeleteAsync();
            await db.RatingPeriods.ExecuteDeleteAsync();
        }

        var months = await Queries.PeriodsAsync(MonthRating);

        Assert.Equal(["2026-12"], months.Select(p => p.Period.Key));
    }

    [Fact]
    public async Task ADailyBoardChartsItsLeadersHourByHour()
    {
        var rating = await Queries.SaveRatingAsync(new RatingDefinition { Name = "Звонки дня", Period = PeriodKind.Day, Criteria = [new Criterion(Metric.Calls, 100)] }, "test");
        var board = await Queries.LeaderboardAsync(rating.Id, "2026-12-15");
        Assert.Equal(Anna, board!.Leader!.ParticipantId);

        var chart = await Queries.ChartAsync(rating.Id, "2026-12-15");

        // Everyone takes part with nothing yet: the top five are all three.
        Assert.Equal([Anna, Boris, Vera], chart.Select(s => s.ParticipantId));
        var anna = chart[0];
        Assert.Equal("Анна Смирнова", anna.Name);
        // The hours end at 01:00 … 24:00 Moscow time; the calls came between 11:01 and 11:25.
        Assert.All(anna.Points, p => Assert.Equal(0, p.At.Minute));
        Assert.Equal(new DateTime(2026, 12, 16, 0, 0, 0), anna.Points[^1].At);
        Assert.Equal(100m, anna.Points[^1].Score);
        Assert.Equal(100m, anna.Points.Single(p => p.At == new DateTime(2026, 12, 15, 12, 0, 0)).Score);
        Assert.DoesNotContain(anna.Points, p => p.At <= new DateTime(2026, 12, 15, 11, 0, 0) && p.Score > 0);
    }

    [Fact]
    public async Task TodaysHourlyChartStopsAtTheCurrentHour()
    {
        var rating = await Queries.SaveRatingAsync(new RatingDefinition { Name = "Звонки дня", Period = PeriodKind.Day, Criteria = [new Criterion(Metric.Calls, 100)] }, "test");
        await using (var db = _database.CreateDbContext())
        {
            // Today (16.12, Moscow) Anna made a call at 10:30.
            db.Activities.Add(new Loyalty.Core.Crm.Activity
            {
                Id = 100, OwnerTypeId = 2, OwnerId = 1, Kind = Loyalty.Core.Crm.ActivityKind.Call, Completed = true, ResponsibleId = Anna,
                CreatedAt = new DateTime(2026, 12, 16, 7, 30, 0, DateTimeKind.Utc), EndTime = new DateTime(2026, 12, 16, 7, 30, 0, DateTimeKind.Utc), SyncedAt = Now.UtcDateTime,
            });
            await db.SaveChangesAsync();
        }

        await Queries.LeaderboardAsync(rating.Id, null);
        var chart = await Queries.ChartAsync(rating.Id, "2026-12-16");

        // 12:00 now: the hours ending 01:00 … 12:00.
        var points = chart.Single(s => s.ParticipantId == Anna).Points;
        Assert.Equal(new DateTime(2026, 12, 16, 12, 0, 0), points.Max(p => p.At));
        Assert.Equal(100m, points.Single(p => p.At == new DateTime(2026, 12, 16, 11, 0, 0)).Score);
    }
}
