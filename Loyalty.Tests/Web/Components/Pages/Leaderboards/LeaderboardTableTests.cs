using Bunit;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Pages.Leaderboards;
using static Loyalty.Tests.Web.Components.Pages.Leaderboards.LeaderboardParts;

namespace Loyalty.Tests.Web.Components.Pages.Leaderboards;

/// <summary>The board's table: the top N or everyone, a page of rows at a time, a row's breakdown that survives a live update.</summary>
public sealed class LeaderboardTableTests
{
    [Fact]
    public async Task ARatingsTopNIsShownAndEveryoneElseOnAsking()
    {
        using var culture = new CultureScope("ru");
        await using var ctx = new BunitContext();
        ctx.AddLeaderboardServices();

        var cut = ctx.Render<LeaderboardTable>(p => p.Add(t => t.Board, Board(ranked: 8, unranked: 2, topN: 3)));

        Assert.Equal(3, cut.FindAll("[data-testid='leaderboard-row']").Count);
        Assert.Equal("Показать всех (ещё 7)", cut.Find("[data-testid='show-all']").TextContent.Trim());
        await cut.Find("[data-testid='show-all']").ClickAsync(new());
        Assert.Equal(10, cut.FindAll("[data-testid='leaderboard-row']").Count);
        Assert.Equal("Показать только топ-3", cut.Find("[data-testid='show-all']").TextContent.Trim());
    }

    [Fact]
    public async Task AThousandRowBoardIsBuiltAPageAtATime()
    {
        using var culture = new CultureScope("ru");
        await using var ctx = new BunitContext();
        ctx.AddLeaderboardServices();

        var cut = ctx.Render<LeaderboardTable>(p => p.Add(t => t.Board, Board(ranked: 450)));

        Assert.Equal(LeaderboardTable.RowsPerPage, cut.FindAll("[data-testid='leaderboard-row']").Count);
        await cut.Find("[data-testid='show-more']").ClickAsync(new());
        await cut.Find("[data-testid='show-more']").ClickAsync(new());
        Assert.Equal(450, cut.FindAll("[data-testid='leaderboard-row']").Count);
        Assert.Empty(cut.FindAll("[data-testid='show-more']"));
    }

    [Fact]
    public async Task AnOpenBreakdownStaysOpenThroughALiveUpdateAndClosesOnAnotherPeriod()
    {
        using var culture = new CultureScope("ru");
        await using var ctx = new BunitContext();
        ctx.AddLeaderboardServices();
        var cut = ctx.Render<LeaderboardTable>(p => p.Add(t => t.Board, Board(ranked: 5)));

        await cut.FindAll("[data-testid='leaderboard-row']")[1].ClickAsync(new());
        Assert.Single(cut.FindAll("[data-testid='breakdown']"));

        cut.Render(p => p.Add(t => t.Board, Board(ranked: 6)));
        Assert.Single(cut.FindAll("[data-testid='breakdown']"));

        cut.Render(p => p.Add(t => t.Board, Board(ranked: 6, period: "2026-11")));
        Assert.Empty(cut.FindAll("[data-testid='breakdown']"));
    }
}
