using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Gamification;
using Loyalty.Core.Ledger;
using Loyalty.Core.Notifications;
using Loyalty.Core.Portal;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Loyalty.Tests.TestSupport;

/// <summary>
/// A sales team with badges, awards, won deals, calls, ratings and points on a real database, for the badge gallery and
/// the employee profile. "Now" is Wednesday 16.12.2026 12:00 in Moscow. Anna has won 600 000 ₽ this month (and
/// 400 000 ₽ in October), made 25 calls this week and holds Bronze of "Звезда продаж" for November and December,
/// Bronze of "Мастер звонков" this week, "Первый клиент" and the manual "Душа компании". Boris has won 100 000 ₽
/// this month; his November "Звезда продаж" was revoked. Vera has nothing; Gleb is deleted in the CRM.
/// </summary>
public static class BadgeGallerySeed
{
    public static readonly DateTimeOffset Now = new(2026, 12, 16, 9, 0, 0, TimeSpan.Zero);

    public const long Anna = 1;
    public const long Boris = 2;
    public const long Vera = 3;
    public const long Gleb = 4;

    public const long Sales = 10;

    /// <summary>"Звезда продаж": won deals of 500 000 / 1 000 000 / 2 000 000 ₽ in a month, every month.</summary>
    public const long Star = 1;

    /// <summary>"Первый миллион" (despite the name, 2 / 5 / 10 million ₽ of won deals all time).</summary>
    public const long Million = 2;

    /// <summary>"Мастер звонков": 20 / 50 / 100 calls a week.</summary>
    public const long Calls = 3;

    /// <summary>"Душа компании": awarded by hand.</summary>
    public const long Soul = 4;

    /// <summary>"Продавец месяца": places 3 / 2 / 1 of <see cref="MonthRating"/>.</summary>
    public const long Seller = 5;

    /// <summary>"Первый клиент": the first won deal.</summary>
    public const long FirstClient = 6;

    public const long Retired = 7;
    public const long CustomerBadge = 8;

    /// <summary>"Лучший менеджер месяца": the deal sum, by month.</summary>
    public const long MonthRating = 1;

    /// <summary>"Звонки недели": calls, by week.</summary>
    public const long WeekRating = 2;

    /// <summary>"Рейтинг отделов": departments, which the profile leaves out.</summary>
    public const long TeamRating = 3;

