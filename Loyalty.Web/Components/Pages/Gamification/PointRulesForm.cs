using System.Text.Json;
using Loyalty.Core.Gamification;

namespace Loyalty.Web.Components.Pages.Gamification;

/// <summary>
/// The point rules page's editable copy of <see cref="PointRuleSet"/>: one row per trigger, in the enum's order,
/// whether or not the saved set names it (a trigger it does not name earns nothing, so it starts off).
/// Amounts stay in kopecks.
/// </summary>
public sealed class PointRulesForm
{
    public bool Enabled { get; set; }

    /// <summary>A <see cref="DateTime"/> because the date picker binds one; only its date counts.</summary>
    public DateTime? CountFrom { get; set; }

    public List<PointRuleRow> Rules { get; } = [];

    public PointRuleRow DealWon => Rules.First(r => r.Trigger == PointTrigger.DealWon);

    public static PointRulesForm From(PointRuleSet set)
    {
        var form = new PointRulesForm { Enabled = set.Enabled, CountFrom = set.CountFrom?.ToDateTime(TimeOnly.MinValue) };
        foreach (var trigger in Enum.GetValues<PointTrigger>())
        {
            var rule = set.Rule(trigger) ?? PointRuleSet.DefaultRules.FirstOrDefault(r => r.Trigger == trigger) ?? new PointRule(trigger, false, 0);
            var row = new PointRuleRow
            {
                Trigger = trigger,
                Enabled = set.Rule(trigger) is { Enabled: true },
                Points = rule.Points,
                Mode = rule.Mode,
                Percent = rule.Percent,
                PipelineIds = [.. rule.PipelineIds],
            };
            row.Brackets.AddRange(rule.Brackets.Select(b => new BracketRow { MinAmount = b.MinAmount, Points = b.Points }));
            form.Rules.Add(row);
        }

        return form;
    }

    public PointRuleSet ToRules() => new()
    {
        Enabled = Enabled,
        CountFrom = CountFrom is { } from ? DateOnly.FromDateTime(from) : null,
        Rules = Rules.Select(r => r.Trigger == PointTrigger.DealWon
                ? new PointRule(r.Trigger, r.Enabled, r.Points)
                {
                    Mode = r.Mode,
                    Brackets = r.Brackets.Select(b => new PointBracket(b.MinAmount, b.Points)).ToList(),
                    Percent = Plain(r.Percent),
                    PipelineIds = r.PipelineIds.Distinct().Order().ToList(),
                }
                : new PointRule(r.Trigger, r.Enabled, r.Points))
            .ToList(),
    };

    /// <summary>Whether two rule sets say the same; the record's lists compare by reference, so as JSON.</summary>
    public static bool Same(PointRuleSet a, PointRuleSet b) => JsonSerializer.Serialize(Canonical(a)) == JsonSerializer.Serialize(Canonical(b));

    private static PointRuleSet Canonical(PointRuleSet s) => s with
    {
        Rules = s.Rules.OrderBy(r => r.Trigger).Select(r => r with { Percent = Plain(r.Percent), PipelineIds = [.. r.PipelineIds.Order()] }).ToList(),
    };

    /// <summary>The same number without trailing zeros (0.10 → 0.1), so "0,10" typed is not a change against a stored 0.1.</summary>
    private static decimal Plain(decimal value) => value / 1.0000000000000000000000000000m;
}

/// <summary>One trigger's rule as edited; only the won deal's uses the mode, brackets, percent and pipelines.</summary>
public sealed class PointRuleRow
{
    public PointTrigger Trigger { get; init; }

    public bool Enabled { get; set; }

    public int Points { get; set; }

    public DealPointsMode Mode { get; set; }

    public List<BracketRow> Brackets { get; } = [];

    public decimal Percent { get; set; }

    public IReadOnlyCollection<long> PipelineIds { get; set; } = [];

    /// <summary>A new bracket starts 50 000 ₽ and 10 points above the last one, a guess the administrator corrects.</summary>
    public void AddBracket()
    {
        var last = Brackets.LastOrDefault();
        Brackets.Add(last is null ? new BracketRow() : new BracketRow { MinAmount = last.MinAmount + NewBracketStep, Points = last.Points + 10 });
    }

    private const long NewBracketStep = 50_000_00;
}

/// <summary>From <see cref="MinAmount"/> kopecks up, a won deal earns <see cref="Points"/>.</summary>
public sealed class BracketRow
{
    public long MinAmount { get; set; }

    public int Points { get; set; }
}
