using Loyalty.Core.Crm;

namespace Loyalty.Core.Gamification;

/// <summary>The CRM event a point rule pays for.</summary>
public enum PointTrigger
{
    CallCompleted,
    MeetingCompleted,
    EmailSent,
    LeadCreated,
    LeadConverted,
    DealWon,
    TaskOnTime,
    TaskLate,
    ContactCreated,
    ContactCompleted,
}

/// <summary>How a won deal is paid: a fixed number, the points of the amount's bracket, or a % of the amount (1 point a rouble).</summary>
public enum DealPointsMode
{
    Fixed,
    Brackets,
    Percent,
}

/// <summary>From <see cref="MinAmount"/> kopecks up (to the next bracket), a won deal earns <see cref="Points"/>.</summary>
public sealed record PointBracket(long MinAmount, int Points);

/// <summary>One rule: what it pays for, whether it is on, and the pipelines it applies to (deal rules; none listed = all).</summary>
public sealed record PointRule(PointTrigger Trigger, bool Enabled, int Points)
{
    public DealPointsMode Mode { get; init; } = DealPointsMode.Fixed;

    public IReadOnlyList<PointBracket> Brackets { get; init; } = [];

    /// <summary>For <see cref="DealPointsMode.Percent"/>: points = this % of the amount in roubles, rounded down.</summary>
    public decimal Percent { get; init; }

    public IReadOnlyList<long> PipelineIds { get; init; } = [];
}

/// <summary>
/// The point rules as of a version (stored as JSON, every save a new version). Seed 000's defaults: a call 1, a new
/// lead 5, a qualified (converted) lead 30, a won deal 20/50/100 by amount (under 50 000 ₽, up to 100 000 ₽, above),
/// a task closed on time 5, a complete contact profile 10.
/// </summary>
public sealed record PointRuleSet
{
    public bool Enabled { get; init; } = true;

    /// <summary>Facts that happened before this portal-local day earn nothing; none set: the first day of the month before the current one.</summary>
    public DateOnly? CountFrom { get; init; }

    public IReadOnlyList<PointRule> Rules { get; init; } = DefaultRules;

    public static readonly IReadOnlyList<PointRule> DefaultRules =
    [
        new(PointTrigger.CallCompleted, true, 1),
        new(PointTrigger.MeetingCompleted, true, 3),
        new(PointTrigger.EmailSent, false, 1),
        new(PointTrigger.LeadCreated, true, 5),
        new(PointTrigger.LeadConverted, true, 30),
        new(PointTrigger.DealWon, true, 20) { Mode = DealPointsMode.Brackets, Brackets = [new(0, 20), new(5_000_000, 50), new(10_000_000, 100)], Percent = 0.1m },
        new(PointTrigger.TaskOnTime, true, 5),
        new(PointTrigger.TaskLate, false, 1),
        new(PointTrigger.ContactCreated, false, 2),
        new(PointTrigger.ContactCompleted, true, 10),
    ];

    public PointRule? Rule(PointTrigger trigger) => Rules.FirstOrDefault(r => r.Trigger == trigger);
}

/// <summary>Pure: which trigger a fact is, and how many points a rule gives it.</summary>
public static class PointMath
{
    /// <summary>The trigger of a fact; activities need their kind (the fact does not carry it).</summary>
    public static PointTrigger? TriggerOf(CrmFact fact, ActivityKind? activityKind) => fact.Kind switch
    {
        CrmFactKind.ActivityCompleted => activityKind switch
        {
            ActivityKind.Call => PointTrigger.CallCompleted,
            ActivityKind.Meeting => PointTrigger.MeetingCompleted,
            ActivityKind.Email => PointTrigger.EmailSent,
            _ => null,
        },
        CrmFactKind.LeadCreated => PointTrigger.LeadCreated,
        CrmFactKind.LeadConverted => PointTrigger.LeadConverted,
        CrmFactKind.DealWon => PointTrigger.DealWon,
        CrmFactKind.TaskCompleted => fact.OnTime == false ? PointTrigger.TaskLate : PointTrigger.TaskOnTime,
        CrmFactKind.ContactCreated => PointTrigger.ContactCreated,
        CrmFactKind.ContactCompleted => PointTrigger.ContactCompleted,
        _ => null,
    };

    /// <summary>Points for a fact under <paramref name="rules"/>; 0 when no rule is on for it or its pipeline is not covered.</summary>
    public static int PointsFor(PointRuleSet rules, PointTrigger trigger, long amountMinor = 0, long? pipelineId = null)
    {
        if (!rules.Enabled || rules.Rule(trigger) is not { Enabled: true } rule)
        {
            return 0;
        }

        if (rule.PipelineIds.Count > 0 && (pipelineId is null || !rule.PipelineIds.Contains(pipelineId.Value)))
        {
            return 0;
        }

        return trigger != PointTrigger.DealWon ? Math.Max(0, rule.Points) : DealPoints(rule, amountMinor);
    }

    /// <summary>A won deal's points: fixed, its bracket's (the highest bracket whose minimum the amount reaches), or % of whole roubles, rounded down.</summary>
    public static int DealPoints(PointRule rule, long amountMinor) => rule.Mode switch
    {
        DealPointsMode.Brackets => rule.Brackets.Where(b => amountMinor >= b.MinAmount).OrderByDescending(b => b.MinAmount).Select(b => b.Points).FirstOrDefault(),
        DealPointsMode.Percent => (int)Math.Min(int.MaxValue, decimal.Floor(Math.Max(0, amountMinor) / 100 * rule.Percent / 100m)),
        _ => Math.Max(0, rule.Points),
    };

    /// <summary>The first portal-local day whose facts earn points.</summary>
    public static DateOnly CountFrom(PointRuleSet rules, DateOnly today) => rules.CountFrom ?? new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
}
