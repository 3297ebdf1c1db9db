using System.Globalization;
using System.Text.RegularExpressions;
using Loyalty.Core.Bonuses;
using Loyalty.Core.Data;
using Loyalty.Core.Gamification;
using Loyalty.Core.Portal;
using Loyalty.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace Loyalty.Web.Components.Pages.Gamification;

/// <summary>The point rules editor: each save is a new version of <see cref="PointRuleSet"/>, checked as it is typed.</summary>
public partial class PointRulesPage
{
    private MudForm? _form;
    private PointRulesForm? _model;
    private VersionedPointRules _current = PointRuleStore.Default;
    private IReadOnlyList<VersionedPointRules> _history = [];
    private IReadOnlyList<CrmChoice> _pipelines = [];
    private IReadOnlyList<SettingsError> _errors = [];
    private IReadOnlyDictionary<string, string> _fieldErrors = new Dictionary<string, string>();
    private bool _dirty;
    private bool _saving;
    private bool _saveTried;
    private bool _inputsValid = true;

    [Inject]
    private PointRuleStore Store { get; set; } = default!;

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
        _pipelines = await CrmChoices.PipelinesAsync(DbFactory, _current.Rules.Rule(PointTrigger.DealWon)?.PipelineIds ?? []);
        _model = PointRulesForm.From(_current.Rules);
        Revalidate();
    }

    private void Revalidate()
    {
        if (_model is null)
        {
            return;
        }

        var rules = _model.ToRules();
        Show(PointRulesValidator.Validate(rules));
        _dirty = !PointRulesForm.Same(rules, _current.Rules);
    }

    /// <summary>After an edit the rules are checked again, and every input too: one edit can settle another field's message (a repeated bracket).</summary>
    private async Task EditedAsync()
    {
        Revalidate();
        if (_form is not null)
        {
            await _form.ValidateAsync();
            _inputsValid = _form.IsValid;
        }
    }

    private void Show(IReadOnlyList<SettingsError> errors)
    {
        _errors = errors;
        _fieldErrors = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => string.Join(" ", g.Select(Message)));
    }

    private async Task SaveAsync()
    {
        if (_saving || _model is null || _form is null)
        {
            return;
        }

        _saving = true;
        try
        {
            _saveTried = true;
            Revalidate();
            await _form.ValidateAsync();
            _inputsValid = _form.IsValid;
            if (_errors.Count > 0 || !_inputsValid)
            {
                return;
            }

            if (!_dirty && _current.Version > 0)
            {
                Snackbar.Add(L["PointRules_NothingChanged", _current.Version], Severity.Info);
                return;
            }

            var saved = await Store.SaveAsync(_model.ToRules(), ActorName.Of((await AuthenticationState).User));
            _current = saved;
            _history = await Store.HistoryAsync();
            _model = PointRulesForm.From(saved.Rules);
            _saveTried = false;
            Revalidate();
            Snackbar.Add(L["PointRules_Saved", saved.Version], Severity.Success);
        }
        catch (PointRulesInvalidException e)
        {
            Show(e.Errors);
        }
        finally
        {
            _saving = false;
        }
    }

    private void Revert()
    {
        _model = PointRulesForm.From(_current.Rules);
        _saveTried = false;
        _inputsValid = true;
        Revalidate();
    }

    private static string PointsField(PointTrigger trigger) => $"Rules.{trigger}.Points";

    private string? ErrorFor(string field) => _fieldErrors.GetValueOrDefault(field);

    private Func<T, string?> Rule<T>(string field) => _ => ErrorFor(field);

    private string Message(SettingsError error) => L[error.MessageKey, error.Arguments];

    /// <summary>Where an error is, for the summary: "Rules.DealWon.Brackets[1].MinAmount" → "Выигранная сделка — шкала, строка 2 — от суммы".</summary>
    private string Where(string field)
    {
        if (Field().Match(field) is not { Success: true } match)
        {
            return field;
        }

        var parts = new List<string> { L[$"PointRules_Trigger_{match.Groups["trigger"].Value}"] };
        if (match.Groups["index"].Success)
        {
            parts.Add(L["PointRules_BracketRow", int.Parse(match.Groups["index"].Value, CultureInfo.InvariantCulture) + 1]);
        }

        if (match.Groups["property"].Success)
        {
            parts.Add(L[$"PointRules_Field_{match.Groups["property"].Value}"]);
        }

        return string.Join(" — ", parts);
    }

    private string When(VersionedPointRules version) => version.ChangedAt is { } at ? Formats.DateTime(Clock.ToPortal(at)) : "";

    [GeneratedRegex(@"^Rules\.(?<trigger>[A-Za-z]+)(?:\.Brackets\[(?<index>\d+)\])?(?:\.(?<property>\w+))?$")]
    private static partial Regex Field();
}
