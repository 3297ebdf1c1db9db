using Loyalty.Core.Gamification;

namespace Loyalty.Tests.Core.Gamification;

/// <summary>Badge levels: which a value reaches, how far the next one is, and what a badge's thresholds must satisfy.</summary>
public sealed class BadgeLevelsTests
{
    private static readonly Badge Calls = new()
    {
        Name = "Мастер звонков", Rule = BadgeRule.MetricInPeriod, Metric = Metric.Calls, Period = PeriodKind.Week,
        BronzeThreshold = 20, SilverThreshold = 50, GoldThreshold = 100,
    };

    private static readonly Badge Podium = new()
    {
        Name = "Продавец месяца", Rule = BadgeRule.RatingRank, RatingId = 1, Period = PeriodKind.Month,
        BronzeThreshold = 3, SilverThreshold = 2, GoldThreshold = 1,
    };

    [Theory]
    [InlineData(0, new BadgeLevel[0])]
    [InlineData(19.99, new BadgeLevel[0])]
    [InlineData(20, new[] { BadgeLevel.Bronze })]
    [InlineData(49, new[] { BadgeLevel.Bronze })]
    [InlineData(50, new[] { BadgeLevel.Bronze, BadgeLevel.Silver })]
    [InlineData(100, new[] { BadgeLevel.Bronze, BadgeLevel.Silver, BadgeLevel.Gold })]
    [InlineData(1000, new[] { BadgeLevel.Bronze, BadgeLevel.Silver, BadgeLevel.Gold })]
    public void AMetricReachesEveryLevelAtOrBelowIt(double value, BadgeLevel[] levels) => Assert.Equal(levels, BadgeLevels.Reached(Calls, value));

    [Theory]
    [InlineData(0, BadgeLevel.Bronze, 20, 0)]
    [InlineData(10, BadgeLevel.Bronze, 20, 0.5)]
    [InlineData(20, BadgeLevel.Silver, 50, 0.4)]
    [InlineData(75, BadgeLevel.Gold, 100, 0.75)]
    public void TheNextMetricLevelIsTheLowestNotReachedWithTheShareOfItsThreshold(double value, BadgeLevel level, double threshold, double progress)
    {
        var next = BadgeLevels.Next(Calls, value);

        Assert.NotNull(next);
        Assert.Equal((level, threshold), (next.Value.Level, next.Value.Threshold));
        Assert.Equal(progress, next.Value.Progress, 6);
    }

    [Fact]
    public void WithEveryLevelReachedThereIsNoNext() => Assert.Null(BadgeLevels.Next(Calls, 100));

    [Theory]
    [InlineData(0, new BadgeLevel[0])]
    [InlineData(4, new BadgeLevel[0])]
    [InlineData(3, new[] { BadgeLevel.Bronze })]
    [InlineData(2, new[] { BadgeLevel.Bronze, BadgeLevel.Silver })]
    [InlineData(1, new[] { BadgeLevel.Bronze, BadgeLevel.Silver, BadgeLevel.Gold })]
    public void ARankReachesEveryLevelAtOrAboveItAndUnrankedReachesNone(double rank, BadgeLevel[] levels) => Assert.Equal(levels, BadgeLevels.Reached(Podium, rank));

    [Theory]
    [InlineData(0, BadgeLevel.Bronze, 3, 0)]
    [InlineData(6, BadgeLevel.Bronze, 3, 0.5)]
    [InlineData(3, BadgeLevel.Silver, 2, 2.0 / 3)]
    [InlineData(2, BadgeLevel.Gold, 1, 0.5)]
    public void TheNextRankLevelIsTheWidestNotReachedWithItsRankOverTheCurrentOne(double rank, BadgeLevel level, double threshold, double progress)
    {
        var next = BadgeLevels.Next(Podium, rank);

        Assert.NotNull(next);
        Assert.Equal((level, threshold), (next.Value.Level, next.Value.Threshold));
        Assert.Equal(progress, next.Value.Progress, 6);
    }

    [Fact]
    public void TheFirstPlaceHasNoNextRankLevel() => Assert.Null(BadgeLevels.Next(Podium, 1));

    [Fact]
    public void ABadgeWithoutLevelsHasOneBronzeLevelWhenItsRuleNeedsNoThreshold()
    {
        var first = new Badge { Name = "Первый клиент", Rule = BadgeRule.FirstWonDeal };

        Assert.Equal([(BadgeLevel.Bronze, 1.0)], BadgeLevels.Of(first));
        Assert.Empty(BadgeLevels.Reached(first, 0));
        Assert.Equal([BadgeLevel.Bronze], BadgeLevels.Reached(first, 1));
        Assert.Equal([BadgeLevel.Bronze], BadgeLevels.Reached(first, 7));
        Assert.Equal((BadgeLevel.Bronze, 1.0, 0.0), BadgeLevels.Next(first, 0)!.Value);
        Assert.Empty(BadgeLevels.Of(new Badge { Name = "x", Rule = BadgeRule.Cumulative, Metric = Metric.DealSum }));
    }

    [Fact]
    public void OnlyTheLevelsWithAThresholdExist()
    {
        var silverAndGold = Calls.With(b => b.BronzeThreshold = null);

        Assert.Equal([(BadgeLevel.Silver, 50.0), (BadgeLevel.Gold, 100.0)], BadgeLevels.Of(silverAndGold));
        Assert.Empty(BadgeLevels.Reached(silverAndGold, 20));
        Assert.Equal(BadgeLevel.Silver, BadgeLevels.Next(silverAndGold, 20)!.Value.Level);
    }

