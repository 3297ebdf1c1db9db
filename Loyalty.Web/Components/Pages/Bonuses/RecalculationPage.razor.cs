using System.Globalization;
using Loyalty.Core.Bonuses;
using Loyalty.Core.Identity;
using Loyalty.Core.Portal;
using Loyalty.Web.Components.Shared;
using Loyalty.Web.Jobs;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Quartz;

namespace Loyalty.Web.Components.Pages.Bonuses;

/// <summary>
/// Recalculation of customer bonuses: choose the period, preview the differences per customer (computed by the
/// background job, with a live progress bar), apply them after a confirmation. The recalculation shown is the one
/// in the address (<c>?id=</c>) or the latest.
/// </summary>
public partial class RecalculationPage
{
    private bool _fromDate;
    private DateTime? _date;
    private bool _starting;
    private bool _programOn = true;
    private int _settingsVersion;
    private DateOnly? _startDate;
    private long? _shown;
    private BonusRecalculation? _selected;
    private string _createdBy = "";
    private string _appliedBy = "";
    private RecalculationLinesGrid? _lines;
    private RecalculationHistoryGrid _history = default!;

    /// <summary>The recalculation to show; the latest when absent.</summary>
    [SupplyParameterFromQuery(Name = "id")]
    public string? IdText { get; set; }

    private long? Id => QueryValues.Id(IdText);

    [Inject]
    private BonusRecalculations Recalculations { get; set; } = default!;

    [Inject]
    private BonusSettingsStore Settings { get; set; } = default!;

    [Inject]
    private JobsService Jobs { get; set; } = default!;

    [Inject]
    private Loyalty.Core.Crm.CrmNames Names { get; set; } = default!;

    [Inject]
    private PortalClock Clock { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private bool Running => Recalculations.Current is not null || _selected?.Status is RecalculationStatus.Previewing or RecalculationStatus.Applying;

    private string StartText => _startDate is { } start ? L["Recalc_FromStartDate", Formats.Date(start.ToDateTime(TimeOnly.MinValue))] : L["Recalc_FromStartAll"];

    protected override void OnInitialized() => Recalculations.Changed += OnChanged;

    protected override async Task OnParametersSetAsync()
    {
        _shown = Id;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var current = await Settings.CurrentAsync();
        _programOn = current.Settings.Enabled;
        _settingsVersion = current.Version;
        _startDate = current.Settings.StartDate;
        _selected = _shown is { } id ? await Recalculations.GetAsync(id) : await Recalculations.LatestAsync();
        // People by name, as every history shows them (ActorLabel's rule), whatever form the actor was stored in.
        _createdBy = _selected is null ? "" : await ActorDisplay.NameAsync(L, Names, _selected.CreatedBy);
        _appliedBy = _selected?.AppliedBy is { } applier ? await ActorDisplay.NameAsync(L, Names, applier) : "";
    }

    private void OnChanged() => _ = InvokeLiveAsync(async () =>
    {
        var before = _selected;
        await LoadAsync();
        if (before?.Status != _selected?.Status || before?.Id != _selected?.Id)
        {
            _starting = false;
            await _history.ReloadAsync();
            if (_lines is not null)
            {
                await _lines.ReloadAsync();
            }
        }

        StateHasChanged();
    });

    private async Task PreviewAsync()
    {
        if (Running || _starting)
        {
            return;
        }

        _starting = true;
        var from = _fromDate && _date is { } date ? DateOnly.FromDateTime(date) : (DateOnly?)null;
        var start = await Recalculations.StartPreviewAsync(from, await UserAsync());
        if (start.Recalculation is not { } started || start.Refusal != RecalculationRefusal.None)
        {
            _starting = false;
            Snackbar.Add(Refusal(start.Refusal), Severity.Warning);
            return;
        }

        await RunJobAsync(started.Id);
        Snackbar.Add(L["Recalc_PreviewStarted"], Severity.Success);
        await ShowAsync(started.Id);
        await _history.ReloadAsync();
    }

    private async Task ApplyAsync()
    {
        if (_selected is not { } r || Running || _starting)
        {
            return;
        }

        // A second click while the dialog opens or the request is on its way finds _starting set and does nothing.
        _starting = true;
        var parameters = new DialogParameters<RecalculationApplyDialog> { { d => d.Recalculation, r } };
        var dialog = await Dialogs.ShowAsync<RecalculationApplyDialog>(L["Recalc_ConfirmTitle", r.Id], parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        var result = await dialog.Result;
        if (result is null || result.Canceled)
        {
            _starting = false;
            return;
        }

        var start = await Recalculations.ApplyAsync(r.Id, await UserAsync());
        if (start.Refusal != RecalculationRefusal.None)
        {
            _starting = false;
            Snackbar.Add(Refusal(start.Refusal), Severity.Warning);
            await LoadAsync();
            await _history.ReloadAsync();
            return;
        }

        await RunJobAsync(r.Id);
        Snackbar.Add(L["Recalc_ApplyStarted"], Severity.Success);
    }

    private async Task RunJobAsync(long id)
    {
        try
        {
            await Jobs.RunNowAsync(BonusRecalculationJob.Key, new Dictionary<string, string> { [BonusRecalculationJob.IdKey] = id.ToString(CultureInfo.InvariantCulture) });
        }
        catch (SchedulerException ex)
        {
            // Nothing will run it: free the slot instead of showing a recalculation that never moves.
            await Recalculations.FailAsync(id, ex.Message);
            Snackbar.Add(ex.Message, Severity.Error);
        }
    }

    private Task OpenAsync(BonusRecalculation recalculation) => ShowAsync(recalculation.Id);

    /// <summary>Shows a recalculation and puts it in the address, so that the page can be bookmarked or reloaded on it.</summary>
    private async Task ShowAsync(long id)
    {
        _shown = id;
        Navigation.NavigateTo($"/bonuses/recalculation?id={id}");
        await LoadAsync();
    }

    private async Task<string> UserAsync() => UserClaims.DisplayName((await AuthenticationState).User);

    private bool Stale(BonusRecalculation r) =>
        r.Status == RecalculationStatus.Stale || (r.Status is RecalculationStatus.Previewed or RecalculationStatus.Failed && r.PreviewedAt is not null && r.SettingsVersion != _settingsVersion);

    private static bool CanApply(BonusRecalculation r) =>
        r.Status == RecalculationStatus.Previewed || (r.Status == RecalculationStatus.Failed && r.PreviewedAt is not null);

    private string FromText(BonusRecalculation r) =>
        r.FromDate is { } from ? L["Recalc_From", Formats.Date(from.ToDateTime(TimeOnly.MinValue))] : L["Recalc_FromProgramStart"];

    private string Refusal(RecalculationRefusal refusal) => L["RecalcRefusal_" + refusal];

    public void Dispose() => Recalculations.Changed -= OnChanged;
}
