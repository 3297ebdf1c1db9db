using Bunit;
using Loyalty.Core.Gamification;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Pages.Leaderboards;

namespace Loyalty.Tests.Web.Components.Pages.Leaderboards;

/// <summary>The leaders' chart: days on a longer board, hours on a day's.</summary>
public sealed class ScoreChartTests
{
    [Fact]
    public async Task ADaysBoardIsChartedByHour()
    {
        using var culture = new CultureScope("ru");
        await using var ctx = new BunitContext();
        ctx.AddPortalServices();
        var series = new ScoreSeries(1, "Анна Смирнова", [(new DateTime(2026, 12, 15, 10, 0, 0), 0m), (new DateTime(2026, 12, 15, 11, 0, 0), 40m), (new DateTime(2026, 12, 15, 12, 0, 0), 100m)]);

        var cut = ctx.Render<ScoreChart>(p => p.Add(c => c.Series, [series]).Add(c => c.Hourly, true));

        Assert.Equal("3", cut.Find("[data-testid='score-chart-lines']").GetAttribute("data-points"));
        Assert.Contains("по часам", cut.Find("[data-testid='score-chart'] h6").TextContent, StringComparison.Ordinal);
        Assert.Contains("11:00", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneHourIsNotYetAChart()
    {
        using var culture = new CultureScope("ru");
        await using var ctx = new BunitContext();
        ctx.AddPortalServices();
        var series = new ScoreSeries(1, "Анна Смирнова", [(new DateTime(2026, 12, 15, 1, 0, 0), 0m)]);

        var cut = ctx.Render<ScoreChart>(p => p.Add(c => c.Series, [series]).Add(c => c.Hourly, true));

        Assert.Contains("два часа", cut.Find("[data-testid='score-chart-empty']").TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ru", false, "Результат лидеров по дням")]
    [InlineData("ru", true, "Результат лидеров по часам")]
    [InlineData("en", false, "Leaders' score by day")]
    public async Task AnEmptyBoardsChartIsTitledWithoutACount(string language, bool hourly, string title)
    {
        using var culture = new CultureScope(language);
        await using var ctx = new BunitContext();
        ctx.AddPortalServices();

        var cut = ctx.Render<ScoreChart>(p => p.Add(c => c.Series, []).Add(c => c.Hourly, hourly));

        Assert.Equal(title, cut.Find("[data-testid='score-chart-title']").TextContent.Trim());
    }

    [Fact]
    public async Task ABoardWithLeadersSaysHowManyAreCharted()
    {
        using var culture = new CultureScope("ru");
        await using var ctx = new BunitContext();
        ctx.AddPortalServices();
        var series = new ScoreSeries(1, "Анна Смирнова", [(new DateTime(2026, 12, 1), 10m), (new DateTime(2026, 12, 2), 40m)]);

        var cut = ctx.Render<ScoreChart>(p => p.Add(c => c.Series, [series]));

        Assert.Equal("Результат лидеров по дням (топ-1)", cut.Find("[data-testid='score-chart-title']").TextContent.Trim());
    }
}
