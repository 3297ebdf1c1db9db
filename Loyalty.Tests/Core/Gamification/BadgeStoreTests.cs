using Loyalty.Core;
using Loyalty.Core.Gamification;
using Loyalty.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Core.Gamification;

/// <summary>The badge store on a real SQLite file: what it saves, what it refuses and why, and the uploaded pictures it takes.</summary>
public sealed class BadgeStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    private static readonly byte[] PngStart = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

    private static readonly byte[] JpegStart = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46, 0x49, 0x46];

    private static readonly byte[] WebpStart = [.. "RIFF"u8, 0x24, 0, 0, 0, .. "WEBPVP8 "u8];

    private static readonly byte[] GifStart = [.. "GIF89a"u8, 1, 0, 1, 0];

    /// <summary>Each way to spoil a valid call badge, with the field and the message the store answers.</summary>
    private static readonly Dictionary<string, (Action<Badge> Spoil, string Field, string Key)> Refusals = new()
    {
        ["no name"] = (b => b.Name = "  ", "Name", "Badge_Error_NameRequired"),
        ["a name too long"] = (b => b.Name = new string('я', TextLimits.Name + 1), "Name", TextLimits.TooLongKey),
        ["no category"] = (b => b.Category = "", "Category", "Badge_Error_CategoryRequired"),
        ["a category too long"] = (b => b.Category = new string('к', TextLimits.Name + 1), "Category", TextLimits.TooLongKey),
        ["a description too long"] = (b => b.Description = new string('о', TextLimits.Description + 1), "Description", TextLimits.TooLongKey),
        ["customers"] = (b => b.Audience = BadgeAudience.Customer, "Audience", "Badge_Error_AudienceEmployeesOnly"),
        ["an unknown icon"] = (b => b.Icon = "unicorn", "Icon", "Badge_Error_IconUnknown"),
        ["an upload without a picture"] = (b => b.Icon = BadgeIcons.Upload, "Icon", "Badge_Error_PictureMissing"),
        ["no metric"] = (b => b.Metric = null, "Metric", "Badge_Error_MetricRequired"),
        ["a lower-is-better metric"] = (b => b.Metric = Metric.LeadResponseMinutes, "Metric", "Badge_Error_MetricLowerIsBetter"),
        ["no period"] = (b => b.Period = null, "Period", "Badge_Error_PeriodRequired"),
        ["no threshold"] = (b => (b.BronzeThreshold, b.SilverThreshold, b.GoldThreshold) = (null, null, null), "BronzeThreshold", "Badge_Error_ThresholdRequired"),
        ["a negative threshold"] = (b => b.BronzeThreshold = -1, "BronzeThreshold", "Badge_Error_ThresholdNegative"),
        ["silver not above bronze"] = (b => b.SilverThreshold = 20, "SilverThreshold", "Badge_Error_ThresholdsRising"),
        ["a rank badge without a rating"] = (b => (b.Rule, b.RatingId, b.BronzeThreshold, b.SilverThreshold, b.GoldThreshold) = (BadgeRule.RatingRank, null, 3, 2, 1), "RatingId", "Badge_Error_RatingRequired"),
        ["a rank badge of an unknown rating"] = (b => (b.Rule, b.RatingId, b.BronzeThreshold, b.SilverThreshold, b.GoldThreshold) = (BadgeRule.RatingRank, 999, 3, 2, 1), "RatingId", "Badge_Error_RatingNotFound"),
        ["a rank of 0"] = (b => (b.Rule, b.RatingId, b.BronzeThreshold, b.SilverThreshold, b.GoldThreshold) = (BadgeRule.RatingRank, 999, 3, 0, null), "SilverThreshold", "Badge_Error_RankWhole"),
        ["ranks rising"] = (b => (b.Rule, b.RatingId, b.BronzeThreshold, b.SilverThreshold, b.GoldThreshold) = (BadgeRule.RatingRank, 999, 1, 3, null), "SilverThreshold", "Badge_Error_RanksFalling"),
        ["a manual badge again each period without one"] = (b => (b.Rule, b.Repeatable, b.Period) = (BadgeRule.Manual, true, null), "Period", "Badge_Error_PeriodRequired"),
    };

    public static TheoryData<string> RefusalCases => [.. Refusals.Keys];

    [Fact]
    public async Task AValidBadgeIsSavedWithOnlyTheFieldsItsRuleUses()
    {
        await using var database = await TestDatabase.CreateAsync();
        var store = Store(database);

        var saved = await store.SaveAsync(new Badge
        {
            Name = "  Мастер звонков ", Description = "20 звонков за неделю.", Category = "Активность ", Icon = "phone", Rule = BadgeRule.Cumulative,
            Metric = Metric.Calls, Period = PeriodKind.Week, RatingId = 7, BronzeThreshold = 20, SilverThreshold = 50, GoldThreshold = 100, Repeatable = true,
        });

        var read = await store.FindAsync(saved.Id);
        Assert.NotNull(read);
        Assert.Equal("Мастер звонков", read.Name);
        Assert.Equal("Активность", read.Category);
        Assert.Equal(Metric.Calls, read.Metric);
        Assert.Equal((20.0, 50.0, 100.0), (read.BronzeThreshold!.Value, read.SilverThreshold!.Value, read.GoldThreshold!.Value));
        // An all-time total has no period, no rating and happens once.
        Assert.Null(read.Period);
        Assert.Null(read.RatingId);
        Assert.False(read.Repeatable);
        Assert.Equal(Now.UtcDateTime, read.CreatedAt);
    }

    [Theory]
    [MemberData(nameof(RefusalCases))]
    public async Task AnInvalidBadgeIsRefusedWithItsFieldAndReasonAndNothingIsSaved(string refusal)
    {
        await using var database = await TestDatabase.CreateAsync();
        var (spoil, field, key) = Refusals[refusal];
        var badge = CallBadge();
        spoil(badge);

        var e = await Assert.ThrowsAsync<BadgeInvalidException>(() => Store(database).SaveAsync(badge));

        Assert.Contains(e.Errors, error => error.Field == field && error.MessageKey == key);
        await using var db = database.CreateDbContext();
        Assert.Equal(0, await db.Badges.CountAsync());
    }

    [Fact]
    public async Task TheValidCallBadgeOfTheRefusalsIsItselfAccepted()
    {
        await using var database = await TestDatabase.CreateAsync();

        var saved = await Store(database).SaveAsync(CallBadge());

        Assert.True(saved.Id > 0);
    }

    [Fact]
    public async Task ARankBadgeFollowsItsRatingsPeriodAndATeamRatingIsRefused()
    {
        await using var database = await TestDatabase.CreateAsync();
        long quarterly, teams;
        await using (var db = database.CreateDbContext())
        {
            var a = db.Ratings.Add(new Rating { Name = "Квартал", Scope = RatingScope.Individual, Period = PeriodKind.Quarter }).Entity;
            var b = db.Ratings.Add(new Rating { Name = "Отделы", Scope = RatingScope.Team, Period = PeriodKind.Month }).Entity;
            await db.SaveChangesAsync();
            (quarterly, teams) = (a.Id, b.Id);
        }

        var store = Store(database);
        var rank = new Badge { Name = "Лучший квартала", Category = "Достижения", Rule = BadgeRule.RatingRank, RatingId = quarterly, Period = PeriodKind.Day, BronzeThreshold = 3, GoldThreshold = 1, Repeatable = true };

        var saved = await store.SaveAsync(rank);
        var e = await Assert.ThrowsAsync<BadgeInvalidException>(() => store.SaveAsync(new Badge { Name = "Лучший отдел", Category = "Достижения", Rule = BadgeRule.RatingRank, RatingId = teams, BronzeThreshold = 1 }));

        Assert.Equal(PeriodKind.Quarter, (await store.FindAsync(saved.Id))!.Period);
        Assert.Contains(e.Errors, error => error is { Field: "RatingId", MessageKey: "Badge_Error_RatingOfTeams" });
    }

    [Fact]
    public async Task AFirstDealBadgeKeepsNoThresholdsAndEarnsBronzeOnce()
    {
        await using var database = await TestDatabase.CreateAsync();

        var saved = await Store(database).SaveAsync(new Badge { Name = "Первый клиент", Category = "Продажи", Rule = BadgeRule.FirstWonDeal, BronzeThreshold = 5, GoldThreshold = -3, Repeatable = true });

        Assert.Equal((null, null, false), (saved.BronzeThreshold, saved.GoldThreshold, saved.Repeatable));
        Assert.Equal([(BadgeLevel.Bronze, 1.0)], BadgeLevels.Of(saved));
    }

    [Theory]
    [InlineData("png", "image/png")]
    [InlineData("jpeg", "image/jpeg")]
    [InlineData("webp", "image/webp")]
    [InlineData("gif", null)]
    [InlineData("text", null)]
    [InlineData("riff-wave", null)]
    public void APicturesTypeIsToldByItsFirstBytes(string kind, string? expected)
    {
        Assert.Equal(expected, BadgePictures.ContentTypeOf(Picture(kind, 64)));
    }

    [Fact]
    public async Task AnUploadedPictureIsStoredWithTheTypeItsBytesShow()
    {
        await using var database = await TestDatabase.CreateAsync();
        var store = Store(database);
        var picture = Picture("webp", BadgePictures.MaxBytes);

        var saved = await store.SaveAsync(CallBadge(), picture);

        var read = await store.FindAsync(saved.Id);
        Assert.Equal(BadgeIcons.Upload, read!.Icon);
        Assert.Equal("image/webp", read.IconContentType);
        Assert.Equal(picture, read.IconData);

        // Saved again without a new picture, the upload stays; a built-in icon drops it.
        read.Name = "Мастер звонков!";
        await store.SaveAsync(read);
        Assert.Equal(picture, (await store.FindAsync(saved.Id))!.IconData);
        read.Icon = "rocket";
        await store.SaveAsync(read);
        var builtIn = await store.FindAsync(saved.Id);
        Assert.Equal(("rocket", null, null), (builtIn!.Icon, builtIn.IconData, builtIn.IconContentType));
    }

    [Fact]
    public async Task APictureThatIsNotPngJpegOrWebpIsRefusedWhateverItClaims()
    {
        await using var database = await TestDatabase.CreateAsync();
        var store = Store(database);
        var saved = await store.SaveAsync(CallBadge());

        var gif = await Assert.ThrowsAsync<BadgeInvalidException>(() => store.SetIconAsync(saved.Id, Picture("gif", 1000)));
        var text = await Assert.ThrowsAsync<BadgeInvalidException>(() => store.SaveAsync(CallBadge(), Picture("text", 1000)));

        Assert.Contains(gif.Errors, error => error is { Field: "IconData", MessageKey: "Badge_Error_PictureFormat" });
        Assert.Contains(text.Errors, error => error is { Field: "IconData", MessageKey: "Badge_Error_PictureFormat" });
        Assert.Equal("phone", (await store.FindAsync(saved.Id))!.Icon);
        await using var db = database.CreateDbContext();
        Assert.Equal(1, await db.Badges.CountAsync());
    }

    [Fact]
    public async Task APictureOver256KilobytesIsRefused()
    {
        await using var database = await TestDatabase.CreateAsync();
        var store = Store(database);
        var saved = await store.SaveAsync(CallBadge());

        var e = await Assert.ThrowsAsync<BadgeInvalidException>(() => store.SetIconAsync(saved.Id, Picture("png", BadgePictures.MaxBytes + 1)));

        var error = Assert.Single(e.Errors);
        Assert.Equal(("IconData", "Badge_Error_PictureTooLarge"), (error.Field, error.MessageKey));
        Assert.Equal([256], error.Arguments);
        Assert.Null((await store.FindAsync(saved.Id))!.IconData);
    }

    [Fact]
    public async Task SetIconStoresAPictureAndABuiltInIconReplacesIt()
    {
        await using var database = await TestDatabase.CreateAsync();
        var store = Store(database);
        var saved = await store.SaveAsync(CallBadge());
        var jpeg = Picture("jpeg", 2000);

        await store.SetIconAsync(saved.Id, jpeg);
        var uploaded = await store.FindAsync(saved.Id);
        await store.SetBuiltInIconAsync(saved.Id, "crown");
        var builtIn = await store.FindAsync(saved.Id);

        Assert.Equal((BadgeIcons.Upload, "image/jpeg"), (uploaded!.Icon, uploaded.IconContentType));
        Assert.Equal(jpeg, uploaded.IconData);
        Assert.Equal(("crown", null), (builtIn!.Icon, builtIn.IconData));
        await Assert.ThrowsAsync<BadgeInvalidException>(() => store.SetBuiltInIconAsync(saved.Id, BadgeIcons.Upload));
    }

    [Fact]
    public async Task DeactivatingABadgeKeepsItsAwardsAndTheListCountsItsHolders()
    {
        await using var database = await TestDatabase.CreateAsync();
        var store = Store(database);
        var saved = await store.SaveAsync(CallBadge());
        await using (var db = database.CreateDbContext())
        {
            db.BadgeAwards.AddRange(
                Award(saved.Id, 1, BadgeLevel.Bronze),
                Award(saved.Id, 1, BadgeLevel.Silver),
                Award(saved.Id, 2, BadgeLevel.Bronze),
                Award(saved.Id, 3, BadgeLevel.Bronze, revoked: true));
            await db.SaveChangesAsync();
        }

        saved.Active = false;
        await store.SaveAsync(saved);

        var listed = Assert.Single(await store.ListAsync());
        Assert.False(listed.Badge.Active);
        Assert.Equal(2, listed.Holders);
        Assert.Null(listed.Badge.IconData);
        await using var check = database.CreateDbContext();
        Assert.Equal(4, await check.BadgeAwards.CountAsync(a => a.BadgeId == saved.Id));
    }

    [Fact]
    public async Task SavingABadgeThatIsGoneIsRefused()
    {
        await using var database = await TestDatabase.CreateAsync();
        var badge = CallBadge();
        badge.Id = 42;

        var e = await Assert.ThrowsAsync<BadgeInvalidException>(() => Store(database).SaveAsync(badge));

        Assert.Contains(e.Errors, error => error is { Field: "Id", MessageKey: "Badge_Error_NotFound" });
    }

    private static BadgeStore Store(TestDatabase database) => new(database, new ManualTimeProvider(Now));

    private static Badge CallBadge() => new()
    {
        Name = "Мастер звонков", Description = "20, 50 и 100 звонков за неделю.", Category = "Активность", Icon = "phone", Audience = BadgeAudience.Employee,
        Rule = BadgeRule.MetricInPeriod, Metric = Metric.Calls, Period = PeriodKind.Week, BronzeThreshold = 20, SilverThreshold = 50, GoldThreshold = 100, Repeatable = true,
    };

    private static BadgeAward Award(long badgeId, long employeeId, BadgeLevel level, bool revoked = false) => new()
    {
        BadgeId = badgeId, EmployeeId = employeeId, Level = level, PeriodKey = "2026-W10", AwardedAt = Now.UtcDateTime, AwardedBy = "test",
        RevokedAt = revoked ? Now.UtcDateTime : null,
    };

    /// <summary><paramref name="length"/> bytes that start like a file of that kind.</summary>
    private static byte[] Picture(string kind, int length)
    {
        byte[] start = kind switch
        {
            "png" => PngStart,
            "jpeg" => JpegStart,
            "webp" => WebpStart,
            "gif" => GifStart,
            "riff-wave" => [.. "RIFF"u8, 0x24, 0, 0, 0, .. "WAVEfmt "u8],
            _ => "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"u8.ToArray(),
        };
        var bytes = new byte[length];
        start.CopyTo(bytes, 0);
        return bytes;
    }
}
