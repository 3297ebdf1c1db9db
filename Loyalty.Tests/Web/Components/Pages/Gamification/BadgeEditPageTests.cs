using Bunit;
using Loyalty.Core.Gamification;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Pages.Gamification;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Loyalty.Tests.Web.Components.Pages.Gamification;

/// <summary>
/// The badge editor on a real SQLite database and the real <see cref="BadgeStore"/>: a saved badge's values, mistakes
/// shown in the user's language (nothing saved), uploads checked by their bytes, new badges read back from the database.
/// </summary>
public sealed class BadgeEditPageTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, .. "IHDR"u8];

    [Fact]
    public async Task ASavedBadgeShowsItsValuesWithMoneyThresholdsInRoubles()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        GamificationPages.AddServices(ctx, database);
        var saved = await ctx.Services.GetRequiredService<BadgeStore>().SaveAsync(new Badge
        {
            Name = "Звезда продаж", Description = "Сделки на 500 тыс., 1 и 2 млн ₽ за месяц.", Category = "Продажи", Icon = "star", Rule = BadgeRule.MetricInPeriod,
            Metric = Metric.DealSum, Period = PeriodKind.Month, BronzeThreshold = 50_000_000, SilverThreshold = 100_000_000, GoldThreshold = 200_000_050, Repeatable = true,
        });

        var cut = GamificationPages.Render<BadgeEditPage>(ctx, p => p.Add(x => x.Id, saved.Id));

        cut.WaitForAssertion(() => Assert.Equal("Звезда продаж", GamificationPages.Input(cut, "badge-name").GetAttribute("value")), GamificationPages.Deadline);
        Assert.Equal("Продажи", GamificationPages.Input(cut, "badge-category").GetAttribute("value"));
        Assert.Equal(500_000m, ThresholdShown(cut, "Bronze"));
        Assert.Equal(1_000_000m, ThresholdShown(cut, "Silver"));
        Assert.Equal(2_000_000.5m, ThresholdShown(cut, "Gold"));
        Assert.Contains("₽", GamificationPages.FieldText(cut, "badge-threshold-Gold"), StringComparison.Ordinal);
        Assert.Equal(BadgeRule.MetricInPeriod, cut.FindComponent<MudRadioGroup<BadgeRule>>().Instance.Value);
        Assert.Equal("Сумма выигранных сделок", GamificationPages.Input(cut, "badge-metric").GetAttribute("value"));
        Assert.Equal("Месяц", GamificationPages.Input(cut, "badge-period").GetAttribute("value"));
        Assert.Equal("true", cut.Find("[data-testid=badge-icon-star]").GetAttribute("aria-pressed"));
        Assert.Empty(cut.FindAll("[data-testid=badge-errors]"));
    }

    [Fact]
    public async Task SilverBelowBronzeAndNoNameShowTheirMessagesAndSaveNothing()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        GamificationPages.AddServices(ctx, database);
        var cut = GamificationPages.Render<BadgeEditPage>(ctx);
        cut.WaitForElement("[data-testid=badge-threshold-Bronze]", GamificationPages.Deadline);

        GamificationPages.Input(cut, "badge-category").Change("Активность");
        GamificationPages.Input(cut, "badge-threshold-Bronze").Change("20");
        GamificationPages.Input(cut, "badge-threshold-Silver").Change("10");

        cut.WaitForAssertion(() => Assert.Contains("Порог этого уровня должен быть больше, чем у предыдущего.", GamificationPages.FieldText(cut, "badge-threshold-Silver"), StringComparison.Ordinal), GamificationPages.Deadline);
        var summary = cut.Find("[data-testid=badge-errors]").TextContent;
        Assert.Contains("Название: Введите название.", summary, StringComparison.Ordinal);
        Assert.Contains("Серебро: Порог этого уровня", summary, StringComparison.Ordinal);

        await cut.Find("[data-testid=badge-save]").ClickAsync(new());

        Assert.Equal(0, await BadgeCountAsync(database));
        Assert.Empty(ctx.Services.GetRequiredService<ISnackbar>().ShownSnackbars);
    }

    [Fact]
    public async Task WithEnglishChosenARankThatIsNotWholeIsRefusedInEnglish()
    {
        using var culture = new CultureScope("en");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        GamificationPages.AddServices(ctx, database);
        var cut = GamificationPages.Render<BadgeEditPage>(ctx);
        cut.WaitForElement("[data-testid=badge-threshold-Bronze]", GamificationPages.Deadline);

        GamificationPages.Input(cut, "badge-rule-RatingRank").Click();
        cut.WaitForElement("[data-testid=badge-rating]", GamificationPages.Deadline);
        GamificationPages.Input(cut, "badge-threshold-Bronze").Change("2.5");

        cut.WaitForAssertion(() => Assert.Contains("A place is a whole number from 1.", GamificationPages.FieldText(cut, "badge-threshold-Bronze"), StringComparison.Ordinal), GamificationPages.Deadline);
        Assert.Contains("Rating: Choose a rating.", cut.Find("[data-testid=badge-errors]").TextContent, StringComparison.Ordinal);
        Assert.Contains("No employee ratings yet", cut.Find("[data-testid=badge-no-ratings]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AValidNewBadgeIsCreatedWithItsRulesFieldsAndReadBackFromTheDatabase()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        GamificationPages.AddServices(ctx, database);
        await ctx.Services.GetRequiredService<BadgeStore>().SaveAsync(new Badge { Name = "Первый клиент", Category = "Продажи", Rule = BadgeRule.FirstWonDeal });
        var cut = GamificationPages.Render<BadgeEditPage>(ctx);
        cut.WaitForElement("[data-testid=badge-category-chip]", GamificationPages.Deadline);

        GamificationPages.Input(cut, "badge-name").Change("Первый миллион");
        await cut.Find("[data-testid=badge-category-chip]").ClickAsync(new());
        await cut.Find("[data-testid=badge-icon-rocket]").ClickAsync(new());
        GamificationPages.Input(cut, "badge-rule-Cumulative").Click();
        var metric = cut.FindComponent<MudSelect<Metric>>();
        await cut.InvokeAsync(() => metric.Instance.ValueChanged.InvokeAsync(Metric.DealSum));
        GamificationPages.Input(cut, "badge-threshold-Bronze").Change("1000000");
        GamificationPages.Input(cut, "badge-threshold-Gold").Change("10000000");
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=badge-errors]")), GamificationPages.Deadline);

        await cut.Find("[data-testid=badge-save]").ClickAsync(new());

        await using var db = database.CreateDbContext();
        var badge = await db.Badges.SingleAsync(b => b.Name == "Первый миллион");
        Assert.Equal(("Продажи", "rocket", BadgeRule.Cumulative, Metric.DealSum), (badge.Category, badge.Icon, badge.Rule, badge.Metric!.Value));
        Assert.Equal((100_000_000L, (long?)null, 1_000_000_000L), (badge.BronzeThreshold!.Value, badge.SilverThreshold, badge.GoldThreshold!.Value));
        Assert.Equal((null, false, true), (badge.Period, badge.Repeatable, badge.Active));
        Assert.EndsWith("/gamification/badges", ctx.Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
        Assert.Contains(ctx.Services.GetRequiredService<ISnackbar>().ShownSnackbars, s => s.Message == "Значок «Первый миллион» создан.");
    }

    [Fact]
    public async Task ARankBadgeOffersEmployeeRatingsOnlyAndFollowsTheRatingsPeriod()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        GamificationPages.AddServices(ctx, database);
        var queries = ctx.Services.GetRequiredService<GamificationQueries>();
        var week = await queries.SaveRatingAsync(new RatingDefinition { Name = "Активность недели", Period = PeriodKind.Week, Criteria = [new(Metric.Calls, 100)] }, "Борис");
        await queries.SaveRatingAsync(new RatingDefinition { Name = "Отделы", Scope = RatingScope.Team, Criteria = [new(Metric.Points, 100)] }, "Борис");
        var popovers = ctx.Render<MudPopoverProvider>();
        var cut = GamificationPages.Render<BadgeEditPage>(ctx);
        cut.WaitForElement("[data-testid=badge-threshold-Bronze]", GamificationPages.Deadline);

        GamificationPages.Input(cut, "badge-name").Change("Лидер недели");
        GamificationPages.Input(cut, "badge-category").Change("Достижения");
        GamificationPages.Input(cut, "badge-rule-RatingRank").Click();
        var rating = cut.WaitForComponent<MudSelect<long?>>();
        await cut.InvokeAsync(rating.Instance.OpenMenu);
        popovers.WaitForAssertion(() => Assert.Equal(["Активность недели (Неделя)"], popovers.FindAll(".mud-list-item").Select(i => i.TextContent.Trim())), GamificationPages.Deadline);
        await cut.InvokeAsync(() => rating.Instance.ValueChanged.InvokeAsync(week.Id));
        GamificationPages.Input(cut, "badge-threshold-Bronze").Change("3");
        GamificationPages.Input(cut, "badge-threshold-Silver").Change("2");
        GamificationPages.Input(cut, "badge-threshold-Gold").Change("1");
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=badge-errors]")), GamificationPages.Deadline);

        await cut.Find("[data-testid=badge-save]").ClickAsync(new());

        await using var db = database.CreateDbContext();
        var badge = await db.Badges.SingleAsync();
        Assert.Equal((BadgeRule.RatingRank, week.Id, PeriodKind.Week, true), (badge.Rule, badge.RatingId!.Value, badge.Period!.Value, badge.Repeatable));
        Assert.Equal((3.0, 2.0, 1.0), (badge.BronzeThreshold!.Value, badge.SilverThreshold!.Value, badge.GoldThreshold!.Value));
    }

    [Fact]
    public async Task APictureIsTakenByItsBytesNotItsNameAndSavedWithTheBadge()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        GamificationPages.AddServices(ctx, database);
        var store = ctx.Services.GetRequiredService<BadgeStore>();
        var saved = await store.SaveAsync(new Badge { Name = "Душа компании", Category = "Признание", Icon = "heart", Rule = BadgeRule.Manual });
        var cut = GamificationPages.Render<BadgeEditPage>(ctx, p => p.Add(x => x.Id, saved.Id));
        cut.WaitForElement("[data-testid=badge-upload]", GamificationPages.Deadline);
        var upload = cut.FindComponent<InputFile>();

        upload.UploadFiles(InputFileContent.CreateFromBinary([.. "GIF89a"u8, 1, 0, 1, 0], "heart.png", contentType: "image/png"));
        cut.WaitForAssertion(() => Assert.Contains("Это не картинка PNG, JPEG или WebP", cut.Find("[data-testid=badge-icon-error]").TextContent, StringComparison.Ordinal), GamificationPages.Deadline);
        Assert.Equal("true", cut.Find("[data-testid=badge-icon-heart]").GetAttribute("aria-pressed"));

        var large = new byte[BadgePictures.MaxBytes + 1];
        Png.CopyTo(large, 0);
        upload.UploadFiles(InputFileContent.CreateFromBinary(large, "big.png", contentType: "image/png"));
        cut.WaitForAssertion(() => Assert.Contains("Картинка больше 256 КБ", cut.Find("[data-testid=badge-icon-error]").TextContent, StringComparison.Ordinal), GamificationPages.Deadline);
        await cut.Find("[data-testid=badge-save]").ClickAsync(new());
        Assert.Equal("heart", (await store.FindAsync(saved.Id))!.Icon);

        // A real PNG called .jpg: the bytes decide.
        var picture = new byte[2048];
        Png.CopyTo(picture, 0);
        upload.UploadFiles(InputFileContent.CreateFromBinary(picture, "photo.jpg", contentType: "image/jpeg"));
        cut.WaitForAssertion(() => Assert.Contains("data:image/png;base64,", cut.Find("[data-testid=badge-upload-preview]").InnerHtml, StringComparison.Ordinal), GamificationPages.Deadline);
        Assert.Empty(cut.FindAll("[data-testid=badge-icon-error]"));

        await cut.Find("[data-testid=badge-save]").ClickAsync(new());

        var read = await store.FindAsync(saved.Id);
        Assert.Equal((BadgeIcons.Upload, "image/png"), (read!.Icon, read.IconContentType));
        Assert.Equal(picture, read.IconData);
    }

    [Fact]
    public async Task SwitchingABadgeOffKeepsTheAwardsItsHoldersHave()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        GamificationPages.AddServices(ctx, database);
        var store = ctx.Services.GetRequiredService<BadgeStore>();
        var saved = await store.SaveAsync(new Badge { Name = "Мастер задач", Category = "Дисциплина", Rule = BadgeRule.MetricInPeriod, Metric = Metric.TasksOnTime, Period = PeriodKind.Month, BronzeThreshold = 10 });
        await using (var db = database.CreateDbContext())
        {
            db.BadgeAwards.Add(new BadgeAward { BadgeId = saved.Id, EmployeeId = 7, Level = BadgeLevel.Bronze, PeriodKey = "", AwardedAt = GamificationPages.Now.UtcDateTime, AwardedBy = "system:badges" });
            await db.SaveChangesAsync();
        }

        var cut = GamificationPages.Render<BadgeEditPage>(ctx, p => p.Add(x => x.Id, saved.Id));
        cut.WaitForElement("[data-testid=badge-active]", GamificationPages.Deadline);

        GamificationPages.Input(cut, "badge-active").Change(false);
        await cut.Find("[data-testid=badge-save]").ClickAsync(new());

        Assert.False((await store.FindAsync(saved.Id))!.Active);
        await using var check = database.CreateDbContext();
        Assert.Equal(1, await check.BadgeAwards.CountAsync(a => a.BadgeId == saved.Id && a.RevokedAt == null));
    }

    private static decimal ThresholdShown<TComponent>(IRenderedComponent<TComponent> cut, string level)
        where TComponent : IComponent =>
        decimal.Parse(GamificationPages.Input(cut, $"badge-threshold-{level}").GetAttribute("value")!.Replace("\u00A0", "").Replace(" ", ""), System.Globalization.CultureInfo.GetCultureInfo("ru-RU"));

    private static async Task<int> BadgeCountAsync(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        return await db.Badges.CountAsync();
    }
}
