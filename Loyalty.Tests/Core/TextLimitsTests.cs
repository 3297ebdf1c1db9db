using Loyalty.Core;
using Loyalty.Core.Bitrix24;
using Loyalty.Core.Bonuses;
using Loyalty.Core.Gamification;
using Loyalty.Tests.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Loyalty.Tests.Core;

/// <summary>Every text a user saves outside the identity forms is refused by its validator one character past its limit.</summary>
public sealed class TextLimitsTests
{
    private const string Webhook = "https://b24.example.ru/rest/1/";

    /// <summary>Each text: how its validator is called with it, the field the error names, its limit and a text of a given length.</summary>
    private static readonly Dictionary<string, (Func<string, IReadOnlyList<SettingsError>> Validate, string Field, int Limit, Func<int, string> Text)> Texts = new()
    {
        ["a tier name"] = (t => BonusSettingsValidator.Validate(new BonusSettings { Tiers = [new(t, 0, 3, 0)] }), "Tiers[0].Name", TextLimits.Name, Letters),
        ["a field code"] = (t => BonusSettingsValidator.Validate(new BonusSettings { ContactBalanceField = t }), nameof(BonusSettings.ContactBalanceField), TextLimits.Code,
            n => "UF_CRM_" + new string('A', n - 7)),
        ["a rating name"] = (t => RatingValidator.Validate(Rating() with { Name = t }), nameof(RatingDefinition.Name), TextLimits.Name, Letters),
        ["a rating description"] = (t => RatingValidator.Validate(Rating() with { Description = t }), nameof(RatingDefinition.Description), TextLimits.Description, Letters),
        ["a badge name"] = (t => BadgeValidator.Validate(ManualBadge(b => b.Name = t)), nameof(Badge.Name), TextLimits.Name, Letters),
        ["a badge category"] = (t => BadgeValidator.Validate(ManualBadge(b => b.Category = t)), nameof(Badge.Category), TextLimits.Name, Letters),
        ["a badge description"] = (t => BadgeValidator.Validate(ManualBadge(b => b.Description = t)), nameof(Badge.Description), TextLimits.Description, Letters),
        ["a webhook"] = (t => ConnectionSettings.Validate(ConnectionSettings.WebhookUrlKey, t), ConnectionSettings.WebhookUrlKey, TextLimits.Url,
            n => Webhook + new string('s', n - Webhook.Length)),
        ["an application token"] = (t => ConnectionSettings.Validate(ConnectionSettings.ApplicationTokenKey, t), ConnectionSettings.ApplicationTokenKey, TextLimits.Token, Letters),
    };

