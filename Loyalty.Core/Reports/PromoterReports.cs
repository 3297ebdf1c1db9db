using System.Globalization;
using ClosedXML.Excel;
using Loyalty.Core.Data;
using Loyalty.Core.Ledger;
using Loyalty.Core.Portal;
using Loyalty.Core.Promoters;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Reports;

/// <summary>
/// What a promoter report covers: the days <see cref="From"/>…<see cref="To"/> in the portal's zone, and optionally one
/// promoter, one referred client (a contact) and one deal.
/// </summary>
public sealed record PromoterReportFilter(DateOnly From, DateOnly To, long? PromoterId = null, long? ContactId = null, long? DealId = null)
{
    public bool ByReferral => ContactId is not null || DealId is not null;
}

/// <summary>A promoter, client or deal offered by the reports page's filters, by name.</summary>
public sealed record ReportChoice(long Id, string Name);

/// <summary>
/// One promoter's line of the payout report, kopecks. <see cref="Turnover"/>, <see cref="Accrued"/>,
/// <see cref="Reversed"/> and <see cref="Paid"/> are the period's; <see cref="OnHold"/>, <see cref="Payable"/> and
/// <see cref="Outstanding"/> (the commission account's balance: earned and not yet paid, negative after a clawback) stand
/// at the period's end, or now when the period has not ended yet — then they are exactly the registry's figures
/// (<see cref="PromoterCommissions.BalanceAsync"/>). <see cref="Gross"/>, <see cref="Tax"/> and <see cref="Net"/> sum the
/// payouts paid in the period.
/// </summary>
public sealed record PayoutReportRow(
    long PromoterId, string Name, string? Code, PromoterLegalStatus? LegalStatus, string? Inn,
    long Turnover, long Accrued, long Reversed, long OnHold, long Payable, long Paid, long Outstanding,
    long Gross, long Tax, long Net);

/// <summary>
/// The promoter program's Excel files (decision 018), as bytes for the web layer to stream: the payout report, the
/// register of referred leads and deals and one promoter's statement. Figures are computed in SQL (grouped sums over the
/// ledger and the register), never by loading every entry; headers and texts are in the language asked for.
/// </summary>
public sealed class PromoterReports(IDbContextFactory<LoyaltyDbContext> dbFactory, PortalClock clock)
{
    public const string ContentType = BonusReports.ContentType;

    public static string PayoutsFileName(DateOnly from, DateOnly to) => $"promoter-payouts-{from:yyyy-MM-dd}-{to:yyyy-MM-dd}.xlsx";

    public static string RegisterFileName(DateOnly from, DateOnly to) => $"promoter-register-{from:yyyy-MM-dd}-{to:yyyy-MM-dd}.xlsx";

    public static string StatementFileName(long promoterId, DateOnly from, DateOnly to) => $"promoter-{promoterId}-statement-{from:yyyy-MM-dd}-{to:yyyy-MM-dd}.xlsx";

    /// <summary>The current month in the portal's zone: the reports page's default period.</summary>
    public (DateOnly From, DateOnly To) ThisMonth()
    {
        var today = DateOnly.FromDateTime(clock.Now);
        var first = new DateOnly(today.Year, today.Month, 1);
        return (first, first.AddMonths(1).AddDays(-1));
    }

    // ------------------------------------------------------------------ payout report

