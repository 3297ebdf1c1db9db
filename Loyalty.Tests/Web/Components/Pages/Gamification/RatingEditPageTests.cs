using Bunit;
using Loyalty.Core;
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
/// The rating editor on a real SQLite database and the real <see cref="GamificationQueries"/>: a saved rating's values
/// and formula, mistakes shown in the user's language (nothing saved), a new rating created, an edit confirmed first.
/// </summary>
public sealed class RatingEditPageTests
{
    [Fact]
    public async Task ASavedRatingShowsItsValuesAndItsFormula()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        GamificationPages.AddServices(ctx, database);
        var saved = await ctx.Services.GetRequiredService<GamificationQueries>().SaveRatingAsync(new RatingDefinition
        {
            Name = "Активность недели", Description = "Звонки и скорость ответа.", Scope = RatingScope.Individual, Period = PeriodKind.Week, TopN = 10,
            Criteria = [new(Metric.Calls, 60), new(Metric.LeadResponseMinutes, 30), new(Metric.Meetings, 30)], Threshold = new Threshold(Metric.Calls, 5),
        }, "Борис");

        var cut = GamificationPages.Render<RatingEditPage>(ctx, p => p.Add(x => x.Id, saved.Id));

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=rating-criterion-row]").Count), GamificationPages.Deadline);
        Assert.Equal("Активность недели", GamificationPages.Input(cut, "rating-name").GetAttribute("value"));
        Assert.Equal(["60", "30", "30"], Enumerable.Range(0, 3).Select(i => GamificationPages.Input(cut, $"rating-criterion-{i}-weight").GetAttribute("value")));
        Assert.Equal("10", GamificationPages.Input(cut, "rating-top-n").GetAttribute("value"));
        Assert.Equal("5", GamificationPages.Input(cut, "rating-threshold-minimum").GetAttribute("value"));
        Assert.Equal(PeriodKind.Week, cut.FindComponent<MudRadioGroup<PeriodKind>>().Instance.Value);
        Assert.Single(cut.FindAll("[data-testid=rating-criterion-1-inverted]"));
        Assert.Empty(cut.FindAll("[data-testid=rating-criterion-0-inverted]"));
        Assert.Equal($"/leaderboards/{saved.Id}", cut.Find("[data-testid=rating-leaderboard]").GetAttribute("href"));

        var shares = cut.Find("[data-testid=rating-formula-shares]").TextContent;
        Assert.Contains("Звонки — до 50", shares, StringComparison.Ordinal);
        Assert.Contains("Среднее время реакции на лид, мин — до 25 (меньше — лучше)", shares, StringComparison.Ordinal);
        var formula = cut.Find("[data-testid=rating-formula]").TextContent;
        Assert.Contains("затем по имени (по алфавиту), затем с меньшим ID", formula, StringComparison.Ordinal);
        Assert.Contains("первые 10 мест", formula, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=rating-errors]"));
    }

    [Fact]
    public async Task NoNameAZeroWeightAndAnAreaWithoutDepartmentsShowTheirMessagesAndSaveNothing()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        GamificationPages.AddServices(ctx, database);
        var cut = GamificationPages.Render<RatingEditPage>(ctx);
        cut.WaitForElement("[data-testid=rating-criterion-row]", GamificationPages.Deadline);

        GamificationPages.Input(cut, "rating-criterion-0-weight").Change("0");
        GamificationPages.Input(cut, "rating-scope-Area").Click();

        cut.WaitForAssertion(() => Assert.Contains("Вес — от 1 до 100.", GamificationPages.FieldText(cut, "rating-criterion-0-weight"), StringComparison.Ordinal), GamificationPages.Deadline);
        Assert.Contains("Для рейтинга по группе отделов выберите хотя бы один отдел.", GamificationPages.FieldText(cut, "rating-departments"), StringComparison.Ordinal);
        var summary = cut.Find("[data-testid=rating-errors]").TextContent;
        Assert.Contains("Название: Введите название.", summary, StringComparison.Ordinal);
        Assert.Contains("Критерий 1 — Вес: Вес — от 1 до 100.", summary, StringComparison.Ordinal);
        Assert.Contains("Отделы: Для рейтинга по группе отделов", summary, StringComparison.Ordinal);

        await cut.Find("[data-testid=rating-save]").ClickAsync(new());

        Assert.Equal(0, await RatingCountAsync(database));
        Assert.EndsWith("/", ctx.Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADescriptionShowsItsLimitAndOnePastItIsRefusedOnItsFieldInEnglish()
    {
        using var culture = new CultureScope("en");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        GamificationPages.AddServices(ctx, database);
        var cut = GamificationPages.Render<RatingEditPage>(ctx);
        cut.WaitForElement("[data-testid=rating-criterion-row]", GamificationPages.Deadline);
        var description = cut.Find("textarea[data-testid=rating-description]");
        Assert.Equal($"{TextLimits.Description}", description.GetAttribute("maxlength"));
        Assert.Equal($"{TextLimits.Name}", GamificationPages.Input(cut, "rating-name").GetAttribute("maxlength"));

        GamificationPages.Input(cut, "rating-name").Change("Calls of the week");
        description.Change(new string('d', TextLimits.Description + 1));

        cut.WaitForAssertion(() => Assert.Contains("At most 1000 characters.", GamificationPages.FieldText(cut, "rating-description"), StringComparison.Ordinal), GamificationPages.Deadline);
        Assert.Contains($"1001 / {TextLimits.Description}", GamificationPages.FieldText(cut, "rating-description"), StringComparison.Ordinal);
        Assert.Contains("Description: At most 1000 characters.", cut.Find("[data-testid=rating-errors]").TextContent, StringComparison.Ordinal);
        await cut.Find("[data-testid=rating-save]").ClickAsync(new());
        Assert.Equal(0, await RatingCountAsync(database));
    }

    [Fact]
    public async Task ARepeatedMetricIsRefusedInEnglishWhenEnglishIsChosen()
    {
        using var culture = new CultureScope("en");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        GamificationPages.AddServices(ctx, database);
        var cut = GamificationPages.Render<RatingEditPage>(ctx);
        cut.WaitForElement("[data-testid=rating-criterion-row]", GamificationPages.Deadline);

        await cut.Find("[data-testid=rating-criterion-add]").ClickAsync(new());
        var second = cut.FindComponents<MudSelect<Metric>>()[1];
        await cut.InvokeAsync(() => second.Instance.ValueChanged.InvokeAsync(Metric.DealSum));

        cut.WaitForAssertion(() => Assert.Contains("A metric is chosen twice: each criterion needs its own.", cut.Find("[data-testid=rating-criteria-error]").TextContent, StringComparison.Ordinal), GamificationPages.Deadline);
        Assert.Contains("How the score is computed", cut.Markup, StringComparison.Ordinal);
        await cut.Find("[data-testid=rating-save]").ClickAsync(new());
        Assert.Equal(0, await RatingCountAsync(database));
    }

    [Fact]
    public async Task ANewAreaRatingIsCreatedWithoutAskingAndReadBackFromTheDatabase()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = database.CreateDbContext())
        {
            db.Departments.AddRange(
                new Department { Id = 1, Name = "Компания", SyncedAt = GamificationPages.Now.UtcDateTime },
                new Department { Id = 5, Name = "Продажи Москва", ParentId = 1, SyncedAt = GamificationPages.Now.UtcDateTime });
            db.Pipelines.Add(new Pipeline { Id = 2, Name = "Опт", SyncedAt = GamificationPages.Now.UtcDateTime });
            await db.SaveChangesAsync();
        }

        await using var ctx = new BunitContext();
        GamificationPages.AddServices(ctx, database);
        var cut = GamificationPages.Render<RatingEditPage>(ctx);
        cut.WaitForElement("[data-testid=rating-criterion-row]", GamificationPages.Deadline);

        GamificationPages.Input(cut, "rating-name").Change("  Москва: квартал ");
        GamificationPages.Input(cut, "rating-scope-Area").Click();
        GamificationPages.Input(cut, "rating-period-Quarter").Click();
        GamificationPages.Input(cut, "rating-criterion-0-weight").Change("70");
        await cut.Find("[data-testid=rating-criterion-add]").ClickAsync(new());
        var second = cut.FindComponents<MudSelect<Metric>>()[1];
        await cut.InvokeAsync(() => second.Instance.ValueChanged.InvokeAsync(Metric.LeadResponseMinutes));
        GamificationPages.Input(cut, "rating-criterion-1-weight").Change("30");
        GamificationPages.Input(cut, "rating-has-threshold").Change(true);
        cut.WaitForElement("[data-testid=rating-threshold-minimum]", GamificationPages.Deadline);
        GamificationPages.Input(cut, "rating-threshold-minimum").Change("3");
        GamificationPages.Input(cut, "rating-top-n").Change("5");
        var selects = cut.FindComponents<MudSelect<long>>();
        await cut.InvokeAsync(() => selects[0].Instance.SelectedValuesChanged.InvokeAsync([2L]));
        await cut.InvokeAsync(() => selects[1].Instance.SelectedValuesChanged.InvokeAsync([5L]));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=rating-errors]")), GamificationPages.Deadline);
        Assert.Contains("Среднее время реакции на лид, мин — до 30 (меньше — лучше)", cut.Find("[data-testid=rating-formula-shares]").TextContent, StringComparison.Ordinal);

        await cut.Find("[data-testid=rating-save]").ClickAsync(new());

        var rating = Assert.Single(await ctx.Services.GetRequiredService<GamificationQueries>().RatingsAsync(includeInactive: true));
        Assert.Equal("Москва: квартал", rating.Name);
        Assert.Equal((RatingScope.Area, PeriodKind.Quarter, 5, 1), (rating.Scope, rating.Period, rating.TopN, rating.Version));
        Assert.Equal([new Criterion(Metric.DealSum, 70), new Criterion(Metric.LeadResponseMinutes, 30)], rating.Criteria);
        Assert.Equal(new Threshold(Metric.WonDeals, 3), rating.Threshold);
        Assert.Equal([2L], rating.PipelineIds);
        Assert.Equal([5L], rating.DepartmentIds);
        Assert.EndsWith("/gamification/ratings", ctx.Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
        Assert.Contains(ctx.Services.GetRequiredService<ISnackbar>().ShownSnackbars, s => s.Message == "Рейтинг «Москва: квартал» создан.");
    }

    [Fact]
    public async Task SavingAnEditAsksFirstBecauseTheResultsStartAfresh()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        GamificationPages.AddServices(ctx, database);
        var queries = ctx.Services.GetRequiredService<GamificationQueries>();
        var saved = await queries.SaveRatingAsync(new RatingDefinition { Name = "Баллы дня", Period = PeriodKind.Day, Criteria = [new(Metric.Points, 100)] }, "Борис");
        var dialogs = ctx.Render<MudDialogProvider>();
        var cut = GamificationPages.Render<RatingEditPage>(ctx, p => p.Add(x => x.Id, saved.Id));
        cut.WaitForElement("[data-testid=rating-criterion-row]", GamificationPages.Deadline);

        GamificationPages.Input(cut, "rating-name").Change("Очки дня");
        var refused = cut.Find("[data-testid=rating-save]").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains("Результаты рейтинга начнутся заново", dialogs.Markup, StringComparison.Ordinal), GamificationPages.Deadline);
        await Button(dialogs, "Отмена").ClickAsync(new());
        await refused;

        Assert.Equal(("Баллы дня", 1), await NameAndVersionAsync(queries, saved.Id));

        var confirmed = cut.Find("[data-testid=rating-save]").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains("Сохранить и пересчитать", dialogs.Markup, StringComparison.Ordinal), GamificationPages.Deadline);
        await Button(dialogs, "Сохранить и пересчитать").ClickAsync(new());
        await confirmed;

        Assert.Equal(("Очки дня", 2), await NameAndVersionAsync(queries, saved.Id));
        Assert.EndsWith("/gamification/ratings", ctx.Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefreshedSignInKeepsWhatIsTyped()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        GamificationPages.AddServices(ctx, database);
        var cut = GamificationPages.Render<RatingEditPage>(ctx);
        cut.WaitForElement("[data-testid=rating-criterion-row]", GamificationPages.Deadline);
        GamificationPages.Input(cut, "rating-name").Change("Недельный");

        // The revalidating provider hands out a new authentication state: the page's parameters are set again.
        var same = (await cut.Instance.Value!).User;
        var page = cut.FindComponent<RatingEditPage>().Instance;
        cut.Render(p => p.Add(c => c.Value, Task.FromResult(new Microsoft.AspNetCore.Components.Authorization.AuthenticationState(same))).AddChildContent<RatingEditPage>());
        Assert.Same(page, cut.FindComponent<RatingEditPage>().Instance);

        await cut.Find("[data-testid=rating-save]").ClickAsync(new());

        var saved = Assert.Single(await ctx.Services.GetRequiredService<GamificationQueries>().RatingsAsync(includeInactive: true));
        Assert.Equal("Недельный", saved.Name);
    }

    [Fact]
    public async Task AnUnknownRatingSaysSo()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        GamificationPages.AddServices(ctx, database);

        var cut = GamificationPages.Render<RatingEditPage>(ctx, p => p.Add(x => x.Id, 404L));

        cut.WaitForAssertion(() => Assert.Contains("Рейтинга с номером 404 нет", cut.Find("[data-testid=rating-missing]").TextContent, StringComparison.Ordinal), GamificationPages.Deadline);
        Assert.Empty(cut.FindAll("[data-testid=rating-save]"));
    }

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<MudDialogProvider> dialogs, string text) =>
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == text);

    private static async Task<(string Name, int Version)> NameAndVersionAsync(GamificationQueries queries, long id)
    {
        var rating = await queries.RatingAsync(id);
        return (rating!.Name, rating.Version);
    }

    private static async Task<int> RatingCountAsync(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        return await db.Ratings.CountAsync();
    }
}
