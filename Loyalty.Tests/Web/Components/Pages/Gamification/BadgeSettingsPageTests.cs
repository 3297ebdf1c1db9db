using Bunit;
using Loyalty.Core.Gamification;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Pages.Gamification;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Web.Components.Pages.Gamification;

/// <summary>The badge list: each badge's icon, rule, levels with their thresholds, state and holders.</summary>
public sealed class BadgeSettingsPageTests
{
    [Fact]
    public async Task EachBadgeIsListedWithItsRuleLevelsAndHolders()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        GamificationPages.AddServices(ctx, database);
        var store = ctx.Services.GetRequiredService<BadgeStore>();
        var stars = await store.SaveAsync(new Badge
        {
            Name = "Звезда продаж", Category = "Продажи", Icon = "star", Rule = BadgeRule.MetricInPeriod, Metric = Metric.DealSum, Period = PeriodKind.Month,
            BronzeThreshold = 50_000_000, SilverThreshold = 100_000_000, Repeatable = true,
        });
        var rating = await ctx.Services.GetRequiredService<GamificationQueries>().SaveRatingAsync(new RatingDefinition { Name = "Лучший менеджер месяца", Criteria = [new(Metric.DealSum, 100)] }, "Борис");
        await store.SaveAsync(new Badge { Name = "Продавец месяца", Category = "Достижения", Icon = "trophy", Rule = BadgeRule.RatingRank, RatingId = rating.Id, BronzeThreshold = 3, GoldThreshold = 1, Active = false });
        await using (var db = database.CreateDbContext())
        {
            db.BadgeAwards.AddRange(
                new BadgeAward { BadgeId = stars.Id, EmployeeId = 1, Level = BadgeLevel.Bronze, PeriodKey = "2026-02", AwardedAt = GamificationPages.Now.UtcDateTime, AwardedBy = "system:badges" },
                new BadgeAward { BadgeId = stars.Id, EmployeeId = 2, Level = BadgeLevel.Bronze, PeriodKey = "2026-02", AwardedAt = GamificationPages.Now.UtcDateTime, AwardedBy = "system:badges" });
            await db.SaveChangesAsync();
        }

        var cut = GamificationPages.Render<BadgeSettingsPage>(ctx);

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=badges-row]").Count), GamificationPages.Deadline);
        var rows = cut.FindAll("[data-testid=badges-row]");
        Assert.Contains("Звезда продаж", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("Сумма выигранных сделок за месяц, каждый период", rows[0].QuerySelector("[data-testid=badges-rule]")!.TextContent);
        var levels = rows[0].QuerySelector("[data-testid=badges-levels]")!.TextContent;
        Assert.Contains("Бронза 500\u00A0000,00\u00A0₽", levels, StringComparison.Ordinal);
        Assert.Contains("Серебро 1\u00A0000\u00A0000,00\u00A0₽", levels, StringComparison.Ordinal);
        Assert.DoesNotContain("Золото", levels, StringComparison.Ordinal);
        Assert.Equal("2", rows[0].QuerySelector("[data-testid=badges-holders]")!.TextContent);
        Assert.Contains("Включён", rows[0].TextContent, StringComparison.Ordinal);

        Assert.Equal("Место в рейтинге «Лучший менеджер месяца», однажды", rows[1].QuerySelector("[data-testid=badges-rule]")!.TextContent);
        Assert.Contains("Золото до 1 места", rows[1].QuerySelector("[data-testid=badges-levels]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Выключен", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Equal("0", rows[1].QuerySelector("[data-testid=badges-holders]")!.TextContent);
        Assert.Equal($"/gamification/badges/{stars.Id}", rows[0].QuerySelector("[data-testid=badges-edit]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task WithoutBadgesThePageSaysHowToCreateOne()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        GamificationPages.AddServices(ctx, database);

        var cut = GamificationPages.Render<BadgeSettingsPage>(ctx);

        cut.WaitForAssertion(() => Assert.Contains("Создайте первый", cut.Find("[data-testid=badges-empty]").TextContent, StringComparison.Ordinal), GamificationPages.Deadline);
        Assert.Equal("/gamification/badges/new", cut.Find("[data-testid=badges-new]").GetAttribute("href"));
    }
}
