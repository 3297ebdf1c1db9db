using Loyalty.Core.Nps;

namespace Loyalty.Tests.Core.Nps;

/// <summary>The NPS formula: % сторонники − % критики, whole numbers, null for no answers, the two-point scale apart.</summary>
public sealed class NpsMathTests
{
    [Theory]
    [InlineData(0, NpsGroup.Detractor)]
    [InlineData(6, NpsGroup.Detractor)]
    [InlineData(7, NpsGroup.Passive)]
    [InlineData(8, NpsGroup.Passive)]
    [InlineData(9, NpsGroup.Promoter)]
    [InlineData(10, NpsGroup.Promoter)]
    public void ScoresFallInTheirGroups(int score, NpsGroup group)
    {
        Assert.Equal(group, NpsMath.Group(score));
        var (min, max) = NpsMath.Range(group);
        Assert.InRange(score, min, max);
    }

    [Fact]
    public void AnEmptyPeriodHasNoNpsRatherThanZero()
    {
        Assert.Null(NpsMath.Score(NpsCounts.None));
        Assert.Null(NpsMath.Share(0, 0));
        Assert.Null(NpsMath.ResponseRate(0, 0));
        Assert.Null(NpsMath.SatisfiedShare(0, 0));
        Assert.Null(NpsMath.Average(0, 0));
    }

    [Fact]
    public void OnlyPassivesGiveZero()
    {
        Assert.Equal(0, NpsMath.Score(new NpsCounts(0, 7, 0)));
    }

    [Fact]
    public void OnlyDetractorsGiveMinusHundredAndOnlyPromotersHundred()
    {
        Assert.Equal(-100, NpsMath.Score(new NpsCounts(0, 0, 3)));
        Assert.Equal(100, NpsMath.Score(new NpsCounts(1, 0, 0)));
    }

    [Theory]
    [InlineData(5, 2, 3, 20)]       // 50 % − 30 %
    [InlineData(1, 6, 1, 0)]
    [InlineData(3, 3, 2, 13)]       // 37.5 − 25 = 12.5 → 13 (half away from zero)
    [InlineData(2, 3, 3, -13)]      // 25 − 37.5 = −12.5 → −13
    [InlineData(1, 1, 1, 0)]
    [InlineData(2, 0, 1, 33)]       // 66.67 − 33.33 = 33.33
    [InlineData(1, 2, 0, 33)]
    [InlineData(2, 1, 0, 67)]
    public void NpsIsRoundedToAWholeNumber(int promoters, int passives, int detractors, int nps)
    {
        Assert.Equal(nps, NpsMath.Score(promoters, passives, detractors));
    }

    [Fact]
    public void CountsAddUpAnswerByAnswer()
    {
        var counts = new[] { 10, 9, 8, 3, 0, 7, 9 }.Aggregate(NpsCounts.None, (c, s) => c + NpsCounts.Of(s));

        Assert.Equal(new NpsCounts(3, 2, 2), counts);
        Assert.Equal(7, counts.Answered);
        Assert.Equal(14, NpsMath.Score(counts));
    }

    [Fact]
    public void TheTwoPointScaleGivesASatisfiedShareNotAnNps()
    {
        // Two-point answers are 1 (satisfied) and 0 (unsatisfied); 0 would be a detractor on the 0–10 scale, so they
        // have their own figure.
        Assert.Equal(75, NpsMath.SatisfiedShare(3, 4));
        Assert.Equal(0, NpsMath.SatisfiedShare(0, 2));
        Assert.Equal(100, NpsMath.SatisfiedShare(2, 2));
    }

    [Fact]
    public void TheResponseRateIsAnsweredOverSent()
    {
        Assert.Equal(25, NpsMath.ResponseRate(1, 4));
        Assert.Equal(100, NpsMath.ResponseRate(5, 5));
        Assert.Equal(67, NpsMath.ResponseRate(2, 3));
    }

    [Fact]
    public void TheAverageScoreHasOneDecimal()
    {
        Assert.Equal(8.7, NpsMath.Average(26, 3));
        Assert.Equal(9.0, NpsMath.Average(45, 5));
    }
}
