using Bunit;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Pages.Leaderboards;
using static Loyalty.Tests.Web.Components.Pages.Leaderboards.LeaderboardParts;

namespace Loyalty.Tests.Web.Components.Pages.Leaderboards;

/// <summary>The kiosk: one screen of rows at a time, turned over by its own timer, with the page it is on.</summary>
public sealed class KioskBoardTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    /// <summary>Three screens: two full, five rows on the last.</summary>
    private const int ThreeScreens = 2 * KioskBoard.RowsPerScreen + 5;

    [Fact]
    public async Task ABoardLongerThanAScreenTurnsItsPagesAndStartsAgainAfterTheLast()
    {
        using var culture = new CultureScope("ru");
        await using var ctx = new BunitContext();
        var time = ctx.AddLeaderboardServices();

        var cut = Render(ctx, Board(ranked: ThreeScreens, unranked: 3));

        Assert.Equal(Ranks(1, KioskBoard.RowsPerScreen), RanksShown(cut));
        Assert.Equal("Страница 1 из 3", cut.Find("[data-testid='kiosk-page']").TextContent.Trim());

        time.Advance(Interval);
        cut.WaitForAssertion(() => Assert.Equal("Страница 2 из 3", cut.Find("[data-testid='kiosk-page']").TextContent.Trim()));
        Assert.Equal(Ranks(KioskBoard.RowsPerScreen + 1, KioskBoard.RowsPerScreen), RanksShown(cut));

        time.Advance(Interval);
        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find("[data-testid='kiosk-page']").GetAttribute("data-page")));
        // The last page: the rest of the ranked, nobody below the threshold.
        Assert.Equal(Ranks(2 * KioskBoard.RowsPerScreen + 1, 5), RanksShown(cut));

        time.Advance(Interval);
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid='kiosk-page']").GetAttribute("data-page")));
    }

    [Fact]
    public async Task ABoardThatFitsAScreenHasNoPages()
    {
        using var culture = new CultureScope("ru");
        await using var ctx = new BunitContext();
        ctx.AddLeaderboardServices();

        var cut = Render(ctx, Board(ranked: ThreeScreens, topN: 5));

        Assert.Equal(Ranks(1, 5), RanksShown(cut));
        Assert.Empty(cut.FindAll("[data-testid='kiosk-page']"));
    }

    [Fact]
    public async Task ABoardThatShrinksWhileOnALaterPageShowsItsLastPage()
    {
        using var culture = new CultureScope("ru");
        await using var ctx = new BunitContext();
        var time = ctx.AddLeaderboardServices();
        var cut = Render(ctx, Board(ranked: ThreeScreens));
        time.Advance(Interval);
        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[data-testid='kiosk-page']").GetAttribute("data-page")));
        time.Advance(Interval);
        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find("[data-testid='kiosk-page']").GetAttribute("data-page")));

        cut.Render(p => p.Add(k => k.Board, Board(ranked: KioskBoard.RowsPerScreen + 5)));

        Assert.Equal("2", cut.Find("[data-testid='kiosk-page']").GetAttribute("data-page"));
        Assert.Equal(Ranks(KioskBoard.RowsPerScreen + 1, 5), RanksShown(cut));
    }

    private static IRenderedComponent<KioskBoard> Render(BunitContext ctx, Loyalty.Core.Gamification.Leaderboard board) =>
        ctx.Render<KioskBoard>(p => p.Add(k => k.Board, board).Add(k => k.Updated, "").Add(k => k.ExitHref, "/leaderboards/7").Add(k => k.PageInterval, Interval));

    private static List<string> RanksShown(IRenderedComponent<KioskBoard> cut) =>
        cut.FindAll("[data-testid='leaderboard-row']").Select(r => r.GetAttribute("data-rank")!).ToList();

    private static List<string> Ranks(int first, int count) =>
        Enumerable.Range(first, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
}