    /// <summary>
    /// The payout report's lines, by promoter name. A client or deal filter picks the promoters who referred that client
    /// or deal (payouts are per promoter, not per deal: their figures stay whole; the register cuts by deal).
    /// </summary>
    public async Task<IReadOnlyList<PayoutReportRow>> PayoutFiguresAsync(PromoterReportFilter filter, CancellationToken ct = default)
    {
        Check(filter);
        var fromUtc = clock.StartOfDayUtc(filter.From);
        var toUtc = clock.EndOfDayUtc(filter.To);
        var now = clock.UtcNow;
        var current = toUtc >= now;
        var at = current ? now : toUtc;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var promoters = db.Promoters.AsNoTracking().AsQueryable();
        if (filter.PromoterId is { } promoterId)
        {
            promoters = promoters.Where(p => p.Id == promoterId);
        }

        if (filter.ContactId is { } contactId)
        {
            promoters = promoters.Where(p => db.PromoterCommissions.Any(c => c.PromoterId == p.Id && c.ContactId == contactId));
        }

        if (filter.DealId is { } dealId)
        {
            promoters = promoters.Where(p => db.PromoterCommissions.Any(c => c.PromoterId == p.Id && c.DealId == dealId));
        }

        var people = await (from p in promoters
                            join c in db.Contacts.AsNoTracking() on p.ContactId equals c.Id into contacts
                            from c in contacts.DefaultIfEmpty()
                            select new
                            {
                                p.Id, p.ContactId, p.ActiveCode, p.LegalStatus, p.Inn,
                                First = c == null ? null : c.FirstName, Last = c == null ? null : c.LastName,
                            }).ToListAsync(ct);
        var ids = people.Select(p => p.Id).ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        // One promoter asked for: its ID narrows every query; otherwise the program's promoters are all of them (hundreds),
        // and the sums are grouped over the whole account kind without a long IN list.
        var one = ids.Count == 1 ? ids[0] : (long?)null;
        var accounts = db.LedgerAccounts.AsNoTracking().Where(a => a.Kind == AccountKind.PromoterCommission && (one == null || a.OwnerId == one));
        var commissions = db.PromoterCommissions.AsNoTracking().Where(c => one == null || c.PromoterId == one);

        var turnover = await commissions
            .Where(c => c.Trigger == CommissionTrigger.DealWon && (c.Status == CommissionStatus.Accrued || c.Status == CommissionStatus.OnReview)
                && c.OccurredAt >= fromUtc && c.OccurredAt < toUtc)
            .GroupBy(c => c.PromoterId).Select(g => new { Id = g.Key, Sum = g.Sum(c => c.BaseAmount) })
            .ToDictionaryAsync(x => x.Id, x => x.Sum, ct);

        var inPeriod = await (from e in db.LedgerEntries.AsNoTracking()
                              join a in accounts on e.AccountId equals a.Id
                              where e.OccurredAt >= fromUtc && e.OccurredAt < toUtc
                              group e by new { a.OwnerId, e.Kind } into g
                              select new { g.Key.OwnerId, g.Key.Kind, Sum = g.Sum(e => e.Amount) }).ToListAsync(ct);

        Dictionary<long, long> balance;
        Dictionary<long, long> onHold;
        if (current)
        {
            // Exactly what the registry and the card show (PromoterCommissions.BalanceAsync).
            balance = await accounts.ToDictionaryAsync(a => a.OwnerId, a => a.Balance, ct);
            onHold = await commissions
                .Where(c => c.Status == CommissionStatus.Accrued && c.LedgerEntryId != null && c.PayableAfter > now)
                .GroupBy(c => c.PromoterId).Select(g => new { Id = g.Key, Sum = g.Sum(c => c.Amount) })
                .ToDictionaryAsync(x => x.Id, x => x.Sum, ct);
        }
        else
        {
            balance = await (from e in db.LedgerEntries.AsNoTracking()
                             join a in accounts on e.AccountId equals a.Id
                             where e.OccurredAt < at
                             group e by a.OwnerId into g
                             select new { Id = g.Key, Sum = g.Sum(e => e.Amount) }).ToDictionaryAsync(x => x.Id, x => x.Sum, ct);
            // Accruals posted by then whose hold had not ended, and not reversed by then.
            onHold = await (from c in commissions
                            join e in db.LedgerEntries on c.LedgerEntryId equals e.Id
                            where e.OccurredAt < at && c.PayableAfter > at
                                && (c.ReversalEntryId == null || db.LedgerEntries.Any(r => r.Id == c.ReversalEntryId && r.OccurredAt >= at))
                            group c by c.PromoterId into g
                            select new { Id = g.Key, Sum = g.Sum(c => c.Amount) }).ToDictionaryAsync(x => x.Id, x => x.Sum, ct);
        }

        var paidOut = await PaidPayoutsAsync(db, one, fromUtc, toUtc, ct);

        long Sum(long owner, EntryKind kind) => inPeriod.Where(x => x.OwnerId == owner && x.Kind == kind).Sum(x => x.Sum);
        return people
            .Select(p =>
            {
                var outstanding = balance.GetValueOrDefault(p.Id);
                var hold = onHold.GetValueOrDefault(p.Id);
                var payouts = paidOut.GetValueOrDefault(p.Id);
                return new PayoutReportRow(p.Id, PersonName(p.First, p.Last, p.ContactId), p.ActiveCode, p.LegalStatus, p.Inn,
                    turnover.GetValueOrDefault(p.Id), Sum(p.Id, EntryKind.Accrual), -Sum(p.Id, EntryKind.Reversal), hold, Math.Max(0, outstanding - hold),
                    -Sum(p.Id, EntryKind.Payout), outstanding, payouts.Gross, payouts.Tax, payouts.Net);
            })
            .OrderBy(r => r.Name, StringComparer.Create(CultureInfo.GetCultureInfo("ru-RU"), ignoreCase: true)).ThenBy(r => r.PromoterId)
            .ToList();
    }

