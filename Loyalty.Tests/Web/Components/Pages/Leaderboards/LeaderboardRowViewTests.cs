using Bunit;
using Loyalty.Core.Gamification;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Pages.Leaderboards;
using Microsoft.AspNetCore.Components;

namespace Loyalty.Tests.Web.Components.Pages.Leaderboards;

/// <summary>One leaderboard row: place and movement, who, score, each criterion in Russian formats, badges, the click that opens its breakdown.</summary>
public sealed class LeaderboardRowViewTests
{
    private static readonly IReadOnlyList<CriterionScore> Criteria =
    [
        new(Metric.DealSum, 123_456_78, 1.0, 60m),
        new(Metric.LeadResponseMinutes, 12.5, 0.5, 20m),
        new(Metric.Calls, null, 0, 0m),
    ];

    [Fact]
    public async Task ARankedRowShowsPlaceMovementNameScoreCriteriaAndBadges()
    {
        using var culture = new CultureScope("ru");
        await using var ctx = new BunitContext();
        ctx.AddPortalServices();

        var cut = RenderRow(ctx, Row(rank: 2, previous: 5, badges: [new HeldBadge(7, "Первая сделка", "handshake", BadgeLevel.Gold)]));

        var row = cut.Find("[data-testid='leaderboard-row']");
        Assert.Equal("2", row.GetAttribute("data-rank"));
        Assert.Equal("42", row.GetAttribute("data-participant"));
        Assert.Equal("2", cut.Find("[data-testid='row-rank']").TextContent.Trim());
        Assert.Equal("▲ 3", cut.Find("[data-testid='row-movement']").TextContent.Trim());
        Assert.Equal("Анна Петрова", cut.Find("[data-testid='row-name']").TextContent.Trim());
        Assert.Equal("/employees/42", cut.Find("a[data-testid='row-name']").GetAttribute("href"));
        Assert.Equal("Отдел продаж", cut.Find("[data-testid='row-department']").TextContent.Trim());
        Assert.Equal("АП", cut.Find("[data-testid='row-initials']").TextContent.Trim());
        Assert.StartsWith("80,00", cut.Find("[data-testid='row-score']").TextContent.Trim(), StringComparison.Ordinal);
        var criteria = cut.FindAll("[data-testid='row-criterion']").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(3, criteria.Count);
        Assert.StartsWith("123\u00A0456,78\u00A0₽", criteria[0], StringComparison.Ordinal);
        Assert.Contains("60,00 из 100", criteria[0], StringComparison.Ordinal);
        Assert.StartsWith("12,5", criteria[1], StringComparison.Ordinal);
        Assert.StartsWith("—", criteria[2], StringComparison.Ordinal);
        var badge = cut.Find("[data-testid='row-badges'] [data-testid='badge-icon']");
        Assert.Equal("Gold", badge.GetAttribute("data-level"));
        Assert.Equal("Первая сделка · Золото", badge.GetAttribute("title"));
    }

    [Theory]
    [InlineData(4, 2, "▼ 2")]
    [InlineData(3, 3, "=")]
    public async Task MovementDownOrNone(int rank, int previous, string expected)
    {
        using var culture = new CultureScope("ru");
        await using var ctx = new BunitContext();
        ctx.AddPortalServices();

        var cut = RenderRow(ctx, Row(rank, previous));

        Assert.Equal(expected, cut.Find("[data-testid='row-movement']").TextContent.Trim());
    }

    [Fact]
    public async Task ARowWithoutAPreviousPlaceIsNewOnlyOnceTheBoardHasMoved()
    {
        using var culture = new CultureScope("ru");
        await using var ctx = new BunitContext();
        ctx.AddPortalServices();

        var moved = RenderRow(ctx, Row(1, null), showNew: true);
        var first = RenderRow(ctx, Row(1, null), showNew: false);

        Assert.Equal("новый", moved.Find("[data-testid='row-movement']").TextContent.Trim());
        Assert.Equal("", first.Find("[data-testid='row-movement']").TextContent.Trim());
    }

    [Fact]
    public async Task AParticipantBelowTheThresholdHasNoPlace()
    {
        using var culture = new CultureScope("ru");
        await using var ctx = new BunitContext();
        ctx.AddPortalServices();

        var cut = RenderRow(ctx, Row(null, null));

        var row = cut.Find("[data-testid='leaderboard-row']");
        Assert.Equal("", row.GetAttribute("data-rank"));
        Assert.Contains("lb-unranked", row.ClassList);
        Assert.Equal("—", cut.Find("[data-testid='row-rank']").TextContent.Trim());
    }

    [Fact]
    public async Task ATeamRowHasNoProfileLinkAndNoBadges()
    {
        using var culture = new CultureScope("ru");
        await using var ctx = new BunitContext();
        ctx.AddPortalServices();

        var cut = RenderRow(ctx, Row(1, 1), team: true);

        Assert.Empty(cut.FindAll("a[data-testid='row-name']"));
        Assert.Empty(cut.FindAll("[data-testid='row-badges']"));
    }

    [Fact]
    public async Task ClickingTheRowAsksForItsBreakdown()
    {
        using var culture = new CultureScope("ru");
        await using var ctx = new BunitContext();
        ctx.AddPortalServices();
        long? toggled = null;

        var cut = RenderRow(ctx, Row(1, 1), onToggle: id => toggled = id);
        await cut.Find("[data-testid='leaderboard-row']").ClickAsync(new());

        Assert.Equal(42, toggled);
    }

    [Fact]
    public async Task TheWordsAndTheNumbersFollowTheUiLanguage()
    {
        using var culture = new CultureScope("ru-RU", "en");
        await using var ctx = new BunitContext();
        ctx.AddPortalServices();

        var cut = RenderRow(ctx, Row(1, null), showNew: true);

        Assert.Equal("new", cut.Find("[data-testid='row-movement']").TextContent.Trim());
        Assert.Contains("60.00 of 100", cut.FindAll("[data-testid='row-criterion']")[0].TextContent, StringComparison.Ordinal);
    }

    private static LeaderboardRow Row(int? rank, int? previous, IReadOnlyList<HeldBadge>? badges = null) =>
        new(42, "Анна Петрова", "АП", null, "Отдел продаж", rank, previous, 80m, Criteria, badges ?? []);

    private static IRenderedComponent<IComponent> RenderRow(BunitContext ctx, LeaderboardRow row, bool team = false, bool showNew = true, Action<long>? onToggle = null) =>
        ctx.Render(builder =>
        {
            builder.OpenElement(0, "table");
            builder.OpenElement(1, "tbody");
            builder.OpenComponent<LeaderboardRowView>(2);
            builder.AddComponentParameter(3, nameof(LeaderboardRowView.Row), row);
            builder.AddComponentParameter(4, nameof(LeaderboardRowView.Team), team);
            builder.AddComponentParameter(5, nameof(LeaderboardRowView.ShowNew), showNew);
            builder.AddComponentParameter(6, nameof(LeaderboardRowView.OnToggle), EventCallback.Factory.Create<long>(new object(), onToggle ?? (_ => { })));
            builder.CloseComponent();
            builder.CloseElement();
            builder.CloseElement();
        });
}
