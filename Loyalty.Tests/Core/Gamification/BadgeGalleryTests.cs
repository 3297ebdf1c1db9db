using System.Data.Common;
using Loyalty.Core.Data;
using Loyalty.Core.Gamification;
using Loyalty.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using static Loyalty.Tests.TestSupport.BadgeGallerySeed;

namespace Loyalty.Tests.Core.Gamification;

/// <summary>The badge gallery's read model on a real SQLite database seeded by <see cref="BadgeGallerySeed"/>.</summary>
public sealed class BadgeGalleryTests : IAsyncLifetime
{
    private TestDatabase _database = default!;
    private ServiceProvider _services = default!;

    private BadgeGallery Gallery => _services.GetRequiredService<BadgeGallery>();

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
    public async Task TheGalleryShowsActiveEmployeeBadgesOnlyByCategoryWithTheirLevelsAndThresholds()
    {
        var view = await Gallery.GalleryAsync(null);

        Assert.Equal([Calls, Seller, Soul, Star, FirstClient, Million], view.Badges.Select(b => b.Id));
        Assert.Equal(["Активность", "Достижения", "Признание", "Продажи", "Продажи", "Продажи"], view.Badges.Select(b => b.Category));
        var star = view.Badges.Single(b => b.Id == Star);
        Assert.Equal([(BadgeLevel.Bronze, 50_000_000d), (BadgeLevel.Silver, 100_000_000d), (BadgeLevel.Gold, 200_000_000d)], star.Levels.Select(l => (l.Level, l.Threshold)));
        Assert.Equal((BadgeRule.MetricInPeriod, Metric.DealSum, PeriodKind.Month, true), (star.Rule, star.Metric, star.Period, star.Repeatable));
        Assert.Equal("Лучший менеджер месяца", view.Badges.Single(b => b.Id == Seller).RatingName);
        Assert.Equal([BadgeLevel.Bronze], view.Badges.Single(b => b.Id == Soul).Levels.Select(l => l.Level));
        Assert.Null(view.Employee);
        Assert.Empty(view.States);
    }

    [Fact]
    public async Task HolderCountsCountEachEmployeeOnceAndLeaveRevokedAwardsOut()
    {
        var view = await Gallery.GalleryAsync(null);

        // Star: Anna holds Bronze for two months (one holder); Boris's November Bronze was revoked.
        var star = view.Badges.Single(b => b.Id == Star);
        Assert.Equal([1, 0, 0], star.Levels.Select(l => l.Holders));
        Assert.Equal(1, star.Holders);
        Assert.Equal(2, view.Badges.Single(b => b.Id == FirstClient).Holders);
        Assert.Equal(0, view.Badges.Single(b => b.Id == Million).Holders);

        var soulAward = await IdOfAsync(Soul, Anna);
        await _services.GetRequiredService<BadgeEvaluator>().RevokeAsync(soulAward, "Ошибка", "head@demo.loyalty");

        var after = await Gallery.GalleryAsync(null);
        Assert.Equal(0, after.Badges.Single(b => b.Id == Soul).Holders);
        Assert.Equal([0], after.Badges.Single(b => b.Id == Soul).Levels.Select(l => l.Holders));
    }

    [Fact]
    public async Task AnEmployeesEarnedLevelsCarryTheLatestAwardAndHowManyPeriodsEarnedIt()
    {
        var view = await Gallery.GalleryAsync(Anna);

        Assert.Equal((Anna, "Анна Смирнова", "Отдел продаж"), (view.Employee!.Id, view.Employee.Name, view.Employee.Department));
        var star = view.States[Star];
        Assert.True(star.IsEarned);
        var bronze = Assert.Single(star.Earned);
        Assert.Equal((BadgeLevel.Bronze, "2026-12", AnnaStarAt, 2), (bronze.Level, bronze.PeriodKey, bronze.AwardedAt, bronze.Times));
        Assert.Null(star.Of(BadgeLevel.Silver));
        Assert.Equal(BadgeLevel.Bronze, star.Highest);
        Assert.Equal(("head@demo.loyalty", AnnaSoulAt), (view.States[Soul].Earned[0].AwardedBy, view.States[Soul].Earned[0].AwardedAt));
        Assert.False(view.States[Million].IsEarned);
        Assert.False(view.States[Seller].IsEarned);
    }

