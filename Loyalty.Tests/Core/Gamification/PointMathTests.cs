using Loyalty.Core.Crm;
using Loyalty.Core.Gamification;

namespace Loyalty.Tests.Core.Gamification;

/// <summary>Points per CRM fact: seed 000's defaults, won-deal brackets at their edges, the percent mode's rounding, rules switched off.</summary>
public sealed class PointMathTests
{
    private static readonly PointRuleSet Defaults = new();

    [Theory]
    [InlineData(0L, 20)]
    [InlineData(1L, 20)]
    [InlineData(49_999_99L, 20)]
    [InlineData(50_000_00L, 50)]
    [InlineData(50_000_01L, 50)]
    [InlineData(99_999_99L, 50)]
    [InlineData(100_000_00L, 100)]
    [InlineData(5_000_000_00L, 100)]
    public void AWonDealEarnsThePointsOfTheHighestBracketItsAmountReaches(long amount, int points) =>
        Assert.Equal(points, PointMath.PointsFor(Defaults, PointTrigger.DealWon, amount));

    [Theory]
    [InlineData(0L, 0)]
    [InlineData(9_999_99L, 0)]
    [InlineData(10_000_00L, 15)]
    [InlineData(30_000_00L, 40)]
    public void AnAmountBelowTheFirstBracketEarnsNothing(long amount, int points)
    {
        // Brackets given out of order: the rule still takes the highest minimum reached.
        var rule = DealRule(DealPointsMode.Brackets) with { Brackets = [new(30_000_00, 40), new(10_000_00, 15)] };

        Assert.Equal(points, PointMath.DealPoints(rule, amount));
    }

    [Theory]
    // 0.1 % of whole roubles, rounded down: 123 456,78 ₽ → 123,456 → 123.
    [InlineData(0.1, 123_456_78L, 123)]
    [InlineData(0.1, 99_999L, 0)]
    [InlineData(0.1, 1_000_00L, 1)]
    [InlineData(0.1, 1_999_99L, 1)]
    // 5 % of 1 999,99 ₽: kopecks are dropped first (1 999 ₽ → 99.95) and the result rounded down.
    [InlineData(5, 1_999_99L, 99)]
    [InlineData(5, 2_000_00L, 100)]
    // 100 % of 1,50 ₽ is one point, not two.
    [InlineData(100, 1_50L, 1)]
    [InlineData(2.5, 39_00L, 0)]
    [InlineData(2.5, 40_00L, 1)]
    [InlineData(1, -50_000_00L, 0)]
    public void APercentOfTheAmountIsTakenFromWholeRoublesAndRoundedDown(double percent, long amount, int points)
    {
        var rule = DealRule(DealPointsMode.Percent) with { Percent = (decimal)percent };

        Assert.Equal(points, PointMath.DealPoints(rule, amount));
    }

    [Fact]
    public void AHugeAmountAtAHighPercentIsCappedInsteadOfOverflowing() =>
        Assert.Equal(int.MaxValue, PointMath.DealPoints(DealRule(DealPointsMode.Percent) with { Percent = 100 }, long.MaxValue));

    [Theory]
    [InlineData(0L)]
    [InlineData(1_000_000_00L)]
    public void AFixedRuleIgnoresTheAmount(long amount) => Assert.Equal(25, PointMath.DealPoints(DealRule(DealPointsMode.Fixed), amount));

    [Theory]
    [InlineData(PointTrigger.CallCompleted, 1)]
    [InlineData(PointTrigger.MeetingCompleted, 3)]
    [InlineData(PointTrigger.LeadCreated, 5)]
    [InlineData(PointTrigger.LeadConverted, 30)]
    [InlineData(PointTrigger.TaskOnTime, 5)]
    [InlineData(PointTrigger.ContactCompleted, 10)]
    [InlineData(PointTrigger.EmailSent, 0)]
    [InlineData(PointTrigger.TaskLate, 0)]
    [InlineData(PointTrigger.ContactCreated, 0)]
    public void SeedDefaultsPayTheirPointsAndRulesThatAreOffPayNothing(PointTrigger trigger, int points) =>
        Assert.Equal(points, PointMath.PointsFor(Defaults, trigger));

    [Fact]
    public void RulesSwitchedOffAsAWholePayNothing() =>
        Assert.Equal(0, PointMath.PointsFor(Defaults with { Enabled = false }, PointTrigger.DealWon, 100_000_00));

