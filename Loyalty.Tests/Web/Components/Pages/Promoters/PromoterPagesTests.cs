using AngleSharp.Dom;
using Bunit;
using Loyalty.Core.Data;
using Loyalty.Core.Identity;
using Loyalty.Core.Portal;
using Loyalty.Core.Promoters;
using Loyalty.Tests.Core.Promoters;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Pages.Promoters;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Host = Microsoft.AspNetCore.Components.CascadingValue<System.Threading.Tasks.Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState>>;

namespace Loyalty.Tests.Web.Components.Pages.Promoters;

/// <summary>
/// The administrators' promoter pages on a real SQLite file with the real registry, commission engine and stores: the
/// registry's figures, the switch-on dialog, the card's link, a new code and the own rate, and the settings' versions.
/// </summary>
public sealed class PromoterPagesTests : IAsyncLifetime
{
    private const long PromoterContact = 7;
    private const long Customer = 20;
    private const long NewContact = 8;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private PromoterWorld _world = default!;
    private BunitContext _ctx = default!;
    private IRenderedComponent<Host>? _dialogs;

    public async Task InitializeAsync()
    {
        _world = await PromoterWorld.CreateAsync();
        await _world.SetContactAsync(PromoterContact, "Ольга", "Промоутерова", phone: "79991112233", email: "olga@example.ru");
        await _world.SetContactAsync(Customer, "Иван", "Покупатель");
        await _world.SetContactAsync(NewContact, "Пётр", "Сидоров", phone: "79995554433", email: "petr@example.ru");
        _ctx = new BunitContext();
        _ctx.AddPortalServices();
        _world.AddPageServices(_ctx.Services);
    }

