using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Bunit;
using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Gamification;
using Loyalty.Core.Identity;
using Loyalty.Core.Notifications;
using Loyalty.Core.Nps;
using Loyalty.Core.Portal;
using Loyalty.Tests.TestSupport;
using Loyalty.Tests.Web.Components.Pages.Promoters;
using Loyalty.Web.Components.Pages.Nps;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Host = Microsoft.AspNetCore.Components.CascadingValue<System.Threading.Tasks.Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState>>;

namespace Loyalty.Tests.Web.Components.Pages.Nps;

/// <summary>
/// The NPS administration pages on a real SQLite file with the real stores: the settings' messages on their fields in
/// both languages and the normalized Yandex link, a template's Liquid error shown with its part and line, archive and
/// delete from the list.
/// </summary>
public sealed partial class NpsAdminPagesTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 30, 0, TimeSpan.Zero);
    private const string Administrator = "admin@example.ru";

    private TestDatabase _database = default!;
    private ManualTimeProvider _time = default!;
    private BunitContext _ctx = default!;
    private IRenderedComponent<Host>? _dialogs;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _time = new ManualTimeProvider(Now);
        _ctx = new BunitContext();
        _ctx.AddPortalServices();
        var services = _ctx.Services;
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<IDbContextFactory<LoyaltyDbContext>>(_database);
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton(Options.Create(new PortalOptions()));
        services.AddSingleton(Options.Create(new NotificationOptions { PublicBaseUrl = "https://loyalty.example.ru/" }));
        services.AddSingleton<PortalClock>();
        services.AddSingleton<PublicAddress>();
        services.AddSingleton<NoticeTemplates>();
        services.AddSingleton<NpsSettingsStore>();
        services.AddSingleton<NpsTemplateStore>();
        services.AddSingleton<Loyalty.Core.Promoters.ReferralPageSettings>();
        services.AddSingleton<NpsRenderer>();
        services.AddSingleton<LeaderboardHub>();
        services.AddSingleton<RatingCalculator>();
        services.AddSingleton<GamificationQueries>();
        services.AddSingleton<BadgeGallery>();
    }

    public async Task DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await _database.DisposeAsync();
    }

    private NpsSettingsStore Settings => _ctx.Services.GetRequiredService<NpsSettingsStore>();

    private NpsTemplateStore Templates => _ctx.Services.GetRequiredService<NpsTemplateStore>();

    [Theory]
    [InlineData("ru")]
    [InlineData("en")]
    public async Task EachWrongSettingIsShownOnItsFieldInTheReadersLanguageAndNothingIsSaved(string language)
    {
        using var culture = new CultureScope(language);
        var cut = Open<NpsSettingsPage>("/nps/settings");
        cut.WaitForElement("[data-testid=nps-yandex]", Deadline);

        Input(cut, "nps-yandex").Input("https://example.com/maps/org/123");
        Input(cut, "nps-ReplyWindowDays").Change("0");
        Input(cut, "nps-google").Input("javascript:alert(1)");
        await cut.Find("[data-testid=nps-settings-save]").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=nps-settings-errors]")), Deadline);
        var yandex = FieldError(cut, "nps-yandex");
        var window = FieldError(cut, "nps-ReplyWindowDays");
        var google = FieldError(cut, "nps-google");
        foreach (var message in new[] { yandex, window, google })
        {
            Assert.False(string.IsNullOrWhiteSpace(message));
            Assert.DoesNotContain("NpsErr_", message, StringComparison.Ordinal);
            Assert.Equal(language == "ru", Cyrillic().IsMatch(message));
        }

        // The range says its bounds.
        Assert.Contains("90", window, StringComparison.Ordinal);
        // The summary names each field in the reader's words.
        var summary = cut.Find("[data-testid=nps-settings-errors]").TextContent;
        Assert.Contains(language == "ru" ? "Ссылка на отзывы Яндекс" : "Yandex review link", summary, StringComparison.Ordinal);
        Assert.Contains(language == "ru" ? "Срок ответа, дней" : "Days to answer", summary, StringComparison.Ordinal);
        Assert.Equal(new NpsSettings(), await Settings.CurrentAsync());
    }

    [Fact]
    public async Task APastedOrganisationPageIsShownAndSavedAsTheYandexReviewForm()
    {
        using var culture = new CultureScope("ru");
        var cut = Open<NpsSettingsPage>("/nps/settings");
        cut.WaitForElement("[data-testid=nps-yandex]", Deadline);
        Assert.Contains("add-review=true", cut.Find("[data-testid=nps-yandex-hint]").TextContent, StringComparison.Ordinal);

        Input(cut, "nps-company").Input("Окна Плюс");
        Input(cut, "nps-yandex").Input("https://yandex.ru/maps/org/okna_plyus/1234567890/reviews/");

        cut.WaitForAssertion(() => Assert.Contains("https://yandex.ru/maps/org/1234567890/?add-review=true",
            cut.Find("[data-testid=nps-yandex-normalized]").TextContent, StringComparison.Ordinal), Deadline);
        Assert.NotNull(cut.Find("[data-testid=nps-settings-unsaved]"));
        await cut.Find("[data-testid=nps-settings-save]").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=nps-settings-unsaved]")), Deadline);
        var saved = await Settings.CurrentAsync();
        Assert.Equal(("Окна Плюс", "https://yandex.ru/maps/org/1234567890/?add-review=true"), (saved.CompanyName, saved.YandexReviewUrl));
    }

    [Fact]
    public async Task ALiquidErrorIsShownWithItsPartAndLineAndTheTemplateIsNotSaved()
    {
        using var culture = new CultureScope("ru");
        var created = await Templates.CreateAsync("Опрос после ремонта", NpsScale.ZeroToTen, Administrator, NpsDefaults.Template);
        var template = created.Template!;
        var cut = Open<NpsTemplateEditPage>($"/nps/templates/{template.Id}", page => page.Add(p => p.TemplateId, template.Id));
        cut.WaitForElement("[data-testid=nps-field-Survey-Heading]", Deadline);
        await cut.FindAll(".mud-tab").Single(t => t.TextContent.Contains("Низкая оценка", StringComparison.Ordinal)).ClickAsync(new MouseEventArgs());
        cut.WaitForElement("[data-testid=nps-field-Negative-Text]", Deadline);

        Textarea(cut, "nps-field-Negative-Text").Input("Нам жаль.\n{% if deal.title %}Сделка «{{ deal.title }}»");
        await cut.Find("[data-testid=nps-template-save]").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=nps-template-errors]")), Deadline);
        var summary = cut.Find("[data-testid=nps-template-errors]").TextContent;
        Assert.Contains("Низкая оценка · Текст", summary, StringComparison.Ordinal);
        Assert.Contains("строка 2", summary, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(FieldError(cut, "nps-field-Negative-Text")));
        // The failing part's tab says it has an error.
        Assert.Contains("1", cut.Find("[data-testid=nps-template-tabs]").TextContent, StringComparison.Ordinal);
        var stored = await Templates.GetAsync(template.Id);
        Assert.Equal(NpsDefaults.Template.Negative.Text, stored!.Content.Negative.Text);
    }

    [Fact]
    public async Task AnArchivedTemplateMovesToTheArchiveAndAnUnusedOneIsDeletedAfterConfirmation()
    {
        using var culture = new CultureScope("ru");
        var kept = (await Templates.CreateAsync("Филиал на Ленина", NpsScale.ZeroToTen, Administrator, NpsDefaults.Template)).Template!;
        var dropped = (await Templates.CreateAsync("Черновик", NpsScale.Satisfaction, Administrator, NpsDefaults.Template)).Template!;
        var cut = Open<NpsTemplatesPage>("/nps/templates");
        // Templates exist already: the list seeds no default beside them.
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=nps-templates-active] [data-testid=nps-template-link]").Count), Deadline);

        await Row(cut, "nps-templates-active", "Филиал на Ленина").QuerySelector("[data-testid=nps-template-archive]")!.ClickAsync(new MouseEventArgs());
        cut.WaitForAssertion(() => Assert.Equal(["Филиал на Ленина"], Names(cut, "nps-templates-archived")), Deadline);
        Assert.Equal(["Черновик"], Names(cut, "nps-templates-active"));
        Assert.True((await Templates.GetAsync(kept.Id))!.IsArchived);

        var pressed = Row(cut, "nps-templates-active", "Черновик").QuerySelector("[data-testid=nps-template-delete]")!.ClickAsync(new MouseEventArgs());
        _dialogs!.WaitForAssertion(() => Assert.Contains("будет удалён совсем", _dialogs!.Markup, StringComparison.Ordinal), Deadline);
        await _dialogs!.FindAll("button").Single(b => b.TextContent.Trim() == "Удалить").ClickAsync(new MouseEventArgs());
        await pressed;

        cut.WaitForAssertion(() => Assert.Empty(Names(cut, "nps-templates-active")), Deadline);
        Assert.Null(await Templates.GetAsync(dropped.Id));
        Assert.Equal(["Филиал на Ленина"], Names(cut, "nps-templates-archived"));
    }

    private IRenderedComponent<Host> Open<TPage>(string address, Action<ComponentParameterCollectionBuilder<TPage>>? parameters = null)
        where TPage : IComponent
    {
        if (parameters is null)
        {
            return PromoterPageRendering.Open<TPage>(_ctx, address, Roles.Administrator, out _dialogs);
        }

        var user = Principals.SignedIn(Roles.Administrator);
        _ctx.Render<MudBlazor.MudPopoverProvider>();
        _dialogs = _ctx.RenderAs<MudBlazor.MudDialogProvider>(user);
        _ctx.Services.GetRequiredService<NavigationManager>().NavigateTo(address);
        return _ctx.Render<Host>(host => host
            .Add(p => p.Value, Task.FromResult(new Microsoft.AspNetCore.Components.Authorization.AuthenticationState(user)))
            .AddChildContent(parameters));
    }

    private static IElement Input(IRenderedComponent<Host> cut, string testId) => PromoterPageRendering.Input(cut, testId);

    private static IElement Textarea(IRenderedComponent<Host> cut, string testId) => PromoterPageRendering.Textarea(cut, testId);

    /// <summary>The message MudBlazor shows under a field (its helper line in the error state).</summary>
    private static string FieldError(IRenderedComponent<Host> cut, string testId)
    {
        var field = cut.Find($"[data-testid={testId}]");
        var root = field.Closest(".mud-input-control") ?? field;
        return root.QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent.Trim() ?? root.QuerySelector(".mud-input-error")?.TextContent.Trim() ?? "";
    }

    private static IElement Row(IRenderedComponent<Host> cut, string table, string name) =>
        cut.FindAll($"[data-testid={table}] tbody tr").Single(r => r.QuerySelector("[data-testid=nps-template-link]")?.TextContent.Trim() == name);

    private static List<string> Names(IRenderedComponent<Host> cut, string table) =>
        [.. cut.FindAll($"[data-testid={table}] [data-testid=nps-template-link]").Select(a => a.TextContent.Trim())];

    [GeneratedRegex("[А-Яа-яЁё]")]
    private static partial Regex Cyrillic();
}