    [Fact]
    public void AThresholdOfZeroIsReachedAtOnce()
    {
        var zero = new Badge { Name = "x", Rule = BadgeRule.Cumulative, Metric = Metric.Points, BronzeThreshold = 0, SilverThreshold = 10 };

        Assert.Equal([BadgeLevel.Bronze], BadgeLevels.Reached(zero, 0));
    }

    [Fact]
    public void ValidBadgesHaveNoErrors()
    {
        Assert.Empty(BadgeLevels.Validate(Calls));
        Assert.Empty(BadgeLevels.Validate(Podium));
        Assert.Empty(BadgeLevels.Validate(new Badge { Name = "Первый клиент", Rule = BadgeRule.FirstWonDeal }));
        Assert.Empty(BadgeLevels.Validate(new Badge { Name = "Душа компании", Rule = BadgeRule.Manual }));
        Assert.Empty(BadgeLevels.Validate(new Badge { Name = "Миллион", Rule = BadgeRule.Cumulative, Metric = Metric.DealSum, GoldThreshold = 100_000_000 }));
    }

    [Fact]
    public void ABadgeNeedsAName() =>
        Assert.Contains(("Name", "Badge_Error_NameRequired"), Errors(Calls.With(b => b.Name = "  ")));

    [Theory]
    [InlineData(BadgeRule.MetricInPeriod)]
    [InlineData(BadgeRule.Cumulative)]
    public void AMetricRuleNeedsAMetric(BadgeRule rule) =>
        Assert.Contains(("Metric", "Badge_Error_MetricRequired"), Errors(Calls.With(b => (b.Rule, b.Metric) = (rule, null))));

    [Theory]
    [InlineData(BadgeRule.MetricInPeriod)]
    [InlineData(BadgeRule.Cumulative)]
    public void AMetricRuleRefusesALowerIsBetterMetric(BadgeRule rule) =>
        Assert.Contains(("Metric", "Badge_Error_MetricLowerIsBetter"), Errors(Calls.With(b => (b.Rule, b.Metric) = (rule, Metric.LeadResponseMinutes))));

    [Fact]
    public void AMetricInAPeriodNeedsThePeriod() =>
        Assert.Contains(("Period", "Badge_Error_PeriodRequired"), Errors(Calls.With(b => b.Period = null)));

    [Fact]
    public void ARankBadgeNeedsItsRating() =>
        Assert.Contains(("RatingId", "Badge_Error_RatingRequired"), Errors(Podium.With(b => b.RatingId = null)));

    [Fact]
    public void AThresholdRuleNeedsAtLeastOneThreshold() =>
        Assert.Contains(("BronzeThreshold", "Badge_Error_ThresholdRequired"), Errors(Calls.With(b => (b.BronzeThreshold, b.SilverThreshold, b.GoldThreshold) = (null, null, null))));

    [Theory]
    [InlineData(-1)]
    [InlineData(long.MinValue)]
    public void AThresholdCannotBeNegative(long value) =>
        Assert.Contains(("SilverThreshold", "Badge_Error_ThresholdNegative"), Errors(Calls.With(b => b.SilverThreshold = value)));

    [Theory]
    [InlineData(10, 10)]
    [InlineData(60, 50)]
    public void MetricThresholdsMustRise(long bronze, long silver) =>
        Assert.Contains(("SilverThreshold", "Badge_Error_ThresholdsRising"), Errors(Calls.With(b => (b.BronzeThreshold, b.SilverThreshold) = (bronze, silver))));

    [Fact]
    public void RisingIsCheckedBetweenTheLevelsThatAreSet() =>
        Assert.Contains(("GoldThreshold", "Badge_Error_ThresholdsRising"), Errors(Calls.With(b => (b.SilverThreshold, b.GoldThreshold) = (null, 10))));

    [Theory]
    [InlineData(2, 2)]
    [InlineData(1, 3)]
    public void RankThresholdsMustFall(long bronze, long silver) =>
        Assert.Contains(("SilverThreshold", "Badge_Error_RanksFalling"), Errors(Podium.With(b => (b.BronzeThreshold, b.SilverThreshold, b.GoldThreshold) = (bronze, silver, null))));

    [Theory]
    [InlineData(0)]
    public void ARankThresholdIsAPlaceFromOne(long value) =>
        Assert.Contains(("GoldThreshold", "Badge_Error_RankWhole"), Errors(Podium.With(b => b.GoldThreshold = value)));

    [Theory]
    [InlineData(BadgeRule.FirstWonDeal)]
    [InlineData(BadgeRule.Manual)]
    public void RulesWithoutThresholdsDoNotCheckThem(BadgeRule rule) =>
        Assert.Empty(BadgeLevels.Validate(new Badge { Name = "x", Rule = rule, BronzeThreshold = 5, SilverThreshold = 1 }));

    private static List<(string Field, string Key)> Errors(Badge badge) => BadgeLevels.Validate(badge).Select(e => (e.Field, e.MessageKey)).ToList();
}

internal static class BadgeCopies
{
    /// <summary>A copy of the badge with one change (the entity is a mutable class shared by the tests).</summary>
    public static Badge With(this Badge badge, Action<Badge> change)
    {
        var copy = new Badge
        {
            Name = badge.Name, Rule = badge.Rule, Metric = badge.Metric, Period = badge.Period, RatingId = badge.RatingId,
            BronzeThreshold = badge.BronzeThreshold, SilverThreshold = badge.SilverThreshold, GoldThreshold = badge.GoldThreshold, Repeatable = badge.Repeatable,
        };
        change(copy);
        return copy;
    }
}