    [Fact]
    public async Task ARevokedAwardLeavesItsLevelLockedForTheEmployee()
    {
        var view = await Gallery.GalleryAsync(Boris);

        Assert.False(view.States[Star].IsEarned);
        Assert.True(view.States[FirstClient].IsEarned);
    }

    [Fact]
    public async Task ProgressMeasuresThisPeriodForPeriodBadgesAndAllTimeForCumulativeOnes()
    {
        var view = await Gallery.GalleryAsync(Anna);

        // 600 000 ₽ this December: Bronze (500 000) reached, Silver (1 000 000) at 60 %.
        var star = view.States[Star].Progress!;
        Assert.Equal((60_000_000d, "2026-12", BadgeLevel.Silver, 100_000_000d), (star.Value, star.PeriodKey, star.NextLevel, star.NextThreshold));
        Assert.Equal(0.6, star.Share, 6);
        // 1 000 000 ₽ all time (October counts too): half of Bronze's 2 000 000.
        var million = view.States[Million].Progress!;
        Assert.Equal((100_000_000d, (string?)null, BadgeLevel.Bronze, 200_000_000d), (million.Value, million.PeriodKey, million.NextLevel, million.NextThreshold));
        Assert.Equal(0.5, million.Share, 6);
        var calls = view.States[Calls].Progress!;
        Assert.Equal((25d, ThisWeek, BadgeLevel.Silver, 50d), (calls.Value, calls.PeriodKey, calls.NextLevel, calls.NextThreshold));
        // Two won deals: the only level is reached, nothing is next.
        var first = view.States[FirstClient].Progress!;
        Assert.Equal((2d, (BadgeLevel?)null, 1d), (first.Value, first.NextLevel, first.Share));
        Assert.Null(view.States[Soul].Progress);
    }

    [Fact]
    public async Task ProgressOnARankBadgeIsTheCurrentPlaceInItsRating()
    {
        var boris = (await Gallery.GalleryAsync(Boris)).States[Seller].Progress!;
        var anna = (await Gallery.GalleryAsync(Anna)).States[Seller].Progress!;
        var vera = (await Gallery.GalleryAsync(Vera)).States[Seller].Progress!;

        // Boris is second this month: Bronze (3rd) and Silver (2nd) reached, Gold (1st) is next.
        Assert.Equal((2d, "2026-12", BadgeLevel.Gold, 1d, 0.5), (boris.Value, boris.PeriodKey, boris.NextLevel, boris.NextThreshold, boris.Share));
        Assert.Equal((1d, (BadgeLevel?)null), (anna.Value, anna.NextLevel));
        Assert.Equal(3d, vera.Value);
        Assert.Equal(BadgeLevel.Silver, vera.NextLevel);
    }

    [Fact]
    public async Task ADeletedOrUnknownEmployeeGivesTheGalleryWithoutStates()
    {
        var deleted = await Gallery.GalleryAsync(Gleb);
        var unknown = await Gallery.GalleryAsync(999);

        Assert.Null(deleted.Employee);
        Assert.Empty(deleted.States);
        Assert.Null(unknown.Employee);
        Assert.Equal(6, unknown.Badges.Count);
    }

    [Fact]
    public async Task TheNumberOfQueriesDoesNotGrowWithTheNumberOfBadges()
    {
        var counting = new CountingFactory(_database);
        await using var services = CreateServices(counting);
        var gallery = services.GetRequiredService<BadgeGallery>();
        await gallery.GalleryAsync(Anna);

        counting.Commands = 0;
        await gallery.GalleryAsync(Anna);
        var before = counting.Commands;
        Assert.InRange(before, 5, 40);

        await using (var db = _database.CreateDbContext())
        {
            for (var i = 0; i < 30; i++)
            {
                db.Badges.AddRange(
                    Badge(100 + (i * 5), $"Период {i}", "", "star", "Ещё", BadgeRule.MetricInPeriod, Metric.Calls, PeriodKind.Week, i + 1, null, null),
                    Badge(101 + (i * 5), $"Всего {i}", "", "star", "Ещё", BadgeRule.Cumulative, Metric.WonDeals, null, i + 1, null, null),
                    Badge(102 + (i * 5), $"Место {i}", "", "star", "Ещё", BadgeRule.RatingRank, null, PeriodKind.Month, 3, null, null, ratingId: MonthRating),
                    Badge(103 + (i * 5), $"Вручную {i}", "", "star", "Ещё", BadgeRule.Manual, null, null, null, null, null),
                    Badge(104 + (i * 5), $"Первая {i}", "", "star", "Ещё", BadgeRule.FirstWonDeal, null, null, null, null, null));
            }

            await db.SaveChangesAsync();
        }

        counting.Commands = 0;
        var view = await gallery.GalleryAsync(Anna);

        Assert.Equal(156, view.Badges.Count);
        Assert.Equal(25d, view.States[100].Progress!.Value);
        Assert.Equal(before, counting.Commands);
    }