    public static TheoryData<string, int> TextsAtAndPastTheirLimit
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var text in Texts.Keys)
            {
                data.Add(text, 0);
                data.Add(text, 1);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(TextsAtAndPastTheirLimit))]
    public void ATextIsAcceptedUpToItsLimitAndRefusedOneCharacterPastIt(string text, int past)
    {
        var (validate, field, limit, make) = Texts[text];
        var value = make(limit + past);
        Assert.Equal(limit + past, value.Length);

        var errors = validate(value).Where(e => e.Field == field).ToList();

        if (past == 0)
        {
            // At the limit the length is no objection (a field code of 50 still breaks its UF_CRM_ form, of at most 47).
            Assert.DoesNotContain(errors, e => e.MessageKey == TextLimits.TooLongKey);
        }
        else
        {
            var error = Assert.Single(errors);
            Assert.Equal(TextLimits.TooLongKey, error.MessageKey);
            Assert.Equal([limit], error.Arguments);
        }
    }

    [Fact]
    public void SpacesAroundATextDoNotCountAsTheyAreNotSaved()
    {
        var errors = BonusSettingsValidator.Validate(new BonusSettings { Tiers = [new($"  {Letters(TextLimits.Name)}  ", 0, 3, 0)] });

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(1, "Text_TooLong")]
    public async Task AManualAwardsReasonIsRefusedPastItsLimit(int past, string? refusal)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var services = BadgeGallerySeed.CreateServices(database);
        await BadgeGallerySeed.SeedAsync(services);
        var evaluator = services.GetRequiredService<BadgeEvaluator>();

        var error = await Record.ExceptionAsync(() =>
            evaluator.AwardManuallyAsync(BadgeGallerySeed.Soul, BadgeGallerySeed.Boris, BadgeLevel.Bronze, Letters(TextLimits.Reason + past), "head@demo.loyalty"));

        Assert.Equal(refusal, (error as BadgeAwardException)?.MessageKey);
        if (error is BadgeAwardException refused)
        {
            Assert.Equal([TextLimits.Reason], refused.Arguments);
        }

        await using var db = database.CreateDbContext();
        Assert.Equal(refusal is null, await db.BadgeAwards.AnyAsync(a => a.BadgeId == BadgeGallerySeed.Soul && a.EmployeeId == BadgeGallerySeed.Boris));
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(1, "Text_TooLong")]
    public async Task ARevocationsReasonIsRefusedPastItsLimit(int past, string? refusal)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var services = BadgeGallerySeed.CreateServices(database);
        await BadgeGallerySeed.SeedAsync(services);
        long awardId;
        await using (var db = database.CreateDbContext())
        {
            awardId = await db.BadgeAwards.Where(a => a.BadgeId == BadgeGallerySeed.Soul && a.EmployeeId == BadgeGallerySeed.Anna).Select(a => a.Id).SingleAsync();
        }

        var error = await Record.ExceptionAsync(() =>
            services.GetRequiredService<BadgeEvaluator>().RevokeAsync(awardId, Letters(TextLimits.Reason + past), "head@demo.loyalty"));

        Assert.Equal(refusal, (error as BadgeAwardException)?.MessageKey);
        await using var after = database.CreateDbContext();
        Assert.Equal(refusal is null, await after.BadgeAwards.AnyAsync(a => a.Id == awardId && a.RevokedAt != null));
    }

    [Fact]
    public async Task ARevocationWithoutAReasonIsRefused()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var services = BadgeGallerySeed.CreateServices(database);
        await BadgeGallerySeed.SeedAsync(services);

        var error = await Assert.ThrowsAsync<BadgeAwardException>(() => services.GetRequiredService<BadgeEvaluator>().RevokeAsync(1, "  ", "head@demo.loyalty"));

        Assert.Equal("Revoke_ReasonRequired", error.MessageKey);
    }

    [Theory]
    [InlineData(0, RedemptionRefusal.None)]
    [InlineData(1, RedemptionRefusal.CommentTooLong)]
    public async Task ARedemptionsCommentIsRefusedPastItsLimit(int past, RedemptionRefusal refusal)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var services = new ServiceCollection().AddBonusServices(database).BuildServiceProvider();
        await BonusSeed.SeedAsync(services);

        var outcome = await services.GetRequiredService<BonusRedemptions>()
            .RecordAsync(BonusSeed.Anna, 100_00, null, "head@demo.loyalty", Letters(TextLimits.Reason + past), Guid.NewGuid());

        Assert.Equal(refusal, outcome.Refusal);
        Assert.Equal(refusal == RedemptionRefusal.None, outcome.Entry is not null);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task AnApplicationTokenPastItsLimitIsNotSaved(int past)
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = new ConnectionSettings(database, new EphemeralDataProtectionProvider(), Options.Create(new Bitrix24Options()), TimeProvider.System);

        var error = await Record.ExceptionAsync(() => settings.SaveAsync(ConnectionSettings.ApplicationTokenKey, Letters(TextLimits.Token + past), "admin"));

        Assert.Equal(past == 0, error is null);
        Assert.Equal(past == 0, (await settings.StateAsync(ConnectionSettings.ApplicationTokenKey)).IsSet);
    }

    private static string Letters(int length) => new('я', length);

    private static RatingDefinition Rating() => new() { Name = "Лучший менеджер", Criteria = [new Criterion(Metric.Calls, 50)] };

    private static Badge ManualBadge(Action<Badge> change)
    {
        var badge = new Badge { Name = "Душа компании", Category = "Признание", Icon = "heart", Audience = BadgeAudience.Employee, Rule = BadgeRule.Manual };
        change(badge);
        return badge;
    }
}
