using System.Globalization;
using System.Resources;
using Loyalty.Core;
using Loyalty.Core.Bitrix24;
using Loyalty.Core.Bonuses;
using Loyalty.Core.Gamification;
using Loyalty.Web.Resources;

namespace Loyalty.Tests.Web;

/// <summary>The length limits' messages and the labels they are shown with have a Russian and an English text.</summary>
public sealed class TextLimitsMessagesTests
{
    [Fact]
    public void EveryLengthMessageHasRussianAndEnglishText()
    {
        var tooLong = new string('x', TextLimits.Url + 1);
        var keys = BonusSettingsValidator.Validate(new BonusSettings { Tiers = [new(tooLong, 0, 3, 0)], ContactTierField = tooLong })
            .Concat(RatingValidator.Validate(new RatingDefinition { Name = tooLong, Description = tooLong }))
            .Concat(BadgeValidator.Validate(new Badge { Name = tooLong, Category = tooLong, Description = tooLong }))
            .Concat(ConnectionSettings.Validate(ConnectionSettings.WebhookUrlKey, tooLong + "x"))
            .Concat(ConnectionSettings.Validate(ConnectionSettings.ApplicationTokenKey, tooLong))
            .Select(e => e.MessageKey)
            // Said by the award and redemption services, and the labels the page and the dialogs put before the message.
            .Concat(["Revoke_ReasonRequired", "Redeem_Comment", "RatingEdit_Field_Description", "BadgeEdit_Field_Description", "BadgeEdit_Field_Category"])
            .Distinct().Order().ToList();

        Assert.Contains(TextLimits.TooLongKey, keys);
        var resources = new ResourceManager("Loyalty.Web.Resources.SharedResource", typeof(SharedResource).Assembly);
        foreach (var culture in new[] { CultureInfo.InvariantCulture, CultureInfo.GetCultureInfo("en") })
        {
            var set = resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!;
            Assert.All(keys, key => Assert.False(string.IsNullOrWhiteSpace(set.GetString(key)), $"{key} has no {culture.Name} text"));
        }

        Assert.Equal("Не длиннее 100 символов.", string.Format(CultureInfo.InvariantCulture, resources.GetString(TextLimits.TooLongKey, CultureInfo.InvariantCulture)!, TextLimits.Name));
        Assert.Equal("At most 100 characters.", string.Format(CultureInfo.InvariantCulture, resources.GetString(TextLimits.TooLongKey, CultureInfo.GetCultureInfo("en"))!, TextLimits.Name));
    }
}
