using Loyalty.Core.Nps;
using Loyalty.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Loyalty.Web.Components.Pages.Nps;

/// <summary>
/// The NPS dashboard (seed 004's main page): the period's NPS and groups, the daily chart, per manager and per pipeline,
/// the unanswered surveys with "remind" and "call task", and the error log. The period lives in the address.
/// </summary>
public sealed partial class NpsDashboardPage
{
    private const int UnansweredPage = 10;

    private NpsPeriod? _period;
    private string? _problem;
    private NpsSummary? _summary;
    private IReadOnlyList<NpsDay> _days = [];
    private IReadOnlyList<NpsBreakdownRow> _managers = [];
    private IReadOnlyList<NpsBreakdownRow> _pipelines = [];
    private NpsPage<NpsUnansweredRow> _unanswered = new([], 0);
    private IReadOnlyList<NpsErrorRow> _errors = [];
    private bool _twoPoint;
    private int _unansweredShown = UnansweredPage;

    [Inject] private NpsQueries Queries { get; set; } = null!;

    [Inject] private NpsSurveys Surveys { get; set; } = null!;

    [Inject] private NpsTasks Tasks { get; set; } = null!;

    [Inject] private Loyalty.Core.Portal.PortalClock Clock { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = null!;

    [SupplyParameterFromQuery(Name = "period")] public string? PeriodKind { get; set; }

    [SupplyParameterFromQuery(Name = "from")] public string? From { get; set; }

    [SupplyParameterFromQuery(Name = "to")] public string? To { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        var (period, problem) = NpsPeriods.Parse(PeriodKind, From, To, Clock.UtcNow, Clock.Zone);
        _problem = problem;
        _period = period ?? NpsPeriods.Current(NpsPeriodQuery.Default, Clock.UtcNow, Clock.Zone);
        _unansweredShown = UnansweredPage;
        _summary = null;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var filter = new NpsFilter(_period!);
        var summary = Queries.SummaryAsync(filter);
        var days = Queries.DailyAsync(filter);
        var managers = Queries.PerManagerAsync(filter);
        var pipelines = Queries.PerPipelineAsync(filter);
        var unanswered = Queries.UnansweredAsync(filter, 0, _unansweredShown);
        var errors = Queries.ErrorsAsync(_period!);
        var choices = Queries.ChoicesAsync();
        await Task.WhenAll(summary, days, managers, pipelines, unanswered, errors, choices);
        (_summary, _days, _managers, _pipelines, _unanswered, _errors) = (summary.Result, days.Result, managers.Result, pipelines.Result, unanswered.Result, errors.Result);
        _twoPoint = choices.Result.TwoPoint;
    }

    private void GoToAsync(NpsPeriod period) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(NpsPeriodQuery.Of(period)));

    private async Task MoreAsync()
    {
        _unansweredShown += UnansweredPage * 2;
        _unanswered = await Queries.UnansweredAsync(new NpsFilter(_period!), 0, _unansweredShown);
    }

    private async Task RemindAsync(long surveyId)
    {
        var actor = ActorName.Of((await AuthenticationState).User);
        var result = await Surveys.RemindAsync(surveyId, actor);
        if (result.Succeeded)
        {
            Snackbar.Add(L["NpsDash_Reminded"], Severity.Success);
        }
        else
        {
            Snackbar.Add(L[result.ErrorCode!], Severity.Warning);
        }

        _unanswered = await Queries.UnansweredAsync(new NpsFilter(_period!), 0, _unansweredShown);
    }

    private async Task CallTaskAsync(long surveyId)
    {
        var actor = ActorName.Of((await AuthenticationState).User);
        var outcome = await Tasks.QueueCallTaskAsync(surveyId, actor);
        Snackbar.Add(L["NpsDash_CallTask_" + outcome], outcome == NpsCallTaskOutcome.Queued ? Severity.Success : Severity.Warning);
        _unanswered = await Queries.UnansweredAsync(new NpsFilter(_period!), 0, _unansweredShown);
    }
}
