using System.Globalization;
using Loyalty.Core.Bonuses;

namespace Loyalty.Tests.Core.Bonuses;

/// <summary>Each rule of the settings validator: the field it names and the message key, one error per problem.</summary>
public sealed class BonusSettingsValidatorTests
{
    private static readonly BonusSettings Valid = new();

    [Fact]
    public void TheDefaultSettingsAreValid() => Assert.Empty(BonusSettingsValidator.Validate(Valid));

    [Fact]
    public void ValidSettingsWithEveryOptionSetAreValid()
    {
        var settings = Valid with
        {
            AllPipelines = false,
            PipelineIds = [0, 3],
            Basis = AccrualBasis.PointsPerAmount,
            PointsPerStep = 2,
            StepAmount = 1_00,
            Steps = [new ProgressiveStep(5, 0, 1.25m), new ProgressiveStep(5, 100_00, 2)],
            MaxRedeemSharePercent = 100,
            ExpiryMonths = 12,
            Tiers = [new BonusTier("Base", 0, 0, 0), new BonusTier("Top", 1, 100, 99.99m)],
        };

        Assert.Empty(BonusSettingsValidator.Validate(settings));
    }

    [Theory]
    [InlineData(50_000_00L)]
    [InlineData(40_000_00L)]
    public void ATierThatDoesNotStartAboveThePreviousOneOverlapsIt(long silverFrom)
    {
        var settings = Valid with { Tiers = [new("Bronze", 0, 3, 0), new("Silver", 50_000_00, 5, 2), new("Gold", silverFrom, 7, 5)] };

        var error = Assert.Single(BonusSettingsValidator.Validate(settings));

        Assert.Equal(("Tiers[2].MinSpend", "BonusErr_TierOverlap"), (error.Field, error.MessageKey));
        Assert.Equal(new object[] { "Silver" }, error.Arguments);
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(-1L)]
    [InlineData(10_000_00L)]
    public void TheFirstTierStartsAtZero(long from)
    {
        var settings = Valid with { Tiers = [new("Bronze", from, 3, 0), new("Silver", 50_000_00, 5, 2)] };

        Assert.Equal([("Tiers[0].MinSpend", "BonusErr_FirstTierFromZero")], Errors(settings));
    }

    [Fact]
    public void ThereIsAtLeastOneTier() =>
        Assert.Equal([("Tiers", "BonusErr_NoTiers")], Errors(Valid with { Tiers = [] }));

    [Theory]
    [InlineData("100.01", "BonusErr_Percent")]
    [InlineData("101", "BonusErr_Percent")]
    [InlineData("-0.01", "BonusErr_Percent")]
    [InlineData("-5", "BonusErr_Percent")]
    [InlineData("3.125", "BonusErr_PercentPrecision")]
    [InlineData("0.001", "BonusErr_PercentPrecision")]
    public void APercentIsFromZeroToOneHundredWithAtMostTwoDecimals(string value, string key)
    {
        var percent = decimal.Parse(value, CultureInfo.InvariantCulture);

        Assert.Equal([("Tiers[1].BonusPercent", key)], Errors(Valid with { Tiers = [new("A", 0, 3, 0), new("B", 100, percent, 0)] }));
        Assert.Equal([("Tiers[0].DiscountPercent", key)], Errors(Valid with { Tiers = [new("A", 0, 3, percent)] }));
        Assert.Equal([("MaxRedeemSharePercent", key)], Errors(Valid with { MaxRedeemSharePercent = percent }));
        Assert.Equal([("Steps[0].ExtraPercent", key)], Errors(Valid with { Steps = [new(1, 0, percent)] }));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("100")]
    [InlineData("3.10")]
    [InlineData("99.99")]
    public void PercentsAtTheLimitsAreValid(string value)
    {
        var percent = decimal.Parse(value, CultureInfo.InvariantCulture);

        Assert.Empty(BonusSettingsValidator.Validate(Valid with { MaxRedeemSharePercent = percent, Tiers = [new("A", 0, percent, percent)] }));
    }

