using Loyalty.Core.Gamification;

namespace Loyalty.Web.Components.Pages.Gamification;

/// <summary>
/// The badge editor's editable copy of a <see cref="Badge"/>. Thresholds are typed as people read them: roubles for a
/// money metric (the badge keeps kopecks), a count or a place otherwise; an empty one is a level the badge does not have.
/// The fields of the other rules are kept while the rule is switched, and dropped on save.
/// </summary>
public sealed class BadgeForm
{
    public long Id { get; init; }

    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    public string Category { get; set; } = "";

    public BadgeAudience Audience { get; set; } = BadgeAudience.Employee;

    public string Icon { get; set; } = "star";

    public BadgeRule Rule { get; set; } = BadgeRule.MetricInPeriod;

    public Metric Metric { get; set; } = Metric.Calls;

    public PeriodKind Period { get; set; } = PeriodKind.Month;

    public long? RatingId { get; set; }

    public decimal? Bronze { get; set; }

    public decimal? Silver { get; set; }

    public decimal? Gold { get; set; }

    public bool Repeatable { get; set; }

    public bool Active { get; set; } = true;

    /// <summary>Whether the thresholds are roubles (the badge keeps kopecks).</summary>
    public bool InRoubles => Rule is (BadgeRule.MetricInPeriod or BadgeRule.Cumulative) && Metrics.IsMoney(Metric);

    public static BadgeForm New() => new() { Repeatable = true };

    public static BadgeForm From(Badge badge)
    {
        var form = new BadgeForm
        {
            Id = badge.Id,
            Name = badge.Name,
            Description = badge.Description,
            Category = badge.Category,
            Audience = badge.Audience,
            Icon = badge.Icon,
            Rule = badge.Rule,
            Metric = badge.Metric ?? Metric.Calls,
            Period = badge.Period ?? PeriodKind.Month,
            RatingId = badge.RatingId,
            Repeatable = badge.Repeatable,
            Active = badge.Active,
        };
        var scale = form.InRoubles ? 100m : 1m;
        (form.Bronze, form.Silver, form.Gold) = (Shown(badge.BronzeThreshold, scale), Shown(badge.SilverThreshold, scale), Shown(badge.GoldThreshold, scale));
        return form;
    }

    /// <summary>The badge to save (its rule's fields only, as the store keeps them).</summary>
    public Badge ToBadge()
    {
        var scale = InRoubles ? 100m : 1m;
        return BadgeValidator.Tidy(new Badge
        {
            Id = Id,
            Name = Name,
            Description = Description,
            Category = Category,
            Audience = Audience,
            Icon = Icon,
            Rule = Rule,
            Metric = Metric,
            Period = Period,
            RatingId = RatingId,
            BronzeThreshold = Stored(Bronze, scale),
            SilverThreshold = Stored(Silver, scale),
            GoldThreshold = Stored(Gold, scale),
            Repeatable = Repeatable,
            Active = Active,
        });
    }

    private static decimal? Shown(long? threshold, decimal scale) => threshold is { } t ? t / scale : null;

    /// <summary>Thresholds are whole: kopecks for a money metric, counts, points or ranks otherwise.</summary>
    private static long? Stored(decimal? threshold, decimal scale) =>
        threshold is { } t ? (long)Math.Clamp(decimal.Round(t * scale, MidpointRounding.AwayFromZero), long.MinValue, long.MaxValue) : null;
}
