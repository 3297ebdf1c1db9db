using System.Globalization;
using Loyalty.Core.Nps;
using Loyalty.Web.Components.Shared;
using Loyalty.Web.Endpoints;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Loyalty.Web.Components.Pages.Nps;

/// <summary>
/// All answers (seed 004's "Все оценки"): filtered by period, manager, score group, pipeline and template (all in the
/// address), paged on the server, downloadable as Excel with the same filter. A comment can be erased (personal data),
/// or every comment of a contact, after a confirmation.
/// </summary>
public sealed partial class NpsAnswersPage
{
    private MudDataGrid<NpsAnswerRow>? _grid;
    private NpsPeriod? _period;
    private string? _problem;
    private NpsFilterChoices? _choices;

    [Inject] private NpsQueries Queries { get; set; } = null!;

    [Inject] private NpsRetention Retention { get; set; } = null!;

    [Inject] private Loyalty.Core.Portal.PortalClock Clock { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    [Inject] private IDialogService Dialogs { get; set; } = null!;

    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = null!;

    [SupplyParameterFromQuery(Name = "period")] public string? PeriodKind { get; set; }

    [SupplyParameterFromQuery(Name = "from")] public string? From { get; set; }

    [SupplyParameterFromQuery(Name = "to")] public string? To { get; set; }

    [SupplyParameterFromQuery(Name = "manager")] public long? Manager { get; set; }

    [SupplyParameterFromQuery(Name = "group")] public string? GroupText { get; set; }

    [SupplyParameterFromQuery(Name = "pipeline")] public long? Pipeline { get; set; }

    [SupplyParameterFromQuery(Name = "template")] public long? Template { get; set; }

    private NpsGroup? Group => NpsAnswersQuery.Group(GroupText);

    private string ExcelUrl => NpsAnswersQuery.ExcelUrl(Filter);

    private NpsFilter Filter => new(_period!, Manager, Group, Pipeline, Template);

    protected override async Task OnParametersSetAsync()
    {
        var (period, problem) = NpsPeriods.Parse(PeriodKind, From, To, Clock.UtcNow, Clock.Zone);
        _problem = problem;
        _period = period ?? NpsPeriods.Current(NpsPeriodQuery.Default, Clock.UtcNow, Clock.Zone);
        _choices ??= await Queries.ChoicesAsync();
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    private async Task<GridData<NpsAnswerRow>> LoadAsync(GridState<NpsAnswerRow> state, CancellationToken ct)
    {
        var page = await Queries.AnswersAsync(Filter, state.Page * state.PageSize, state.PageSize, ct);
        return new GridData<NpsAnswerRow> { Items = page.Items, TotalItems = page.Total };
    }

    private void PeriodChangedAsync(NpsPeriod period) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(NpsPeriodQuery.Of(period)));

    private void FilterAsync(string name, object? value) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter(name, value switch
        {
            long id => id.ToString(CultureInfo.InvariantCulture),
            string text => text,
            _ => null,
        }));

    private static string ScoreText(NpsAnswerRow row) => row.Scale == NpsScale.Satisfaction
        ? (row.Score >= 1 ? "+" : "\u2212")
        : row.Score.ToString(CultureInfo.InvariantCulture);

    private async Task EraseAsync(NpsAnswerRow row)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(L["NpsDash_EraseTitle"], L["NpsDash_EraseText"], L["NpsDash_EraseYes"], cancelText: L["Common_Cancel"]);
        if (confirmed != true)
        {
            return;
        }

        var actor = ActorName.Of((await AuthenticationState).User);
        var erased = await Retention.EraseCommentAsync(row.SurveyId, actor);
        Snackbar.Add(erased ? L["NpsDash_Erased"] : L["NpsDash_EraseNothing"], erased ? Severity.Success : Severity.Info);
        await _grid!.ReloadServerData();
    }

    private async Task EraseContactAsync(long contactId, string? name)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(L["NpsDash_EraseContactTitle"], L["NpsDash_EraseContactText", name ?? $"#{contactId}"], L["NpsDash_EraseYes"], cancelText: L["Common_Cancel"]);
        if (confirmed != true)
        {
            return;
        }

        var actor = ActorName.Of((await AuthenticationState).User);
        var count = await Retention.EraseContactCommentsAsync(contactId, actor);
        Snackbar.Add(L["NpsDash_ErasedContact", count], Severity.Success);
        await _grid!.ReloadServerData();
    }
}

/// <summary>The answers list's filter in an address, shared by the page and the Excel endpoint.</summary>
public static class NpsAnswersQuery
{
    public static NpsGroup? Group(string? text) =>
        Enum.TryParse<NpsGroup>(text, ignoreCase: true, out var g) && Enum.IsDefined(g) && !int.TryParse(text, out _) ? g : null;

    public static string ExcelUrl(NpsFilter filter)
    {
        var query = NpsPeriodQuery.Text(filter.Period);
        query += filter.ManagerId is { } m ? $"&manager={m.ToString(CultureInfo.InvariantCulture)}" : "";
        query += filter.Group is { } g ? $"&group={g.ToString().ToLowerInvariant()}" : "";
        query += filter.PipelineId is { } p ? $"&pipeline={p.ToString(CultureInfo.InvariantCulture)}" : "";
        query += filter.TemplateId is { } t ? $"&template={t.ToString(CultureInfo.InvariantCulture)}" : "";
        return NpsReportEndpoints.AnswersPath + "?" + query;
    }
}
