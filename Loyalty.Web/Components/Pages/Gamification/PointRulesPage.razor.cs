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
    private VersionedPointRules _current = PointRuleStore.Default;
    private IReadOnlyList<VersionedPointRules> _history = [];
    private IReadOnlyList<CrmChoice> _pipelines = [];

    [Inject]
    private PointRuleStore Store { get; set; } = default!;

    [Inject]
    private IDbContextFactory<LoyaltyDbContext> DbFactory { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _current = await Store.CurrentAsync();
        _history = await Store.HistoryAsync();
        _pipelines = await CrmChoices.PipelinesAsync(DbFactory, _current.Rules.Rule(PointTrigger.DealWon)?.PipelineIds ?? []);
        Reset(PointRulesForm.From(_current.Rules));
    }

    protected override EditorCheck Check(PointRulesForm model)
    {
        var rules = model.ToRules();
        return new(PointRulesValidator.Validate(rules), !PointRulesForm.Same(rules, _current.Rules));
    }

    protected override async Task<EditorSaved?> SaveCoreAsync(PointRulesForm model)
    {
        if (!Dirty && _current.Version > 0)
        {
            return new(L["PointRules_NothingChanged", _current.Version], Severity.Info);
        }

        var saved = await Store.SaveAsync(model.ToRules(), ActorName.Of((await AuthenticationState).User));
        _current = saved;
        _history = await Store.HistoryAsync();
        Reset(PointRulesForm.From(saved.Rules));
        return new(L["PointRules_Saved", saved.Version]);
    }

    private void Revert() => Reset(PointRulesForm.From(_current.Rules));

    private static string PointsField(PointTrigger trigger) => $"Rules.{trigger}.Points";

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


    [GeneratedRegex(@"^Rules\.(?<trigger>[A-Za-z]+)(?:\.Brackets\[(?<index>\d+)\])?(?:\.(?<property>\w+))?$")]
    private static partial Regex Field();
}
