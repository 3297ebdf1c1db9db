using System.Globalization;
using System.Resources;
using Loyalty.Core.Bonuses;
using Loyalty.Web.Components.Pages.Bonuses;
using Loyalty.Web.Resources;

namespace Loyalty.Tests.Web.Components.Pages.Bonuses;

/// <summary>The page's editable copy of the rules and the texts of the validator's messages.</summary>
public sealed class BonusSettingsFormTests
{
    [Fact]
    public void TheDefaultRulesSurviveTheFormUnchanged()
    {
        var settings = new BonusSettings();

        Assert.True(BonusSettingsForm.Same(settings, BonusSettingsForm.From(settings).ToSettings()));
    }

    [Fact]
    public void TrailingZerosOfAPercentageAreNotAChange()
    {
        var form = BonusSettingsForm.From(new BonusSettings());
        form.Tiers[1].BonusPercent = 5.00m;
        form.MaxRedeemSharePercent = 30.0m;

        var settings = form.ToSettings();

        Assert.True(BonusSettingsForm.Same(new BonusSettings(), settings));
        Assert.Equal("5", settings.Tiers[1].BonusPercent.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void TheFormTidiesNamesAndFieldCodesAsTheStoreDoes()
    {
        var form = BonusSettingsForm.From(new BonusSettings());
        form.Tiers[0].Name = "  Bronze ";
        form.DealRedeemField = " uf_crm_redeem ";

        var settings = form.ToSettings();

        Assert.Equal("Bronze", settings.Tiers[0].Name);
        Assert.Equal("UF_CRM_REDEEM", settings.DealRedeemField);
    }

    [Fact]
    public void ExpirySwitchedOffKeepsTheMonthsForWhenItIsSwitchedOnAgain()
    {
        var form = BonusSettingsForm.From(new BonusSettings { ExpiryMonths = 6 });

        form.Expires = false;
        Assert.Null(form.ToSettings().ExpiryMonths);

        form.Expires = true;
        Assert.Equal(6, form.ToSettings().ExpiryMonths);
    }

    [Fact]
    public void TheStartDateIsADayWithoutTime()
    {
        var form = BonusSettingsForm.From(new BonusSettings { StartDate = new DateOnly(2025, 1, 15) });

        Assert.Equal(new DateTime(2025, 1, 15), form.StartDate);
        Assert.Equal(new DateOnly(2025, 1, 15), form.ToSettings().StartDate);
    }

    [Fact]
    public void ANewTierStartsAboveTheLastOne()
    {
        var form = BonusSettingsForm.From(new BonusSettings());

        form.AddTier();

        Assert.Equal(600_000_00, form.Tiers[^1].MinSpend);
        Assert.Equal(["BonusErr_TierName"], BonusSettingsValidator.Validate(form.ToSettings()).Select(e => e.MessageKey));
    }

    [Fact]
    public void EveryValidatorMessageHasRussianAndEnglishText()
    {
        var broken = new BonusSettings
        {
            AllPipelines = false,
            Basis = AccrualBasis.PointsPerAmount,
            PointsPerStep = 0,
            StepAmount = 50,
            MaxRedeemSharePercent = 1.234m,
            ExpiryMonths = 0,
            Tiers = [new("", 5, 150, 0), new("Gold", 0, 1, 1), new("gold", 10, 1, 1)],
            Steps = [new(-1, -1, 1), new(-1, -1, 1)],
            ContactBalanceField = "balance",
            ContactTierField = "UF_CRM_X",
            ContactPercentField = "UF_CRM_X",
        };
        var keys = BonusSettingsValidator.Validate(broken).Concat(BonusSettingsValidator.Validate(new BonusSettings { Tiers = [] }))
            .Select(e => e.MessageKey).Distinct().Order().ToList();

        Assert.Equal(
            ["BonusErr_ExpiryMonths", "BonusErr_FieldCode", "BonusErr_FieldCodeDuplicate", "BonusErr_FirstTierFromZero", "BonusErr_NoPipelines", "BonusErr_NoTiers",
             "BonusErr_NotNegative", "BonusErr_Percent", "BonusErr_PercentPrecision", "BonusErr_PointsPerStep", "BonusErr_StepAmount", "BonusErr_StepDuplicate",
             "BonusErr_TierName", "BonusErr_TierNameDuplicate", "BonusErr_TierOverlap"],
            keys);
        var resources = new ResourceManager("Loyalty.Web.Resources.SharedResource", typeof(SharedResource).Assembly);
        foreach (var culture in new[] { CultureInfo.InvariantCulture, CultureInfo.GetCultureInfo("en") })
        {
            var set = resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!;
            Assert.All(keys, key => Assert.False(string.IsNullOrWhiteSpace(set.GetString(key)), $"{key} has no {culture.Name} text"));
        }
    }
}