    /// <summary>The payout report: one line per promoter and a totals row.</summary>
    public async Task<byte[]> PayoutsAsync(PromoterReportFilter filter, CultureInfo language, CancellationToken ct = default)
    {
        var rows = await PayoutFiguresAsync(filter, ct);
        string T(string key) => ReportText.Get(key, language);
        using var workbook = new XLWorkbook();
        var sheet = new ExcelSheet(workbook, T("PromoterReport_PayoutsSheet"),
        [
            new(T("PromoterReport_Col_Promoter"), 30),
            new(T("PromoterReport_Col_Code"), 11),
            new(T("PromoterReport_Col_LegalStatus"), 16),
            new(T("PromoterReport_Col_Inn"), 14),
            new(T("PromoterReport_Col_Turnover"), 18, ExcelSheet.MoneyFormat),
            new(T("PromoterReport_Col_Accrued"), 16, ExcelSheet.MoneyFormat),
            new(T("PromoterReport_Col_Reversed"), 16, ExcelSheet.MoneyFormat),
            new(T("PromoterReport_Col_OnHold"), 16, ExcelSheet.MoneyFormat),
            new(T("PromoterReport_Col_Payable"), 16, ExcelSheet.MoneyFormat),
            new(T("PromoterReport_Col_Paid"), 16, ExcelSheet.MoneyFormat),
            new(T("PromoterReport_Col_Outstanding"), 16, ExcelSheet.MoneyFormat),
            new(T("PromoterReport_Col_Gross"), 16, ExcelSheet.MoneyFormat),
            new(T("PromoterReport_Col_Tax"), 16, ExcelSheet.MoneyFormat),
            new(T("PromoterReport_Col_Net"), 16, ExcelSheet.MoneyFormat),
        ]);
        sheet.PrintTitle(string.Format(language, T("PromoterReport_PayoutsTitle"), Period(filter, language)));

        foreach (var r in rows)
        {
            var row = sheet.NextRow();
            sheet.Text(row, 1, r.Name);
            sheet.Text(row, 2, r.Code);
            sheet.Text(row, 3, r.LegalStatus is { } status ? T("PromoterReport_Legal_" + status) : null);
            sheet.Text(row, 4, r.Inn);
            sheet.Money(row, 5, r.Turnover);
            sheet.Money(row, 6, r.Accrued);
            sheet.Money(row, 7, r.Reversed);
            sheet.Money(row, 8, r.OnHold);
            sheet.Money(row, 9, r.Payable);
            sheet.Money(row, 10, r.Paid);
            sheet.Money(row, 11, r.Outstanding);
            if (r.LegalStatus == PromoterLegalStatus.Individual || r.Gross != 0)
            {
                sheet.Money(row, 12, r.Gross);
                sheet.Money(row, 13, r.Tax);
                sheet.Money(row, 14, r.Net);
            }
        }

        sheet.Finish(T("Total"), (s, row) =>
        {
            s.Money(row, 5, rows.Sum(r => r.Turnover));
            s.Money(row, 6, rows.Sum(r => r.Accrued));
            s.Money(row, 7, rows.Sum(r => r.Reversed));
            s.Money(row, 8, rows.Sum(r => r.OnHold));
            s.Money(row, 9, rows.Sum(r => r.Payable));
            s.Money(row, 10, rows.Sum(r => r.Paid));
            s.Money(row, 11, rows.Sum(r => r.Outstanding));
            s.Money(row, 12, rows.Sum(r => r.Gross));
            s.Money(row, 13, rows.Sum(r => r.Tax));
            s.Money(row, 14, rows.Sum(r => r.Net));
        });
        return Save(workbook);
    }

    /// <summary>
    /// Gross, tax and net of the payouts paid in the period, per promoter: a payout counts when its Payout entry was posted
    /// (marked paid), the same instant the Paid column counts it, so Paid = gross.
    /// </summary>
    private static async Task<Dictionary<long, (long Gross, long Tax, long Net)>> PaidPayoutsAsync(LoyaltyDbContext db, long? one, DateTime fromUtc, DateTime toUtc, CancellationToken ct)
    {
        var sums = await (from p in db.Payouts.AsNoTracking()
                          join e in db.LedgerEntries on p.LedgerEntryId equals e.Id
                          where p.Status == PayoutStatus.Paid && (one == null || p.PromoterId == one) && e.OccurredAt >= fromUtc && e.OccurredAt < toUtc
                          group p by p.PromoterId into g
                          select new { Id = g.Key, Gross = g.Sum(p => p.Gross), Tax = g.Sum(p => p.Tax), Net = g.Sum(p => p.Net) }).ToListAsync(ct);
        return sums.ToDictionary(x => x.Id, x => (x.Gross, x.Tax, x.Net));
    }

