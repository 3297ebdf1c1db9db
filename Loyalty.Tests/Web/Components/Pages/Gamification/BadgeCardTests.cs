using Bunit;
using Loyalty.Core.Gamification;
using Loyalty.Core.Portal;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Pages.Gamification;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Loyalty.Tests.Web.Components.Pages.Gamification;

/// <summary>A gallery card: without an employee it shows the levels and holders; for one, earned levels in colour with their date, locked ones grey, and the progress.</summary>
public sealed class BadgeCardTests
{
    private static readonly GalleryBadge Calls = new(
        5, "Мастер звонков", "20, 50 и 100 звонков за неделю.", "phone", "Активность", BadgeRule.MetricInPeriod, Metric.Calls, PeriodKind.Week, null, null, true,
        [new(BadgeLevel.Bronze, 20, 29), new(BadgeLevel.Silver, 50, 13), new(BadgeLevel.Gold, 100, 0)], 29);

    [Fact]
    public async Task AnEarnedLevelIsInColourWithItsDateAndTheNextIsLockedWithTheProgress()
    {
        using var culture = new CultureScope("ru");
        await using var ctx = Context();
        var state = new EmployeeBadgeState(5,
            [new EarnedLevel(BadgeLevel.Bronze, 77, "2026-W49", new DateTime(2026, 12, 3, 21, 30, 0, DateTimeKind.Utc), "system:badges", 1)],
            new BadgeProgress(34, "2026-W49", BadgeLevel.Silver, 50, 0.68));

        var cut = ctx.Render<BadgeCard>(p => p.Add(c => c.Badge, Calls).Add(c => c.State, state));

        Assert.Equal("earned", cut.Find("[data-testid='badge-card']").GetAttribute("data-state"));
        var levels = cut.FindAll("[data-testid='badge-level']");
        Assert.Equal(3, levels.Count);
        Assert.Empty(levels[0].QuerySelectorAll(".badge-icon-locked"));
        Assert.Contains("04.12.2026", levels[0].QuerySelector("[data-testid='badge-level-earned']")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(levels[1].QuerySelector(".badge-icon-locked"));
        Assert.NotNull(levels[2].QuerySelector(".badge-icon-locked"));
        Assert.Null(levels[1].QuerySelector("[data-testid='badge-level-earned']"));
        Assert.Contains("34 из 50", cut.Find("[data-testid='badge-progress-text']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadgeNotEarnedIsLockedAsAWhole()
    {
        using var culture = new CultureScope("ru");
        await using var ctx = Context();
        var state = new EmployeeBadgeState(5, [], new BadgeProgress(3, "2026-W49", BadgeLevel.Bronze, 20, 0.15));

        var cut = ctx.Render<BadgeCard>(p => p.Add(c => c.Badge, Calls).Add(c => c.State, state));

        Assert.Equal("locked", cut.Find("[data-testid='badge-card']").GetAttribute("data-state"));
        Assert.Equal(4, cut.FindAll(".badge-icon-locked").Count);
        Assert.Empty(cut.FindAll("[data-testid='badge-level-earned']"));
    }

    [Fact]
    public async Task WithoutAnEmployeeNothingIsLockedAndHoldersAreCounted()
    {
        using var culture = new CultureScope("ru");
        await using var ctx = Context();

        var cut = ctx.Render<BadgeCard>(p => p.Add(c => c.Badge, Calls));

        Assert.Equal("none", cut.Find("[data-testid='badge-card']").GetAttribute("data-state"));
        Assert.Empty(cut.FindAll(".badge-icon-locked"));
        Assert.Equal("Обладателей: 29", cut.Find("[data-testid='badge-holders']").TextContent.Trim());
        Assert.Equal("/badges/5", cut.Find("a[data-testid='badge-holders']").GetAttribute("href"));
    }

    private static BunitContext Context()
    {
        var ctx = new BunitContext();
        ctx.AddPortalServices();
        ctx.Services.AddSingleton(new PortalClock(Options.Create(new PortalOptions { TimeZone = "Europe/Moscow" }), TimeProvider.System));
        return ctx;
    }
}
