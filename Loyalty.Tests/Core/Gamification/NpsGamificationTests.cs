using Loyalty.Core.Data;
using Loyalty.Core.Gamification;
using Loyalty.Core.Notifications;
using Loyalty.Core.Portal;
using Loyalty.Tests.Core.Nps;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Loyalty.Tests.Core.Nps.NpsDashWorld;

namespace Loyalty.Tests.Core.Gamification;

/// <summary>NPS in gamification: the managers' average score as a rating criterion, and the «Любимец клиентов» badge.</summary>
public sealed class NpsGamificationTests : IAsyncLifetime
{
    private NpsDashWorld _world = null!;

    public async Task InitializeAsync()
    {
        _world = await NpsDashWorld.CreateAsync();
        await _world.AddEmployeeAsync(10, "Жанна", "Климова");
        await _world.AddEmployeeAsync(11, "Антон", "Белов");
        await _world.AddEmployeeAsync(12, "Павел", "Орлов");
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task TheNpsScoreIsTheAverageOfAManagersZeroToTenAnswersInThePeriod()
    {
        await AnswersAsync(10, 10, 9, 8);
        await AnswersAsync(11, 4);
        await _world.AddSurveyAsync(Local(2026, 12, 2), 1, managerId: 11, twoPoint: true);
        await _world.AddSurveyAsync(Local(2026, 11, 2), 0, managerId: 10);
        await _world.AddSurveyAsync(Local(2026, 12, 2), managerId: 12);
        var month = _world.Month;

        await using var db = _world.Database.CreateDbContext();
        var totals = await MetricQueries.PerEmployeeAsync(db, new MetricRequest(month.StartUtc, month.EndUtc, new HashSet<Metric> { Metric.NpsScore }, []), CancellationToken.None);

        Assert.Equal(new MetricTotal(27, 3), totals[10][Metric.NpsScore]);
        Assert.Equal(new MetricTotal(4, 1), totals[11][Metric.NpsScore]);
        Assert.False(totals.ContainsKey(12));
        Assert.Equal(9.0, Metrics.Value(Metric.NpsScore, totals[10][Metric.NpsScore]));
        Assert.Null(Metrics.Value(Metric.NpsScore, MetricTotal.None));
        Assert.Equal(Metric.NpsScore, Enum.GetValues<Metric>()[^1]);
    }

    [Fact]
    public async Task ARatingWithAnNpsCriterionRanksManagersByTheirAnswers()
    {
        await AnswersAsync(10, 6, 7);
        await AnswersAsync(11, 10, 9, 10);
        await AnswersAsync(12, 8);
        var hub = new LeaderboardHub();
        var calculator = new RatingCalculator(_world.Database, hub, _world.Clock, NullLogger<RatingCalculator>.Instance);
        long ratingId;
        await using (var db = _world.Database.CreateDbContext())
        {
            var rating = new Rating { CreatedAt = Now.UtcDateTime, UpdatedAt = Now.UtcDateTime, UpdatedBy = "test", Version = 1 };
            new RatingDefinition { Name = "Любимцы клиентов", Scope = RatingScope.Individual, Period = PeriodKind.Month, Criteria = [new(Metric.NpsScore, 100)] }.ApplyTo(rating);
            db.Ratings.Add(rating);
            await db.SaveChangesAsync();
            ratingId = rating.Id;
        }

        await calculator.RecalculateAsync(ratingId, Periods.Containing(PeriodKind.Month, Now.UtcDateTime, Moscow));

        await using var read = _world.Database.CreateDbContext();
        var ranks = await read.RatingResults.AsNoTracking().Where(r => r.Rank != null).OrderBy(r => r.Rank).Select(r => r.ParticipantId).ToListAsync();
        Assert.Equal([11L, 12L, 10L], ranks);
    }

    [Fact]
    public async Task TheCustomersFavouriteBadgeNeedsAnAverageOfNineOverFiveAnswersInAMonth()
    {
        await AnswersAsync(10, 10, 9, 9, 10, 8);   // 9.2 over five answers: earned
        await AnswersAsync(11, 10, 10, 10, 10);    // four answers: not yet
        await AnswersAsync(12, 9, 9, 9, 9, 7);     // 8.6: not earned
        await using (var db = _world.Database.CreateDbContext())
        {
            await GamificationDefaults.EnsureAsync(db, Now.UtcDateTime, CancellationToken.None);
        }

        var badges = Evaluator();
        var pass = await badges.EvaluateAsync(null);

        await using var read = _world.Database.CreateDbContext();
        var badge = await read.Badges.AsNoTracking().SingleAsync(b => b.Name == GamificationDefaults.NpsBadgeName);
        Assert.Equal((Metric.NpsScore, PeriodKind.Month, 9L), (badge.Metric!.Value, badge.Period!.Value, badge.BronzeThreshold!.Value));
        Assert.Empty(BadgeLevels.Validate(badge));
        var holders = await read.BadgeAwards.AsNoTracking().Where(a => a.BadgeId == badge.Id && a.RevokedAt == null).Select(a => a.EmployeeId).ToListAsync();
        Assert.Equal([10L], holders);
        Assert.True(pass.Awarded >= 1);
    }

    [Fact]
    public async Task APortalThatHadItsExamplesGetsTheNpsBadgeOnce()
    {
        await using (var db = _world.Database.CreateDbContext())
        {
            await GamificationDefaults.EnsureAsync(db, Now.UtcDateTime, CancellationToken.None);
            var badge = await db.Badges.SingleAsync(b => b.Name == GamificationDefaults.NpsBadgeName);
            // An administrator removes it: it does not come back.
            db.Badges.Remove(badge);
            await db.SaveChangesAsync();
            await GamificationDefaults.EnsureAsync(db, Now.UtcDateTime, CancellationToken.None);
        }

        await using var read = _world.Database.CreateDbContext();
        Assert.False(await read.Badges.AnyAsync(b => b.Name == GamificationDefaults.NpsBadgeName));
        Assert.True(await read.Badges.AnyAsync(b => b.Name == "Первый клиент"));
    }

    private async Task AnswersAsync(long managerId, params int[] scores)
    {
        var at = Local(2026, 12, 2, 9);
        foreach (var score in scores)
        {
            await _world.AddSurveyAsync(at, score, managerId: managerId);
            at = at.AddMinutes(5);
        }
    }

    private BadgeEvaluator Evaluator()
    {
        var portal = Options.Create(new PortalOptions());
        var protection = new EphemeralDataProtectionProvider();
        var notifications = Options.Create(new NotificationOptions());
        var outbox = new NotificationOutbox(new ChannelSettings(_world.Database, protection, notifications, _world.Time), _world.Clock, new UnsubscribeTokens(protection), notifications, portal);
        var notices = new GamificationNotices(portal, _world.Time, outbox);
        return new BadgeEvaluator(_world.Database, _world.Clock, notices, new LeaderboardHub(), NullLogger<BadgeEvaluator>.Instance);
    }
}
