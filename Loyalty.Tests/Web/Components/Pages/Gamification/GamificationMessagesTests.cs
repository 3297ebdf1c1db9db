using System.Globalization;
using System.Resources;
using Loyalty.Core;
using Loyalty.Core.Gamification;
using Loyalty.Web.Resources;

namespace Loyalty.Tests.Web.Components.Pages.Gamification;

/// <summary>Every message the gamification validators and stores can answer with has a Russian and an English text.</summary>
public sealed class GamificationMessagesTests
{
    [Fact]
    public void EveryValidationMessageHasARussianAndAnEnglishText()
    {
        var dealWon = PointRuleSet.DefaultRules.First(r => r.Trigger == PointTrigger.DealWon);
        var points = PointRulesValidator.Validate(new PointRuleSet { Rules = [new(PointTrigger.CallCompleted, true, -1), new(PointTrigger.CallCompleted, true, 1), dealWon with { Mode = DealPointsMode.Percent, Percent = 150 }] })
            .Concat(PointRulesValidator.Validate(new PointRuleSet { Rules = [dealWon with { Brackets = [] }] }))
            .Concat(PointRulesValidator.Validate(new PointRuleSet { Rules = [dealWon with { Brackets = [new(-5, 1), new(-5, 20_000)] }] }));
        var ratings = RatingValidator.Validate(new RatingDefinition { Name = " ", Scope = RatingScope.Area, TopN = -1, Threshold = new Threshold(Metric.Calls, -1) })
            .Concat(RatingValidator.Validate(new RatingDefinition { Name = new string('x', TextLimits.Name + 1), Criteria = [.. Enumerable.Repeat(new Criterion(Metric.Calls, 0), 11)] }));
        var badges = new[]
        {
            new Badge { Name = "", Category = "", Audience = BadgeAudience.Customer, Icon = "unicorn", Rule = BadgeRule.MetricInPeriod, Metric = Metric.LeadResponseMinutes },
            new Badge { Name = new string('x', TextLimits.Name + 1), Category = new string('x', TextLimits.Name + 1), Description = new string('x', TextLimits.Description + 1), Rule = (BadgeRule)99 },
            new Badge { Rule = BadgeRule.Cumulative, BronzeThreshold = 5, SilverThreshold = -1, GoldThreshold = 1 },
            new Badge { Rule = BadgeRule.RatingRank, BronzeThreshold = 1, SilverThreshold = 0, GoldThreshold = 2 },
            new Badge { Rule = BadgeRule.MetricInPeriod, Metric = Metric.Calls },
        }.SelectMany(BadgeValidator.Validate);
        // What only the stores answer (they need the database or the picture).
        string[] stores = ["Rating_Error_NotFound", "Badge_Error_NotFound", "Badge_Error_PictureMissing", "Badge_Error_PictureTooLarge", "Badge_Error_PictureFormat", "Badge_Error_RatingNotFound", "Badge_Error_RatingOfTeams"];
        var keys = points.Concat(ratings).Concat(badges).Select(e => e.MessageKey).Concat(stores).Distinct().Order().ToList();

        Assert.Equal(37, keys.Count);
        var resources = new ResourceManager("Loyalty.Web.Resources.SharedResource", typeof(SharedResource).Assembly);
        foreach (var culture in new[] { CultureInfo.InvariantCulture, CultureInfo.GetCultureInfo("en") })
        {
            var set = resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!;
            Assert.All(keys, key => Assert.False(string.IsNullOrWhiteSpace(set.GetString(key)), $"{key} has no {culture.Name} text"));
        }
    }
}
