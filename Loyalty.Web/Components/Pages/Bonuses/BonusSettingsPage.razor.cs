using System.Globalization;
using System.Text.RegularExpressions;
using Loyalty.Core.Bitrix24.UserFields;
using Loyalty.Core.Bonuses;
using Loyalty.Core.Data;
using Loyalty.Core.Portal;
using Loyalty.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace Loyalty.Web.Components.Pages.Bonuses;

/// <summary>The bonus program's rules: each save is a new version of <see cref="BonusSettings"/>, checked as it is typed.</summary>
public partial class BonusSettingsPage
{
    private VersionedBonusSettings _current = default!;
    private IReadOnlyList<VersionedBonusSettings> _history = [];
    private IReadOnlyList<CrmChoice> _pipelines = [];
    private IReadOnlyList<MissingField> _missingFields = [];
    private PortalCheck? _portalCheck;

    [Inject]
    private BonusSettingsStore Store { get; set; } = default!;

    [Inject]
    private IDbContextFactory<LoyaltyDbContext> DbFactory { get; set; } = default!;

    [Inject]
    private PortalFieldStatus FieldStatus { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _current = Store.Default;
        _current = await Store.CurrentAsync();
        _history = await Store.HistoryAsync();
        _pipelines = await CrmChoices.PipelinesAsync(DbFactory, _current.Settings.PipelineIds);
        await LoadFieldsAsync();
        Reset(BonusSettingsForm.From(_current.Settings));
    }

    /// <summary>The saved rules' fields Bitrix24 lacks (the warning), and the last check for the codes being typed.</summary>
    private async Task LoadFieldsAsync()
    {
        _portalCheck = await FieldStatus.CheckAsync();
        _missingFields = await FieldStatus.MissingAsync(_current.Settings);
    }

    protected override EditorCheck Check(BonusSettingsForm model)
    {
        var settings = model.ToSettings();
        return new(BonusSettingsValidator.Validate(settings), !BonusSettingsForm.Same(settings, _current.Settings));
    }

    protected override async Task<EditorSaved?> SaveCoreAsync(BonusSettingsForm model)
    {
        var before = _current.Version;
        var saved = await Store.SaveAsync(model.ToSettings(), ActorName.Of((await AuthenticationState).User));
        _current = saved;
        _history = await Store.HistoryAsync();
        await LoadFieldsAsync();
        Reset(BonusSettingsForm.From(saved.Settings));
        return saved.Version == before
            ? new(L["BonusSettings_NothingChanged", saved.Version], Severity.Info)
            : new(L["BonusSettings_Saved", saved.Version]);
    }

    private void Revert() => Reset(BonusSettingsForm.From(_current.Settings));

    private async Task LoadVersion(VersionedBonusSettings version)
    {
        _pipelines = await CrmChoices.PipelinesAsync(DbFactory, version.Settings.PipelineIds);
        Reset(BonusSettingsForm.From(version.Settings));
        Snackbar.Add(L["BonusSettings_Loaded", version.Version], Severity.Info);
    }

    private Task PipelinesChanged(IEnumerable<long>? ids)
    {
        Model!.PipelineIds = [.. ids ?? []];
        return EditedAsync();
    }

    private string PipelineName(long id) => _pipelines.FirstOrDefault(p => p.Id == id) is { } pipeline
        ? pipeline.Deleted ? L["BonusSettings_PipelineDeleted", pipeline.Name] : pipeline.Name
        : $"#{id}";

    /// <summary>Where an error is, for the summary: "Tiers[1].MinSpend" → "Уровень 2 — От суммы покупок".</summary>
    private string Where(string field)
    {
        if (Row().Match(field) is not { Success: true } row)
        {
            return L["BonusField_" + field];
        }

        var list = row.Groups["list"].Value;
        var number = int.Parse(row.Groups["index"].Value, CultureInfo.InvariantCulture) + 1;
        return $"{L["BonusSettings_ErrorRow_" + list, number]} — {L[$"BonusField_{list}_{row.Groups["property"].Value}"]}";
    }


    [GeneratedRegex(@"^(?<list>Tiers|Steps)\[(?<index>\d+)\]\.(?<property>\w+)$")]
    private static partial Regex Row();
}
