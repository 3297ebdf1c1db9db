namespace Loyalty.Core.Gamification;

/// <summary>Pure: which levels of a badge a value reaches, and how far the next one is.</summary>
public static class BadgeLevels
{
    /// <summary>The badge's levels with their thresholds, lowest first (Bronze alone for a badge without levels).</summary>
    public static IReadOnlyList<(BadgeLevel Level, double Threshold)> Of(Badge badge)
    {
        var levels = new List<(BadgeLevel, double)>();
        if (badge.BronzeThreshold is { } b)
        {
            levels.Add((BadgeLevel.Bronze, b));
        }

        if (badge.SilverThreshold is { } s)
        {
            levels.Add((BadgeLevel.Silver, s));
        }

        if (badge.GoldThreshold is { } g)
        {
            levels.Add((BadgeLevel.Gold, g));
        }

        if (levels.Count == 0 && badge.Rule is BadgeRule.FirstWonDeal or BadgeRule.Manual)
        {
            levels.Add((BadgeLevel.Bronze, 1));
        }

        return levels;
    }

    /// <summary>The levels <paramref name="value"/> reaches: at or above each threshold, or for ranks at or below it (rank 0 = unranked).</summary>
    public static IReadOnlyList<BadgeLevel> Reached(Badge badge, double value) =>
        Of(badge).Where(l => badge.Rule == BadgeRule.RatingRank ? value >= 1 && value <= l.Threshold : value >= l.Threshold).Select(l => l.Level).ToList();

    /// <summary>The next level not reached and the share of its threshold reached (0–1); null when every level is reached.</summary>
    public static (BadgeLevel Level, double Threshold, double Progress)? Next(Badge badge, double value)
    {
        var reached = Reached(badge, value);
        foreach (var (level, threshold) in Of(badge))
        {
            if (!reached.Contains(level))
            {
                var progress = badge.Rule == BadgeRule.RatingRank
                    ? (value >= 1 ? Math.Clamp(threshold / value, 0, 1) : 0)
                    : threshold <= 0 ? 1 : Math.Clamp(value / threshold, 0, 1);
                return (level, threshold, progress);
            }
        }

        return null;
    }

    /// <summary>
    /// What a badge's rule and thresholds must satisfy: the rule's metric, period or rating; at least one threshold,
    /// finite; rising for metrics (falling for ranks); ranks whole and ≥ 1. A manual badge given again in every period
    /// needs its period.
    /// </summary>
    public static IReadOnlyList<Bonuses.SettingsError> Validate(Badge badge)
    {
        var errors = new List<Bonuses.SettingsError>();
        if (string.IsNullOrWhiteSpace(badge.Name))
        {
            errors.Add(new(nameof(badge.Name), "Badge_Error_NameRequired"));
        }

        if (badge.Rule is BadgeRule.MetricInPeriod or BadgeRule.Cumulative && badge.Metric is null)
        {
            errors.Add(new(nameof(badge.Metric), "Badge_Error_MetricRequired"));
        }

        if (badge.Metric is { } metric && Metrics.LowerIsBetter(metric) && badge.Rule is BadgeRule.MetricInPeriod or BadgeRule.Cumulative)
        {
            errors.Add(new(nameof(badge.Metric), "Badge_Error_MetricLowerIsBetter"));
        }

        if (badge.Rule == BadgeRule.MetricInPeriod && badge.Period is null)
        {
            errors.Add(new(nameof(badge.Period), "Badge_Error_PeriodRequired"));
        }

        if (badge.Rule == BadgeRule.RatingRank && badge.RatingId is null)
        {
            errors.Add(new(nameof(badge.RatingId), "Badge_Error_RatingRequired"));
        }

        if (badge.Rule == BadgeRule.Manual && badge.Repeatable && badge.Period is null)
        {
            errors.Add(new(nameof(badge.Period), "Badge_Error_PeriodRequired"));
        }

        if (badge.Rule is BadgeRule.FirstWonDeal or BadgeRule.Manual)
        {
            return errors;
        }

        var levels = new[] { (nameof(badge.BronzeThreshold), badge.BronzeThreshold), (nameof(badge.SilverThreshold), badge.SilverThreshold), (nameof(badge.GoldThreshold), badge.GoldThreshold) }
            .Where(l => l.Item2 is not null).ToList();
        if (levels.Count == 0)
        {
            errors.Add(new(nameof(badge.BronzeThreshold), "Badge_Error_ThresholdRequired"));
        }

        foreach (var (field, value) in levels)
        {
            if (value < 0)
            {
                errors.Add(new(field, "Badge_Error_ThresholdNegative"));
            }
            else if (badge.Rule == BadgeRule.RatingRank && value < 1)
            {
                errors.Add(new(field, "Badge_Error_RankWhole"));
            }
        }

        for (var i = 1; i < levels.Count; i++)
        {
            var rising = badge.Rule == BadgeRule.RatingRank ? levels[i].Item2 < levels[i - 1].Item2 : levels[i].Item2 > levels[i - 1].Item2;
            if (!rising)
            {
                errors.Add(new(levels[i].Item1, badge.Rule == BadgeRule.RatingRank ? "Badge_Error_RanksFalling" : "Badge_Error_ThresholdsRising"));
            }
        }

        return errors;
    }
}
