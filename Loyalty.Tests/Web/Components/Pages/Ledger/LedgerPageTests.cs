using Bunit;
using Loyalty.Core.Data;
using Loyalty.Core.Identity;
using Loyalty.Core.Ledger;
using Loyalty.Core.Portal;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Pages.Ledger;
using Loyalty.Web.Jobs;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Loyalty.Tests.Web.Components.Pages.Ledger;

/// <summary>
/// The Ledger page's states on a real SQLite database: no check yet, a clean run, a run with mismatches (the
/// accounts with their cached balance and the sum of their entries), totals per kind, and "Check now".
/// </summary>
public sealed class LedgerPageTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private const string Administrator = "Анна Администратор";

    [Fact]
    public async Task WithNoChecksYetThePageInvitesToCheckAndShowsEveryKindEmpty()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        AddLedgerPageServices(ctx, database);

        var cut = RenderPage(ctx);

        cut.WaitForAssertion(
            () => Assert.Equal(
                "Проверок ещё не было. Нажмите «Проверить сейчас», чтобы сравнить балансы с операциями, или дождитесь ночной проверки.",
                cut.Find("[data-testid=ledger-runs-empty]").TextContent.Trim()),
            Deadline);
        Assert.Equal(["Бонусы клиентов 0 0,00\u00A0₽", "Комиссии промоутеров 0 0,00\u00A0₽", "Очки сотрудников 0 0"], Totals(cut));
        Assert.NotNull(cut.Find("[data-testid=ledger-totals-empty]"));
        Assert.Empty(cut.FindAll("[data-testid=ledger-run]"));
        Assert.False(CheckNowButton(cut).HasAttribute("disabled"));
        Assert.Equal("Проверить сейчас", CheckNowButton(cut).TextContent.Trim());
    }

    [Fact]
    public async Task TotalsPerKindShowMoneyAsRoublesAndPointsAsWholeNumbers()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        var ledger = Ledger(database);
        await ledger.CreditAsync(new AccountKey(AccountKind.CustomerBonus, 1), EntryKind.Accrual, 1_000_00, Info("a"));
        await ledger.CreditAsync(new AccountKey(AccountKind.CustomerBonus, 2), EntryKind.Accrual, 234_50, Info("a"));
        await ledger.CreditAsync(new AccountKey(AccountKind.EmployeePoints, 1), EntryKind.Accrual, 1_234, Info("a"));
        await using var ctx = new BunitContext();
        AddLedgerPageServices(ctx, database);

        var cut = RenderPage(ctx);

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=ledger-totals]")), Deadline);
        Assert.Equal(["Бонусы клиентов 2 1\u00A0234,50\u00A0₽", "Комиссии промоутеров 0 0,00\u00A0₽", "Очки сотрудников 1 1\u00A0234"], Totals(cut));
        Assert.Empty(cut.FindAll("[data-testid=ledger-totals-empty]"));
    }

    [Fact]
    public async Task ACleanRunShowsWhenWhoAndHowManyAccountsWithNoMismatches()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await PostTwoAccountsAsync(database);
        await new LedgerCheck(database, new ManualTimeProvider(Now.AddHours(-6)), NullLogger<LedgerCheck>.Instance).RunAsync(LedgerCheckJob.BySchedule);
        await using var ctx = new BunitContext();
        AddLedgerPageServices(ctx, database);

        var cut = RenderPage(ctx);

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=ledger-run]")), Deadline);
        var cells = cut.Find("[data-testid=ledger-run]").QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        // 03:30 UTC is 06:30 in Moscow.
        Assert.Equal(["02.03.2026 06:30", "По расписанию", "2", "нет"], cells);
        Assert.Empty(cut.FindAll("[data-testid=ledger-run-details]"));
    }

    [Fact]
    public async Task AMismatchRunListsTheAccountsWithTheirCachedBalanceAndTheSumOfTheirEntries()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        var (customer, points) = await PostTwoAccountsAsync(database);
        await using (var db = database.CreateDbContext())
        {
            await db.Database.ExecuteSqlAsync($"UPDATE LedgerAccounts SET Balance = Balance + 5000 WHERE Id = {customer}");
            await db.Database.ExecuteSqlAsync($"UPDATE LedgerAccounts SET Balance = Balance - 3 WHERE Id = {points}");
        }

        await new LedgerCheck(database, new ManualTimeProvider(Now), NullLogger<LedgerCheck>.Instance).RunAsync(Administrator);
        await using var ctx = new BunitContext();
        AddLedgerPageServices(ctx, database);

        var cut = RenderPage(ctx);

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=ledger-run-details]")), Deadline);
        Assert.Equal("2", cut.Find("[data-testid=ledger-run-mismatches]").TextContent.Trim());
        Assert.Contains(Administrator, cut.Find("[data-testid=ledger-run]").TextContent, StringComparison.Ordinal);
        var rows = cut.FindAll("[data-testid=ledger-mismatch]").Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList()).ToList();
        Assert.Equal(
            [
                [$"№\u00A0{customer}", "Бонусы клиентов", "77", "1\u00A0050,00\u00A0₽", "1\u00A0000,00\u00A0₽"],
                [$"№\u00A0{points}", "Очки сотрудников", "88", "12", "15"],
            ],
            rows);
    }

    [Fact]
    public async Task CheckNowRunsTheCheckInTheAdministratorsNameAndShowsItsResult()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await PostTwoAccountsAsync(database);
        await using var ctx = new BunitContext();
        AddLedgerPageServices(ctx, database);
        var cut = RenderPage(ctx);
        cut.WaitForElement("[data-testid=ledger-runs-empty]", Deadline);

        await CheckNowButton(cut).ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(
            () => Assert.Equal("Проверено счетов: 2. Расхождений нет.", cut.Find("[data-testid=ledger-check-result]").TextContent.Trim()),
            Deadline);
        Assert.Contains(Administrator, cut.Find("[data-testid=ledger-run]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=ledger-runs-empty]"));
        Assert.False(CheckNowButton(cut).HasAttribute("disabled"));
    }

    [Fact]
    public async Task CheckNowIsDisabledWhileTheCheckRunsAndADoubleClickChecksOnce()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await PostTwoAccountsAsync(database);
        await using var ctx = new BunitContext();
        AddLedgerPageServices(ctx, database);
        var cut = RenderPage(ctx);
        cut.WaitForElement("[data-testid=ledger-runs-empty]", Deadline);
        var button = CheckNowButton(cut);

        // Another writer holds the database: the check can read, but waits to record its run.
        await using var writer = new SqliteConnection(ConnectionString(database));
        await writer.OpenAsync();
        await using (var begin = writer.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync();
        }

        var first = button.ClickAsync(new MouseEventArgs());
        // The second click of a double click: the button is disabled by then, and nothing starts.
        var second = button.ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => Assert.True(CheckNowButton(cut).HasAttribute("disabled")), Deadline);
        Assert.Equal("Идёт проверка…", CheckNowButton(cut).TextContent.Trim());
        Assert.NotNull(cut.Find("[data-testid=ledger-checking]"));

        await using (var rollback = writer.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync();
        }

        await Task.WhenAll(first, second);
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=ledger-check-result]")), Deadline);
        Assert.Single(cut.FindAll("[data-testid=ledger-run]"));
        await using var db = database.CreateDbContext();
        Assert.Equal(1, await db.LedgerCheckRuns.CountAsync());
        Assert.False(CheckNowButton(cut).HasAttribute("disabled"));
    }

    [Fact]
    public async Task ThePageAndItsFiguresAreInEnglishWhenTheUiLanguageIsEnglish()
    {
        using var culture = new CultureScope("ru-RU", "en");
        await using var database = await TestDatabase.CreateAsync();
        await PostTwoAccountsAsync(database);
        await new LedgerCheck(database, new ManualTimeProvider(Now), NullLogger<LedgerCheck>.Instance).RunAsync(LedgerCheckJob.BySchedule);
        await using var ctx = new BunitContext();
        AddLedgerPageServices(ctx, database);

        var cut = RenderPage(ctx);

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=ledger-run]")), Deadline);
        Assert.Equal(["Customer bonuses 1 1,000.00\u00A0₽", "Promoter commissions 0 0.00\u00A0₽", "Employee points 1 15"], Totals(cut));
        Assert.Equal(["02/03/2026 12:30", "Schedule", "2", "none"], cut.Find("[data-testid=ledger-run]").QuerySelectorAll("td").Select(td => td.TextContent.Trim()));
        Assert.Equal("Check now", CheckNowButton(cut).TextContent.Trim());
    }

    /// <summary>A customer with 1 000 ₽ (owner 77) and an employee with 15 points (owner 88); returns their account IDs.</summary>
    private static async Task<(long Customer, long Points)> PostTwoAccountsAsync(TestDatabase database)
    {
        var ledger = Ledger(database);
        var customer = await ledger.CreditAsync(new AccountKey(AccountKind.CustomerBonus, 77), EntryKind.Accrual, 1_000_00, Info("a"));
        var points = await ledger.CreditAsync(new AccountKey(AccountKind.EmployeePoints, 88), EntryKind.Accrual, 15, Info("a"));
        return (customer.AccountId, points.AccountId);
    }

    private static LedgerService Ledger(TestDatabase database) => new(database, new ManualTimeProvider(Now), NullLogger<LedgerService>.Instance);

    private static PostingInfo Info(string source) => new(source, Now.UtcDateTime, "test");

    private static string ConnectionString(TestDatabase database)
    {
        using var db = database.CreateDbContext();
        return db.Database.GetConnectionString()!;
    }

    private static void AddLedgerPageServices(BunitContext ctx, TestDatabase database)
    {
        ctx.AddPortalServices();
        var time = new ManualTimeProvider(Now);
        ctx.Services.AddSingleton<IDbContextFactory<LoyaltyDbContext>>(database);
        ctx.Services.AddSingleton<TimeProvider>(time);
        ctx.Services.AddSingleton(new PortalClock(Options.Create(new PortalOptions()), time));
        ctx.Services.AddSingleton(new LedgerCheck(database, time, NullLogger<LedgerCheck>.Instance));
        ctx.Services.AddSingleton(new LedgerQueries(database));
    }

    private static IRenderedComponent<CascadingValue<Task<AuthenticationState>>> RenderPage(BunitContext ctx)
    {
        var administrator = Principals.SignedIn(Roles.Administrator);
        ((System.Security.Claims.ClaimsIdentity)administrator.Identity!).AddClaim(new(UserClaims.DisplayNameType, Administrator));
        return ctx.RenderAs<LedgerPage>(administrator);
    }

    private static AngleSharp.Dom.IElement CheckNowButton<TComponent>(IRenderedComponent<TComponent> cut)
        where TComponent : IComponent => cut.Find("[data-testid=ledger-check-now]");

    private static List<string> Totals<TComponent>(IRenderedComponent<TComponent> cut)
        where TComponent : IComponent =>
        [.. cut.FindAll("[data-testid=ledger-totals] tbody tr").Select(r => string.Join(" ", r.QuerySelectorAll("td").Select(td => td.TextContent.Trim())))];
}
