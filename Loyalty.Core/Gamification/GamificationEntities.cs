namespace Loyalty.Core.Gamification;

/// <summary>A saved version of the point rules (<see cref="PointRuleSet"/> as JSON); nothing is overwritten.</summary>
public sealed class PointRuleVersion
{
    public int Version { get; set; }

    public string Json { get; set; } = "";

    public DateTime ChangedAt { get; set; }

    public string ChangedBy { get; set; } = "";
}

public enum RatingScope
{
    /// <summary>Employees against each other.</summary>
    Individual,

    /// <summary>Departments against each other, each with its sub-departments' employees.</summary>
    Team,

    /// <summary>Employees of an area (the chosen departments and their sub-departments) against each other.</summary>
    Area,
}

/// <summary>
/// A rating an administrator defined: who competes (<see cref="Scope"/>), on what (weighted criteria), over which
/// period, from which threshold, and how many are shown. Criteria, pipelines and departments are JSON lists.
/// </summary>
public sealed class Rating
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public RatingScope Scope { get; set; }

    public PeriodKind Period { get; set; } = PeriodKind.Month;

    /// <summary><see cref="Criterion"/> list as JSON.</summary>
    public string CriteriaJson { get; set; } = "[]";

    public Metric? ThresholdMetric { get; set; }

    /// <summary>In the metric's unit: kopecks (minor units of the base currency) for a money metric, a whole count otherwise.</summary>
    public long ThresholdMinimum { get; set; }

    /// <summary>How many are shown on the leaderboard (0: everyone).</summary>
    public int TopN { get; set; }

    /// <summary>Pipeline IDs as JSON; empty: every pipeline. Applies to the deal criteria.</summary>
    public string PipelineIdsJson { get; set; } = "[]";

    /// <summary>Department IDs as JSON: for Area, the area; for Team, the teams ranked (empty: the top-level departments).</summary>
    public string DepartmentIdsJson { get; set; } = "[]";

    public bool Active { get; set; } = true;

    public int Sort { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = "";

    /// <summary>Bumped on every edit: results computed under an older version are recomputed.</summary>
    public int Version { get; set; } = 1;
}

/// <summary>One period of a rating; once <see cref="ClosedAt"/> is set its results are final.</summary>
public sealed class RatingPeriod
{
    public long Id { get; set; }

    public long RatingId { get; set; }

    public string Key { get; set; } = "";

    public DateTime StartUtc { get; set; }

    public DateTime EndUtc { get; set; }

    public DateTime? CalculatedAt { get; set; }

    /// <summary>The rating's version the results were computed with.</summary>
    public int RatingVersion { get; set; }

    public DateTime? ClosedAt { get; set; }

    public int Participants { get; set; }

    public long? LeaderId { get; set; }
}

/// <summary>A participant's stored result for a rating period: pages read these, never recompute.</summary>
public sealed class RatingResult
{
    public long RatingPeriodId { get; set; }

    /// <summary>An employee's ID, or a department's for team ratings.</summary>
    public long ParticipantId { get; set; }

    /// <summary>Null: below the threshold, not ranked.</summary>
    public int? Rank { get; set; }

    /// <summary>The rank before the last change of this row's rank (for ↑↓); null when new.</summary>
    public int? PreviousRank { get; set; }

    /// <summary>The score in hundredths (0–10000).</summary>
    public int Score { get; set; }

    /// <summary>The raw totals per metric as JSON (<c>{"DealSum":[sum,count],…}</c>).</summary>
    public string TotalsJson { get; set; } = "{}";

    public DateTime UpdatedAt { get; set; }
}

/// <summary>The score and rank of a rating period's leading participants at the end of each day, for the chart.</summary>
public sealed class RatingDailyScore
{
    public long RatingPeriodId { get; set; }

    public DateOnly Day { get; set; }

    public long ParticipantId { get; set; }

    public int Score { get; set; }

    public int Rank { get; set; }
}

public enum BadgeLevel
{
    Bronze,
    Silver,
    Gold,
}

public enum BadgeAudience
{
    Employee,
    Customer,
}

public enum BadgeRule
{
    /// <summary>The holder's first won deal.</summary>
    FirstWonDeal,

    /// <summary>A metric at or above a level's threshold within a period.</summary>
    MetricInPeriod,

    /// <summary>A metric's all-time total at or above a level's threshold.</summary>
    Cumulative,

    /// <summary>A rank at most a level's threshold in a rating's closed period.</summary>
    RatingRank,

    /// <summary>Awarded by a sales head, with a reason.</summary>
    Manual,
}

/// <summary>
/// A badge: what it looks like, who can earn it and by which rule. Up to three levels, each with its threshold
/// (rising for metrics, falling for ranks); a badge without levels has one, Bronze, at <see cref="BronzeThreshold"/>.
/// </summary>
public sealed class Badge
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    /// <summary>A built-in icon's name (<see cref="BadgeIcons"/>), or "upload" for <see cref="IconData"/>.</summary>
    public string Icon { get; set; } = "star";

    public byte[]? IconData { get; set; }

    public string? IconContentType { get; set; }

    public string Category { get; set; } = "";

    public BadgeAudience Audience { get; set; }

    public BadgeRule Rule { get; set; }

    public Metric? Metric { get; set; }

    public PeriodKind? Period { get; set; }

    public long? RatingId { get; set; }

    /// <summary>In the metric's unit (kopecks for a money metric, a whole count, points or a rank otherwise).</summary>
    public long? BronzeThreshold { get; set; }

    public long? SilverThreshold { get; set; }

    public long? GoldThreshold { get; set; }

    /// <summary>Earned again in every period (the rule's period), or once.</summary>
    public bool Repeatable { get; set; }

    public bool Active { get; set; } = true;

    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// A badge level held by an employee for a period (<see cref="PeriodKey"/> "" for a badge earned once). One row per
/// badge, holder, level and period: a revoked award that is earned again is the same row, un-revoked.
/// </summary>
public sealed class BadgeAward
{
    public long Id { get; set; }

    public long BadgeId { get; set; }

    public long EmployeeId { get; set; }

    public BadgeLevel Level { get; set; }

    public string PeriodKey { get; set; } = "";

    /// <summary>The period whose figures earned it (also for a badge earned once): while it is open, the award can be revoked.</summary>
    public string? EarnedInPeriod { get; set; }

    public DateTime AwardedAt { get; set; }

    public string AwardedBy { get; set; } = "";

    public string? Reason { get; set; }

    public DateTime? RevokedAt { get; set; }

    public string? RevokedReason { get; set; }
}

public enum NoticeKind
{
    BadgeAwarded,
    NewLeader,
}

/// <summary>A gamification notice shown in the portal (and sent to the employee in Bitrix24 through the write-back outbox).</summary>
public sealed class GamificationNotice
{
    public long Id { get; set; }

    public NoticeKind Kind { get; set; }

    public long EmployeeId { get; set; }

    public long? BadgeId { get; set; }

    public long? RatingId { get; set; }

    public string Text { get; set; } = "";

    public DateTime CreatedAt { get; set; }
}
