using Bunit;
using Loyalty.Core.Crm;
using Loyalty.Core.Gamification;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Pages.Gamification;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Loyalty.Tests.Web.Components.Pages.Gamification;

/// <summary>
/// The point rules page on a real SQLite database and the real <see cref="PointRuleStore"/>: the saved rules shown,
/// mistakes shown on their fields in the user's language (and nothing saved), a save that becomes a version.
/// </summary>
public sealed class PointRulesPageTests
{
    [Fact]
    public async Task TheSavedVersionsRulesAreShownWithItsVersionAndHistory()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        GamificationPages.AddServices(ctx, database);
        var rules = new PointRuleSet().Rules.Select(r => r.Trigger switch
        {
            PointTrigger.CallCompleted => r with { Points = 2 },
            PointTrigger.EmailSent => r with { Enabled = true, Points = 4 },
            PointTrigger.DealWon => r with { Brackets = [new(0, 15), new(3_000_000, 40)] },
            _ => r,
        }).ToList();
        await ctx.Services.GetRequiredService<PointRuleStore>().SaveAsync(new PointRuleSet { Rules = rules }, "Борис");

        var cut = GamificationPages.Render<PointRulesPage>(ctx);

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=points-bracket-row]").Count), GamificationPages.Deadline);
        Assert.Equal("2", GamificationPages.Input(cut, "points-CallCompleted-points").GetAttribute("value"));
        Assert.Equal("4", GamificationPages.Input(cut, "points-EmailSent-points").GetAttribute("value"));
        Assert.Equal("30\u00A0000,00", GamificationPages.Input(cut, "points-bracket-1-min").GetAttribute("value"));
        Assert.Equal("40", GamificationPages.Input(cut, "points-bracket-1-points").GetAttribute("value"));
        Assert.Contains("Действует версия 1 от 02.03.2026 12:30, Борис.", cut.Find("[data-testid=points-current-version]").TextContent, StringComparison.Ordinal);
        Assert.Contains("За каждый завершённый звонок", cut.Find("[data-testid=points-rule-CallCompleted]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Борис", Assert.Single(cut.FindAll("[data-testid=points-history-row]")).TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=points-unsaved]"));
        Assert.Empty(cut.FindAll("[data-testid=points-errors]"));
    }

    [Fact]
    public async Task TooManyPointsAndABracketNotFromZeroShowTheirMessagesAndSaveNothing()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        GamificationPages.AddServices(ctx, database);
        var cut = GamificationPages.Render<PointRulesPage>(ctx);
        cut.WaitForElement("[data-testid=points-bracket-row]", GamificationPages.Deadline);

        GamificationPages.Input(cut, "points-CallCompleted-points").Change("20000");
        GamificationPages.Input(cut, "points-bracket-0-min").Change("1 000");

        cut.WaitForAssertion(() => Assert.Contains("Очки — от 0 до 10000.", GamificationPages.FieldText(cut, "points-CallCompleted-points"), StringComparison.Ordinal), GamificationPages.Deadline);
        Assert.Contains("Первая строка шкалы должна начинаться с 0 ₽.", cut.Find("[data-testid=points-brackets-error]").TextContent, StringComparison.Ordinal);
        var summary = cut.Find("[data-testid=points-errors]").TextContent;
        Assert.Contains("Звонок — Очки: Очки — от 0 до 10000.", summary, StringComparison.Ordinal);
        Assert.Contains("Выигранная сделка — Шкала: Первая строка", summary, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=points-unsaved]"));

        await cut.Find("[data-testid=points-save]").ClickAsync(new());

        Assert.Equal(0, await VersionCountAsync(database));
        Assert.Empty(ctx.Services.GetRequiredService<ISnackbar>().ShownSnackbars);
    }

    [Fact]
    public async Task AValidChangeSavesANewVersionThatIsReadBackWithWhoSavedIt()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = database.CreateDbContext())
        {
            db.Pipelines.AddRange(
                new Pipeline { Id = 0, Name = "Продажи", IsDefault = true, SyncedAt = GamificationPages.Now.UtcDateTime },
                new Pipeline { Id = 3, Name = "Опт", Sort = 10, SyncedAt = GamificationPages.Now.UtcDateTime });
            await db.SaveChangesAsync();
        }

        await using var ctx = new BunitContext();
        GamificationPages.AddServices(ctx, database);
        var cut = GamificationPages.Render<PointRulesPage>(ctx);
        cut.WaitForElement("[data-testid=points-bracket-row]", GamificationPages.Deadline);

        GamificationPages.Input(cut, "points-CallCompleted-points").Change("3");
        GamificationPages.Input(cut, "points-TaskLate-enabled").Change(true);
        GamificationPages.Input(cut, "points-deal-mode-percent").Click();
        cut.WaitForElement("[data-testid=points-deal-percent]", GamificationPages.Deadline);
        GamificationPages.Input(cut, "points-deal-percent").Change("0,5");
        var select = cut.FindComponent<MudSelect<long>>();
        await cut.InvokeAsync(() => select.Instance.SelectedValuesChanged.InvokeAsync([3L]));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=points-unsaved]")), GamificationPages.Deadline);

        await cut.Find("[data-testid=points-save]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=points-history-row]")), GamificationPages.Deadline);
        var saved = await ctx.Services.GetRequiredService<PointRuleStore>().CurrentAsync();
        Assert.Equal(1, saved.Version);
        Assert.Equal("Анна Администратор (admin@demo.loyalty)", saved.ChangedBy);
        Assert.Equal(3, saved.Rules.Rule(PointTrigger.CallCompleted)!.Points);
        Assert.True(saved.Rules.Rule(PointTrigger.TaskLate)!.Enabled);
        var dealWon = saved.Rules.Rule(PointTrigger.DealWon)!;
        Assert.Equal((DealPointsMode.Percent, 0.5m), (dealWon.Mode, dealWon.Percent));
        Assert.Equal([3L], dealWon.PipelineIds);
        Assert.Equal(1250, PointMath.PointsFor(saved.Rules, PointTrigger.DealWon, 250_000_00, 3));
        Assert.Equal(0, PointMath.PointsFor(saved.Rules, PointTrigger.DealWon, 250_000_00, 0));
        Assert.Empty(cut.FindAll("[data-testid=points-unsaved]"));
        Assert.Contains("Действует версия 1", cut.Find("[data-testid=points-current-version]").TextContent, StringComparison.Ordinal);

        // Saving the same rules again writes no second version.
        await cut.Find("[data-testid=points-save]").ClickAsync(new());
        Assert.Equal(1, await VersionCountAsync(database));
        Assert.Contains(ctx.Services.GetRequiredService<ISnackbar>().ShownSnackbars, s => s.Message == "Изменений нет: действует версия 1.");
    }

    [Fact]
    public async Task BracketsAreAddedAndRemovedAndARepeatedAmountIsRefused()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        GamificationPages.AddServices(ctx, database);
        var cut = GamificationPages.Render<PointRulesPage>(ctx);
        cut.WaitForElement("[data-testid=points-bracket-row]", GamificationPages.Deadline);

        await cut.Find("[data-testid=points-bracket-add]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=points-bracket-row]").Count), GamificationPages.Deadline);
        Assert.Equal("150\u00A0000,00", GamificationPages.Input(cut, "points-bracket-3-min").GetAttribute("value"));
        Assert.Equal("110", GamificationPages.Input(cut, "points-bracket-3-points").GetAttribute("value"));

        GamificationPages.Input(cut, "points-bracket-3-min").Change("100 000");
        cut.WaitForAssertion(() => Assert.Contains("Две строки шкалы начинаются с одной суммы.", cut.Find("[data-testid=points-brackets-error]").TextContent, StringComparison.Ordinal), GamificationPages.Deadline);

        await cut.Find("[data-testid=points-bracket-2-remove]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=points-errors]")), GamificationPages.Deadline);
        await cut.Find("[data-testid=points-save]").ClickAsync(new());

        var saved = (await ctx.Services.GetRequiredService<PointRuleStore>().CurrentAsync()).Rules.Rule(PointTrigger.DealWon)!;
        Assert.Equal([new PointBracket(0, 20), new PointBracket(5_000_000, 50), new PointBracket(10_000_000, 110)], saved.Brackets);
    }

    [Fact]
    public async Task WithEnglishChosenTheRulesAndMessagesAreEnglish()
    {
        using var culture = new CultureScope("en");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        GamificationPages.AddServices(ctx, database);
        var cut = GamificationPages.Render<PointRulesPage>(ctx);
        cut.WaitForElement("[data-testid=points-bracket-row]", GamificationPages.Deadline);

        GamificationPages.Input(cut, "points-deal-mode-percent").Click();
        cut.WaitForElement("[data-testid=points-deal-percent]", GamificationPages.Deadline);
        GamificationPages.Input(cut, "points-deal-percent").Change("150");

        cut.WaitForAssertion(() => Assert.Contains("The percent must be 0 to 100.", GamificationPages.FieldText(cut, "points-deal-percent"), StringComparison.Ordinal), GamificationPages.Deadline);
        Assert.Contains("Won deal — Percent: The percent must be 0 to 100.", cut.Find("[data-testid=points-errors]").TextContent, StringComparison.Ordinal);
        Assert.Contains("For a complete contact profile", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LeavingWithUnsavedRulesAsksFirstAndStayingKeepsTheEdits()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        GamificationPages.AddServices(ctx, database);
        var dialogs = ctx.Render<MudDialogProvider>();
        var cut = GamificationPages.Render<PointRulesPage>(ctx);
        cut.WaitForElement("[data-testid=points-bracket-row]", GamificationPages.Deadline);
        var navigation = ctx.Services.GetRequiredService<NavigationManager>();
        var here = navigation.Uri;

        GamificationPages.Input(cut, "points-CallCompleted-points").Change("3");
        cut.WaitForElement("[data-testid=points-unsaved]", GamificationPages.Deadline);

        await cut.InvokeAsync(() => navigation.NavigateTo("/gamification/badges"));
        dialogs.WaitForAssertion(() => Assert.Contains("Изменения не сохранены", dialogs.Markup, StringComparison.Ordinal), GamificationPages.Deadline);
        await Button(dialogs, "Остаться").ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.DoesNotContain("Изменения не сохранены", dialogs.Markup, StringComparison.Ordinal), GamificationPages.Deadline);
        Assert.Equal(here, navigation.Uri);
        Assert.Equal("3", GamificationPages.Input(cut, "points-CallCompleted-points").GetAttribute("value"));

        Assert.Equal(0, await VersionCountAsync(database));
    }

    [Fact]
    public async Task TheSaveBarSticksToTheBottomOfTheWindow()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        GamificationPages.AddServices(ctx, database);
        var cut = GamificationPages.Render<PointRulesPage>(ctx);

        var bar = cut.WaitForElement("[data-testid=points-save-bar]", GamificationPages.Deadline);

        Assert.Contains("position:sticky", bar.GetAttribute("style"), StringComparison.Ordinal);
        Assert.Contains("bottom:0", bar.GetAttribute("style"), StringComparison.Ordinal);
        Assert.NotNull(bar.QuerySelector("[data-testid=points-save]"));
    }

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<MudDialogProvider> dialogs, string text) =>
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == text);

    private static async Task<int> VersionCountAsync(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        return await db.PointRuleVersions.CountAsync();
    }
}
