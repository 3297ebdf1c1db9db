using System.Security.Claims;
using Bunit;
using Loyalty.Core;
using Loyalty.Core.Bitrix24.UserFields;
using Loyalty.Core.Bonuses;
using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Identity;
using Loyalty.Core.Portal;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Pages.Bonuses;
using Loyalty.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace Loyalty.Tests.Web.Components.Pages.Bonuses;

/// <summary>
/// The bonus settings page on a real SQLite database and the real <see cref="BonusSettingsStore"/>: the default
/// rules, mistakes shown on their fields (and nothing saved), a save that becomes a version in the history.
/// </summary>
public sealed class BonusSettingsPageTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task TheDefaultFormShowsTheFourDefaultTiersWithTheFirstThresholdFixedAtZero()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        AddServices(ctx, database);

        var cut = RenderPage(ctx);

        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=bonus-tier-row]").Count), Deadline);
        Assert.Equal(["Бронзовый", "Серебряный", "Золотой", "Платиновый"], Enumerable.Range(0, 4).Select(i => Input(cut, $"bonus-tier-{i}-name").GetAttribute("value")));
        Assert.Equal("50\u00A0000,00", Input(cut, "bonus-tier-1-min").GetAttribute("value"));
        Assert.True(Input(cut, "bonus-tier-0-min").HasAttribute("disabled"));
        Assert.Empty(cut.FindAll("[data-testid=bonus-tier-0-remove]"));
        Assert.Contains("ни одной версии ещё не сохранено", cut.Find("[data-testid=bonus-current-version]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=bonus-errors]"));
        Assert.Empty(cut.FindAll("[data-testid=bonus-unsaved]"));
        Assert.NotNull(cut.Find("[data-testid=bonus-history-empty]"));
    }

    [Fact]
    public async Task ATierBelowThePreviousOneShowsTheOverlapOnItsThresholdAndSavesNothing()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        AddServices(ctx, database);
        var cut = RenderPage(ctx);
        cut.WaitForElement("[data-testid=bonus-tier-row]", Deadline);

        // «Золотой» (the third tier) from 40 000 ₽: below «Серебряный»'s 50 000 ₽.
        Input(cut, "bonus-tier-2-min").Change("40 000");

        cut.WaitForAssertion(() => Assert.Contains("Порог должен быть больше, чем у уровня «Серебряный».", FieldText(cut, "bonus-tier-2-min"), StringComparison.Ordinal), Deadline);
        Assert.DoesNotContain("Порог", FieldText(cut, "bonus-tier-1-min"), StringComparison.Ordinal);
        Assert.Contains("Уровень 3 — От суммы покупок: Порог должен быть больше", cut.Find("[data-testid=bonus-errors]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=bonus-unsaved]"));

        // MudBlazor validates a field again when it loses focus: the page's message must stay.
        Input(cut, "bonus-tier-2-min").Blur();
        Assert.Contains("Порог должен быть больше, чем у уровня «Серебряный».", FieldText(cut, "bonus-tier-2-min"), StringComparison.Ordinal);

        await cut.Find("[data-testid=bonus-save]").ClickAsync(new());

        Assert.Equal(0, await VersionCountAsync(database));
        Assert.Empty(ctx.Services.GetRequiredService<ISnackbar>().ShownSnackbars);

        // Lowering Silver below 40 000 ₽ clears Gold's message, though Gold was not touched.
        Input(cut, "bonus-tier-1-min").Change("30 000");
        cut.WaitForAssertion(() => Assert.DoesNotContain("Порог", FieldText(cut, "bonus-tier-2-min"), StringComparison.Ordinal), Deadline);
        Assert.Empty(cut.FindAll("[data-testid=bonus-errors]"));
    }

    [Fact]
    public async Task ATierNameShowsItsLimitAndANameOnePastItIsRefusedOnItsFieldAndNotSaved()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        AddServices(ctx, database);
        var cut = RenderPage(ctx);
        cut.WaitForElement("[data-testid=bonus-tier-row]", Deadline);

        // The browser stops typing at the limit, and the counter shows how much is used («Серебряный»: 10).
        Assert.Equal($"{TextLimits.Name}", Input(cut, "bonus-tier-1-name").GetAttribute("maxlength"));
        Assert.Contains($"10 / {TextLimits.Name}", FieldText(cut, "bonus-tier-1-name"), StringComparison.Ordinal);

        // A form can be bypassed: the validator refuses what the browser would not let through.
        Input(cut, "bonus-tier-1-name").Change(new string('я', TextLimits.Name + 1));

        cut.WaitForAssertion(() => Assert.Contains("Не длиннее 100 символов.", FieldText(cut, "bonus-tier-1-name"), StringComparison.Ordinal), Deadline);
        Assert.Contains("Уровень 2 — Название: Не длиннее 100 символов.", cut.Find("[data-testid=bonus-errors]").TextContent, StringComparison.Ordinal);
        await cut.Find("[data-testid=bonus-save]").ClickAsync(new());
        Assert.Equal(0, await VersionCountAsync(database));
    }

    [Fact]
    public async Task APercentageOf150ShowsTheRangeMessageOnItsField()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        AddServices(ctx, database);
        var cut = RenderPage(ctx);
        cut.WaitForElement("[data-testid=bonus-tier-row]", Deadline);

        Input(cut, "bonus-tier-1-bonus").Change("150");
        Input(cut, "bonus-tier-1-bonus").Blur();

        cut.WaitForAssertion(() => Assert.Contains("Процент — от 0 до 100.", FieldText(cut, "bonus-tier-1-bonus"), StringComparison.Ordinal), Deadline);
        Assert.Contains("Уровень 2 — Бонус: Процент — от 0 до 100.", cut.Find("[data-testid=bonus-errors]").TextContent, StringComparison.Ordinal);

        Input(cut, "bonus-tier-1-bonus").Change("5,5");

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=bonus-errors]")), Deadline);
    }

    [Fact]
    public async Task AValidChangeSavesVersionOneInKopecksAndTheHistoryShowsWhoSavedIt()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        AddServices(ctx, database);
        var cut = RenderPage(ctx);
        cut.WaitForElement("[data-testid=bonus-tier-row]", Deadline);

        Input(cut, "bonus-tier-1-min").Change("50 000,50");
        Input(cut, "bonus-tier-1-bonus").Change("5,5");
        Input(cut, "bonus-enabled").Change(true);
        cut.WaitForAssertion(() => Assert.Equal("50\u00A0000,50", Input(cut, "bonus-tier-1-min").GetAttribute("value")), Deadline);

        await cut.Find("[data-testid=bonus-save]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=bonus-history-row]")), Deadline);
        var saved = await ctx.Services.GetRequiredService<BonusSettingsStore>().CurrentAsync();
        Assert.Equal(1, saved.Version);
        Assert.True(saved.Settings.Enabled);
        Assert.Equal(50_000_50, saved.Settings.Tiers[1].MinSpend);
        Assert.Equal(5.5m, saved.Settings.Tiers[1].BonusPercent);
        Assert.Equal("Анна Администратор (admin@demo.loyalty)", saved.ChangedBy);

        var row = cut.Find("[data-testid=bonus-history-row]").TextContent;
        Assert.Contains("02.03.2026 12:30", row, StringComparison.Ordinal); // 09:30 UTC is 12:30 in Moscow
        Assert.Contains("Анна Администратор", row, StringComparison.Ordinal);
        Assert.Contains("Действует версия 1 от 02.03.2026 12:30", cut.Find("[data-testid=bonus-current-version]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=bonus-unsaved]"));
        Assert.Contains(ctx.Services.GetRequiredService<ISnackbar>().ShownSnackbars, s => s.Message == "Сохранено как версия 1.");
    }

    [Fact]
    public async Task SavingTheSameRulesTwiceKeepsOneVersion()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        AddServices(ctx, database);
        var cut = RenderPage(ctx);
        cut.WaitForElement("[data-testid=bonus-tier-row]", Deadline);
        Input(cut, "bonus-max-share").Change("25");

        var save = cut.Find("[data-testid=bonus-save]");
        var first = save.ClickAsync(new());
        var second = save.ClickAsync(new());
        await Task.WhenAll(first, second);

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=bonus-history-row]")), Deadline);
        Assert.Equal(1, await VersionCountAsync(database));
    }

    [Fact]
    public async Task UnreadableAmountsAndPercentagesAreMarkedOnTheirFieldsAndSaveNothing()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        AddServices(ctx, database);
        var cut = RenderPage(ctx);
        cut.WaitForElement("[data-testid=bonus-tier-row]", Deadline);

        Input(cut, "bonus-tier-1-min").Change("50 000,555");
        Input(cut, "bonus-tier-1-discount").Change("два");

        cut.WaitForAssertion(() => Assert.Contains("Введите сумму в рублях", FieldText(cut, "bonus-tier-1-min"), StringComparison.Ordinal), Deadline);
        Assert.Contains("Введите число.", FieldText(cut, "bonus-tier-1-discount"), StringComparison.Ordinal);
        await cut.Find("[data-testid=bonus-save]").ClickAsync(new());

        Assert.Equal(0, await VersionCountAsync(database));
        cut.WaitForAssertion(() => Assert.Contains("не удалось прочитать", cut.Find("[data-testid=bonus-errors]").TextContent, StringComparison.Ordinal), Deadline);

        // The entry never became a value, so only discarding brings the saved amount back into the input.
        await cut.Find("[data-testid=bonus-revert]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("50\u00A0000,00", Input(cut, "bonus-tier-1-min").GetAttribute("value")), Deadline);
        Assert.Empty(cut.FindAll("[data-testid=bonus-errors]"));
        Assert.DoesNotContain("Введите", FieldText(cut, "bonus-tier-1-min"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEnglishPortalIsOfferedEnglishTierNamesAndASavedVersionKeepsTheNamesItWasSavedWith()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        AddServices(ctx, database, portalLanguage: "en");

        var cut = RenderPage(ctx);
        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=bonus-tier-row]").Count), Deadline);
        Assert.Equal(["Bronze", "Silver", "Gold", "Platinum"], Enumerable.Range(0, 4).Select(i => Input(cut, $"bonus-tier-{i}-name").GetAttribute("value")));

        // Saved names are data: a Russian portal reading a version saved with English names shows them as saved.
        await using var russian = new BunitContext();
        AddServices(russian, database, portalLanguage: "ru");
        await russian.Services.GetRequiredService<BonusSettingsStore>().SaveAsync(new BonusSettings { Enabled = true, Tiers = BonusSettings.DefaultTiersIn("en") }, "Вера");
        var reopened = RenderPage(russian);
        reopened.WaitForAssertion(() => Assert.Equal("Gold", Input(reopened, "bonus-tier-2-name").GetAttribute("value")), Deadline);
    }

    [Fact]
    public async Task TheVersionInForceNamesItsAuthorByNameWithoutTheEmail()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        AddServices(ctx, database);
        await ctx.Services.GetRequiredService<BonusSettingsStore>().SaveAsync(new BonusSettings { Enabled = true }, "Анна Администратор (admin@demo.loyalty)");

        var cut = RenderPage(ctx);

        cut.WaitForAssertion(() => Assert.Contains("Анна Администратор", cut.Find("[data-testid=bonus-current-version]").TextContent, StringComparison.Ordinal), Deadline);
        Assert.DoesNotContain("@", cut.Find("[data-testid=bonus-current-version]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOlderVersionFromTheHistoryIsShownReadOnlyAndCanBeLoadedIntoTheForm()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        AddServices(ctx, database);
        var store = ctx.Services.GetRequiredService<BonusSettingsStore>();
        await store.SaveAsync(new BonusSettings { Enabled = true, ExpiryMonths = 6 }, "Борис");
        await store.SaveAsync(new BonusSettings { Enabled = true }, "Вера");
        var cut = RenderPage(ctx);
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=bonus-history-row]").Count), Deadline);
        Assert.Empty(cut.FindAll("[data-testid=bonus-expiry-months]"));

        // Newest first: version 1 is the second row.
        await cut.FindAll("[data-testid=bonus-history-row]")[1].ClickAsync(new());

        var view = cut.Find("[data-testid=bonus-settings-view]").TextContent;
        Assert.Contains("Бонусы сгорают через 6 мес.", view, StringComparison.Ordinal);
        Assert.Contains("Silver", view, StringComparison.Ordinal);
        Assert.Contains("50\u00A0000,00\u00A0₽", view, StringComparison.Ordinal);

        await cut.Find("[data-testid=bonus-history-load]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("6", Input(cut, "bonus-expiry-months").GetAttribute("value")), Deadline);
        Assert.NotNull(cut.Find("[data-testid=bonus-unsaved]"));
        Assert.Equal(2, await VersionCountAsync(database));
    }

    [Fact]
    public async Task RemovingATierIsAnUnsavedChangeThatDiscardingUndoes()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        AddServices(ctx, database);
        var cut = RenderPage(ctx);
        cut.WaitForElement("[data-testid=bonus-tier-row]", Deadline);

        await cut.Find("[data-testid=bonus-tier-2-remove]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=bonus-tier-row]").Count), Deadline);
        Assert.Equal("Платиновый", Input(cut, "bonus-tier-2-name").GetAttribute("value"));
        Assert.Equal("500\u00A0000,00", Input(cut, "bonus-tier-2-min").GetAttribute("value"));

        await cut.Find("[data-testid=bonus-revert]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=bonus-tier-row]").Count), Deadline);
        Assert.Equal("Золотой", Input(cut, "bonus-tier-2-name").GetAttribute("value"));
        Assert.Empty(cut.FindAll("[data-testid=bonus-unsaved]"));
    }

    [Fact]
    public async Task WithEnglishChosenTheMessagesAreEnglish()
    {
        using var culture = new CultureScope("en");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        AddServices(ctx, database, portalLanguage: "en");
        var cut = RenderPage(ctx);
        cut.WaitForElement("[data-testid=bonus-tier-row]", Deadline);

        Input(cut, "bonus-tier-2-min").Change("40,000");
        Input(cut, "bonus-field-DealRedeemField").Change("UF_CRM_LOY_BALANCE");

        cut.WaitForAssertion(() => Assert.Contains("The threshold must be above that of tier “Silver”.", FieldText(cut, "bonus-tier-2-min"), StringComparison.Ordinal), Deadline);
        Assert.Contains("This code is already used for another field.", FieldText(cut, "bonus-field-DealRedeemField"), StringComparison.Ordinal);
        var summary = cut.Find("[data-testid=bonus-errors]").TextContent;
        Assert.Contains("Tier 3 — From lifetime spend", summary, StringComparison.Ordinal);
        Assert.Contains("Deal: bonuses to redeem: This code is already used", summary, StringComparison.Ordinal);
        Assert.Contains("Bonus program settings", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheNamedPipelinesComeFromTheMirrorAndAnEmptyChoiceIsRefused()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = database.CreateDbContext())
        {
            db.Pipelines.AddRange(
                new Pipeline { Id = 0, Name = "Продажи", IsDefault = true, SyncedAt = Now.UtcDateTime },
                new Pipeline { Id = 3, Name = "Приём", Sort = 10, SyncedAt = Now.UtcDateTime },
                new Pipeline { Id = 4, Name = "Архив", Sort = 20, SyncedAt = Now.UtcDateTime, DeletedAt = Now.UtcDateTime });
            await db.SaveChangesAsync();
        }

        await using var ctx = new BunitContext();
        AddServices(ctx, database);
        var popovers = ctx.Render<MudPopoverProvider>();
        var cut = RenderPage(ctx);
        cut.WaitForElement("[data-testid=bonus-tier-row]", Deadline);

        Input(cut, "bonus-all-pipelines").Change(false);

        cut.WaitForAssertion(() => Assert.Contains("Выберите хотя бы одну воронку", FieldText(cut, "bonus-pipelines"), StringComparison.Ordinal), Deadline);
        var select = cut.FindComponent<MudSelect<long>>();
        await cut.InvokeAsync(select.Instance.OpenMenu);
        popovers.WaitForAssertion(() => Assert.Equal(["Продажи", "Приём"], popovers.FindAll(".mud-list-item").Select(i => i.TextContent.Trim())), Deadline);

        await cut.InvokeAsync(() => select.Instance.SelectedValuesChanged.InvokeAsync([3L]));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=bonus-errors]")), Deadline);
        await cut.Find("[data-testid=bonus-save]").ClickAsync(new());

        var saved = await ctx.Services.GetRequiredService<BonusSettingsStore>().CurrentAsync();
        Assert.False(saved.Settings.AllPipelines);
        Assert.Equal([3L], saved.Settings.PipelineIds);
    }

    [Fact]
    public async Task AFieldBitrix24LacksIsNamedInAWarningThatLeadsToTheConnectionPage()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await SeedCheckAsync(database, contactFields: "UF_CRM_LOY_PERCENT,UF_CRM_LOY_TIER", dealFields: "UF_CRM_LOY_REDEEM,UF_CRM_LOY_REDEEMED");
        await using var ctx = new BunitContext();
        AddServices(ctx, database);

        var cut = RenderPage(ctx);

        var warning = cut.WaitForElement("[data-testid=bonus-missing-fields]", Deadline);
        Assert.Contains("В Bitrix24 нет полей бонусной программы: UF_CRM_LOY_BALANCE.", warning.TextContent, StringComparison.Ordinal);
        Assert.Equal("/admin/connection", cut.Find("[data-testid=bonus-missing-fields-link]").GetAttribute("href"));
        Assert.NotNull(cut.Find("[data-testid=bonus-field-ContactBalanceField-missing]"));
        Assert.Empty(cut.FindAll("[data-testid=bonus-field-ContactTierField-missing]"));
    }

    [Fact]
    public async Task AnOwnCodeThatBitrix24DoesNotListIsFlaggedAsTypedAndATooLongOneIsRefused()
    {
        using var culture = new CultureScope("en");
        await using var database = await TestDatabase.CreateAsync();
        await SeedCheckAsync(database, contactFields: "UF_CRM_LOY_BALANCE,UF_CRM_LOY_PERCENT,UF_CRM_LOY_TIER,UF_CRM_1700000000", dealFields: "UF_CRM_LOY_REDEEM,UF_CRM_LOY_REDEEMED");
        await using var ctx = new BunitContext();
        AddServices(ctx, database);
        var cut = RenderPage(ctx);
        cut.WaitForElement("[data-testid=bonus-tier-row]", Deadline);
        Assert.Empty(cut.FindAll("[data-testid=bonus-missing-fields]"));

        Input(cut, "bonus-field-ContactTierField").Change("UF_CRM_MY_TIER");
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=bonus-field-ContactTierField-missing]")), Deadline);
        Assert.Contains("By the last check Bitrix24 has no such field.", cut.Find("[data-testid=bonus-field-ContactTierField-missing]").TextContent, StringComparison.Ordinal);

        Input(cut, "bonus-field-ContactTierField").Change("UF_CRM_1700000000");
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=bonus-field-ContactTierField-missing]")), Deadline);

        Input(cut, "bonus-field-ContactTierField").Change("UF_CRM_LOYALTY_TIER_X");
        cut.WaitForAssertion(() => Assert.Contains("A Bitrix24 field name is at most 20 characters including UF_CRM_; this one has 21.",
            FieldText(cut, "bonus-field-ContactTierField"), StringComparison.Ordinal), Deadline);
        Assert.Empty(cut.FindAll("[data-testid=bonus-field-ContactTierField-missing]"));
    }

    private static async Task SeedCheckAsync(TestDatabase database, string contactFields, string dealFields)
    {
        await using var db = database.CreateDbContext();
        db.PortalChecks.Add(new PortalCheck { CheckedAt = Now.UtcDateTime, ContactFields = contactFields, DealFields = dealFields, LeadFields = "" });
        await db.SaveChangesAsync();
    }

    /// <summary>The page's services on a portal whose language is <paramref name="portalLanguage"/> (it names the default tiers).</summary>
    private static void AddServices(BunitContext ctx, TestDatabase database, string portalLanguage = "ru")
    {
        ctx.AddPortalServices();
        // MudBlazor's own messages ("not a number") from the portal's resources, as in the app.
        ctx.Services.AddTransient<MudLocalizer, PortalMudLocalizer>();
        var time = new ManualTimeProvider(Now);
        ctx.Services.AddSingleton<IDbContextFactory<LoyaltyDbContext>>(database);
        ctx.Services.AddSingleton<TimeProvider>(time);
        ctx.Services.AddSingleton(new PortalClock(Options.Create(new PortalOptions()), time));
        ctx.Services.AddSingleton(Options.Create(new PortalOptions { DefaultLanguage = portalLanguage }));
        ctx.Services.AddSingleton<BonusSettingsStore>();
        ctx.Services.AddSingleton<PortalFieldStatus>();
    }

    private static IRenderedComponent<CascadingValue<Task<AuthenticationState>>> RenderPage(BunitContext ctx)
    {
        var administrator = new ClaimsPrincipal(new ClaimsIdentity(
            [new(ClaimTypes.NameIdentifier, "admin-1"), new(ClaimTypes.Name, "admin@demo.loyalty"), new(ClaimTypes.Role, Roles.Administrator), new(UserClaims.DisplayNameType, "Анна Администратор")],
            Principals.AuthenticationType));
        return ctx.RenderAs<BonusSettingsPage>(administrator);
    }

    private static AngleSharp.Dom.IElement Input<TComponent>(IRenderedComponent<TComponent> cut, string testId)
        where TComponent : IComponent =>
        cut.Find($"[data-testid={testId}]") is { TagName: "INPUT" } input ? input : cut.Find($"[data-testid={testId}] input");

    /// <summary>The text around an input: its label, value and the error shown under it.</summary>
    private static string FieldText<TComponent>(IRenderedComponent<TComponent> cut, string testId)
        where TComponent : IComponent =>
        (cut.Find($"[data-testid={testId}]").Closest(".mud-input-control") ?? cut.Find($"[data-testid={testId}]")).TextContent;

    private static async Task<int> VersionCountAsync(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        return await db.BonusSettingsVersions.CountAsync();
    }
}
