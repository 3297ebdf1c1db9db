using Bunit;
using Loyalty.Core.Identity;
using Loyalty.Core.Nps;
using Loyalty.Core.WriteBack;
using Loyalty.Tests.Core.Nps;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Pages.Nps;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using static Loyalty.Tests.Core.Nps.NpsDashWorld;
using Host = Microsoft.AspNetCore.Components.CascadingValue<System.Threading.Tasks.Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState>>;

namespace Loyalty.Tests.Web.Components.Pages.Nps;

/// <summary>The NPS dashboard and the answers list in bUnit over a real SQLite file and the real NPS services, in Russian.</summary>
public sealed class NpsDashboardPagesTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private NpsDashWorld _world = null!;
    private BunitContext _ctx = null!;
    private IRenderedComponent<MudPopoverProvider> _popovers = null!;

    public async Task InitializeAsync()
    {
        _world = await NpsDashWorld.CreateAsync();
        await _world.AddEmployeeAsync(10, "Жанна", "Климова");
        await _world.AddEmployeeAsync(11, "Антон", "Белов");
        await _world.AddPipelineAsync(1, "Продажи");
        await _world.AddContactAsync(500, "Ольга", "Смирнова");
        await _world.AddDealAsync(900, "Кухня для Смирновых", contactId: 500, managerId: 10);
        await _world.AddDealAsync(901, "Окна для офиса", managerId: 11);
        _ctx = new BunitContext();
        _ctx.AddPortalServices();
        _world.AddPageServices(_ctx.Services);
    }

    public async Task DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await _world.DisposeAsync();
    }

    [Fact]
    public async Task TheDashboardShowsTheNpsItsGroupsTheChartAndTheManagers()
    {
        using var culture = new CultureScope("ru");
        foreach (var score in new[] { 10, 9, 9, 8, 3, 6 })
        {
            await _world.AddSurveyAsync(Local(2026, 12, 2), score, managerId: 10);
        }

        await _world.AddSurveyAsync(Local(2026, 12, 4), 2, managerId: 11);
        await _world.AddSurveyAsync(Local(2026, 12, 4), 1, twoPoint: true, managerId: 11);

        var cut = Open<NpsDashboardPage>("/nps?period=month", Roles.SalesHead, out _);

        // 3 promoters, 1 passive, 3 detractors of 7: 0.
        cut.WaitForAssertion(() => Assert.Equal("0", Text(cut, "nps-summary-value")), Deadline);
        Assert.Contains("Сторонники", Text(cut, "nps-summary-promoter"));
        Assert.StartsWith("3", cut.Find("[data-testid=nps-summary-promoter] [data-testid=nps-group-count]").TextContent);
        Assert.StartsWith("3", cut.Find("[data-testid=nps-summary-detractor] [data-testid=nps-group-count]").TextContent);
        Assert.Contains("Нейтральные", Text(cut, "nps-summary-passive"));
        Assert.Contains("100\u00A0%", Text(cut, "nps-summary-satisfied"));
        // The chart: two days with answers; the 2nd has six, the 4th one 0–10 answer, marked as too few.
        var points = cut.FindAll("[data-testid=nps-chart-point]");
        Assert.Equal(["2026-12-02", "2026-12-04"], points.Select(p => p.GetAttribute("data-day")));
        Assert.Equal(["false", "true"], points.Select(p => p.GetAttribute("data-few")));
        Assert.Equal("-100", points[1].GetAttribute("data-nps"));
        Assert.Equal(["Антон Белов", "Жанна Климова"], cut.FindAll("[data-testid=nps-managers-row] [data-testid=nps-row-name]").Select(e => e.TextContent.Trim()));
        Assert.Equal("/nps/answers?period=month", cut.Find("[data-testid=nps-answers-link]").GetAttribute("href"));
    }

    [Fact]
    public async Task UnansweredSurveysOfferARemindAndACallTaskEachOnce()
    {
        using var culture = new CultureScope("ru");
        var waiting = await _world.AddSurveyAsync(Local(2026, 12, 3), dealId: 901, managerId: 11);
        var handled = await _world.AddSurveyAsync(Local(2026, 12, 2), dealId: 900, managerId: 10, contactId: 500, remindedAt: Local(2026, 12, 4));
        await using (var db = _world.Database.CreateDbContext())
        {
            await db.NpsSurveys.Where(s => s.Id == handled.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.CallTaskQueuedAt, Local(2026, 12, 5)));
        }

        var cut = Open<NpsDashboardPage>("/nps", Roles.SalesHead, out _);

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=nps-unanswered-row]").Count), Deadline);
        var fresh = cut.Find($"[data-survey='{waiting.Id}']");
        var done = cut.Find($"[data-survey='{handled.Id}']");
        Assert.Contains("Окна для офиса", fresh.TextContent);
        Assert.Contains("Антон Белов", fresh.TextContent);
        Assert.False(fresh.QuerySelector("[data-testid=nps-remind]")!.HasAttribute("disabled"));
        Assert.False(fresh.QuerySelector("[data-testid=nps-call-task]")!.HasAttribute("disabled"));
        // Reminded and tasked already: both are off, and say when.
        Assert.True(done.QuerySelector("[data-testid=nps-remind]")!.HasAttribute("disabled"));
        Assert.True(done.QuerySelector("[data-testid=nps-call-task]")!.HasAttribute("disabled"));
        Assert.Contains("напомнили 04.12.2026", done.TextContent);
        Assert.Contains("задача на звонок 05.12.2026", done.TextContent);
        Assert.Equal("(2)", Text(cut, "nps-unanswered-total"));
    }

    [Theory]
    [InlineData("ru", "у контакта нет ни e-mail, ни телефона", "письмо: клиент отписался от рассылок; SMS: у контакта нет телефона")]
    [InlineData("en", "the contact has neither an e-mail nor a phone", "e-mail: the customer unsubscribed; SMS: the contact has no phone")]
    public async Task TheErrorLogWordsAMissingContactWayAndARejectedSendInTheReadersLanguage(string language, string noWay, string rejected)
    {
        using var culture = new CultureScope(language);
        await using (var db = _world.Database.CreateDbContext())
        {
            db.NpsErrors.Add(new NpsError { At = Local(2026, 12, 2, 10), Kind = NpsErrorKind.NoContactWay, DealId = 900, Message = NpsErrorDetails.NoEmailOrPhone });
            db.NpsErrors.Add(new NpsError { At = Local(2026, 12, 3, 10), Kind = NpsErrorKind.SendRejected, DealId = 901, Message = "email:opted_out; sms:no_phone" });
            db.NpsErrors.Add(new NpsError { At = Local(2026, 12, 4, 10), Kind = NpsErrorKind.TemplateFailed, DealId = 901, Message = "Survey.Text: unexpected end" });
            await db.SaveChangesAsync();
        }

        var cut = Open<NpsDashboardPage>("/nps?period=month", Roles.SalesHead, out _);

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=nps-error-row]").Count), Deadline);
        var rows = cut.FindAll("[data-testid=nps-error-row]").Select(r => r.TextContent).ToList();
        Assert.Contains(rows, r => r.Contains(noWay) && r.Contains("Кухня для Смирновых"));
        Assert.Contains(rows, r => r.Contains(rejected) && r.Contains("Окна для офиса"));
        // A template's error is the engine's own words, shown as they came.
        Assert.Contains(rows, r => r.Contains("Survey.Text: unexpected end"));
        Assert.DoesNotContain(rows, r => r.Contains("no_phone") || r.Contains("opted_out"));
    }

    [Fact]
    public async Task TheAnswersListFollowsTheFiltersInTheAddressAndErasesACommentAfterConfirmation()
    {
        using var culture = new CultureScope("ru");
        var olga = await _world.AddSurveyAsync(Local(2026, 12, 1), 2, managerId: 10, dealId: 900, contactId: 500, comment: "Долго везли");
        await _world.AddSurveyAsync(Local(2026, 12, 2), 10, managerId: 10);
        await _world.AddSurveyAsync(Local(2026, 12, 2), 4, managerId: 11);

        var cut = Open<NpsAnswersPage>("/nps/answers?period=month&group=detractor&manager=10", Roles.SalesHead, out var dialogs);

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=nps-answer-score]")), Deadline);
        Assert.Equal("2", Text(cut, "nps-answer-score"));
        Assert.Equal("Долго везли", Text(cut, "nps-answer-comment"));
        Assert.Contains("Кухня для Смирновых", cut.Find("[data-testid=nps-answers-grid]").TextContent);
        Assert.Contains("Ольга Смирнова", cut.Find("[data-testid=nps-answers-grid]").TextContent);
        Assert.Equal("/nps/answers.xlsx?period=month&manager=10&group=detractor", cut.Find("[data-testid=nps-answers-excel]").GetAttribute("href"));

        await cut.InvokeAsync(() => cut.Find("[data-testid=nps-answer-menu] button").Click());
        _popovers.WaitForAssertion(() => Assert.NotEmpty(_popovers.FindAll("[data-testid=nps-erase-comment]")), Deadline);
        await _popovers.InvokeAsync(() => _popovers.Find("[data-testid=nps-erase-comment]").Click());
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll(".mud-message-box")), Deadline);
        var yes = dialogs.FindAll(".mud-message-box button").Single(b => b.TextContent.Contains("Удалить"));
        await dialogs.InvokeAsync(() => yes.Click());

        cut.WaitForAssertion(() => Assert.Contains("комментарий удалён", Text(cut, "nps-answer-comment")), Deadline);
        await using var db = _world.Database.CreateDbContext();
        var survey = await db.NpsSurveys.AsNoTracking().SingleAsync(s => s.Id == olga.Id);
        Assert.Null(survey.Comment);
        Assert.Equal(2, survey.Score);
    }

    [Fact]
    public void AnUnreadablePeriodIsSaidAndTheMonthShown()
    {
        using var culture = new CultureScope("ru");

        var cut = Open<NpsDashboardPage>("/nps?from=2026-12-06&to=2026-12-01", Roles.Administrator, out _);

        cut.WaitForAssertion(() => Assert.Contains("Начало периода позже его конца", Text(cut, "nps-period-problem")), Deadline);
        Assert.Contains("01.12.2026", Text(cut, "nps-period-days"));
        Assert.Contains("31.12.2026", Text(cut, "nps-period-days"));
    }

    private IRenderedComponent<Host> Open<TPage>(string address, string role, out IRenderedComponent<Host> dialogs)
        where TPage : IComponent
    {
        var user = Principals.SignedIn(role);
        _popovers = _ctx.Render<MudPopoverProvider>();
        dialogs = _ctx.RenderAs<MudDialogProvider>(user);
        _ctx.Services.GetRequiredService<NavigationManager>().NavigateTo(address);
        return _ctx.RenderAs<TPage>(user);
    }

    private static string Text(IRenderedComponent<Host> cut, string testId) => cut.Find($"[data-testid={testId}]").TextContent.Trim();
}
