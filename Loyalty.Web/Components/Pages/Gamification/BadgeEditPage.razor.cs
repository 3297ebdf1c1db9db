using Loyalty.Core.Bonuses;
using Loyalty.Core.Gamification;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Loyalty.Web.Components.Pages.Gamification;

/// <summary>Creates or edits a badge through <see cref="BadgeStore"/>, checked as it is typed; an uploaded picture is saved with it.</summary>
public partial class BadgeEditPage
{
    private MudForm? _form;
    private BadgeForm? _model;
    private Badge? _saved;
    private byte[]? _picture;
    private string? _pictureError;
    private IReadOnlyList<RatingDefinition> _ratings = [];
    private IReadOnlyList<string> _categories = [];
    private IReadOnlyList<SettingsError> _errors = [];
    private IReadOnlyDictionary<string, string> _fieldErrors = new Dictionary<string, string>();
    private bool _missing;
    private long? _loadedFor = -1;
    private bool _dirty;
    private bool _saving;
    private bool _saveTried;
    private bool _inputsValid = true;

    /// <summary>The badge's ID; none for a new one.</summary>
    [Parameter]
    public long? Id { get; set; }

    [Inject]
    private BadgeStore Store { get; set; } = default!;

    [Inject]
    private GamificationQueries Queries { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    private string Heading => Id is null ? L["BadgeEdit_NewTitle"] : L["BadgeEdit_EditTitle", _saved?.Name ?? ""];

    protected override async Task OnParametersSetAsync()
    {
        // A parent's re-render (a refreshed sign-in) sets the parameters again: only another ID starts the form afresh.
        if (_loadedFor == Id)
        {
            return;
        }

        _loadedFor = Id;
        _saved = Id is { } id ? await Store.FindAsync(id) : null;
        _missing = Id is not null && _saved is null;
        _model = _missing ? null : _saved is null ? BadgeForm.New() : BadgeForm.From(_saved);
        // Badges go to employees: a team rating's ranks are departments'.
        _ratings = (await Queries.RatingsAsync(includeInactive: true)).Where(r => r.Scope != RatingScope.Team || r.Id == _saved?.RatingId).ToList();
        _categories = (await Store.ListAsync()).Select(b => b.Badge.Category).Where(c => c.Length > 0).Distinct().Order(StringComparer.CurrentCulture).ToList();
        Revalidate();
    }

    private void Revalidate()
    {
        if (_model is null)
        {
            return;
        }

        var badge = _model.ToBadge();
        var errors = BadgeValidator.Validate(badge).ToList();
        // An uploaded icon needs its picture: one chosen now, or the one the badge already has.
        if (badge.Icon == BadgeIcons.Upload && _picture is null && _saved?.IconData is not { Length: > 0 })
        {
            errors.Add(new(nameof(Badge.Icon), "Badge_Error_PictureMissing"));
        }

        Show(errors);
        _dirty = _picture is not null || _saved is null || !Same(badge, BadgeValidator.Tidy(_saved));
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

            var saved = await Store.SaveAsync(_model.ToBadge(), _picture);
            _dirty = false;
            Snackbar.Add(L[_saved is null ? "BadgeEdit_Created" : "BadgeEdit_Saved", saved.Name], Severity.Success);
            Navigation.NavigateTo("/gamification/badges");
        }
        catch (BadgeInvalidException e)
        {
            Show(e.Errors);
        }
        finally
        {
            _saving = false;
        }
    }

    private Task ChooseCategoryAsync(string category)
    {
        _model!.Category = category;
        return EditedAsync();
    }

    private static bool Same(Badge a, Badge b) =>
        (a.Name, a.Description, a.Category, a.Audience, a.Icon, a.Rule, a.Metric, a.Period, a.RatingId, a.BronzeThreshold, a.SilverThreshold, a.GoldThreshold, a.Repeatable, a.Active)
        == (b.Name, b.Description, b.Category, b.Audience, b.Icon, b.Rule, b.Metric, b.Period, b.RatingId, b.BronzeThreshold, b.SilverThreshold, b.GoldThreshold, b.Repeatable, b.Active);

    private string? ErrorFor(string field) => _fieldErrors.GetValueOrDefault(field);

    private Func<T, string?> Rule<T>(string field) => _ => ErrorFor(field);

    private string Message(SettingsError error) => L[error.MessageKey, error.Arguments];
}
