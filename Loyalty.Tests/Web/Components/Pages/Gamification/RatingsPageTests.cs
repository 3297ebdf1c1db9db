using Bunit;
using Loyalty.Core.Gamification;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Pages.Gamification;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Web.Components.Pages.Gamification;

/// <summary>The ratings list: every rating, active or not, with its scope, period, weighted criteria and links.</summary>
public sealed class RatingsPageTests
{
    [Fact]
    public async Task EveryRatingIsListedWithItsCriteriaAndLinksToItsEditorAndLeaderboard()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        GamificationPages.AddServices(ctx, database);
        var queries = ctx.Services.GetRequiredService<GamificationQueries>();
        var month = await queries.SaveRatingAsync(new RatingDefinition
        {
            Name = "Лучший менеджер месяца", Sort = 1, Criteria = [new(Metric.DealSum, 60), new(Metric.NewClients, 30), new(Metric.LeadResponseMinutes, 10)],
        }, "Борис");
        await queries.SaveRatingAsync(new RatingDefinition { Name = "Отделы", Scope = RatingScope.Team, Period = PeriodKind.Quarter, Sort = 2, Active = false, Criteria = [new(Metric.Points, 100)] }, "Борис");

        var cut = GamificationPages.Render<RatingsPage>(ctx);

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=ratings-row]").Count), GamificationPages.Deadline);
        var rows = cut.FindAll("[data-testid=ratings-row]");
        Assert.Contains("Сотрудники", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Месяц", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("Сумма выигранных сделок 60 · Новые клиенты 30 · Среднее время реакции на лид, мин ↓ 10", rows[0].QuerySelector("[data-testid=ratings-criteria]")!.TextContent);
        Assert.Contains("Включён", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Equal($"/gamification/ratings/{month.Id}", rows[0].QuerySelector("[data-testid=ratings-edit]")!.GetAttribute("href"));
        Assert.Equal($"/leaderboards/{month.Id}", rows[0].QuerySelector("[data-testid=ratings-leaderboard]")!.GetAttribute("href"));
        Assert.Contains("Отделы", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("Квартал", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("Выключен", rows[1].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutRatingsThePageSaysHowToCreateOne()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        GamificationPages.AddServices(ctx, database);

        var cut = GamificationPages.Render<RatingsPage>(ctx);

        cut.WaitForAssertion(() => Assert.Contains("Создайте первый", cut.Find("[data-testid=ratings-empty]").TextContent, StringComparison.Ordinal), GamificationPages.Deadline);
        Assert.Equal("/gamification/ratings/new", cut.Find("[data-testid=ratings-new]").GetAttribute("href"));
    }
}
