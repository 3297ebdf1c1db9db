using System.Globalization;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Loyalty.Core.Bonuses;
using Loyalty.Core.Data;
using Loyalty.Core.Identity;
using Loyalty.Core.Portal;
using Loyalty.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace Loyalty.Web.Components.Pages.Bonuses;

public partial class BonusSettingsPage
{
    private MudForm? _form;
    private BonusSettingsForm? _model;
    private VersionedBonusSettings _current = BonusSettingsStore.Default;
    private IReadOnlyList<VersionedBonusSettings> _history = [];
    private IReadOnlyList<PipelineOption> _pipelines = [];
    private IReadOnlyList<SettingsError> _errors = [];
    private IReadOnlyDictionary<string, string> _fieldErrors = new Dictionary<string, string>();
    private bool _dirty;
    private bool _saving;
    private bool _saveTried;
    private bool _inputsValid = true;

    [Inject]
    private BonusSettingsStore Store { get; set; } = default!;

    [Inject]
    private IDbContextFactory<LoyaltyDbContext> DbFactory { get; set; } = default!;

    [Inject]
    private PortalClock Clock { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _current = await Store.CurrentAsync();
        _history = await Store.HistoryAsync();
        _pipelines = await PipelinesAsync(_current.Settings.PipelineIds);
        _model = BonusSettingsForm.From(_current.Settings);
        Revalidate();
    }

    /// <summary>Checks the rules as they stand after every edit, so a mistake shows on its field at once.</summary>
    private void Revalidate()
    {
        if (_model is null)
        {
            return;
        }

        var settings = _model.ToSettings();
        Show(BonusSettingsValidator.Validate(settings));
        _dirty = !BonusSettingsForm.Same(settings, _current.Settings);
    }

    private void Show(IReadOnlyList<SettingsError> errors)
    {
        _errors = errors;
        _fieldErrors = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => string.Join(" ", g.Select(Message)));
    }

    private async Task SaveAsync()
    {
        // A second click while the first save runs does nothing: the button is disabled only after the next render.
        if (_saving || _model is null || _form is null)
        {
            return;
        }

        _saving = true;
        try
        {
            _saveTried = true;
            await _form.ValidateAsync();
            Revalidate();
            if (_errors.Count > 0 || !_form.IsValid)
            {
                return;
            }

            var before = _current.Version;
            var saved = await Store.SaveAsync(_model.ToSettings(), await ChangedByAsync());
            _current = saved;
            _history = await Store.HistoryAsync();
            _model = BonusSettingsForm.From(saved.Settings);
            _saveTried = false;
            Revalidate();
            Snackbar.Add(saved.Version == before ? L["BonusSettings_NothingChanged", saved.Version] : L["BonusSettings_Saved", saved.Version],
                saved.Version == before ? Severity.Info : Severity.Success);
        }
        catch (BonusSettingsInvalidException e)
        {
            // The store checks again; whatever it refuses is shown like the page's own findings.
            Show(e.Errors);
        }
        finally
        {
            _saving = false;
        }
    }

    private void Revert()
    {
        _model = BonusSettingsForm.From(_current.Settings);
        _saveTried = false;
        Revalidate();
    }

    private async Task LoadVersion(VersionedBonusSettings version)
    {
        _pipelines = await PipelinesAsync(version.Settings.PipelineIds);
        _model = BonusSettingsForm.From(version.Settings);
        Revalidate();
        Snackbar.Add(L["BonusSettings_Loaded", version.Version], Severity.Info);
    }

    private void PipelinesChanged(IEnumerable<long>? ids)
    {
        _model!.PipelineIds = [.. ids ?? []];
        Revalidate();
    }

    /// <summary>The mirror's pipelines, plus any deleted ones the rules still name, so the selection never hides a choice.</summary>
    private async Task<IReadOnlyList<PipelineOption>> PipelinesAsync(IReadOnlyList<long> selected)
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        var ids = selected.ToList();
        var rows = await db.Pipelines.AsNoTracking()
            .Where(p => p.DeletedAt == null || ids.Contains(p.Id))
            .OrderBy(p => p.Sort).ThenBy(p => p.Id)
            .Select(p => new PipelineOption(p.Id, p.Name, p.DeletedAt != null))
            .ToListAsync();
        // A pipeline the rules name but the mirror never saw (another portal, a wiped database) still shows by its ID.
        rows.AddRange(ids.Where(id => rows.All(r => r.Id != id)).Select(id => new PipelineOption(id, $"#{id}", Deleted: true)));
        return rows;
    }

    private string PipelineName(long id) => _pipelines.FirstOrDefault(p => p.Id == id) is { } pipeline
        ? pipeline.Deleted ? L["BonusSettings_PipelineDeleted", pipeline.Name] : pipeline.Name
        : $"#{id}";

    private string? ErrorFor(string field) => _fieldErrors.GetValueOrDefault(field);

    private string Message(SettingsError error) => L[error.MessageKey, error.Arguments];

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

    private string When(VersionedBonusSettings version) => version.ChangedAt is { } at ? Formats.DateTime(Clock.ToPortal(at)) : "";

    /// <summary>Who saves, as the history shows it: the display name and, when different, the e-mail.</summary>
    private async Task<string> ChangedByAsync()
    {
        var user = (await AuthenticationState).User;
        var name = UserClaims.DisplayName(user);
        var email = user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name;
        var who = string.IsNullOrEmpty(email) || email == name ? name : $"{name} ({email})";
        return who.Length <= 256 ? who : who[..256];
    }

    [GeneratedRegex(@"^(?<list>Tiers|Steps)\[(?<index>\d+)\]\.(?<property>\w+)$")]
    private static partial Regex Row();
}

/// <summary>A pipeline ("direction") to pick; <see cref="Deleted"/> when Bitrix24 no longer has it.</summary>
public sealed record PipelineOption(long Id, string Name, bool Deleted);