    public async Task DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await _world.DisposeAsync();
    }

    [Fact]
    public async Task TheRegistryListsASwitchedOnPromoterWithItsCodeAndFigures()
    {
        using var culture = new CultureScope("ru");
        var promoter = await _world.Registry.SwitchOnAsync(PromoterContact, PromoterWorld.Administrator);
        var won = PromoterWorld.Local(2026, 12, 6, 12);
        await _world.AddLeadAsync(100, PromoterContact, won.AddDays(-3));
        await _world.AddLeadAsync(101, PromoterContact, won.AddDays(-2));
        await _world.WinDealAsync(500, 150_000_00, won, leadId: 100, contactId: Customer);
        Assert.Equal(1, (await _world.Commissions.ProcessAsync()).Accrued);

        var cut = Open<PromotersPage>("/promoters", Roles.Accountant);

        cut.WaitForAssertion(() => Assert.Equal("Ольга Промоутерова", cut.Find("[data-testid=promoter-link]").TextContent.Trim()), Deadline);
        Assert.Equal($"/promoters/{promoter.Id}", cut.Find("[data-testid=promoter-link]").GetAttribute("href"));
        Assert.Equal(promoter.ActiveCode, Text(cut, "promoter-code"));
        Assert.Equal("10\u00A0%", Text(cut, "promoter-rate"));
        Assert.Equal("2", Text(cut, "promoter-leads"));
        Assert.Equal("1", Text(cut, "promoter-won"));
        Assert.Equal("150\u00A0000,00\u00A0₽", Text(cut, "promoter-turnover"));
        Assert.Equal("15\u00A0000,00\u00A0₽", Text(cut, "promoter-accrued"));
        // Earned today with a 14-day hold: all of it is on hold, nothing payable yet.
        Assert.Equal("15\u00A0000,00\u00A0₽", Text(cut, "promoter-on-hold"));
        Assert.Equal("0,00\u00A0₽", Text(cut, "promoter-payable"));
        // An accountant sees the registry but not the administrators' actions.
        Assert.Empty(cut.FindAll("[data-testid=promoters-switch-on]"));
        Assert.Empty(cut.FindAll("[data-testid=promoters-settings]"));
    }

    [Fact]
    public async Task TheRegistrySearchesByCodeAndFiltersByState()
    {
        using var culture = new CultureScope("ru");
        var olga = await _world.Registry.SwitchOnAsync(PromoterContact, PromoterWorld.Administrator);
        var petr = await _world.Registry.SwitchOnAsync(NewContact, PromoterWorld.Administrator);
        await _world.Registry.SwitchOffAsync(petr.Id, PromoterWorld.Administrator);

        var cut = Open<PromotersPage>($"/promoters?q={olga.ActiveCode!.ToLowerInvariant()}", Roles.Administrator);
        cut.WaitForAssertion(() => Assert.Equal(["Ольга Промоутерова"], Names(cut)), Deadline);

        var queries = _ctx.Services.GetRequiredService<PromoterQueries>();
        Assert.Equal(["Пётр Сидоров"], (await queries.ListAsync(new PromoterQuery(Active: false))).Rows.Select(r => r.Name));
        Assert.Equal(["Ольга Промоутерова"], (await queries.ListAsync(new PromoterQuery(Search: "промоут"))).Rows.Select(r => r.Name));
        Assert.Equal(["Пётр Сидоров"], (await queries.ListAsync(new PromoterQuery(Search: "+7 999 555"))).Rows.Select(r => r.Name));
    }

    [Fact]
    public async Task TheSwitchOnDialogFindsAContactAndSwitchesItOn()
    {
        using var culture = new CultureScope("ru");
        var cut = Open<PromotersPage>("/promoters", Roles.Administrator);
        cut.WaitForElement("[data-testid=promoters-empty]", Deadline);

        var pressed = cut.Find("[data-testid=promoters-switch-on]").ClickAsync(new MouseEventArgs());
        _dialogs!.WaitForElement("[data-testid=switch-on-search]", Deadline);
        DialogInput("switch-on-search").Input("сидор");
        _dialogs!.WaitForAssertion(() => Assert.Equal(["Пётр Сидоров"], _dialogs!.FindAll("[data-testid=switch-on-choice]").Select(c => c.QuerySelector("[data-testid=switch-on-choice-name]")!.TextContent.Trim())), Deadline);
        await _dialogs!.Find("[data-testid=switch-on-choice]").ClickAsync(new MouseEventArgs());
        await _dialogs!.Find("[data-testid=switch-on-confirm]").ClickAsync(new MouseEventArgs());
        await pressed.WaitAsync(Deadline);

        var promoter = await _world.PromoterOfAsync(NewContact);
        Assert.NotNull(promoter);
        Assert.True(promoter.Active);
        cut.WaitForAssertion(() => Assert.Equal(["Пётр Сидоров"], Names(cut)), Deadline);
        Assert.Equal(promoter.ActiveCode, Text(cut, "promoter-code"));
        Assert.Single(await _world.WritesAsync($"contact:{NewContact}:promoter"));
    }

    [Fact]
    public async Task TheSwitchOnSearchFindsByPhoneAndEmailAndMarksPromoters()
    {
        await _world.Registry.SwitchOnAsync(PromoterContact, PromoterWorld.Administrator);
        var queries = _ctx.Services.GetRequiredService<PromoterQueries>();

        Assert.Equal([NewContact], (await queries.SearchContactsAsync("+7 999 555-44")).Select(c => c.Id));
        Assert.Equal([NewContact], (await queries.SearchContactsAsync("PETR@example")).Select(c => c.Id));
        var olga = Assert.Single(await queries.SearchContactsAsync("ольга"));
        Assert.True(olga.IsPromoter);
        Assert.Empty(await queries.SearchContactsAsync("о"));
    }

    [Fact]
    public async Task TheCardShowsTheLinkAndANewCodeReplacesIt()
    {
        using var culture = new CultureScope("ru");
        var promoter = await _world.Registry.SwitchOnAsync(PromoterContact, PromoterWorld.Administrator);
        var old = promoter.ActiveCode!;

        var cut = OpenCard(promoter.Id, Roles.Administrator);

        cut.WaitForAssertion(() => Assert.Equal(old, Text(cut, "promoter-code")), Deadline);
        Assert.Equal($"{PromoterWorld.PublicBaseUrl}r/{old}", Input(cut, "promoter-link-field").GetAttribute("value"));
        Assert.Equal($"/promoters/{promoter.Id}/qr.svg?download=true", cut.Find("[data-testid=promoter-svg]").GetAttribute("href"));
        Assert.Equal($"/promoters/{promoter.Id}/statement.xlsx?from=2026-12-01&to=2026-12-31", cut.Find("[data-testid=promoter-statement]").GetAttribute("href"));
        Assert.Contains("79991112233", Text(cut, "promoter-contacts"), StringComparison.Ordinal);

        var pressed = cut.Find("[data-testid=promoter-regenerate]").ClickAsync(new MouseEventArgs());
        _dialogs!.WaitForAssertion(() => Assert.Contains("перестанут работать", _dialogs!.Markup, StringComparison.Ordinal), Deadline);
        var yes = _dialogs!.FindAll("button").Single(b => b.TextContent.Trim() == "Новый код");
        await yes.ClickAsync(new MouseEventArgs());
        await pressed.WaitAsync(Deadline);

        var now = (await _world.PromoterOfAsync(PromoterContact))!.ActiveCode!;
        Assert.NotEqual(old, now);
        cut.WaitForAssertion(() => Assert.Equal(now, Text(cut, "promoter-code")), Deadline);
        Assert.Equal($"{PromoterWorld.PublicBaseUrl}r/{now}", Input(cut, "promoter-link-field").GetAttribute("value"));
        await using var db = _world.Database.CreateDbContext();
        Assert.NotNull((await db.PromoterCodes.SingleAsync(c => c.Code == old)).RevokedAt);
    }

    [Fact]
    public async Task AnAccountantSeesTheCardWithoutTheAdministratorsActions()
    {
        using var culture = new CultureScope("ru");
        var promoter = await _world.Registry.SwitchOnAsync(PromoterContact, PromoterWorld.Administrator);

        var cut = OpenCard(promoter.Id, Roles.Accountant);

        cut.WaitForElement("[data-testid=promoter-code]", Deadline);
        Assert.Empty(cut.FindAll("[data-testid=promoter-regenerate]"));
        Assert.Empty(cut.FindAll("[data-testid=promoter-switch-off]"));
        Assert.Empty(cut.FindAll("[data-testid=promoter-own-rate]"));
    }

    [Theory]
    [InlineData("150")]
    [InlineData("-1")]
    [InlineData("12,345")]
    [InlineData("десять")]
    public async Task ABadRateShowsAMessageAndSavesNothing(string typed)
    {
        using var culture = new CultureScope("ru");
        var promoter = await _world.Registry.SwitchOnAsync(PromoterContact, PromoterWorld.Administrator);
        var cut = OpenCard(promoter.Id, Roles.Administrator);
        cut.WaitForElement("[data-testid=promoter-own-rate]", Deadline);

        Input(cut, "promoter-own-rate").Input(typed);
        await cut.Find("[data-testid=promoter-rate-save]").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => Assert.Contains("Ставка — число от 0 до 100", cut.Markup, StringComparison.Ordinal), Deadline);
        Assert.Null((await _world.PromoterOfAsync(PromoterContact))!.RateBasisPoints);
    }

    [Fact]
    public async Task AGoodRateIsSavedAndShown()
    {
        using var culture = new CultureScope("ru");
        var promoter = await _world.Registry.SwitchOnAsync(PromoterContact, PromoterWorld.Administrator);
        var cut = OpenCard(promoter.Id, Roles.Administrator);
        cut.WaitForElement("[data-testid=promoter-own-rate]", Deadline);

        Input(cut, "promoter-own-rate").Input("12,5");
        await cut.Find("[data-testid=promoter-rate-save]").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => Assert.StartsWith("12,5\u00A0%", Text(cut, "promoter-rate"), StringComparison.Ordinal), Deadline);
        Assert.Equal(12_50, (await _world.PromoterOfAsync(PromoterContact))!.RateBasisPoints);
    }

    [Fact]
    public async Task TheCardListsTheReferredLeadAndItsDealWithTheCommissionOnHold()
    {
        using var culture = new CultureScope("ru");
        var promoter = await _world.Registry.SwitchOnAsync(PromoterContact, PromoterWorld.Administrator);
        var won = PromoterWorld.Local(2026, 12, 6, 12);
        await _world.AddLeadAsync(100, PromoterContact, won.AddDays(-3));
        await _world.WinDealAsync(500, 150_000_00, won, leadId: 100, contactId: Customer);
        await _world.Commissions.ProcessAsync();

        var cut = OpenCard(promoter.Id, Roles.Accountant);

        cut.WaitForElement("[data-testid=referral-line]", Deadline);
        var line = Assert.Single(cut.FindAll("[data-testid=referral-line]"));
        Assert.Contains("03.12.2026", line.TextContent, StringComparison.Ordinal);
        Assert.Contains("150\u00A0000,00\u00A0₽", line.TextContent, StringComparison.Ordinal);
        Assert.Equal("15\u00A0000,00\u00A0₽", line.QuerySelector("[data-testid=referral-commission]")!.TextContent.Trim());
        Assert.Equal("на удержании, к выплате с 20.12.2026", line.QuerySelector("[data-testid=referral-status]")!.TextContent.Trim());
        Assert.Equal("15\u00A0000,00\u00A0₽", Text(cut, "card-on-hold"));
        cut.WaitForAssertion(() => Assert.Equal("+15\u00A0000,00\u00A0₽", cut.Find("[data-testid=history-amount]").TextContent.Trim()), Deadline);
    }

    [Fact]
    public async Task TheSettingsSaveANewVersionAndANewPolicyRevision()
    {
        using var culture = new CultureScope("ru");
        var cut = Open<PromoterSettingsPage>("/promoters/settings", Roles.Administrator);
        cut.WaitForElement("[data-testid=promoter-hold-days]", Deadline);
        Assert.Empty(cut.FindAll("[data-testid=promoter-unsaved]"));

        Input(cut, "promoter-hold-days").Change("7");
        cut.WaitForElement("[data-testid=promoter-unsaved]", Deadline);
        Textarea(cut, "promoter-policy").Input("Новая политика обработки персональных данных.");
        await cut.Find("[data-testid=promoter-save]").ClickAsync(new MouseEventArgs());

        var current = await _world.Settings.CurrentAsync();
        Assert.Equal((1, 7), (current.Version, current.Settings.HoldDays));
        var page = await _ctx.Services.GetRequiredService<ReferralPageSettings>().GetAsync();
        Assert.Equal((2, "Новая политика обработки персональных данных."), (page.PolicyVersion, page.PolicyText));
        cut.WaitForAssertion(() => Assert.Contains("версия 1", cut.Find("[data-testid=promoter-current-version]").TextContent, StringComparison.Ordinal), Deadline);
    }

    [Fact]
    public async Task BandsThatDoNotAscendAreRefusedAndNothingIsSaved()
    {
        using var culture = new CultureScope("ru");
        var cut = Open<PromoterSettingsPage>("/promoters/settings", Roles.Administrator);
        cut.WaitForElement("[data-testid=promoter-band-add]", Deadline);

        await cut.Find("[data-testid=promoter-band-add]").ClickAsync(new MouseEventArgs());
        await cut.Find("[data-testid=promoter-band-add]").ClickAsync(new MouseEventArgs());
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=promoter-band]").Count), Deadline);
        cut.FindAll("[data-testid=promoter-band] input")[2].Change("0");
        await cut.Find("[data-testid=promoter-save]").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => Assert.Equal("Суммы шкалы идут по возрастанию, без повторов.", Text(cut, "promoter-scale-error")), Deadline);
        Assert.Equal(0, (await _world.Settings.CurrentAsync()).Version);
    }

    [Fact]
    public async Task TheReportsPageOffersThisMonthsFilesAndAStatementOnceAPromoterIsChosen()
    {
        using var culture = new CultureScope("ru");
        await _world.Registry.SwitchOnAsync(PromoterContact, PromoterWorld.Administrator);

        var cut = Open<PromoterReportsPage>("/promoters/reports", Roles.Accountant);

        cut.WaitForAssertion(() => Assert.Equal("/promoters/reports/payouts.xlsx?from=2026-12-01&to=2026-12-31",
            cut.Find("[data-testid=promoter-report-payouts]").GetAttribute("href")), Deadline);
        Assert.Equal("/promoters/reports/register.xlsx?from=2026-12-01&to=2026-12-31", cut.Find("[data-testid=promoter-report-register]").GetAttribute("href"));
        Assert.Null(cut.Find("[data-testid=promoter-report-statement]").GetAttribute("href"));
        Assert.Contains("выберите промоутера", cut.Markup, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=promoter-report-payouts]").GetAttribute("download"));

        // The promoter is chosen by name from the registry.
        var picker = cut.FindComponents<MudAutocomplete<Loyalty.Core.Reports.ReportChoice>>()[0];
        var search = picker.Instance.SearchFunc;
        Assert.NotNull(search);
        var searching = search("Ольга", CancellationToken.None);
        Assert.NotNull(searching);
        var found = ((await searching) ?? []).ToList();
        var promoter = (await _world.PromoterOfAsync(PromoterContact))!;
        Assert.Equal([new Loyalty.Core.Reports.ReportChoice(promoter.Id, "Ольга Промоутерова")], found);
        await cut.InvokeAsync(() => picker.Instance.ValueChanged.InvokeAsync(found[0]));
        cut.WaitForAssertion(() => Assert.Equal($"/promoters/{promoter.Id}/statement.xlsx?from=2026-12-01&to=2026-12-31",
            cut.Find("[data-testid=promoter-report-statement]").GetAttribute("href")), Deadline);
        Assert.Equal($"/promoters/reports/payouts.xlsx?from=2026-12-01&to=2026-12-31&promoter={promoter.Id}", cut.Find("[data-testid=promoter-report-payouts]").GetAttribute("href"));
    }

    private IRenderedComponent<Host> Open<TPage>(string address, string role)
        where TPage : IComponent => PromoterPageRendering.Open<TPage>(_ctx, address, role, out _dialogs);

    private IRenderedComponent<Host> OpenCard(long promoterId, string role) => PromoterPageRendering.OpenCard(_ctx, promoterId, role, out _dialogs);

    private IElement DialogInput(string testId) => PromoterPageRendering.Input(_dialogs!, testId);

    private static IElement Input(IRenderedComponent<Host> cut, string testId) => PromoterPageRendering.Input(cut, testId);

    private static IElement Textarea(IRenderedComponent<Host> cut, string testId) => PromoterPageRendering.Textarea(cut, testId);

    private static string Text(IRenderedComponent<Host> cut, string testId) => cut.Find($"[data-testid={testId}]").TextContent.Trim();

    private static List<string> Names(IRenderedComponent<Host> cut) => [.. cut.FindAll("[data-testid=promoter-link]").Select(a => a.TextContent.Trim())];
}
