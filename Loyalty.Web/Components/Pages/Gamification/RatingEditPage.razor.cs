using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Loyalty.Core.Bonuses;
using Loyalty.Core.Data;
using Loyalty.Core.Gamification;
using Loyalty.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace Loyalty.Web.Components.Pages.Gamification;

/// <summary>
/// Creates or edits a rating through <see cref="GamificationQueries.SaveRatingAsync"/>, checked as it is typed. An edit
/// starts the rating's results afresh, so saving one asks first.
/// </summary>
public partial class RatingEditPage
{
    private MudForm? _form;
    private RatingForm? _model;
    private RatingDefinition? _saved;
    private IReadOnlyList<Criterion> _formulaCriteria = [];
    private IReadOnlyList<CrmChoice> _pipelines = [];
    private IReadOnlyList<CrmChoice> _departments = [];
    private IReadOnlyList<SettingsError> _errors = [];
    private IReadOnlyDictionary<string, string> _fieldErrors = new Dictionary<string, string>();
    private bool _missing;
    private long? _loadedFor = -1;
    private bool _dirty;
    private bool _saving;
    private bool _saveTried;
    private bool _inputsValid = true;

    /// <summary>The rating's ID; none for a new one.</summary>
    [Parameter]
    public long? Id { get; set; }

    [Inject]
    private GamificationQueries Queries { get; set; } = default!;

    [Inject]
    private IDbContextFactory<LoyaltyDbContext> DbFactory { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private string Heading => Id is null ? L["RatingEdit_NewTitle"] : L["RatingEdit_EditTitle", _saved?.Name ?? ""];

    protected override async Task OnParametersSetAsync()
    {
        // A parent's re-render (a refreshed sign-in) sets the parameters again: only another ID starts the form afresh.
        if (_loadedFor == Id)
        {
            return;
        }

        _loadedFor = Id;
        if (Id is { } id)
        {
            _saved = await Queries.RatingAsync(id);
            _missing = _saved is null;
            _model = _saved is null ? null : RatingForm.From(_saved);
        }
        else
        {
            var ratings = await Queries.RatingsAsync(includeInactive: true);
            _model = RatingForm.New(ratings.Count == 0 ? 1 : ratings.Max(r => r.Sort) + 1);
        }

        if (_model is not null)
        {
            _pipelines = await CrmChoices.PipelinesAsync(DbFactory, _model.PipelineIds);
            _departments = await CrmChoices.DepartmentsAsync(DbFactory, _model.DepartmentIds);
            Revalidate();
        }
    }

    private void Revalidate()
    {
        if (_model is null)
        {
            return;
        }

        var definition = _model.ToDefinition();
        _formulaCriteria = definition.Criteria;
        Show(RatingValidator.Validate(definition));
        _dirty = _saved is null || !Same(definition, _saved);
    }

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

            if (_saved is not null)
            {
                if (!_dirty)
                {
                    Snackbar.Add(L["RatingEdit_NothingChanged"], Severity.Info);
                    return;
                }

                var confirmed = await Dialogs.ShowMessageBoxAsync(L["RatingEdit_ConfirmTitle"], L["RatingEdit_ConfirmText"], L["RatingEdit_ConfirmYes"], cancelText: L["Common_Cancel"]);
                if (confirmed != true)
                {
                    return;
                }
            }

            var saved = await Queries.SaveRatingAsync(_model.ToDefinition(), ActorName.Of((await AuthenticationState).User));
            _dirty = false;
            Snackbar.Add(L[_saved is null ? "RatingEdit_Created" : "RatingEdit_Saved", saved.Name], Severity.Success);
            Navigation.NavigateTo("/gamification/ratings");
        }
        catch (RatingInvalidException e)
        {
            Show(e.Errors);
        }
        finally
        {
            _saving = false;
        }
    }

    /// <summary>Whether the form says what is saved: compared without the ID, version and list order, which an edit does not change.</summary>
    private static bool Same(RatingDefinition a, RatingDefinition b) => Canonical(a) == Canonical(b);

    private static string Canonical(RatingDefinition r) => JsonSerializer.Serialize(r with
    {
        Id = 0,
        Version = 0,
        Name = r.Name.Trim(),
        Description = string.IsNullOrWhiteSpace(r.Description) ? null : r.Description.Trim(),
        PipelineIds = [.. r.PipelineIds.Order()],
        DepartmentIds = r.Scope == RatingScope.Individual ? [] : [.. r.DepartmentIds.Order()],
    });

    private string? ErrorFor(string field) => _fieldErrors.GetValueOrDefault(field);

    private Func<T, string?> Rule<T>(string field) => _ => ErrorFor(field);

    private string Message(SettingsError error) => L[error.MessageKey, error.Arguments];

    /// <summary>Where an error is, for the summary: "Criteria[1].Weight" → "Критерий 2 — Вес".</summary>
    private string Where(string field) => Row().Match(field) is { Success: true } row
        ? $"{L["RatingEdit_CriterionRow", int.Parse(row.Groups["index"].Value, CultureInfo.InvariantCulture) + 1]} — {L["RatingEdit_Weight"]}"
        : L[$"RatingEdit_Field_{field}"];

    [GeneratedRegex(@"^Criteria\[(?<index>\d+)\]\.Weight$")]
    private static partial Regex Row();
}
