using System.Net;
using ClosedXML.Excel;
using Loyalty.Core.Data;
using Loyalty.Core.Identity;
using Loyalty.Core.Ledger;
using Loyalty.Core.Portal;
using Loyalty.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Web;

/// <summary>The portal with the bonus customers of <see cref="BonusSeed"/> written through its own services.</summary>
public sealed class BonusReportPortal : PortalFactory, IAsyncLifetime
{
    public Task InitializeAsync() => BonusSeed.SeedAsync(Services);

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

/// <summary>
/// The Excel reports downloaded over HTTP as a user would, opened with ClosedXML, and checked against sums the test
/// computes from the database on its own: headers, frozen header row, filter range, typed cells and totals.
/// </summary>
public sealed class BonusReportEndpointTests(BonusReportPortal portal) : IClassFixture<BonusReportPortal>
{
    private static readonly string[] BalanceHeaders =
        ["ID клиента", "Клиент", "Уровень", "Текущий %", "Выигранных сделок", "Сумма выигранных сделок, ₽", "Начислено, ₽", "Списано, ₽", "Баланс, ₽", "Последняя покупка"];

    private static readonly string[] AccrualHeaders =
        ["Дата", "ID клиента", "Клиент", "Операция", "ID сделки", "Сделка", "Сумма, ₽", "Комментарий", "Кто", "Версия правил"];