    public static readonly DateTime AnnaStarAt = new(2026, 12, 10, 10, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime AnnaSoulAt = new(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);

    /// <summary>The gallery's services over <paramref name="database"/> with a clock standing at <see cref="Now"/>.</summary>
    public static IServiceCollection AddBadgeGalleryServices(this IServiceCollection services, IDbContextFactory<LoyaltyDbContext> database)
    {
        var time = new ManualTimeProvider(Now);
        services.AddSingleton(database);
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton(Options.Create(new PortalOptions()));
        services.AddSingleton<PortalClock>();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<LedgerService>();
        services.AddSingleton<LeaderboardHub>();
        services.AddSingleton<RatingCalculator>();
        // Notices queue their Bitrix24 notification in the notifications outbox.
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services.AddSingleton(Options.Create(new NotificationOptions()));
        services.AddSingleton<ChannelSettings>();
        services.AddSingleton<UnsubscribeTokens>();
        services.AddSingleton<NotificationOutbox>();
        services.AddSingleton<GamificationNotices>();
        services.AddSingleton<BadgeEvaluator>();
        services.AddSingleton<GamificationQueries>();
        services.AddSingleton<BadgeGallery>();
        services.AddSingleton<EmployeeProfiles>();
        return services;
    }

    public static ServiceProvider CreateServices(IDbContextFactory<LoyaltyDbContext> database) =>
        new ServiceCollection().AddBadgeGalleryServices(database).BuildServiceProvider();

    /// <summary>The current ISO week's key in Moscow (2026-W51).</summary>
    public static string ThisWeek => Periods.Containing(PeriodKind.Week, Now.UtcDateTime, TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow")).Key;

    public static async Task SeedAsync(IServiceProvider services)
    {
        var dbFactory = services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>();
        var now = Now.UtcDateTime;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            db.Departments.AddRange(
                new Department { Id = Sales, Name = "Отдел продаж", SyncedAt = now },
                new Department { Id = 11, Name = "Поддержка", SyncedAt = now });
            db.Employees.AddRange(
                Person(Anna, "Анна", "Смирнова", Sales, "Старший менеджер"),
                Person(Boris, "Борис", "Петров", Sales, "Менеджер"),
                Person(Vera, "Вера", "Иванова", 11, null),
                new Employee { Id = Gleb, FirstName = "Глеб", LastName = "Уволенный", Active = false, DepartmentId = Sales, SyncedAt = now, DeletedAt = now.AddDays(-30) });
            db.Deals.AddRange(
                WonDeal(1, "Загородный дом", Anna, 600_000_00, new DateTime(2026, 12, 10, 9, 0, 0, DateTimeKind.Utc)),
                WonDeal(2, "Кухня под ключ", Anna, 400_000_00, new DateTime(2026, 10, 5, 9, 0, 0, DateTimeKind.Utc)),
                WonDeal(3, "Офисная мебель", Boris, 100_000_00, new DateTime(2026, 12, 11, 9, 0, 0, DateTimeKind.Utc)));
            db.Activities.AddRange(Enumerable.Range(1, 25).Select(i => new Activity
            {
                Id = i, OwnerTypeId = 2, OwnerId = 1, Kind = ActivityKind.Call, Completed = true, ResponsibleId = Anna,
                CreatedAt = new DateTime(2026, 12, 15, 8, 0, 0, DateTimeKind.Utc), EndTime = new DateTime(2026, 12, 15, 8, i, 0, DateTimeKind.Utc), SyncedAt = now,
            }));

            AddRating(db, MonthRating, "Лучший менеджер месяца", RatingScope.Individual, PeriodKind.Month, Metric.DealSum, now);
            AddRating(db, WeekRating, "Звонки недели", RatingScope.Individual, PeriodKind.Week, Metric.Calls, now);
            AddRating(db, TeamRating, "Рейтинг отделов", RatingScope.Team, PeriodKind.Month, Metric.DealSum, now);

            db.Badges.AddRange(
                Badge(Star, "Звезда продаж", "Сделки на 500 тыс., 1 и 2 млн ₽ за месяц.", "star", "Продажи", BadgeRule.MetricInPeriod, Metric.DealSum, PeriodKind.Month, 50_000_000, 100_000_000, 200_000_000, true),
                Badge(Million, "Первый миллион", "Выигранные сделки на 2, 5 и 10 млн ₽ за всё время.", "diamond", "Продажи", BadgeRule.Cumulative, Metric.DealSum, null, 200_000_000, 500_000_000, 1_000_000_000),
                Badge(Calls, "Мастер звонков", "20, 50 и 100 звонков за неделю.", "phone", "Активность", BadgeRule.MetricInPeriod, Metric.Calls, PeriodKind.Week, 20, 50, 100, true),
                Badge(Soul, "Душа компании", "Вручается руководителем — за помощь коллегам.", "heart", "Признание", BadgeRule.Manual, null, null, null, null, null),
                Badge(Seller, "Продавец месяца", "Третье, второе и первое место в рейтинге месяца.", "trophy", "Достижения", BadgeRule.RatingRank, null, PeriodKind.Month, 3, 2, 1, true, MonthRating),
                Badge(FirstClient, "Первый клиент", "За первую выигранную сделку.", "handshake", "Продажи", BadgeRule.FirstWonDeal, null, null, null, null, null),
                Badge(Retired, "Старый значок", "Больше не вручается.", "medal", "Продажи", BadgeRule.Manual, null, null, null, null, null, active: false),
                Badge(CustomerBadge, "Постоянный клиент", "Пять покупок.", "heart", "Клиенты", BadgeRule.Manual, null, null, null, null, null, audience: BadgeAudience.Customer));
            await db.SaveChangesAsync();

            db.BadgeAwards.AddRange(
                Award(Star, Anna, BadgeLevel.Bronze, "2026-12", AnnaStarAt),
                Award(Star, Anna, BadgeLevel.Bronze, "2026-11", new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc)),
                Award(Calls, Anna, BadgeLevel.Bronze, ThisWeek, new DateTime(2026, 12, 15, 10, 0, 0, DateTimeKind.Utc)),
                Award(FirstClient, Anna, BadgeLevel.Bronze, "", new DateTime(2026, 10, 5, 10, 0, 0, DateTimeKind.Utc)),
                Award(Soul, Anna, BadgeLevel.Bronze, "", AnnaSoulAt, "head@demo.loyalty", "Помогла новичкам освоиться"),
                Award(FirstClient, Boris, BadgeLevel.Bronze, "", new DateTime(2026, 12, 11, 10, 0, 0, DateTimeKind.Utc)),
                Award(Star, Boris, BadgeLevel.Bronze, "2026-11", new DateTime(2026, 11, 5, 10, 0, 0, DateTimeKind.Utc), revokedAt: new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc)));
            await db.SaveChangesAsync();
        }

