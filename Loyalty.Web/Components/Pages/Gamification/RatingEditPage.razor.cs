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
    private RatingDefinition? _saved;
    private IReadOnlyList<Criterion> _formulaCriteria = [];
    private IReadOnlyList<CrmChoice> _pipelines = [];
    private IReadOnlyList<CrmChoice> _departments = [];
    private bool _missing;
    private long? _loadedFor = -1;

    /// <summary>The rating's ID; none for a new one.</summary>
    [Parameter]
    public long? Id { get; set; }

    [Inject]
    private GamificationQueries Queries { get; set; } = default!;

    [Inject]
    private IDbContextFactory<LoyaltyDbContext> DbFactory { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

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
            Model = _saved is null ? null : RatingForm.From(_saved);
        }
        else
        {
            var ratings = await Queries.RatingsAsync(includeInactive: true);
            Model = RatingForm.New(ratings.Count == 0 ? 1 : ratings.Max(r => r.Sort) + 1);
        }

        if (Model is { } model)
        {
            _pipelines = await CrmChoices.PipelinesAsync(DbFactory, model.PipelineIds);
            _departments = await CrmChoices.DepartmentsAsync(DbFactory, model.DepartmentIds);
            Reset(model);
        }
    }

    protected override EditorCheck Check(RatingForm model)
    {
        var definition = model.ToDefinition();
        _formulaCriteria = definition.Criteria;
        return new(RatingValidator.Validate(definition), _saved is null || !Same(definition, _saved));
    }

    protected override async Task<EditorSaved?> SaveCoreAsync(RatingForm model)
    {
        if (_saved is not null)
        {
            if (!Dirty)
            {
                return new(L["RatingEdit_NothingChanged"], Severity.Info);
            }

            var confirmed = await Dialogs.ShowMessageBoxAsync(L["RatingEdit_ConfirmTitle"], L["RatingEdit_ConfirmText"], L["RatingEdit_ConfirmYes"], cancelText: L["Common_Cancel"]);
            if (confirmed != true)
            {
                return null;
            }
        }

        var saved = await Queries.SaveRatingAsync(model.ToDefinition(), ActorName.Of((await AuthenticationState).User));
        return new(L[_saved is null ? "RatingEdit_Created" : "RatingEdit_Saved", saved.Name], Then: "/gamification/ratings");
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

    /// <summary>Where an error is, for the summary: "Criteria[1].Weight" → "Критерий 2 — Вес".</summary>
    private string Where(string field) => Row().Match(field) is { Success: true } row
        ? $"{L["RatingEdit_CriterionRow", int.Parse(row.Groups["index"].Value, CultureInfo.InvariantCulture) + 1]} — {L["RatingEdit_Weight"]}"
        : L[$"RatingEdit_Field_{field}"];

    [GeneratedRegex(@"^Criteria\[(?<index>\d+)\]\.Weight$")]
    private static partial Regex Row();
}