    [Fact]
    public async Task AnAccountantDownloadsTheBalancesWithTypedCellsAndTotalsThatMatchTheDatabase()
    {
        using var client = await SignedInAsync(Roles.Accountant);

        var response = await client.Http.GetAsync("/reports/bonuses/balances");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        var today = DateOnly.FromDateTime(portal.Services.GetRequiredService<PortalClock>().Now);
        Assert.Equal($"bonus-balances-{today:yyyy-MM-dd}.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);

        using var workbook = new XLWorkbook(await response.Content.ReadAsStreamAsync());
        var sheet = workbook.Worksheet(1);
        Assert.Equal("Балансы", sheet.Name);
        Assert.Equal(BalanceHeaders, Headers(sheet, BalanceHeaders.Length));
        Assert.True(sheet.Row(1).Cell(1).Style.Font.Bold);
        Assert.Equal(1, sheet.SheetView.SplitRow);
        Assert.Equal(0, sheet.SheetView.SplitColumn);
        Assert.Equal("A1:J5", sheet.AutoFilter.Range.RangeAddress.ToString());
        Assert.Equal(36, sheet.Column(2).Width, 0.5);

        // Four customers, ordered by name; every number a number and every date a date.
        var rows = Enumerable.Range(2, 4).Select(sheet.Row).ToList();
        Assert.Equal(["Анна Смирнова", "Борис Петров", "Вера Иванова", "Галина Орлова"], rows.Select(r => r.Cell(2).GetString()));
        foreach (var row in rows)
        {
            foreach (var column in new[] { 1, 4, 5, 6, 7, 8, 9 })
            {
                Assert.Equal(XLDataType.Number, row.Cell(column).DataType);
            }

            Assert.Equal(XLDataType.DateTime, row.Cell(10).DataType);
            Assert.Equal(XLDataType.Text, row.Cell(2).DataType);
        }

        var anna = rows[0];
        Assert.Equal(BonusSeed.Anna, anna.Cell(1).GetValue<long>());
        Assert.Equal("Silver", anna.Cell(3).GetString());
        Assert.Equal(0.05, anna.Cell(4).GetDouble(), 6);
        Assert.Equal(60_000m, anna.Cell(6).GetValue<decimal>());
        Assert.Equal(1_300m, anna.Cell(9).GetValue<decimal>());
        Assert.Equal(new DateTime(2026, 10, 5), anna.Cell(10).GetDateTime());
        Assert.Contains("₽", anna.Cell(9).Style.NumberFormat.Format, StringComparison.Ordinal);
        Assert.Equal("dd.mm.yyyy", anna.Cell(10).Style.NumberFormat.Format);
        Assert.Equal("0.00%", anna.Cell(4).Style.NumberFormat.Format);

        // The totals row, against sums taken from the database independently (the ledger's own balances included).
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        var ledgerBalance = await db.LedgerAccounts.Where(a => a.Kind == AccountKind.CustomerBonus).SumAsync(a => a.Balance);
        var ledgerEntries = await db.LedgerEntries.Where(e => db.LedgerAccounts.Any(a => a.Id == e.AccountId && a.Kind == AccountKind.CustomerBonus)).SumAsync(e => e.Amount);
        var totals = sheet.Row(6);
        Assert.Equal("Итого", totals.Cell(1).GetString());
        Assert.Equal(ledgerBalance / 100m, totals.Cell(9).GetValue<decimal>());
        Assert.Equal(ledgerEntries / 100m, totals.Cell(9).GetValue<decimal>());
        Assert.Equal(await db.BonusCustomers.SumAsync(c => c.WonSum) / 100m, totals.Cell(6).GetValue<decimal>());
        Assert.Equal(await db.BonusCustomers.SumAsync(c => c.Accrued) / 100m, totals.Cell(7).GetValue<decimal>());
        Assert.Equal(await db.BonusCustomers.SumAsync(c => c.Redeemed) / 100m, totals.Cell(8).GetValue<decimal>());
        Assert.Equal(await db.BonusCustomers.SumAsync(c => c.WonDeals), totals.Cell(5).GetValue<int>());
        Assert.All(new[] { 5, 6, 7, 8, 9 }, column => Assert.Equal(XLDataType.Number, totals.Cell(column).DataType));
        Assert.True(totals.Cell(9).Style.Font.Bold);
        Assert.Equal(6, sheet.LastRowUsed().RowNumber());
    }

    [Fact]
    public async Task TheAccrualRegisterHoldsTheEntriesOfThePeriodCutInMoscowWithTheirDealsAndTotal()
    {
        using var client = await SignedInAsync(Roles.Accountant);

        var response = await client.Http.GetAsync("/reports/bonuses/accruals?from=2026-10-01&to=2026-10-31");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("bonus-accruals-2026-10-01-2026-10-31.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        using var workbook = new XLWorkbook(await response.Content.ReadAsStreamAsync());
        var sheet = workbook.Worksheet(1);
        Assert.Equal("Начисления", sheet.Name);
        Assert.Equal(AccrualHeaders, Headers(sheet, AccrualHeaders.Length));
        Assert.Equal(1, sheet.SheetView.SplitRow);

        // October in Moscow is [30.09 21:00 UTC, 31.10 21:00 UTC): Boris's win at 22:30 UTC on 31.10 is November's.
        var fromUtc = new DateTime(2026, 9, 30, 21, 0, 0, DateTimeKind.Utc);
        var toUtc = new DateTime(2026, 10, 31, 21, 0, 0, DateTimeKind.Utc);
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        var inPeriod = db.LedgerEntries.Where(e => e.OccurredAt >= fromUtc && e.OccurredAt < toUtc
            && db.LedgerAccounts.Any(a => a.Id == e.AccountId && a.Kind == AccountKind.CustomerBonus));
        var count = await inPeriod.CountAsync();
        var sum = await inPeriod.SumAsync(e => e.Amount);
        Assert.Equal(2, count);
        Assert.Equal($"A1:J{count + 1}", sheet.AutoFilter.Range.RangeAddress.ToString());

        var accrual = sheet.Row(2);
        Assert.Equal(XLDataType.DateTime, accrual.Cell(1).DataType);
        Assert.Equal(new DateTime(2026, 10, 5, 12, 0, 0), accrual.Cell(1).GetDateTime());
        Assert.Equal("dd.mm.yyyy hh:mm", accrual.Cell(1).Style.NumberFormat.Format);
        Assert.Equal(BonusSeed.Anna, accrual.Cell(2).GetValue<long>());
        Assert.Equal("Анна Смирнова", accrual.Cell(3).GetString());
        Assert.Equal("Начисление", accrual.Cell(4).GetString());
        Assert.Equal(XLDataType.Number, accrual.Cell(5).DataType);
        Assert.Equal(2, accrual.Cell(5).GetValue<long>());
        Assert.Equal("Массаж, курс", accrual.Cell(6).GetString());
        Assert.Equal(XLDataType.Number, accrual.Cell(7).DataType);
        Assert.Equal(600m, accrual.Cell(7).GetValue<decimal>());
        Assert.Equal("system:bonuses", accrual.Cell(9).GetString());
        Assert.Equal(XLDataType.Number, accrual.Cell(10).DataType);

        var redemption = sheet.Row(3);
        Assert.Equal("Списание", redemption.Cell(4).GetString());
        Assert.Equal(-500m, redemption.Cell(7).GetValue<decimal>());
        Assert.True(redemption.Cell(5).IsEmpty());
        Assert.Equal("Оплата части визита", redemption.Cell(8).GetString());

        var totals = sheet.Row(count + 2);
        Assert.Equal("Итого", totals.Cell(1).GetString());
        Assert.Equal(XLDataType.Number, totals.Cell(7).DataType);
        Assert.Equal(sum / 100m, totals.Cell(7).GetValue<decimal>());
        Assert.Equal(100m, totals.Cell(7).GetValue<decimal>());
    }

    [Fact]
    public async Task HeadersAreEnglishForAUserWhoChoseEnglish()
    {
        using var client = await SignedInAsync(Roles.Accountant);
        await client.Http.GetAsync("/culture/en?returnUrl=/");

        var response = await client.Http.GetAsync("/reports/bonuses/accruals?from=2026-11-01&to=2026-11-30");

        using var workbook = new XLWorkbook(await response.Content.ReadAsStreamAsync());
        var sheet = workbook.Worksheet(1);
        Assert.Equal("Accruals", sheet.Name);
        Assert.Equal(["Date", "Customer ID", "Customer", "Operation"], Headers(sheet, 4));
        Assert.Equal("Accrual", sheet.Row(2).Cell(4).GetString());
        Assert.Equal("Total", sheet.LastRowUsed().Cell(1).GetString());
    }

    [Theory]
    [InlineData("/reports/bonuses/balances")]
    [InlineData("/reports/bonuses/accruals?from=2026-10-01&to=2026-10-31")]
    public async Task ASalesHeadIsRefusedTheReportsAndAnAnonymousVisitorIsSentToSignIn(string path)
    {
        using var head = await SignedInAsync(Roles.SalesHead);
        var refused = await head.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/Account/AccessDenied", refused.Headers.Location?.AbsolutePath);

        using var anonymous = FormClient.For(portal);
        var response = await anonymous.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/Login", response.Headers.Location?.AbsolutePath);
    }

    [Theory]
    [InlineData("from=2026-11-30&to=2026-11-01", "Период начинается (30.11.2026) позже, чем заканчивается (01.11.2026).")]
    [InlineData("from=вчера&to=2026-11-01", "Не удалось прочитать дату «вчера»")]
    [InlineData("from=2026-11-01&to=2026-13-01", "Не удалось прочитать дату «2026-13-01»")]
    [InlineData("from=2026-11-01", "Не удалось прочитать дату «»")]
    public async Task ABadPeriodIsRefusedWithASentenceSayingWhatIsWrong(string query, string expected)
    {
        using var client = await SignedInAsync(Roles.Accountant);

        var response = await client.Http.GetAsync("/reports/bonuses/accruals?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(expected, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Неверный период", problem.RootElement.GetProperty("title").GetString());
    }

    private async Task<FormClient> SignedInAsync(string role)
    {
        var demo = DemoAccounts.All.Single(d => d.Role == role);
        var client = FormClient.For(portal);
        await client.SignInAsync(demo.Email, demo.Password);
        return client;
    }

    private static string[] Headers(IXLWorksheet sheet, int count) =>
        [.. Enumerable.Range(1, count).Select(c => sheet.Cell(1, c).GetString())];
}