    [Fact]
    public async Task HoldersAreListedHeldFirstNewestFirstAndRevokedOnesOnlyWhenAsked()
    {
        var held = await Gallery.HoldersAsync(Star, includeRevoked: false, 0, 10);
        var all = await Gallery.HoldersAsync(Star, includeRevoked: true, 0, 10);
        var page = await Gallery.HoldersAsync(Star, includeRevoked: true, 1, 1);

        Assert.Equal(2, held.Total);
        Assert.Equal([("Анна Смирнова", "2026-12"), ("Анна Смирнова", "2026-11")], held.Rows.Select(r => (r.EmployeeName, r.PeriodKey)));
        Assert.Equal(3, all.Total);
        Assert.Equal([false, false, true], all.Rows.Select(r => r.Revoked));
        Assert.Equal("Борис Петров", all.Rows[2].EmployeeName);
        Assert.Equal("2026-11", Assert.Single(page.Rows).PeriodKey);
        Assert.Equal(3, page.Total);
    }

    [Fact]
    public async Task EmployeesAreFoundByAnyPartOfTheNameInAnyCaseAndDeletedOnesAreNot()
    {
        Assert.Equal([Anna], (await Gallery.SearchEmployeesAsync("анна")).Select(e => e.Id));
        Assert.Equal([Boris], (await Gallery.SearchEmployeesAsync("ПЕТР бор")).Select(e => e.Id));
        Assert.Empty(await Gallery.SearchEmployeesAsync("глеб"));
        Assert.Equal([Anna, Boris, Vera], (await Gallery.SearchEmployeesAsync(null)).Select(e => e.Id));
    }

    [Fact]
    public async Task AManualAwardClickedTwiceAtOnceIsAwardedOnce()
    {
        var evaluator = _services.GetRequiredService<BadgeEvaluator>();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            try
            {
                await evaluator.AwardManuallyAsync(Soul, Boris, BadgeLevel.Bronze, "Выручил команду", "head@demo.loyalty");
                return "ok";
            }
            catch (BadgeAwardException e)
            {
                return e.MessageKey;
            }
        })));

        Assert.Equal(["Badge_Error_AlreadyHeld", "ok"], attempts.Order());
        await using var db = _database.CreateDbContext();
        Assert.Equal(1, await db.BadgeAwards.CountAsync(a => a.BadgeId == Soul && a.EmployeeId == Boris));
    }

    private async Task<long> IdOfAsync(long badge, long employee)
    {
        await using var db = _database.CreateDbContext();
        return await db.BadgeAwards.Where(a => a.BadgeId == badge && a.EmployeeId == employee).Select(a => a.Id).SingleAsync();
    }

    /// <summary>The test database's contexts, counting the commands they send.</summary>
    private sealed class CountingFactory : IDbContextFactory<LoyaltyDbContext>
    {
        private readonly DbContextOptions<LoyaltyDbContext> _options;

        public CountingFactory(TestDatabase database)
        {
            using var probe = database.CreateDbContext();
            _options = new DbContextOptionsBuilder<LoyaltyDbContext>().UseSqlite(probe.Database.GetConnectionString()).AddInterceptors(new Counter(this)).Options;
        }

        public int Commands { get; set; }

        public LoyaltyDbContext CreateDbContext() => new(_options);

        private sealed class Counter(CountingFactory owner) : DbCommandInterceptor
        {
            public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
                DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
            {
                owner.Commands++;
                return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
            }

            public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
                DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
            {
                owner.Commands++;
                return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
            }
        }
    }
}
