using AngleSharp.Dom;
using Bunit;
using Loyalty.Core.Identity;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Pages.Bonuses;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Host = Microsoft.AspNetCore.Components.CascadingValue<System.Threading.Tasks.Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState>>;

namespace Loyalty.Tests.Web.Components.Pages.Bonuses;

/// <summary>
/// The customers page on a real SQLite database seeded through the ledger (<see cref="BonusSeed"/>): search and filters
/// give the right rows and stay in the address, the empty state says what to do, and the reports are for finance roles.
/// </summary>
public sealed class CustomersPageTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private TestDatabase _database = default!;
    private BunitContext _ctx = default!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _ctx = new BunitContext();
        _ctx.AddPortalServices();
        _ctx.Services.AddBonusServices(_database);
    }

    public async Task DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task AllCustomersAreListedWithRussianMoneyAndDates()
    {
        using var culture = new CultureScope("ru");
        await BonusSeed.SeedAsync(_ctx.Services);

        var cut = Open("/bonuses/customers", Roles.SalesHead);

        cut.WaitForAssertion(() => Assert.Equal(["Анна Смирнова", "Борис Петров", "Вера Иванова", "Галина Орлова"], Names(cut)), Deadline);
        var anna = Rows(cut)[0].TextContent;
        Assert.Contains("1\u00A0300,00\u00A0₽", anna, StringComparison.Ordinal);
        Assert.Contains("60\u00A0000,00\u00A0₽", anna, StringComparison.Ordinal);
        Assert.Contains("5\u00A0%", anna, StringComparison.Ordinal);
        Assert.Contains("05.10.2026", anna, StringComparison.Ordinal);
        Assert.Contains("Silver", anna, StringComparison.Ordinal);
        Assert.Equal("/bonuses/customers/101", cut.Find("[data-testid=customer-link]").GetAttribute("href"));
    }

    [Fact]
    public async Task ASearchInLowerCaseCyrillicFindsTheCustomerAndIsKeptInTheAddress()
    {
        using var culture = new CultureScope("ru");
        await BonusSeed.SeedAsync(_ctx.Services);
        var cut = Open("/bonuses/customers", Roles.SalesHead);
        cut.WaitForAssertion(() => Assert.Equal(4, Names(cut).Count), Deadline);

        cut.Find("[data-testid=customers-search] input, input[data-testid=customers-search]").Input("смирн");

        cut.WaitForAssertion(() => Assert.Equal(["Анна Смирнова"], Names(cut)), Deadline);
        Assert.Contains("q=смирн", Uri.UnescapeDataString(_ctx.Services.GetRequiredService<NavigationManager>().Uri), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?tier=Gold", new[] { "Борис Петров" })]
    [InlineData("?balanceFrom=1000&balanceTo=2000", new[] { "Анна Смирнова" })]
    [InlineData("?balanceFrom=300", new[] { "Анна Смирнова", "Борис Петров", "Вера Иванова" })]
    [InlineData("?from=2026-11-01", new[] { "Борис Петров" })]
    [InlineData("?to=2026-10-31&balanceFrom=1", new[] { "Анна Смирнова", "Вера Иванова" })]
    [InlineData("?q=79120001122", new[] { "Борис Петров" })]
    public async Task FiltersFromABookmarkedAddressGiveTheMatchingCustomers(string query, string[] expected)
    {
        using var culture = new CultureScope("ru");
        await BonusSeed.SeedAsync(_ctx.Services);

        var cut = Open("/bonuses/customers" + query, Roles.Accountant);

        cut.WaitForAssertion(() => Assert.Equal(expected, Names(cut)), Deadline);
        Assert.NotEmpty(cut.FindAll("[data-testid=customers-clear]"));
    }

    [Fact]
    public async Task FiltersThatMatchNobodySayHowToGetCustomersBack()
    {
        using var culture = new CultureScope("ru");
        await BonusSeed.SeedAsync(_ctx.Services);

        var cut = Open("/bonuses/customers?q=никого", Roles.Accountant);

        cut.WaitForAssertion(
            () => Assert.Equal("Под поиск и фильтры не подходит ни один клиент. Измените их или сбросьте.", cut.Find("[data-testid=customers-empty]").TextContent.Trim()),
            Deadline);

        await cut.Find("[data-testid=customers-clear]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal(4, Names(cut).Count), Deadline);
        Assert.DoesNotContain("q=", _ctx.Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void WithNoCustomersTheAdministratorIsToldToTurnTheProgramOnAndGetsTheLink()
    {
        using var culture = new CultureScope("ru");

        var cut = Open("/bonuses/customers", Roles.Administrator);

        cut.WaitForAssertion(() => Assert.Contains("В бонусной программе пока нет клиентов", cut.Find("[data-testid=customers-empty]").TextContent, StringComparison.Ordinal), Deadline);
        Assert.Equal("/bonuses/settings", cut.Find("[data-testid=customers-open-settings]").GetAttribute("href"));
        Assert.Contains("Бонусная программа выключена", cut.Find("[data-testid=customers-program-off]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void WithNoCustomersASalesHeadReadsTheSameAdviceWithoutTheAdministratorsLink()
    {
        using var culture = new CultureScope("en");

        var cut = Open("/bonuses/customers", Roles.SalesHead);

        cut.WaitForAssertion(() => Assert.Contains("There are no customers in the bonus program yet", cut.Find("[data-testid=customers-empty]").TextContent, StringComparison.Ordinal), Deadline);
        Assert.Empty(cut.FindAll("[data-testid=customers-open-settings]"));
    }

    [Theory]
    [InlineData(Roles.Administrator, true)]
    [InlineData(Roles.Accountant, true)]
    [InlineData(Roles.SalesHead, false)]
    public async Task OnlyFinanceRolesSeeTheExcelReports(string role, bool sees)
    {
        using var culture = new CultureScope("ru");
        await BonusSeed.SeedAsync(_ctx.Services);

        var cut = Open("/bonuses/customers", role);

        cut.WaitForAssertion(() => Assert.Equal(4, Names(cut).Count), Deadline);
        Assert.Equal(sees, cut.FindAll("[data-testid=bonus-reports]").Count == 1);
        if (sees)
        {
            Assert.Equal("/reports/bonuses/balances", cut.Find("[data-testid=report-balances]").GetAttribute("href"));
            // This month so far in Moscow: 1–23 November 2026.
            Assert.Equal("/reports/bonuses/accruals?from=2026-11-01&to=2026-11-23", cut.Find("[data-testid=report-accruals]").GetAttribute("href"));
        }
    }

    [Fact]
    public async Task SkippedWonDealsAreListedWithTheirReasonInWords()
    {
        using var culture = new CultureScope("ru");
        await BonusSeed.SeedAsync(_ctx.Services);

        var cut = Open("/bonuses/customers?tab=skipped", Roles.SalesHead);

        cut.WaitForAssertion(() => Assert.Equal("В сделке нет контакта — бонусы некому начислить.", cut.Find("[data-testid=skipped-reason]").TextContent.Trim()), Deadline);
        var row = cut.Find("[data-testid=skipped-grid] tbody tr").TextContent;
        Assert.Contains("Сделка без контакта", row, StringComparison.Ordinal);
        Assert.Contains("ID 5", row, StringComparison.Ordinal);
        Assert.Contains("15\u00A0000,00\u00A0₽", row, StringComparison.Ordinal);
        Assert.Contains("02.11.2026 12:00", row, StringComparison.Ordinal);
    }

    private IRenderedComponent<Host> Open(string address, string role)
    {
        var user = Principals.SignedIn(role);
        _ctx.Render<MudPopoverProvider>();
        _ctx.Services.GetRequiredService<NavigationManager>().NavigateTo(address);
        return _ctx.RenderAs<CustomersPage>(user);
    }

    private static List<IElement> Rows(IRenderedComponent<Host> cut) => [.. cut.FindAll("[data-testid=customers-grid] tbody tr").Where(r => r.QuerySelector("[data-testid=customer-link]") is not null)];

    private static List<string> Names(IRenderedComponent<Host> cut) => [.. cut.FindAll("[data-testid=customer-link]").Select(a => a.TextContent.Trim())];
}