        var ledger = services.GetRequiredService<LedgerService>();
        await Points(ledger, Anna, 50, "deal:1:won:20261210", new DateTime(2026, 12, 10, 9, 0, 0, DateTimeKind.Utc), "DealWon", 1);
        await Points(ledger, Anna, 30, "lead:7:converted", new DateTime(2026, 12, 12, 9, 0, 0, DateTimeKind.Utc), "LeadConverted", null);
        await Points(ledger, Anna, 1, "activity:1:completed", new DateTime(2026, 12, 15, 8, 1, 0, DateTimeKind.Utc), "CallCompleted", null);
        await Points(ledger, Boris, 20, "deal:3:won:20261211", new DateTime(2026, 12, 11, 9, 0, 0, DateTimeKind.Utc), "DealWon", 3);
    }

    private static Task<LedgerEntry> Points(LedgerService ledger, long employee, long points, string key, DateTime at, string trigger, long? dealId) =>
        ledger.CreditAsync(new AccountKey(AccountKind.EmployeePoints, employee), EntryKind.Accrual, points, new PostingInfo(key, at, PointsProcessor.Actor, trigger, 1, dealId));

    private static Employee Person(long id, string first, string last, long department, string? position) => new()
    {
        Id = id, FirstName = first, LastName = last, Active = true, DepartmentId = department, Position = position, SyncedAt = Now.UtcDateTime,
    };

    private static Deal WonDeal(long id, string title, long employee, long amount, DateTime wonAt) => new()
    {
        Id = id, Title = title, PipelineId = 0, StageId = "WON", Semantics = StageSemantics.Success, AmountMinor = amount, CurrencyId = "RUB",
        AssignedById = employee, WonAt = wonAt, ClosedAt = wonAt, SyncedAt = Now.UtcDateTime,
    };

    private static void AddRating(LoyaltyDbContext db, long id, string name, RatingScope scope, PeriodKind period, Metric metric, DateTime now)
    {
        var rating = new Rating { Id = id, CreatedAt = now, UpdatedAt = now, UpdatedBy = "system", Version = 1 };
        new RatingDefinition { Name = name, Scope = scope, Period = period, Criteria = [new(metric, 100)], Sort = (int)id }.ApplyTo(rating);
        db.Ratings.Add(rating);
    }

    public static Badge Badge(
        long id, string name, string description, string icon, string category, BadgeRule rule, Metric? metric, PeriodKind? period,
        long? bronze, long? silver, long? gold, bool repeatable = false, long? ratingId = null, bool active = true, BadgeAudience audience = BadgeAudience.Employee) => new()
    {
        Id = id, Name = name, Description = description, Icon = icon, Category = category, Audience = audience, Active = active, Rule = rule, Metric = metric,
        Period = period, BronzeThreshold = bronze, SilverThreshold = silver, GoldThreshold = gold, Repeatable = repeatable, RatingId = ratingId,
        CreatedAt = Now.UtcDateTime,
    };

    private static BadgeAward Award(long badge, long employee, BadgeLevel level, string period, DateTime at, string by = BadgeEvaluator.Actor, string? reason = null, DateTime? revokedAt = null) => new()
    {
        BadgeId = badge, EmployeeId = employee, Level = level, PeriodKey = period, EarnedInPeriod = period.Length > 0 ? period : null, AwardedAt = at, AwardedBy = by, Reason = reason,
        RevokedAt = revokedAt, RevokedReason = revokedAt is null ? null : "condition",
    };
}
