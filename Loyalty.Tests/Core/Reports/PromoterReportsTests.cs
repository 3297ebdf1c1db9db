using System.Globalization;
using ClosedXML.Excel;
using Loyalty.Core.Ledger;
using Loyalty.Core.Promoters;
using Loyalty.Core.Reports;
using Loyalty.Tests.Core.Promoters;
using Loyalty.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Core.Reports;

/// <summary>
/// The promoter reports over <see cref="PromoterReportScenario"/> on a real SQLite file: every figure checked against the
/// scenario's own arithmetic and against the ledger and the registry (what the portal's pages show).
/// </summary>
public sealed class PromoterReportsTests : IAsyncLifetime
{
    private static readonly CultureInfo Russian = CultureInfo.GetCultureInfo("ru-RU");
    private static readonly DateOnly November1 = new(2026, 11, 1), November30 = new(2026, 11, 30), December1 = new(2026, 12, 1), December31 = new(2026, 12, 31);

    private PromoterWorld _world = null!;
    private PromoterReports _reports = null!;
    private PromoterReportScenario.Seeded _seeded = null!;

    public async Task InitializeAsync()
    {
        _world = await PromoterWorld.CreateAsync();
        _reports = new PromoterReports(_world.Database, _world.Clock);
        _seeded = await PromoterReportScenario.SeedAsync(_world.Database, _world.Registry, _world.Commissions, _world.Ledger);
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task NovemberShowsAccrualsReversalsPayoutsAndTheClawbackAsTheyStoodAtTheMonthsEnd()
    {
        var rows = await _reports.PayoutFiguresAsync(new PromoterReportFilter(November1, November30));

        Assert.Equal(["Иван Петров", "Мария Соколова"], rows.Select(r => r.Name));
        var ivan = rows[0];
        Assert.Equal(150_000_00, ivan.Turnover); // deal 202 was unwon: no longer turnover
        Assert.Equal(17_000_00, ivan.Accrued);
        Assert.Equal(2_000_00, ivan.Reversed);
        Assert.Equal(10_000_00, ivan.Paid);
        Assert.Equal(0, ivan.OnHold); // deal 200's hold ended on 19.11
        Assert.Equal(5_000_00, ivan.Payable);
        Assert.Equal(5_000_00, ivan.Outstanding);

        var maria = rows[1];
        Assert.Equal(0, maria.Turnover);
        Assert.Equal(10_000_00, maria.Accrued);
        Assert.Equal(10_000_00, maria.Reversed);
        Assert.Equal(10_000_00, maria.Paid);
        Assert.Equal(-10_000_00, maria.Outstanding); // the clawback
        Assert.Equal(0, maria.Payable);

        // The same sums straight from the ledger.
        await using var db = _world.Database.CreateDbContext();
        var fromUtc = PromoterReportScenario.Local(2026, 11, 1, 0);
        var toUtc = PromoterReportScenario.Local(2026, 12, 1, 0);
        foreach (var row in rows)
        {
            var entries = await (from e in db.LedgerEntries
                                 join a in db.LedgerAccounts on e.AccountId equals a.Id
                                 where a.Kind == AccountKind.PromoterCommission && a.OwnerId == row.PromoterId
                                 select e).ToListAsync();
            var november = entries.Where(e => e.OccurredAt >= fromUtc && e.OccurredAt < toUtc).ToList();
            Assert.Equal(november.Where(e => e.Kind == EntryKind.Accrual).Sum(e => e.Amount), row.Accrued);
            Assert.Equal(-november.Where(e => e.Kind == EntryKind.Reversal).Sum(e => e.Amount), row.Reversed);
            Assert.Equal(-november.Where(e => e.Kind == EntryKind.Payout).Sum(e => e.Amount), row.Paid);
            Assert.Equal(entries.Where(e => e.OccurredAt < toUtc).Sum(e => e.Amount), row.Outstanding);
        }

        Assert.Contains(await _world.EntriesOfAsync(_seeded.Maria), e => e.Reason == LedgerReason.PromoterClawback);
    }

    [Fact]
    public async Task ThisMonthsFiguresAreExactlyTheRegistrysAndTheCardsNow()
    {
        var rows = await _reports.PayoutFiguresAsync(new PromoterReportFilter(December1, December31));
        var registry = await new PromoterQueries(_world.Database, _world.Clock).ListAsync(new PromoterQuery());

        foreach (var row in rows)
        {
            var balance = await _world.Commissions.BalanceAsync(row.PromoterId);
            var listed = registry.Rows.Single(r => r.Id == row.PromoterId);
            Assert.Equal(balance.OnHold, row.OnHold);
            Assert.Equal(balance.Payable, row.Payable);
            Assert.Equal(balance.Balance, row.Outstanding);
            Assert.Equal(listed.OnHold, row.OnHold);
            Assert.Equal(listed.Payable, row.Payable);
        }

        var ivan = rows.Single(r => r.PromoterId == _seeded.Ivan);
        Assert.Equal(50_000_00, ivan.Turnover);
        Assert.Equal(5_000_00, ivan.Accrued);
        Assert.Equal(5_000_00, ivan.OnHold); // deal 201: payable after 15.12
        Assert.Equal(5_000_00, ivan.Payable);
        Assert.Equal(10_000_00, ivan.Outstanding);
        Assert.Equal(0, ivan.Paid);
    }

    [Fact]
    public async Task APeriodEndingBeforeTheHoldsEndedShowsThoseCommissionsOnHoldEvenIfReversedLater()
    {
        var rows = await _reports.PayoutFiguresAsync(new PromoterReportFilter(November1, new DateOnly(2026, 11, 12), PromoterId: _seeded.Ivan));

        var ivan = Assert.Single(rows);
        Assert.Equal(17_000_00, ivan.Accrued);
        Assert.Equal(17_000_00, ivan.OnHold); // deal 202 was reversed only on 20.11
        Assert.Equal(0, ivan.Payable);
        Assert.Equal(17_000_00, ivan.Outstanding);
    }

    [Fact]
    public async Task AClientOrDealFilterKeepsThePromotersWhoReferredThem()
    {
        var byClient = await _reports.PayoutFiguresAsync(new PromoterReportFilter(November1, November30, ContactId: PromoterReportScenario.Galina));
        Assert.Equal([_seeded.Maria], byClient.Select(r => r.PromoterId));

        var byDeal = await _reports.PayoutFiguresAsync(new PromoterReportFilter(November1, November30, DealId: 200));
        Assert.Equal([_seeded.Ivan], byDeal.Select(r => r.PromoterId));

        Assert.Empty(await _reports.PayoutFiguresAsync(new PromoterReportFilter(November1, November30, PromoterId: _seeded.Maria, DealId: 200)));
    }

    [Fact]
    public async Task ThePayoutWorkbookHasTypedCellsFormatsAFrozenHeaderAFilterAndTotals()
    {
        using var workbook = new XLWorkbook(new MemoryStream(await _reports.PayoutsAsync(new PromoterReportFilter(November1, November30), Russian)));
        var sheet = workbook.Worksheet(1);

        Assert.Equal("Выплаты промоутерам", sheet.Name);
        Assert.Equal("Промоутер", sheet.Cell(1, 1).GetString());
        Assert.Equal("К выплате, ₽", sheet.Cell(1, 9).GetString());
        Assert.Equal(1, sheet.SheetView.SplitRow);
        Assert.Equal("A1:N3", sheet.AutoFilter.Range.RangeAddress.ToString());
        Assert.Equal(30, sheet.Column(1).Width, 0.5);
        Assert.Equal("Иван Петров", sheet.Cell(2, 1).GetString());
        Assert.Equal(XLDataType.Number, sheet.Cell(2, 6).DataType);
        Assert.Equal(17_000m, sheet.Cell(2, 6).GetValue<decimal>());
        Assert.Equal(ExcelSheet.MoneyFormat, sheet.Cell(2, 6).Style.NumberFormat.Format);
        Assert.Equal(-10_000m, sheet.Cell(3, 11).GetValue<decimal>());

        var totals = sheet.Row(4);
        Assert.Equal("Итого", totals.Cell(1).GetString());
        Assert.True(totals.Cell(6).Style.Font.Bold);
        Assert.Equal(27_000m, totals.Cell(6).GetValue<decimal>());
        Assert.Equal(12_000m, totals.Cell(7).GetValue<decimal>());
        Assert.Equal(20_000m, totals.Cell(10).GetValue<decimal>());
        Assert.Equal(-5_000m, totals.Cell(11).GetValue<decimal>());
        Assert.Equal(ExcelSheet.MoneyFormat, totals.Cell(11).Style.NumberFormat.Format);
        Assert.Equal(4, sheet.LastRowUsed().RowNumber());
    }

    [Fact]
    public async Task TheRegisterListsTheMonthsCommissionsAndTheReferredLeadThatEarnedNothing()
    {
        var lines = await _reports.RegisterLinesAsync(new PromoterReportFilter(November1, November30));

        // Lead 101 came in November; its deal was won in December and is December's line.
        Assert.Equal([(long?)110, 100, 102, 103, 101], lines.Select(l => l.LeadId));
        Assert.Null(lines.Single(l => l.LeadId == 101).DealId);
        var anna = lines.Single(l => l.DealId == 200);
        Assert.Equal("Иван Петров", anna.Promoter);
        Assert.Equal("Анна Смирнова", anna.Client);
        Assert.Equal("Ремонт 200", anna.Deal);
        Assert.Equal(150_000_00, anna.Amount);
        Assert.Equal(1000, anna.RateBasisPoints);
        Assert.Equal(15_000_00, anna.Commission);
        Assert.Equal(ReferralLineStatus.Accrued, anna.Status);
        Assert.Equal(ReferralLineStatus.Reversed, lines.Single(l => l.DealId == 202).Status);
        Assert.Equal(ReferralLineStatus.Reversed, lines.Single(l => l.DealId == 300).Status);
        var nothing = lines.Single(l => l.LeadId == 103);
        Assert.Equal(ReferralLineStatus.None, nothing.Status);
        Assert.Null(nothing.Commission);
        Assert.Equal("Дарья Кузнецова", nothing.Client);

        var december = await _reports.RegisterLinesAsync(new PromoterReportFilter(December1, December31, ContactId: PromoterReportScenario.Vera));
        var vera = Assert.Single(december);
        Assert.Equal(ReferralLineStatus.OnHold, vera.Status);
        Assert.Equal(PromoterReportScenario.Local(2026, 12, 15, 0), vera.PayableAfter);

        Assert.Equal([(long?)202], (await _reports.RegisterLinesAsync(new PromoterReportFilter(November1, November30, DealId: 202))).Select(l => l.DealId));
        Assert.Equal(4, (await _reports.RegisterLinesAsync(new PromoterReportFilter(November1, November30, PromoterId: _seeded.Ivan))).Count);

        using var workbook = new XLWorkbook(new MemoryStream(await _reports.RegisterAsync(new PromoterReportFilter(November1, November30), Russian)));
        var sheet = workbook.Worksheet(1);
        Assert.Equal("A1:K6", sheet.AutoFilter.Range.RangeAddress.ToString());
        var row = sheet.Row(3);
        Assert.Equal(XLDataType.DateTime, row.Cell(5).DataType);
        Assert.Equal(new DateTime(2026, 11, 2, 12, 0, 0), row.Cell(5).GetDateTime());
        Assert.Equal(0.1, row.Cell(8).GetDouble(), 6);
        Assert.Equal(ExcelSheet.PercentFormat, row.Cell(8).Style.NumberFormat.Format);
        Assert.Equal("Начислена", row.Cell(10).GetString());
        Assert.Equal(new DateTime(2026, 11, 19), row.Cell(11).GetDateTime());
        Assert.Equal("Без комиссии", sheet.Cell(5, 10).GetString());
        var totals = sheet.Row(7);
        Assert.Equal("Итого", totals.Cell(1).GetString());
        Assert.Equal(270_000m, totals.Cell(7).GetValue<decimal>()); // every deal's amount
        Assert.Equal(15_000m, totals.Cell(9).GetValue<decimal>()); // only what still stands
    }

    [Fact]
    public async Task TheStatementRunsFromTheOpeningBalanceThroughEveryEntryToTheClosingBalance()
    {
        var november = await _reports.StatementOfAsync(_seeded.Ivan, November1, November30, Russian);
        Assert.NotNull(november);
        Assert.Equal(0, november.Opening);
        Assert.Equal([15_000_00L, 2_000_00, -2_000_00, -10_000_00], november.Lines.Select(l => l.Amount));
        Assert.Equal([15_000_00L, 17_000_00, 15_000_00, 5_000_00], november.Lines.Select(l => l.Balance));
        Assert.Equal(5_000_00, november.Closing);
        Assert.StartsWith("Комиссия промоутера: 10", november.Lines[0].Reason, StringComparison.Ordinal);
        Assert.Equal("Сделка больше не выиграна: комиссия промоутера отменена", november.Lines[2].Reason);

        var december = await _reports.StatementOfAsync(_seeded.Ivan, December1, December31, Russian);
        Assert.Equal(november.Closing, december!.Opening);
        Assert.Equal(10_000_00, december.Closing);
        Assert.Equal((await _world.Commissions.BalanceAsync(_seeded.Ivan)).Balance, december.Closing);

        Assert.Null(await _reports.StatementOfAsync(987_654, November1, November30, Russian));

        using var workbook = new XLWorkbook(new MemoryStream((await _reports.StatementAsync(_seeded.Maria, November1, November30, Russian))!));
        var sheet = workbook.Worksheet(1);
        Assert.Equal("Выписка", sheet.Name);
        Assert.Equal("Входящий остаток", sheet.Cell(2, 2).GetString());
        Assert.Equal(0m, sheet.Cell(2, 6).GetValue<decimal>());
        Assert.Equal("Выплата", sheet.Cell(4, 2).GetString());
        Assert.Contains("удерживается", sheet.Cell(5, 4).GetString(), StringComparison.Ordinal);
        var closing = sheet.Row(6);
        Assert.Equal("Исходящий остаток", closing.Cell(1).GetString());
        Assert.Equal(-10_000m, closing.Cell(6).GetValue<decimal>());
        Assert.Equal(-10_000m, closing.Cell(5).GetValue<decimal>());
        Assert.Equal(1, sheet.SheetView.SplitRow);
        Assert.Equal("A1:F5", sheet.AutoFilter.Range.RangeAddress.ToString());
    }

    [Fact]
    public async Task EnglishHeadersAndTextsForAnEnglishReader()
    {
        using var workbook = new XLWorkbook(new MemoryStream(await _reports.RegisterAsync(new PromoterReportFilter(November1, November30), CultureInfo.GetCultureInfo("en"))));
        var sheet = workbook.Worksheet(1);
        Assert.Equal("Referral register", sheet.Name);
        Assert.Equal(["Promoter", "Lead", "Deal", "Client"], Enumerable.Range(1, 4).Select(c => sheet.Cell(1, c).GetString()));
        Assert.Equal("Accrued", sheet.Cell(3, 10).GetString());
        Assert.Equal("Total", sheet.Cell(7, 1).GetString());
    }

    [SofficeFact]
    public async Task LibreOfficeReadsThePayoutReportsTotalsAsNumbers()
    {
        var soffice = SofficeFactAttribute.Executable ?? throw new InvalidOperationException("soffice is required (LOYALTY_SOFFICE=required) but not found on PATH");
        var folder = Directory.CreateTempSubdirectory("loyalty-soffice-").FullName;
        try
        {
            var file = Path.Combine(folder, "payouts.xlsx");
            await File.WriteAllBytesAsync(file, await _reports.PayoutsAsync(new PromoterReportFilter(November1, November30), Russian));
            var start = new System.Diagnostics.ProcessStartInfo(soffice)
            {
                ArgumentList = { "--headless", $"-env:UserInstallation=file://{folder}/profile", "--convert-to", "csv:Text - txt - csv (StarCalc):59,34,76,1", "--outdir", folder, file },
                RedirectStandardOutput = true, RedirectStandardError = true,
            };
            using (var process = System.Diagnostics.Process.Start(start)!)
            {
                await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);
                Assert.Equal(0, process.ExitCode);
            }

            var lines = await File.ReadAllLinesAsync(Path.Combine(folder, "payouts.csv"));
            var totals = (lines.SingleOrDefault(l => l.TrimStart('"').StartsWith("Итого", StringComparison.Ordinal))
                ?? throw new Xunit.Sdk.XunitException("No totals line in LibreOffice's CSV:\n" + string.Join("\n", lines))).Split(';');
            static string Digits(string cell) => new(cell.Where(char.IsAsciiDigit).ToArray());
            Assert.Equal("2700000", Digits(totals[5])); // accrued 27 000,00 ₽
            Assert.Equal("2000000", Digits(totals[9])); // paid 20 000,00 ₽
            Assert.Contains("-", totals[10], StringComparison.Ordinal); // outstanding −5 000,00 ₽
            Assert.Equal("500000", Digits(totals[10]));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task AReversedPeriodIsRefused() =>
        await Assert.ThrowsAsync<ArgumentException>(() => _reports.PayoutFiguresAsync(new PromoterReportFilter(November30, November1)));
}
