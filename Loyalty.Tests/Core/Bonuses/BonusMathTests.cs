using Loyalty.Core.Bonuses;

namespace Loyalty.Tests.Core.Bonuses;

/// <summary>The bonus program's arithmetic with the default tiers (Bronze 0, Silver 50 000 ₽, Gold 150 000 ₽, Platinum 500 000 ₽).</summary>
public sealed class BonusMathTests
{
    private static readonly BonusSettings Defaults = new();

    private static readonly BonusSettings WithSteps = new()
    {
        Steps =
        [
            new ProgressiveStep(MinWonDeals: 5, MinTotal: 0, ExtraPercent: 1),
            new ProgressiveStep(MinWonDeals: 10, MinTotal: 100_000_00, ExtraPercent: 2.5m),
            new ProgressiveStep(MinWonDeals: 3, MinTotal: 300_000_00, ExtraPercent: 1.5m),
        ],
    };

    [Theory]
    [InlineData(0L, "Bronze")]
    [InlineData(-1L, "Bronze")]
    [InlineData(49_999_99L, "Bronze")]
    [InlineData(50_000_00L, "Silver")]
    [InlineData(50_000_01L, "Silver")]
    [InlineData(149_999_99L, "Silver")]
    [InlineData(150_000_00L, "Gold")]
    [InlineData(150_000_01L, "Gold")]
    [InlineData(499_999_99L, "Gold")]
    [InlineData(500_000_00L, "Platinum")]
    [InlineData(500_000_01L, "Platinum")]
    [InlineData(long.MaxValue, "Platinum")]
    public void TheTierIsTheLastWhoseThresholdTheLifetimeSpendReaches(long spend, string tier) =>
        Assert.Equal(tier, BonusMath.Tier(Defaults, spend).Name);

    [Theory]
    [InlineData(0L, "Silver", 50_000_00L)]
    [InlineData(49_999_99L, "Silver", 1L)]
    [InlineData(50_000_00L, "Gold", 100_000_00L)]
    [InlineData(149_999_99L, "Gold", 1L)]
    [InlineData(150_000_00L, "Platinum", 350_000_00L)]
    [InlineData(499_999_99L, "Platinum", 1L)]
    public void TheNextTierSaysWhatIsLeftToReachIt(long spend, string next, long remaining)
    {
        var result = BonusMath.NextTier(Defaults, spend);

        Assert.NotNull(result);
        Assert.Equal((next, remaining), (result.Value.Next.Name, result.Value.Remaining));
    }

    [Theory]
    [InlineData(500_000_00L)]
    [InlineData(900_000_00L)]
    public void AtTheTopTierThereIsNoNextTier(long spend) => Assert.Null(BonusMath.NextTier(Defaults, spend));

    [Theory]
    [InlineData(0, 0L, "0")]
    [InlineData(2, 1_000_000_00L, "0")]
    [InlineData(4, 99_999_99L, "0")]
    [InlineData(4, 1_000_000_00L, "1.5")]
    [InlineData(5, 0L, "1")]
    [InlineData(9, 99_999_99L, "1")]
    [InlineData(10, 99_999_99L, "1")]
    [InlineData(10, 100_000_00L, "2.5")]
    [InlineData(3, 300_000_00L, "1.5")]
    [InlineData(5, 300_000_00L, "1.5")]
    [InlineData(10, 300_000_00L, "2.5")]
    public void TheProgressiveExtraIsTheLargestOfTheStepsWhoseConditionsHold(int wonDeals, long wonSum, string extra) =>
        Assert.Equal(decimal.Parse(extra, System.Globalization.CultureInfo.InvariantCulture), BonusMath.ExtraPercent(WithSteps, new CustomerStats(wonDeals, wonSum)));

    [Fact]
    public void WithoutStepsThereIsNoExtra() =>
        Assert.Equal(0m, BonusMath.ExtraPercent(Defaults, new CustomerStats(1_000, 10_000_000_00)));

    [Theory]
    [InlineData(0, 0L, "3")]
    [InlineData(5, 49_999_99L, "4")]
    [InlineData(5, 50_000_00L, "6")]
    [InlineData(10, 150_000_00L, "9.5")]
    [InlineData(10, 500_000_00L, "12.5")]
    public void TheCurrentPercentIsTheTiersPlusTheProgressiveExtra(int wonDeals, long wonSum, string percent) =>
        Assert.Equal(decimal.Parse(percent, System.Globalization.CultureInfo.InvariantCulture), BonusMath.CurrentPercent(WithSteps, new CustomerStats(wonDeals, wonSum)));

    [Fact]
    public void TheCurrentPercentIsAtMostOneHundred()
    {
        var generous = new BonusSettings { Tiers = [new BonusTier("All", 0, 99, 0)], Steps = [new ProgressiveStep(0, 0, 5)] };

        Assert.Equal(100m, BonusMath.CurrentPercent(generous, new CustomerStats(0, 0)));
        Assert.Equal(100_00, BonusMath.Accrual(generous, new CustomerStats(0, 0), 100_00));
    }

