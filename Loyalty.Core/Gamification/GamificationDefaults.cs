using Loyalty.Core.Bonuses;
using Loyalty.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Gamification;

/// <summary>
/// The example ratings and badges a new portal starts with (seed 000's own examples: the manager of the month by
/// deal sum, new clients and average deal at 60/30/10, "First client", "First million", "Sales star", …), created
/// once; administrators change or remove them like any other.
/// </summary>
public static class GamificationDefaults
{
    private const string Marker = "gamification:examples";

    /// <summary>Marks that the NPS badge was offered: it came with the NPS surveys, after portals already had their examples.</summary>
    private const string NpsMarker = "gamification:nps-badge";

    public const string NpsBadgeName = "Любимец клиентов";

    public static async Task EnsureAsync(LoyaltyDbContext db, DateTime now, CancellationToken ct)
    {
        await EnsureExamplesAsync(db, now, ct);
        await EnsureNpsBadgeAsync(db, now, ct);
    }

    /// <summary>
    /// «Любимец клиентов»: an average NPS score of 9 or more over at least five answers in a month
    /// (<see cref="Metrics.MinimumNpsAnswersForBadge"/>); added once, to new portals and to those that had their examples already.
    /// </summary>
    private static async Task EnsureNpsBadgeAsync(LoyaltyDbContext db, DateTime now, CancellationToken ct)
    {
        if (await db.ProgramCursors.AnyAsync(c => c.Program == NpsMarker, ct))
        {
            return;
        }

        db.ProgramCursors.Add(new ProgramCursor { Program = NpsMarker });
        if (!await db.Badges.AnyAsync(b => b.Name == NpsBadgeName, ct))
        {
            db.Badges.Add(Badge(NpsBadgeName, "Средняя оценка клиентов в опросах NPS — 9 и выше (не меньше пяти ответов за месяц).", "heart", "Клиенты",
                BadgeRule.MetricInPeriod, now, Metric.NpsScore, PeriodKind.Month, 9, repeatable: true));
        }

        await db.SaveChangesAsync(ct);
    }

    private static async Task EnsureExamplesAsync(LoyaltyDbContext db, DateTime now, CancellationToken ct)
    {
        if (await db.ProgramCursors.AnyAsync(c => c.Program == Marker, ct))
        {
            return;
        }

        db.ProgramCursors.Add(new ProgramCursor { Program = Marker });
        if (await db.Ratings.AnyAsync(ct) || await db.Badges.AnyAsync(ct))
        {
            await db.SaveChangesAsync(ct);
            return;
        }

        var month = Add(db, now, 1, new RatingDefinition
        {
            Name = "Лучший менеджер месяца", Description = "Сумма выигранных сделок, новые клиенты и средний чек (60 / 30 / 10).",
            Scope = RatingScope.Individual, Period = PeriodKind.Month, TopN = 0,
            Criteria = [new(Metric.DealSum, 60), new(Metric.NewClients, 30), new(Metric.AverageDeal, 10)],
            Threshold = new Threshold(Metric.WonDeals, 1),
        });
        Add(db, now, 2, new RatingDefinition
        {
            Name = "Активность недели", Description = "Звонки, встречи, задачи в срок и скорость ответа на лиды.",
            Scope = RatingScope.Individual, Period = PeriodKind.Week, TopN = 10,
            Criteria = [new(Metric.Calls, 40), new(Metric.Meetings, 20), new(Metric.TasksOnTime, 20), new(Metric.LeadResponseMinutes, 20)],
        });
        Add(db, now, 3, new RatingDefinition
        {
            Name = "Рейтинг отделов", Description = "Отделы с подотделами: сумма сделок, число побед и очки.",
            Scope = RatingScope.Team, Period = PeriodKind.Month,
            Criteria = [new(Metric.DealSum, 50), new(Metric.WonDeals, 30), new(Metric.Points, 20)],
        });
        Add(db, now, 4, new RatingDefinition
        {
            Name = "Очки дня", Description = "Очки за все действия в CRM за сегодня.",
            Scope = RatingScope.Individual, Period = PeriodKind.Day, TopN = 10,
            Criteria = [new(Metric.Points, 100)],
        });
        await db.SaveChangesAsync(ct);

        db.Badges.AddRange(
            Badge("Первый клиент", "За первую выигранную сделку.", "handshake", "Продажи", BadgeRule.FirstWonDeal, now),
            Badge("Первый миллион", "Выигранные сделки на 1, 5 и 10 млн ₽ за всё время.", "diamond", "Продажи", BadgeRule.Cumulative, now,
                Metric.DealSum, null, 100_000_000, 500_000_000, 1_000_000_000),
            Badge("Звезда продаж", "Сделки на 500 тыс., 1 и 2 млн ₽ за месяц.", "star", "Продажи", BadgeRule.MetricInPeriod, now,
                Metric.DealSum, PeriodKind.Month, 50_000_000, 100_000_000, 200_000_000, repeatable: true),
            Badge("Мастер звонков", "20, 50 и 100 звонков за неделю.", "phone", "Активность", BadgeRule.MetricInPeriod, now,
                Metric.Calls, PeriodKind.Week, 20, 50, 100, repeatable: true),
            Badge("Охотник за лидами", "5+ новых лидов за неделю (10 — серебро, 20 — золото).", "target", "Лиды", BadgeRule.MetricInPeriod, now,
                Metric.LeadsCreated, PeriodKind.Week, 5, 10, 20, repeatable: true),
            Badge("Мастер задач", "10, 25 и 50 задач в срок за месяц.", "task", "Дисциплина", BadgeRule.MetricInPeriod, now,
                Metric.TasksOnTime, PeriodKind.Month, 10, 25, 50, repeatable: true),
            Badge("Продавец месяца", "Третье, второе и первое место в рейтинге «Лучший менеджер месяца» по итогам месяца.", "trophy", "Достижения", BadgeRule.RatingRank, now,
                null, PeriodKind.Month, 3, 2, 1, repeatable: true, ratingId: month.Id),
            Badge("Душа компании", "Вручается руководителем — за помощь коллегам.", "heart", "Признание", BadgeRule.Manual, now));
        await db.SaveChangesAsync(ct);
    }

    private static Rating Add(LoyaltyDbContext db, DateTime now, int sort, RatingDefinition definition)
    {
        var rating = new Rating { CreatedAt = now, UpdatedAt = now, UpdatedBy = "system", Version = 1 };
        (definition with { Sort = sort }).ApplyTo(rating);
        db.Ratings.Add(rating);
        return rating;
    }

    private static Badge Badge(
        string name, string description, string icon, string category, BadgeRule rule, DateTime now,
        Metric? metric = null, PeriodKind? period = null, long? bronze = null, long? silver = null, long? gold = null, bool repeatable = false, long? ratingId = null) => new()
    {
        Name = name, Description = description, Icon = icon, Category = category, Audience = BadgeAudience.Employee, Rule = rule,
        Metric = metric, Period = period, BronzeThreshold = bronze, SilverThreshold = silver, GoldThreshold = gold, Repeatable = repeatable,
        RatingId = ratingId, CreatedAt = now,
    };
}
