using Bunit;
using Loyalty.Core.Crm;
using Loyalty.Core.Gamification;
using Loyalty.Tests.TestSupport;
using Loyalty.Tests.Web.Components.Pages.Gamification;
using Loyalty.Web.Components.Pages.Leaderboards;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Web.Components.Pages.Leaderboards;

/// <summary>
/// The feed (and the toasts, which share <see cref="Loyalty.Web.Components.Shared.NoticeTexts"/>) says whom a notice is
/// about: the stored text speaks to the employee ("Вы…") for Bitrix24, the portal's readers are someone else.
/// </summary>
public sealed class NoticeFeedTests : IAsyncLifetime
{
    private TestDatabase _database = default!;
    private BunitContext _ctx = default!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _ctx = new BunitContext();
        GamificationPages.AddServices(_ctx, _database);
        _ctx.Services.AddSingleton<NoticeSubjects>();

        await using var db = _database.CreateDbContext();
        db.Employees.Add(new Employee { Id = 7, FirstName = "Жанна", LastName = "Климова", Active = true });
        var rating = db.Ratings.Add(new Rating { Name = "Лучший менеджер месяца", Scope = RatingScope.Individual, Period = PeriodKind.Month }).Entity;
        var badge = db.Badges.Add(new Badge { Name = "Снайпер" }).Entity;
        await db.SaveChangesAsync();
        var noticedAt = new DateTime(2026, 12, 6, 10, 0, 0, DateTimeKind.Utc);
        db.BadgeAwards.Add(new BadgeAward { BadgeId = badge.Id, EmployeeId = 7, Level = BadgeLevel.Gold, PeriodKey = "2026-12", AwardedAt = noticedAt, AwardedBy = "system:badges" });
        db.GamificationNotices.AddRange(
            new GamificationNotice { Kind = NoticeKind.NewLeader, EmployeeId = 7, RatingId = rating.Id, Text = "Вы вышли на первое место в рейтинге «Лучший менеджер месяца» (2026-12).", CreatedAt = noticedAt },
            new GamificationNotice { Kind = NoticeKind.BadgeAwarded, EmployeeId = 7, BadgeId = badge.Id, Text = "Новый бейдж: «Снайпер» (золото). Поздравляем!", CreatedAt = noticedAt.AddMinutes(1) });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public void TheFeedNamesTheEmployeeANoticeIsAboutInsteadOfSayingYou()
    {
        using var culture = new CultureScope("ru");

        var cut = GamificationPages.Render<NoticeFeed>(_ctx);

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=notice-text]").Count), GamificationPages.Deadline);
        var texts = cut.FindAll("[data-testid=notice-text]").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal("Жанна Климова — новый значок «Снайпер» (Золото)", texts[0]);
        Assert.Equal("Жанна Климова — первое место в «Лучший менеджер месяца», декабрь 2026", texts[1]);
        Assert.DoesNotContain("Вы ", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("2026-12", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void InEnglishTheFeedNamesTheEmployeeInEnglish()
    {
        using var culture = new CultureScope("ru", "en");

        var cut = GamificationPages.Render<NoticeFeed>(_ctx);

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=notice-text]").Count), GamificationPages.Deadline);
        Assert.Equal("Жанна Климова — first place in “Лучший менеджер месяца”, December 2026", cut.FindAll("[data-testid=notice-text]")[1].TextContent.Trim());
    }
}