    [Theory]
    [InlineData(1, 100_00L, "1")]
    [InlineData(3, 1_000_00L, "0.3")]
    [InlineData(1, 300_00L, "0.33")]
    [InlineData(2, 300_00L, "0.66")]
    [InlineData(5, 100_00L, "5")]
    public void InThePointsBasisTheCurrentPercentIsThePointsEquivalentRoundedDown(int pointsPerStep, long stepAmount, string percent)
    {
        var points = new BonusSettings { Basis = AccrualBasis.PointsPerAmount, PointsPerStep = pointsPerStep, StepAmount = stepAmount };

        // The tier and the customer's history play no part in the points basis.
        Assert.Equal(decimal.Parse(percent, System.Globalization.CultureInfo.InvariantCulture), BonusMath.CurrentPercent(points, new CustomerStats(50, 900_000_00)));
    }

    [Theory]
    [InlineData(0L, 333_33L, 999L)]
    [InlineData(0L, 100_00L, 3_00L)]
    [InlineData(0L, 33L, 0L)]
    [InlineData(0L, 34L, 1L)]
    [InlineData(50_000_00L, 199_99L, 9_99L)]
    [InlineData(150_000_00L, 1L, 0L)]
    [InlineData(150_000_00L, 15L, 1L)]
    [InlineData(150_000_00L, 14L, 0L)]
    [InlineData(500_000_00L, 12_345_67L, 1_234_56L)]
    public void AnAccrualIsRoundedDownToTheKopeck(long wonSumBefore, long amount, long accrual) =>
        Assert.Equal(accrual, BonusMath.Accrual(Defaults, new CustomerStats(1, wonSumBefore), amount));

    [Fact]
    public void TheDealItselfDoesNotLiftTheTierOfItsOwnAccrual()
    {
        // A Bronze customer's deal that crosses into Silver still earns Bronze's 3 %.
        Assert.Equal(1_800_00, BonusMath.Accrual(Defaults, new CustomerStats(0, 0), 60_000_00));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-100_00L)]
    public void NothingIsAccruedOnANonPositiveAmount(long amount)
    {
        Assert.Equal(0, BonusMath.Accrual(Defaults, new CustomerStats(0, 0), amount));
        Assert.Equal(0, BonusMath.Accrual(new BonusSettings { Basis = AccrualBasis.PointsPerAmount }, new CustomerStats(0, 0), amount));
    }

    [Theory]
    [InlineData(1, 100_00L, 250_00L, 2_00L)]
    [InlineData(1, 100_00L, 99_99L, 0L)]
    [InlineData(1, 100_00L, 100_00L, 1_00L)]
    [InlineData(1, 100_00L, 199_99L, 1_00L)]
    [InlineData(5, 1_000_00L, 2_500_00L, 10_00L)]
    [InlineData(2, 1_00L, 3_50L, 6_00L)]
    public void InThePointsBasisEachFullStepEarnsItsBonusRoubles(int pointsPerStep, long stepAmount, long amount, long accrual)
    {
        var points = new BonusSettings { Basis = AccrualBasis.PointsPerAmount, PointsPerStep = pointsPerStep, StepAmount = stepAmount };

        Assert.Equal(accrual, BonusMath.Accrual(points, new CustomerStats(0, 0), amount));
    }

    [Theory]
    // requested, balance, order → applied, cap (30 % of the order at most)
    [InlineData(100_00L, 500_00L, 1_000_00L, 100_00L, RedemptionCap.None)]
    [InlineData(300_00L, 500_00L, 1_000_00L, 300_00L, RedemptionCap.None)]
    [InlineData(500_00L, 200_00L, 1_000_00L, 200_00L, RedemptionCap.Balance)]
    [InlineData(500_00L, 1_000_00L, 1_000_00L, 300_00L, RedemptionCap.OrderShare)]
    [InlineData(500_00L, 300_00L, 1_000_00L, 300_00L, RedemptionCap.Balance)]
    [InlineData(100_00L, 1_000_00L, 333_33L, 99_99L, RedemptionCap.OrderShare)]
    [InlineData(100_00L, 1_000_00L, 0L, 0L, RedemptionCap.OrderShare)]
    [InlineData(100_00L, 0L, 1_000_00L, 0L, RedemptionCap.Balance)]
    [InlineData(100_00L, -50_00L, 1_000_00L, 0L, RedemptionCap.Balance)]
    [InlineData(0L, 500_00L, 1_000_00L, 0L, RedemptionCap.None)]
    public void ARedemptionIsCutToTheBalanceAndTheOrderShareAndSaysWhichCutIt(long requested, long balance, long order, long applied, RedemptionCap cap) =>
        Assert.Equal((applied, cap), BonusMath.Redemption(Defaults, requested, balance, order));

    [Fact]
    public void ARedemptionShareOfOneHundredPercentLetsBonusesPayTheWholeOrder() =>
        Assert.Equal((1_000_00L, RedemptionCap.None), BonusMath.Redemption(Defaults with { MaxRedeemSharePercent = 100 }, 1_000_00, 5_000_00, 1_000_00));

    [Theory]
    [InlineData(10_000L, "3", 300L)]
    [InlineData(10_000L, "0.01", 1L)]
    [InlineData(9_999L, "0.01", 0L)]
    [InlineData(33_333L, "3", 999L)]
    [InlineData(1L, "7", 0L)]
    [InlineData(1L, "100", 1L)]
    [InlineData(0L, "50", 0L)]
    public void PercentOfRoundsDownToTheKopeck(long amount, string percent, long result) =>
        Assert.Equal(result, BonusMath.PercentOf(amount, decimal.Parse(percent, System.Globalization.CultureInfo.InvariantCulture)));
}
