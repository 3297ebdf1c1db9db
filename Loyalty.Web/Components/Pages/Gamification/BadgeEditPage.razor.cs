using Loyalty.Core.Bonuses;
using Loyalty.Core.Gamification;
using Loyalty.Web.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace Loyalty.Web.Components.Pages.Gamification;

/// <summary>Creates or edits a badge through <see cref="BadgeStore"/>, checked as it is typed; an uploaded picture is saved with it.</summary>
public partial class BadgeEditPage
{
    private Badge? _saved;
    private byte[]? _picture;
    private string? _pictureError;
    private IReadOnlyList<RatingDefinition> _ratings = [];
    private IReadOnlyList<string> _categories = [];
    private bool _missing;
    private long? _loadedFor = -1;

    /// <summary>The badge's ID; none for a new one.</summary>
    [Parameter]
    public long? Id { get; set; }

    [Inject]
    private BadgeStore Store { get; set; } = default!;

    [Inject]
    private GamificationQueries Queries { get; set; } = default!;

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
        var model = _missing ? null : _saved is null ? BadgeForm.New() : BadgeForm.From(_saved);
        // Badges go to employees: a team rating's ranks are departments'.
        _ratings = (await Queries.RatingsAsync(includeInactive: true)).Where(r => r.Scope != RatingScope.Team || r.Id == _saved?.RatingId).ToList();
        _categories = (await Store.ListAsync()).Select(b => b.Badge.Category).Where(c => c.Length > 0).Distinct().Order(StringComparer.CurrentCulture).ToList();
        Model = model;
        if (model is not null)
        {
            Reset(model);
        }
    }

    protected override EditorCheck Check(BadgeForm model)
    {
        var badge = model.ToBadge();
        var errors = BadgeValidator.Validate(badge).ToList();
        // Thresholds are stored whole: a place typed as 1.5 is refused rather than rounded.
        if (model.Rule == BadgeRule.RatingRank)
        {
            var typed = new[] { (nameof(Badge.BronzeThreshold), model.Bronze), (nameof(Badge.SilverThreshold), model.Silver), (nameof(Badge.GoldThreshold), model.Gold) };
            errors.AddRange(typed.Where(t => t.Item2 is { } v && v != decimal.Truncate(v)).Select(t => new SettingsError(t.Item1, "Badge_Error_RankWhole")));
        }

        // An uploaded icon needs its picture: one chosen now, or the one the badge already has.
        if (badge.Icon == BadgeIcons.Upload && _picture is null && _saved?.IconData is not { Length: > 0 })
        {
            errors.Add(new(nameof(Badge.Icon), "Badge_Error_PictureMissing"));
        }

        return new(errors, _picture is not null || _saved is null || !Same(badge, BadgeValidator.Tidy(_saved)));
    }

    protected override async Task<EditorSaved?> SaveCoreAsync(BadgeForm model)
    {
        var saved = await Store.SaveAsync(model.ToBadge(), _picture);
        return new(L[_saved is null ? "BadgeEdit_Created" : "BadgeEdit_Saved", saved.Name], Then: "/gamification/badges");
    }

    private Task ChooseCategoryAsync(string category)
    {
        Model!.Category = category;
        return EditedAsync();
    }

    private string Where(string field) => L[$"BadgeEdit_Field_{field}"];

    private static bool Same(Badge a, Badge b) =>
        (a.Name, a.Description, a.Category, a.Audience, a.Icon, a.Rule, a.Metric, a.Period, a.RatingId, a.BronzeThreshold, a.SilverThreshold, a.GoldThreshold, a.Repeatable, a.Active)
        == (b.Name, b.Description, b.Category, b.Audience, b.Icon, b.Rule, b.Metric, b.Period, b.RatingId, b.BronzeThreshold, b.SilverThreshold, b.GoldThreshold, b.Repeatable, b.Active);
}
