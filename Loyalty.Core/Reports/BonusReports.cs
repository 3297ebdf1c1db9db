using System.Globalization;
using ClosedXML.Excel;
using Loyalty.Core.Data;
using Loyalty.Core.Ledger;
using Loyalty.Core.Portal;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Reports;

/// <summary>
/// The customer bonus program's Excel reports, as bytes for the web layer to stream: the balances of every customer,
/// and the register of bonus entries in a period cut in the portal's time zone. Headers and operation names are in
/// <paramref name="language"/> of each method (Russian unless English is asked for).
/// </summary>
public sealed class BonusReports(IDbContextFactory<LoyaltyDbContext> dbFactory, PortalClock clock)
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static string BalancesFileName(DateOnly day) => $"bonus-balances-{day:yyyy-MM-dd}.xlsx";

    public static string AccrualsFileName(DateOnly from, DateOnly to) => $"bonus-accruals-{from:yyyy-MM-dd}-{to:yyyy-MM-dd}.xlsx";

    /// <summary>Today in the portal's zone: the date a balances file is named after.</summary>
    public DateOnly Today => DateOnly.FromDateTime(clock.Now);

    /// <summary>One row per customer the program knows (ID, name, tier, %, won deals and sum, accrued, redeemed, balance, last purchase) and totals.</summary>
    public async Task<byte[]> BalancesAsync(CultureInfo language, CancellationToken ct = default)
    {
        string T(string key) => ReportText.Get(key, language);
        using var workbook = new XLWorkbook();
        var sheet = new ExcelSheet(workbook, T("Balances_Sheet"),
        [
            new(T("Col_ContactId"), 12, ExcelSheet.IntegerFormat),
            new(T("Col_Customer"), 36),
            new(T("Col_Tier"), 14),
            new(T("Col_Percent"), 11, ExcelSheet.PercentFormat),
            new(T("Col_WonDeals"), 12, ExcelSheet.CountFormat),
            new(T("Col_WonSum"), 20, ExcelSheet.MoneyFormat),
            new(T("Col_Accrued"), 16, ExcelSheet.MoneyFormat),
            new(T("Col_Redeemed"), 16, ExcelSheet.MoneyFormat),
            new(T("Col_Balance"), 16, ExcelSheet.MoneyFormat),
            new(T("Col_LastPurchase"), 14, ExcelSheet.DateFormat),
        ]);

        long wonDeals = 0, wonSum = 0, accrued = 0, redeemed = 0, balance = 0;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var customers = db.BonusCustomers.AsNoTracking().OrderBy(c => c.DisplayName).ThenBy(c => c.ContactId).AsAsyncEnumerable();
            await foreach (var c in customers.WithCancellation(ct))
            {
                var row = sheet.NextRow();
                sheet.Number(row, 1, c.ContactId);
                sheet.Text(row, 2, c.DisplayName);
                sheet.Text(row, 3, c.Tier);
                sheet.Number(row, 4, c.PercentBasisPoints / 10_000m);
                sheet.Number(row, 5, c.WonDeals);
                sheet.Money(row, 6, c.WonSum);
                sheet.Money(row, 7, c.Accrued);
                sheet.Money(row, 8, c.Redeemed);
                sheet.Money(row, 9, c.Balance);
                sheet.Date(row, 10, c.LastPurchaseAt is { } at ? clock.ToPortal(at).Date : null);
                wonDeals += c.WonDeals;
                wonSum += c.WonSum;
                accrued += c.Accrued;
                redeemed += c.Redeemed;
                balance += c.Balance;
            }
        }

        sheet.Finish(T("Total"), (s, row) =>
        {
            s.Number(row, 5, wonDeals);
            s.Money(row, 6, wonSum);
            s.Money(row, 7, accrued);
            s.Money(row, 8, redeemed);
            s.Money(row, 9, balance);
        });
        return Save(workbook);
    }

    /// <summary>
    /// Every customer-bonus ledger entry that occurred from the start of <paramref name="from"/> to the end of
    /// <paramref name="to"/> (days in the portal's zone), oldest first, with the customer and the deal it came from, and totals.
    /// </summary>
    public async Task<byte[]> AccrualsAsync(DateOnly from, DateOnly to, CultureInfo language, CancellationToken ct = default)
    {
        if (from > to)
        {
            throw new ArgumentException($"The period starts ({from:yyyy-MM-dd}) after it ends ({to:yyyy-MM-dd}).", nameof(from));
        }

        string T(string key) => ReportText.Get(key, language);
        using var workbook = new XLWorkbook();
        var sheet = new ExcelSheet(workbook, T("Accruals_Sheet"),
        [
            new(T("Col_Date"), 17, ExcelSheet.DateTimeFormat),
            new(T("Col_ContactId"), 12, ExcelSheet.IntegerFormat),
            new(T("Col_Customer"), 30),
            new(T("Col_Kind"), 15),
            new(T("Col_DealId"), 11, ExcelSheet.IntegerFormat),
            new(T("Col_Deal"), 32),
            new(T("Col_Amount"), 16, ExcelSheet.MoneyFormat),
            new(T("Col_Comment"), 44),
            new(T("Col_Actor"), 24),
            new(T("Col_RuleVersion"), 10, ExcelSheet.IntegerFormat),
        ]);

        var fromUtc = clock.StartOfDayUtc(from);
        var toUtc = clock.EndOfDayUtc(to);
        long total = 0;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var entries =
                from e in db.LedgerEntries.AsNoTracking()
                join a in db.LedgerAccounts on e.AccountId equals a.Id
                where a.Kind == AccountKind.CustomerBonus && e.OccurredAt >= fromUtc && e.OccurredAt < toUtc
                from c in db.BonusCustomers.Where(c => c.ContactId == a.OwnerId).DefaultIfEmpty()
                from k in db.Contacts.Where(k => k.Id == a.OwnerId).DefaultIfEmpty()
                from d in db.Deals.Where(d => d.Id == e.DealId).DefaultIfEmpty()
                orderby e.OccurredAt, e.Id
                select new
                {
                    e.OccurredAt, a.OwnerId, e.Kind, e.DealId, e.Amount, e.Comment, e.Reason, e.ReasonArgs, e.Actor, e.RuleVersion,
                    Name = c == null ? null : c.DisplayName,
                    FirstName = k == null ? null : k.FirstName,
                    LastName = k == null ? null : k.LastName,
                    Title = d == null ? null : d.Title,
                };
            await foreach (var e in entries.AsAsyncEnumerable().WithCancellation(ct))
            {
                var row = sheet.NextRow();
                sheet.Date(row, 1, clock.ToPortal(e.OccurredAt));
                sheet.Number(row, 2, e.OwnerId);
                sheet.Text(row, 3, e.Name ?? NameOf(e.FirstName, e.LastName) ?? $"#{e.OwnerId}");
                sheet.Text(row, 4, T("Kind_" + e.Kind));
                sheet.Number(row, 5, e.DealId);
                sheet.Text(row, 6, e.Title);
                sheet.Money(row, 7, e.Amount);
                sheet.Text(row, 8, LedgerReasonText.Render(e.Reason, e.ReasonArgs, e.Comment, language));
                sheet.Text(row, 9, e.Actor);
                sheet.Number(row, 10, e.RuleVersion);
                total += e.Amount;
            }
        }

        sheet.Finish(T("Total"), (s, row) => s.Money(row, 7, total));
        return Save(workbook);
    }

    private static string? NameOf(string? first, string? last) =>
        string.Join(' ', new[] { first, last }.Where(s => !string.IsNullOrEmpty(s))) is { Length: > 0 } name ? name : null;

    private static byte[] Save(XLWorkbook workbook)
    {
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}
