using Bunit;
using Loyalty.Core.Identity;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Layout;
using Microsoft.AspNetCore.Components;

namespace Loyalty.Tests.Web.Components.Layout;

/// <summary>
/// The drawer filtered through the real policy table. Expected entries are written out per role
/// (not read from <see cref="NavCatalog"/>), so a wrong catalog entry or policy fails here.
/// </summary>
public sealed class NavMenuTests
{
    [Fact]
    public async Task AdministratorSeesEveryEntryIncludingAdministration()
    {
        await using var ctx = new BunitContext();
        ctx.AddPortalServices();

        var cut = ctx.RenderAs<NavMenu>(Principals.SignedIn(Roles.Administrator));

        Assert.Equal(["/", "/leaderboards", "/badges", "/nps", "/nps/answers", "/nps/templates", "/nps/rules", "/nps/settings", "/bonuses/customers", "/bonuses/settings", "/bonuses/recalculation", "/promoters", "/promoters/payouts", "/promoters/reports", "/promoters/settings", "/gamification/points", "/gamification/ratings", "/gamification/badges", "/admin/users", "/admin/sync", "/admin/jobs", "/admin/connection", "/admin/ledger", "/admin/notifications", "/admin/channels", "/Account/Manage", "/about"], Hrefs(cut));
    }

    [Theory]
    [InlineData(Roles.SalesHead, new[] { "/", "/leaderboards", "/badges", "/nps", "/nps/answers", "/bonuses/customers", "/Account/Manage", "/about" })]
    [InlineData(Roles.Accountant, new[] { "/", "/bonuses/customers", "/promoters", "/promoters/payouts", "/promoters/reports", "/Account/Manage", "/about" })]
    public async Task SalesHeadAndAccountantSeeNoAdministrationEntries(string role, string[] expected)
    {
        await using var ctx = new BunitContext();
        ctx.AddPortalServices();

        var cut = ctx.RenderAs<NavMenu>(Principals.SignedIn(role));

        Assert.Equal(expected, Hrefs(cut));
    }

    [Fact]
    public async Task EntriesCarryTestIdsDerivedFromTheirHrefs()
    {
        await using var ctx = new BunitContext();
        ctx.AddPortalServices();

        var cut = ctx.RenderAs<NavMenu>(Principals.SignedIn(Roles.Administrator));

        Assert.Equal(
            ["nav-", "nav-leaderboards", "nav-badges", "nav-nps", "nav-nps-answers", "nav-nps-templates", "nav-nps-rules", "nav-nps-settings", "nav-bonuses-customers", "nav-bonuses-settings", "nav-bonuses-recalculation", "nav-promoters", "nav-promoters-payouts", "nav-promoters-reports", "nav-promoters-settings", "nav-gamification-points", "nav-gamification-ratings", "nav-gamification-badges", "nav-admin-users", "nav-admin-sync", "nav-admin-jobs", "nav-admin-connection", "nav-admin-ledger", "nav-admin-notifications", "nav-admin-channels", "nav-Account-Manage", "nav-about"],
            cut.FindAll("a.mud-nav-link").Select(a => a.GetAttribute("data-testid")));
    }

    [Fact]
    public async Task AnonymousVisitorSeesNoEntries()
    {
        await using var ctx = new BunitContext();
        ctx.AddPortalServices();

        var cut = ctx.RenderAs<NavMenu>(Principals.Anonymous());

        Assert.NotNull(cut.Find("[data-testid='nav-menu']"));
        Assert.Empty(Hrefs(cut));
    }

    [Fact]
    public async Task SignedInUserWithoutRoleSeesNoEntries()
    {
        await using var ctx = new BunitContext();
        ctx.AddPortalServices();

        var cut = ctx.RenderAs<NavMenu>(Principals.SignedIn());

        Assert.NotNull(cut.Find("[data-testid='nav-menu']"));
        Assert.Empty(Hrefs(cut));
    }

    [Fact]
    public async Task MenuWithoutAuthenticationStateShowsNoEntries()
    {
        await using var ctx = new BunitContext();
        ctx.AddPortalServices();

        var cut = ctx.Render<NavMenu>();

        Assert.NotNull(cut.Find("[data-testid='nav-menu']"));
        Assert.Empty(cut.FindAll("a.mud-nav-link"));
    }

    [Fact]
    public async Task TitlesAreRussianWhenTheUiLanguageIsRussian()
    {
        using var culture = new CultureScope("ru");
        await using var ctx = new BunitContext();
        ctx.AddPortalServices();

        var cut = ctx.RenderAs<NavMenu>(Principals.SignedIn(Roles.Administrator));

        Assert.Equal("Обзор", cut.Find("[data-testid='nav-']").TextContent.Trim());
        Assert.Equal(["Обзор", "Рейтинги", "Значки", "NPS-опросы: итоги", "NPS-опросы: все оценки", "NPS-опросы: шаблоны", "NPS-опросы: правила", "NPS-опросы: настройки", "Клиенты: бонусы", "Бонусы: настройки", "Бонусы: пересчёт", "Промоутеры", "Промоутеры: выплаты", "Промоутеры: отчёты", "Промоутеры: настройки", "Очки: правила", "Рейтинги: настройка", "Значки: настройка", "Пользователи", "Синхронизация", "Задания", "Подключение Bitrix24", "Журнал операций", "Уведомления", "Каналы", "Мой профиль", "О программе"], Titles(cut));
    }

    [Fact]
    public async Task TitlesAreEnglishWhenTheUiLanguageIsEnglish()
    {
        using var culture = new CultureScope("en");
        await using var ctx = new BunitContext();
        ctx.AddPortalServices();

        var cut = ctx.RenderAs<NavMenu>(Principals.SignedIn(Roles.Administrator));

        Assert.Equal("Dashboard", cut.Find("[data-testid='nav-']").TextContent.Trim());
        Assert.Equal(["Dashboard", "Leaderboards", "Badges", "NPS surveys: results", "NPS surveys: all answers", "NPS surveys: templates", "NPS surveys: rules", "NPS surveys: settings", "Bonus customers", "Bonus settings", "Bonus recalculation", "Promoters", "Promoter payouts", "Promoter reports", "Promoter settings", "Points: rules", "Ratings: setup", "Badges: setup", "Users", "Sync", "Jobs", "Bitrix24 connection", "Ledger", "Notifications", "Channels", "My account", "About"], Titles(cut));
    }

    private static List<string?> Hrefs<TComponent>(IRenderedComponent<TComponent> cut)
        where TComponent : IComponent =>
        [.. cut.FindAll("a.mud-nav-link").Select(a => a.GetAttribute("href"))];

    private static List<string> Titles<TComponent>(IRenderedComponent<TComponent> cut)
        where TComponent : IComponent =>
        [.. cut.FindAll("a.mud-nav-link .mud-nav-link-text").Select(e => e.TextContent.Trim())];
}