    // ------------------------------------------------------------------ payout run

    public static string RunFileName(long runId) => $"payout-run-{runId}.xlsx";

    /// <summary>One payout of a run as the run report and the bank registry show it (details as snapshotted).</summary>
    public sealed record RunLine(
        long PayoutId, long PromoterId, string Promoter, string? PayeeName, PromoterLegalStatus? LegalStatus, string? Inn, string? Bik, string? BankAccount,
        string? CorrespondentAccount, long Gross, long Tax, long Net, PayoutStatus Status, DateOnly? PaidOn, string? Reference, string? Receipt);

    /// <summary>A payout run and its payouts by promoter name.</summary>
    public sealed record Run(long Id, DateOnly From, DateOnly To, DateTime CreatedAt, IReadOnlyList<RunLine> Lines);

    /// <summary>The run; null when there is no such run.</summary>
    public async Task<Run?> RunOfAsync(long runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var run = await db.PayoutRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, ct);
        if (run is null)
        {
            return null;
        }

        var rows = await (from p in db.Payouts.AsNoTracking()
                          where p.RunId == runId
                          join r in db.Promoters on p.PromoterId equals r.Id
                          from c in db.Contacts.Where(c => c.Id == r.ContactId).DefaultIfEmpty()
                          select new { Payout = p, r.ContactId, First = c == null ? null : c.FirstName, Last = c == null ? null : c.LastName }).ToListAsync(ct);
        var lines = rows
            .Select(x =>
            {
                var p = x.Payout;
                return new RunLine(p.Id, p.PromoterId, PersonName(x.First, x.Last, x.ContactId), p.PayeeName, p.LegalStatus, p.Inn, p.Bik, p.BankAccount,
                    p.CorrespondentAccount, p.Gross, p.Tax, p.Net, p.Status, p.PaidOn, p.Reference, p.ReceiptNumber);
            })
            .OrderBy(l => l.Promoter, StringComparer.Create(CultureInfo.GetCultureInfo("ru-RU"), ignoreCase: true)).ThenBy(l => l.PayoutId)
            .ToList();
        return new Run(run.Id, run.PeriodFrom, run.PeriodTo, run.CreatedAt, lines);
    }

    /// <summary>
    /// The run report: per payout the promoter, payee, legal status, INN, gross, tax, net, status, payment date, reference
    /// and receipt; totals of the payouts not cancelled. Null when there is no such run.
    /// </summary>
    public async Task<byte[]?> RunAsync(long runId, CultureInfo language, CancellationToken ct = default)
    {
        if (await RunOfAsync(runId, ct) is not { } run)
        {
            return null;
        }

        string T(string key) => ReportText.Get(key, language);
        using var workbook = new XLWorkbook();
        var sheet = new ExcelSheet(workbook, T("PromoterReport_RunSheet"),
        [
            new(T("PromoterReport_Col_Promoter"), 26),
            new(T("PromoterReport_Col_Payee"), 30),
            new(T("PromoterReport_Col_LegalStatus"), 16),
            new(T("PromoterReport_Col_Inn"), 14),
            new(T("PromoterReport_Col_Gross"), 16, ExcelSheet.MoneyFormat),
            new(T("PromoterReport_Col_Tax"), 16, ExcelSheet.MoneyFormat),
            new(T("PromoterReport_Col_Net"), 16, ExcelSheet.MoneyFormat),
            new(T("PromoterReport_Col_PayoutStatus"), 16),
            new(T("PromoterReport_Col_PaidOn"), 13, ExcelSheet.DateFormat),
            new(T("PromoterReport_Col_Reference"), 18),
            new(T("PromoterReport_Col_Receipt"), 18),
        ]);
        var title = string.Format(language, T("PromoterReport_RunTitle"), run.Id, Period(new PromoterReportFilter(run.From, run.To), language));
        sheet.PrintTitle(title);
        workbook.Properties.Title = title;
        foreach (var l in run.Lines)
        {
            var row = sheet.NextRow();
            sheet.Text(row, 1, l.Promoter);
            sheet.Text(row, 2, l.PayeeName);
            sheet.Text(row, 3, l.LegalStatus is { } status ? T("PromoterReport_Legal_" + status) : null);
            sheet.Text(row, 4, l.Inn);
            sheet.Money(row, 5, l.Gross);
            sheet.Money(row, 6, l.Tax);
            sheet.Money(row, 7, l.Net);
            sheet.Text(row, 8, T("PromoterReport_Payout_" + l.Status));
            sheet.Date(row, 9, l.PaidOn?.ToDateTime(TimeOnly.MinValue));
            sheet.Text(row, 10, l.Reference);
            sheet.Text(row, 11, l.Receipt);
        }

        var counted = run.Lines.Where(l => l.Status != PayoutStatus.Cancelled).ToList();
        sheet.Finish(T("PromoterReport_RunTotal"), (s, row) =>
        {
            s.Money(row, 5, counted.Sum(l => l.Gross));
            s.Money(row, 6, counted.Sum(l => l.Tax));
            s.Money(row, 7, counted.Sum(l => l.Net));
        });
        return Save(workbook);
    }

    // ------------------------------------------------------------------ register

    /// <summary>One line of the register: a commission, or a referred lead that has earned nothing (yet).</summary>
    public sealed record RegisterLine(
        long PromoterId, string Promoter, long? LeadId, string? Lead, long? DealId, string? Deal, string? Client, DateTime? CreatedAt, DateTime? ConvertedAt,
        long? Amount, int? RateBasisPoints, long? Commission, ReferralLineStatus Status, DateTime? PayableAfter);

    /// <summary>
    /// The register of the period: every commission earned in it (by when its fact happened), and every referred lead
    /// created in it that has no commission in it, with its deal if that deal has no commission at all (a deal that earned
    /// one is listed in the period it did); oldest first.
    /// </summary>
    public async Task<IReadOnlyList<RegisterLine>> RegisterLinesAsync(PromoterReportFilter filter, CancellationToken ct = default)
    {
        Check(filter);
        var fromUtc = clock.StartOfDayUtc(filter.From);
        var toUtc = clock.EndOfDayUtc(filter.To);
        var now = clock.UtcNow;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var names = await (from p in db.Promoters.AsNoTracking()
                           join c in db.Contacts.AsNoTracking() on p.ContactId equals c.Id into contacts
                           from c in contacts.DefaultIfEmpty()
                           select new { p.Id, p.ContactId, First = c == null ? null : c.FirstName, Last = c == null ? null : c.LastName })
            .ToDictionaryAsync(p => p.Id, p => PersonName(p.First, p.Last, p.ContactId), ct);

        var commissions = db.PromoterCommissions.AsNoTracking().Where(c => c.OccurredAt >= fromUtc && c.OccurredAt < toUtc);
        if (filter.PromoterId is { } promoterId)
        {
            commissions = commissions.Where(c => c.PromoterId == promoterId);
        }

        if (filter.ContactId is { } contactId)
        {
            commissions = commissions.Where(c => c.ContactId == contactId);
        }

        if (filter.DealId is { } dealId)
        {
            commissions = commissions.Where(c => c.DealId == dealId);
        }

        var lines = new List<RegisterLine>();
        var rows = from c in commissions
                   from l in db.Leads.Where(l => l.Id == c.LeadId).DefaultIfEmpty()
                   from d in db.Deals.Where(d => d.Id == c.DealId).DefaultIfEmpty()
                   from k in db.Contacts.Where(k => k.Id == c.ContactId).DefaultIfEmpty()
                   orderby c.OccurredAt, c.Id
                   select new
                   {
                       Line = c,
                       LeadTitle = l == null ? null : l.Title, LeadCreated = l == null ? null : l.CreatedAt, Converted = l == null ? null : l.ConvertedAt,
                       DealTitle = d == null ? null : d.Title,
                       First = k == null ? null : k.FirstName, Last = k == null ? null : k.LastName,
                   };
        var withCommission = new HashSet<long>();
        await foreach (var r in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            var c = r.Line;
            if (c.LeadId is { } lead)
            {
                withCommission.Add(lead);
            }

            lines.Add(new RegisterLine(c.PromoterId, names.GetValueOrDefault(c.PromoterId) ?? $"#{c.PromoterId}", c.LeadId, r.LeadTitle, c.DealId, r.DealTitle,
                c.ContactId is { } contact ? PersonName(r.First, r.Last, contact) : null, r.LeadCreated ?? c.OccurredAt, r.Converted,
                c.BaseAmount, c.Trigger == CommissionTrigger.DealWon ? c.RateBasisPoints : null, c.Amount, PromoterQueries.StatusOf(c, now), c.PayableAfter));
        }

        // Referred leads of the period without a commission in it: the mirror's leads naming a promoter, and the referral
        // page's own record of the leads it created.
        var promoterOfContact = await db.Promoters.AsNoTracking().ToDictionaryAsync(p => p.ContactId, p => p.Id, ct);
        var referred = new Dictionary<long, long>();
        foreach (var (leadId, contact) in await PromoterQueries.ReferredLeadsAsync(db, ct))
        {
            if (promoterOfContact.TryGetValue(contact, out var pid))
            {
                referred[leadId] = pid;
            }
        }

        foreach (var s in await db.Set<ReferralSubmission>().AsNoTracking().Where(s => s.LeadId != null).Select(s => new { s.LeadId, s.PromoterId }).ToListAsync(ct))
        {
            referred.TryAdd(s.LeadId!.Value, s.PromoterId);
        }

        var candidates = referred.Where(x => !withCommission.Contains(x.Key) && (filter.PromoterId == null || x.Value == filter.PromoterId)).Select(x => x.Key).ToList();
        if (candidates.Count > 0)
        {
            var leads = await (from l in db.Leads.AsNoTracking()
                               where candidates.Contains(l.Id) && l.CreatedAt >= fromUtc && l.CreatedAt < toUtc
                               from k in db.Contacts.Where(k => k.Id == l.ContactId).DefaultIfEmpty()
                               select new { l.Id, l.Title, l.CreatedAt, l.ConvertedAt, l.ContactId, First = k == null ? null : k.FirstName, Last = k == null ? null : k.LastName })
                .ToListAsync(ct);
            var leadIds = leads.Select(l => l.Id).ToList();
            // A deal with a commission (in another period) is that period's line; here the lead stands alone.
            var deals = await db.Deals.AsNoTracking()
                .Where(d => d.LeadId != null && leadIds.Contains(d.LeadId.Value) && d.DeletedAt == null && !db.PromoterCommissions.Any(c => c.DealId == d.Id))
                .Select(d => new { d.Id, d.Title, d.LeadId, d.AmountMinor }).ToListAsync(ct);
            foreach (var l in leads)
            {
                if (filter.ContactId is { } onlyContact && l.ContactId != onlyContact)
                {
                    continue;
                }

                var pid = referred[l.Id];
                var leadDeals = deals.Where(d => d.LeadId == l.Id).ToList();
                if (filter.DealId is { } onlyDeal)
                {
                    leadDeals = leadDeals.Where(d => d.Id == onlyDeal).ToList();
                    if (leadDeals.Count == 0)
                    {
                        continue;
                    }
                }

                var client = l.ContactId is { } contact ? PersonName(l.First, l.Last, contact) : null;
                if (leadDeals.Count == 0)
                {
                    lines.Add(new RegisterLine(pid, names.GetValueOrDefault(pid) ?? $"#{pid}", l.Id, l.Title, null, null, client, l.CreatedAt, l.ConvertedAt,
                        null, null, null, ReferralLineStatus.None, null));
                }

                foreach (var d in leadDeals)
                {
                    lines.Add(new RegisterLine(pid, names.GetValueOrDefault(pid) ?? $"#{pid}", l.Id, l.Title, d.Id, d.Title, client, l.CreatedAt, l.ConvertedAt,
                        d.AmountMinor, null, null, ReferralLineStatus.None, null));
                }
            }
        }

        return lines.OrderBy(l => l.CreatedAt ?? DateTime.MinValue).ThenBy(l => l.LeadId ?? long.MaxValue).ThenBy(l => l.DealId).ToList();
    }

    /// <summary>The register as a workbook: one row per line, totals of amounts and commissions.</summary>
    public async Task<byte[]> RegisterAsync(PromoterReportFilter filter, CultureInfo language, CancellationToken ct = default)
    {
        var lines = await RegisterLinesAsync(filter, ct);
        string T(string key) => ReportText.Get(key, language);
        using var workbook = new XLWorkbook();
        var sheet = new ExcelSheet(workbook, T("PromoterReport_RegisterSheet"),
        [
            new(T("PromoterReport_Col_Promoter"), 26),
            new(T("PromoterReport_Col_Lead"), 30),
            new(T("PromoterReport_Col_Deal"), 30),
            new(T("PromoterReport_Col_Client"), 26),
            new(T("PromoterReport_Col_Created"), 17, ExcelSheet.DateTimeFormat),
            new(T("PromoterReport_Col_Converted"), 17, ExcelSheet.DateTimeFormat),
            new(T("PromoterReport_Col_Amount"), 18, ExcelSheet.MoneyFormat),
            new(T("PromoterReport_Col_Rate"), 9, ExcelSheet.PercentFormat),
            new(T("PromoterReport_Col_Commission"), 16, ExcelSheet.MoneyFormat),
            new(T("PromoterReport_Col_Status"), 18),
            new(T("PromoterReport_Col_PayableAfter"), 14, ExcelSheet.DateFormat),
        ]);
        sheet.PrintTitle(string.Format(language, T("PromoterReport_RegisterTitle"), Period(filter, language)));
        foreach (var l in lines)
        {
            var row = sheet.NextRow();
            sheet.Text(row, 1, l.Promoter);
            sheet.Text(row, 2, l.Lead ?? (l.LeadId is { } lead ? $"#{lead}" : null));
            sheet.Text(row, 3, l.Deal ?? (l.DealId is { } deal ? $"#{deal}" : null));
            sheet.Text(row, 4, l.Client);
            sheet.Date(row, 5, l.CreatedAt is { } created ? clock.ToPortal(created) : null);
            sheet.Date(row, 6, l.ConvertedAt is { } converted ? clock.ToPortal(converted) : null);
            if (l.Amount is { } amount)
            {
                sheet.Money(row, 7, amount);
            }

            if (l.RateBasisPoints is { } rate)
            {
                sheet.Number(row, 8, rate / 10_000m);
            }

            if (l.Commission is { } commission)
            {
                sheet.Money(row, 9, commission);
            }

            sheet.Text(row, 10, T("PromoterReport_Status_" + l.Status));
            sheet.Date(row, 11, l.PayableAfter is { } after ? clock.ToPortal(after).Date : null);
        }

        sheet.Finish(T("Total"), (s, row) =>
        {
            s.Money(row, 7, lines.Sum(l => l.Amount ?? 0));
            s.Money(row, 9, lines.Where(l => l.Status is ReferralLineStatus.Accrued or ReferralLineStatus.OnHold).Sum(l => l.Commission ?? 0));
        });
        return Save(workbook);
    }

    // ------------------------------------------------------------------ statement

    /// <summary>One line of a statement: a ledger entry of the period with the balance after it.</summary>
    public sealed record StatementLine(DateTime OccurredAt, EntryKind Kind, long? DealId, string? Deal, long Amount, string? Reason, long Balance);

    /// <summary>A promoter's statement: the balance before the period, every entry in it, the balance after it.</summary>
    public sealed record Statement(long PromoterId, string Name, long Opening, IReadOnlyList<StatementLine> Lines, long Closing);

    /// <summary>The statement of a promoter's commission account for the period; null for an unknown promoter.</summary>
    public async Task<Statement?> StatementOfAsync(long promoterId, DateOnly from, DateOnly to, CultureInfo language, CancellationToken ct = default)
    {
        Check(new PromoterReportFilter(from, to));
        var fromUtc = clock.StartOfDayUtc(from);
        var toUtc = clock.EndOfDayUtc(to);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var promoter = await (from p in db.Promoters.AsNoTracking()
                              where p.Id == promoterId
                              from c in db.Contacts.Where(c => c.Id == p.ContactId).DefaultIfEmpty()
                              select new { p.Id, p.ContactId, First = c == null ? null : c.FirstName, Last = c == null ? null : c.LastName }).FirstOrDefaultAsync(ct);
        if (promoter is null)
        {
            return null;
        }

        var accountId = await db.LedgerAccounts.Where(a => a.Kind == AccountKind.PromoterCommission && a.OwnerId == promoterId).Select(a => (long?)a.Id).FirstOrDefaultAsync(ct);
        var name = PersonName(promoter.First, promoter.Last, promoter.ContactId);
        if (accountId is null)
        {
            return new Statement(promoterId, name, 0, [], 0);
        }

        var opening = await db.LedgerEntries.Where(e => e.AccountId == accountId && e.OccurredAt < fromUtc).SumAsync(e => e.Amount, ct);
        var balance = opening;
        var lines = new List<StatementLine>();
        var entries = from e in db.LedgerEntries.AsNoTracking()
                      where e.AccountId == accountId && e.OccurredAt >= fromUtc && e.OccurredAt < toUtc
                      from d in db.Deals.Where(d => d.Id == e.DealId).DefaultIfEmpty()
                      orderby e.OccurredAt, e.Id
                      select new { e.OccurredAt, e.Kind, e.DealId, e.Amount, e.Reason, e.ReasonArgs, e.Comment, Title = d == null ? null : d.Title };
        await foreach (var e in entries.AsAsyncEnumerable().WithCancellation(ct))
        {
            balance += e.Amount;
            lines.Add(new StatementLine(e.OccurredAt, e.Kind, e.DealId, e.Title, e.Amount, LedgerReasonText.Render(e.Reason, e.ReasonArgs, e.Comment, language), balance));
        }

        return new Statement(promoterId, name, opening, lines, balance);
    }

    /// <summary>The statement as a workbook; null for an unknown promoter.</summary>
    public async Task<byte[]?> StatementAsync(long promoterId, DateOnly from, DateOnly to, CultureInfo language, CancellationToken ct = default)
    {
        if (await StatementOfAsync(promoterId, from, to, language, ct) is not { } statement)
        {
            return null;
        }

        string T(string key) => ReportText.Get(key, language);
        using var workbook = new XLWorkbook();
        var sheet = new ExcelSheet(workbook, T("PromoterReport_StatementSheet"),
        [
            new(T("Col_Date"), 17, ExcelSheet.DateTimeFormat),
            new(T("Col_Kind"), 20),
            new(T("Col_Deal"), 30),
            new(T("Col_Comment"), 56),
            new(T("Col_Amount"), 16, ExcelSheet.MoneyFormat),
            new(T("PromoterReport_Col_BalanceAfter"), 16, ExcelSheet.MoneyFormat),
        ]);
        var period = Period(new PromoterReportFilter(from, to), language);
        sheet.PrintTitle(string.Format(language, T("PromoterReport_StatementTitle"), statement.Name, period));
        workbook.Properties.Title = string.Format(language, T("PromoterReport_StatementTitle"), statement.Name, period);

        var opening = sheet.NextRow();
        sheet.Date(opening, 1, clock.ToPortal(clock.StartOfDayUtc(from)));
        sheet.Text(opening, 2, T("PromoterReport_Opening"));
        sheet.Text(opening, 4, statement.Name);
        sheet.Money(opening, 6, statement.Opening);
        foreach (var line in statement.Lines)
        {
            var row = sheet.NextRow();
            sheet.Date(row, 1, clock.ToPortal(line.OccurredAt));
            sheet.Text(row, 2, T("Kind_" + line.Kind));
            sheet.Text(row, 3, line.Deal ?? (line.DealId is { } deal ? $"#{deal}" : null));
            sheet.Text(row, 4, line.Reason);
            sheet.Money(row, 5, line.Amount);
            sheet.Money(row, 6, line.Balance);
        }

        sheet.Finish(T("PromoterReport_Closing"), (s, row) =>
        {
            s.Money(row, 5, statement.Lines.Sum(l => l.Amount));
            s.Money(row, 6, statement.Closing);
        });
        return Save(workbook);
    }

    // ------------------------------------------------------------------ choices of the reports page

    /// <summary>Deals by title (or their number), at most <paramref name="take"/>, newest first; fewer than 2 characters find nothing.</summary>
    public async Task<IReadOnlyList<ReportChoice>> SearchDealsAsync(string? text, int take = 20, CancellationToken ct = default)
    {
        var term = text?.Trim() ?? "";
        if (term.Length < 2)
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deals = db.Deals.AsNoTracking().Where(d => d.DeletedAt == null);
        if (long.TryParse(term, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            deals = deals.Where(d => d.Id == id);
        }
        else
        {
            // SQLite's LIKE folds only ASCII letters: a Cyrillic word is looked for as typed, in lower case and capitalised.
            var lower = term.ToLowerInvariant();
            var typed = $"%{EscapeLike(term)}%";
            var small = $"%{EscapeLike(lower)}%";
            var capital = $"%{EscapeLike(char.ToUpperInvariant(lower[0]) + lower[1..])}%";
            deals = deals.Where(d => EF.Functions.Like(d.Title, typed, "\\") || EF.Functions.Like(d.Title, small, "\\") || EF.Functions.Like(d.Title, capital, "\\"));
        }

        return await deals.OrderByDescending(d => d.Id).Take(Math.Clamp(take, 1, 100))
            .Select(d => new ReportChoice(d.Id, d.Title == "" ? "#" + d.Id : d.Title)).ToListAsync(ct);
    }

    private static string EscapeLike(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

    // ------------------------------------------------------------------ helpers

    private static void Check(PromoterReportFilter filter)
    {
        if (filter.From > filter.To)
        {
            throw new ArgumentException($"The period starts ({filter.From:yyyy-MM-dd}) after it ends ({filter.To:yyyy-MM-dd}).", nameof(filter));
        }
    }

    private static string Period(PromoterReportFilter filter, CultureInfo language)
    {
        var formats = PortalCultures.FormatsOf(language);
        return $"{filter.From.ToString("d", formats)} – {filter.To.ToString("d", formats)}";
    }

    internal static string PersonName(string? first, string? last, long contactId)
    {
        var name = string.Join(' ', new[] { first, last }.Where(s => !string.IsNullOrWhiteSpace(s)));
        return name.Length > 0 ? name : $"#{contactId}";
    }

    internal static byte[] Save(XLWorkbook workbook)
    {
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}