    [Theory]
    [InlineData("Silver", "Silver")]
    [InlineData("Silver", "silver")]
    [InlineData("Серебро", "СЕРЕБРО")]
    [InlineData("Silver", " SILVER ")]
    public void TierNamesAreUniqueWhateverTheirCase(string first, string second)
    {
        var settings = Valid with { Tiers = [new("Bronze", 0, 3, 0), new(first, 100, 5, 0), new(second, 200, 7, 0)] };

        Assert.Equal([("Tiers[2].Name", "BonusErr_TierNameDuplicate")], Errors(settings));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void ATierHasAName(string name) =>
        Assert.Equal([("Tiers[1].Name", "BonusErr_TierName")], Errors(Valid with { Tiers = [new("Bronze", 0, 3, 0), new(name, 100, 5, 0)] }));

    [Theory]
    [InlineData("")]
    [InlineData("UF_CRM_")]
    [InlineData("uf_crm_loyalty")]
    [InlineData("UF_CRM_loyalty")]
    [InlineData("UF_CRM_LOYALTY-BALANCE")]
    [InlineData("UF_CRM_LOYALTY BALANCE")]
    [InlineData("UF_TASK_LOYALTY")]
    [InlineData("LOYALTY_BALANCE")]
    [InlineData(" UF_CRM_LOYALTY")]
    public void AFieldCodeIsAnUpperCaseCrmUserFieldCode(string code)
    {
        Assert.Equal([("ContactBalanceField", "BonusErr_FieldCode")], Errors(Valid with { ContactBalanceField = code }));
        Assert.Equal([("DealRedeemedField", "BonusErr_FieldCode")], Errors(Valid with { DealRedeemedField = code }));
    }

    [Theory]
    [InlineData("UF_CRM_1")]
    [InlineData("UF_CRM_1700000000")]
    [InlineData("UF_CRM_1700000000123")]
    [InlineData("UF_CRM_LOY_BALANCE")]
    public void FieldCodesAsBitrix24NamesThemAreValid(string code) =>
        Assert.Empty(BonusSettingsValidator.Validate(Valid with { ContactBalanceField = code }));

    [Theory]
    [InlineData("UF_CRM_LOYALTY_BALANCE", 22)]
    [InlineData("UF_CRM_17000000001234", 21)]
    [InlineData("UF_CRM_12345678901234567890123456789012345678901", 48)]
    public void AFieldCodeLongerThanBitrix24AllowsIsRefusedWithItsLength(string code, int length)
    {
        var error = Assert.Single(BonusSettingsValidator.Validate(Valid with { ContactBalanceField = code }));

        Assert.Equal(("ContactBalanceField", "BonusErr_FieldCodeLength"), (error.Field, error.MessageKey));
        Assert.Equal([20, length], error.Arguments);
    }

    [Fact]
    public void TheDefaultFieldCodesAreTheRegistrysAndValid()
    {
        var defaults = new BonusSettings();

        Assert.Equal(
            ["UF_CRM_LOY_BALANCE", "UF_CRM_LOY_TIER", "UF_CRM_LOY_PERCENT", "UF_CRM_LOY_REDEEM", "UF_CRM_LOY_REDEEMED"],
            defaults.FieldCodes().Select(f => f.Code));
        Assert.Empty(BonusSettingsValidator.Validate(defaults));
    }

    [Fact]
    public void TwoSettingsCannotUseTheSameField()
    {
        var settings = Valid with { ContactTierField = Valid.ContactBalanceField };

        Assert.Equal([("ContactBalanceField", "BonusErr_FieldCodeDuplicate"), ("ContactTierField", "BonusErr_FieldCodeDuplicate")], Errors(settings));
    }

    [Fact]
    public void TheDealsRedeemFieldCannotBeTheFieldItWritesTheAppliedAmountTo()
    {
        var settings = Valid with { DealRedeemedField = Valid.DealRedeemField };

        Assert.Equal([("DealRedeemField", "BonusErr_FieldCodeDuplicate"), ("DealRedeemedField", "BonusErr_FieldCodeDuplicate")], Errors(settings));
    }

    [Fact]
    public void OnlySomePipelinesNeedsAtLeastOnePipeline()
    {
        Assert.Equal([("PipelineIds", "BonusErr_NoPipelines")], Errors(Valid with { AllPipelines = false, PipelineIds = [] }));
        Assert.Empty(BonusSettingsValidator.Validate(Valid with { AllPipelines = false, PipelineIds = [7] }));
        Assert.Empty(BonusSettingsValidator.Validate(Valid with { AllPipelines = true, PipelineIds = [] }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(121)]
    [InlineData(int.MaxValue)]
    public void ExpiryMonthsAreFromOneToTheMaximum(int months)
    {
        var error = Assert.Single(BonusSettingsValidator.Validate(Valid with { ExpiryMonths = months }));

        Assert.Equal(("ExpiryMonths", "BonusErr_ExpiryMonths"), (error.Field, error.MessageKey));
        Assert.Equal(new object[] { BonusSettingsValidator.MaxExpiryMonths }, error.Arguments);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(1)]
    [InlineData(120)]
    public void NoExpiryOrExpiryWithinTheRangeIsValid(int? months) =>
        Assert.Empty(BonusSettingsValidator.Validate(Valid with { ExpiryMonths = months }));

    [Fact]
    public void ThePointsBasisNeedsAPositiveRateAndAStepOfAtLeastOneRouble()
    {
        var points = Valid with { Basis = AccrualBasis.PointsPerAmount, PointsPerStep = 0, StepAmount = 99 };

        Assert.Equal([("PointsPerStep", "BonusErr_PointsPerStep"), ("StepAmount", "BonusErr_StepAmount")], Errors(points));
        // The percent basis ignores the points' fields.
        Assert.Empty(BonusSettingsValidator.Validate(points with { Basis = AccrualBasis.Percent }));
    }

    [Fact]
    public void AProgressiveStepHasNoNegativeConditionsAndIsNotRepeated()
    {
        var settings = Valid with { Steps = [new(-1, -1, 1), new(5, 100, 1), new(5, 100, 2)] };

        Assert.Equal(
            [("Steps[0].MinWonDeals", "BonusErr_NotNegative"), ("Steps[0].MinTotal", "BonusErr_NotNegative"), ("Steps[2].MinWonDeals", "BonusErr_StepDuplicate")],
            Errors(settings));
    }

    [Fact]
    public void EveryProblemIsReportedAtOnce()
    {
        var settings = Valid with
        {
            AllPipelines = false,
            MaxRedeemSharePercent = 150,
            ExpiryMonths = 0,
            Tiers = [new("Bronze", 5, 3, 0), new("bronze", 5, 5, 0)],
            ContactPercentField = "percent",
        };

        Assert.Equal(
            ["PipelineIds", "MaxRedeemSharePercent", "ExpiryMonths", "Tiers[0].MinSpend", "Tiers[1].Name", "Tiers[1].MinSpend", "ContactPercentField"],
            BonusSettingsValidator.Validate(settings).Select(e => e.Field));
    }

    private static List<(string Field, string Key)> Errors(BonusSettings settings) =>
        [.. BonusSettingsValidator.Validate(settings).Select(e => (e.Field, e.MessageKey))];
}
