using Bunit;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Pages.Leaderboards;

namespace Loyalty.Tests.Web.Components.Pages.Leaderboards;

/// <summary>The board's header line: when it was calculated and who takes part, joined with "·" only between two parts.</summary>
public sealed class LeaderboardHeaderTests
{
    [Fact]
    public async Task TheCalculationTimeAndTheParticipantsAreJoinedByOneDot()
    {
        using var culture = new CultureScope("ru");
        await using var ctx = new BunitContext();
        ctx.AddLeaderboardServices();

        var cut = ctx.Render<LeaderboardHeader>(p => p.Add(c => c.Board, LeaderboardParts.Board(ranked: 2, unranked: 1))
            .Add(c => c.Choices, []).Add(c => c.Updated, "Обновлено 16.12.2026 12:00").Add(c => c.KioskHref, "/leaderboards/7?kiosk=1"));

        Assert.Equal("Обновлено 16.12.2026 12:00 · Участников: 2, ниже порога: 1", Facts(cut));
    }

    [Theory]
    [InlineData(0, "Обновлено 16.12.2026 12:00")]
    [InlineData(2, "")]
    public async Task AnEmptyPartLeavesNoStrayDot(int rows, string updated)
    {
        using var culture = new CultureScope("ru");
        await using var ctx = new BunitContext();
        ctx.AddLeaderboardServices();

        var cut = ctx.Render<LeaderboardHeader>(p => p.Add(c => c.Board, LeaderboardParts.Board(ranked: rows))
            .Add(c => c.Choices, []).Add(c => c.Updated, updated).Add(c => c.KioskHref, "/leaderboards/7?kiosk=1"));

        var facts = Facts(cut);
        Assert.DoesNotContain("·", facts, StringComparison.Ordinal);
        Assert.NotEqual("", facts);
    }

    private static string Facts(IRenderedComponent<LeaderboardHeader> cut) =>
        string.Join(' ', cut.Find("[data-testid='leaderboard-facts']").TextContent.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
