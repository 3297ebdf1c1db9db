using Bunit;
using Loyalty.Core.Gamification;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Pages.Leaderboards;
using static Loyalty.Tests.Web.Components.Pages.Leaderboards.LeaderboardParts;

namespace Loyalty.Tests.Web.Components.Pages.Leaderboards;

/// <summary>The period picker: the periods before and after, and the list with final periods ticked.</summary>
public sealed class PeriodPickerTests
{
    [Fact]
    public async Task TheArrowsAskForThePreviousAndNextPeriod()
    {
        using var culture = new CultureScope("ru");
        await using var ctx = new BunitContext();
        ctx.AddLeaderboardServices();
        var picked = new List<string>();

        var cut = Render(ctx, "2026-10", picked);
        await cut.Find("[data-testid='period-previous']").ClickAsync(new());
        await cut.Find("[data-testid='period-next']").ClickAsync(new());

        Assert.Equal(["2026-09", "2026-11"], picked);
    }

    [Fact]
    public async Task TheCurrentPeriodHasNoNext()
    {
        using var culture = new CultureScope("ru");
        await using var ctx = new BunitContext();
        ctx.AddLeaderboardServices();

        var cut = Render(ctx, "2026-12", []);

        Assert.True(cut.Find("[data-testid='period-next']").HasAttribute("disabled"));
        Assert.False(cut.Find("[data-testid='period-previous']").HasAttribute("disabled"));
    }

    [Fact]
    public async Task TheListNamesEveryPeriodAndTicksTheFinalOnes()
    {
        using var culture = new CultureScope("ru");
        await using var ctx = new BunitContext();
        ctx.AddLeaderboardServices();
        var popovers = ctx.Render<MudBlazor.MudPopoverProvider>();
        var picked = new List<string>();

        var cut = Render(ctx, "2026-12", picked);
        var select = cut.FindComponent<MudBlazor.MudSelect<string>>();
        await cut.InvokeAsync(select.Instance.OpenMenu);

        popovers.WaitForAssertion(() => Assert.Equal(["декабрь 2026", "ноябрь 2026 ✓", "октябрь 2026 ✓"], popovers.FindAll(".mud-list-item").Select(i => i.TextContent.Trim())));
        await popovers.FindAll(".mud-list-item")[2].ClickAsync(new());
        Assert.Equal(["2026-10"], picked);
    }

    private static IRenderedComponent<PeriodPicker> Render(BunitContext ctx, string key, List<string> picked) =>
        ctx.Render<PeriodPicker>(p => p
            .Add(c => c.Period, Periods.Parse(PeriodKind.Month, key, Moscow)!)
            .Add(c => c.Choices, new[] { ("2026-12", false), ("2026-11", true), ("2026-10", true) }
                .Select(x => new RatingPeriodSummary(Periods.Parse(PeriodKind.Month, x.Item1, Moscow)!, x.Item2, null, null)).ToList())
            .Add(c => c.OnPick, (string k) => picked.Add(k)));
}