    [Fact]
    public void ARuleMissingFromTheSetPaysNothing() =>
        Assert.Equal(0, PointMath.PointsFor(new PointRuleSet { Rules = [new(PointTrigger.CallCompleted, true, 1)] }, PointTrigger.DealWon, 100_000_00));

    [Fact]
    public void ANegativeFixedRulePaysNothing() =>
        Assert.Equal(0, PointMath.PointsFor(new PointRuleSet { Rules = [new(PointTrigger.CallCompleted, true, -4)] }, PointTrigger.CallCompleted));

    [Theory]
    [InlineData(2L, 25)]
    [InlineData(3L, 0)]
    [InlineData(null, 0)]
    public void ADealRuleWithPipelinesPaysOnlyInThem(long? pipeline, int points)
    {
        var rules = new PointRuleSet { Rules = [DealRule(DealPointsMode.Fixed) with { PipelineIds = [2, 7] }] };

        Assert.Equal(points, PointMath.PointsFor(rules, PointTrigger.DealWon, 10_000_00, pipeline));
    }

    [Theory]
    [InlineData(CrmFactKind.ActivityCompleted, ActivityKind.Call, null, PointTrigger.CallCompleted)]
    [InlineData(CrmFactKind.ActivityCompleted, ActivityKind.Meeting, null, PointTrigger.MeetingCompleted)]
    [InlineData(CrmFactKind.ActivityCompleted, ActivityKind.Email, null, PointTrigger.EmailSent)]
    [InlineData(CrmFactKind.TaskCompleted, null, true, PointTrigger.TaskOnTime)]
    [InlineData(CrmFactKind.TaskCompleted, null, null, PointTrigger.TaskOnTime)]
    [InlineData(CrmFactKind.TaskCompleted, null, false, PointTrigger.TaskLate)]
    [InlineData(CrmFactKind.DealWon, null, null, PointTrigger.DealWon)]
    [InlineData(CrmFactKind.LeadCreated, null, null, PointTrigger.LeadCreated)]
    [InlineData(CrmFactKind.LeadConverted, null, null, PointTrigger.LeadConverted)]
    [InlineData(CrmFactKind.ContactCompleted, null, null, PointTrigger.ContactCompleted)]
    public void AFactIsTheTriggerOfItsKind(CrmFactKind kind, ActivityKind? activity, bool? onTime, PointTrigger trigger) =>
        Assert.Equal(trigger, PointMath.TriggerOf(new CrmFact { Kind = kind, OnTime = onTime }, activity));

    [Theory]
    [InlineData(CrmFactKind.ActivityCompleted, ActivityKind.Task)]
    [InlineData(CrmFactKind.ActivityCompleted, ActivityKind.Other)]
    [InlineData(CrmFactKind.ActivityCompleted, null)]
    [InlineData(CrmFactKind.DealUnwon, null)]
    [InlineData(CrmFactKind.DealCreated, null)]
    [InlineData(CrmFactKind.DealLost, null)]
    [InlineData(CrmFactKind.DealAmountChanged, null)]
    public void FactsNoRulePaysForHaveNoTrigger(CrmFactKind kind, ActivityKind? activity) =>
        Assert.Null(PointMath.TriggerOf(new CrmFact { Kind = kind }, activity));

    [Theory]
    [InlineData(2026, 3, 15, 2026, 2, 1)]
    [InlineData(2026, 1, 1, 2025, 12, 1)]
    [InlineData(2026, 3, 31, 2026, 2, 1)]
    public void WithoutACountFromDayPointsCountFromTheFirstDayOfThePreviousMonth(int year, int month, int day, int fromYear, int fromMonth, int fromDay) =>
        Assert.Equal(new DateOnly(fromYear, fromMonth, fromDay), PointMath.CountFrom(Defaults, new DateOnly(year, month, day)));

    [Fact]
    public void AChosenCountFromDayIsKept() =>
        Assert.Equal(new DateOnly(2020, 5, 5), PointMath.CountFrom(Defaults with { CountFrom = new DateOnly(2020, 5, 5) }, new DateOnly(2026, 3, 15)));

    private static PointRule DealRule(DealPointsMode mode) => new(PointTrigger.DealWon, true, 25) { Mode = mode };
}
