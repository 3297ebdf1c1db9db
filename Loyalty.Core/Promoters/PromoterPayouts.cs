using System.Globalization;
using System.Resources;
using Loyalty.Core.Data;
using Loyalty.Core.Ledger;
using Loyalty.Core.Portal;
using Loyalty.Core.WriteBack;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Loyalty.Core.Promoters;

/// <summary>Why a payout action was refused; the web shows <c>Payout_Err{code}</c>.</summary>
public enum PayoutError
{
    None,

    /// <summary>The period's end is before its start.</summary>
    BadPeriod,

    /// <summary>"All payable": no promoter has a payable balance and complete details.</summary>
    NothingPayable,

    /// <summary>A chosen promoter does not exist.</summary>
    UnknownPromoter,

    /// <summary>A chosen promoter's payout details are missing or invalid.</summary>
    DetailsIncomplete,

    /// <summary>An amount is 0 or negative.</summary>
    BadAmount,

    /// <summary>An amount is more than the promoter's payable balance now.</summary>
    AboveBalance,

    /// <summary>No such payout.</summary>
    NotFound,

    /// <summary>The payout is already paid or cancelled (both final).</summary>
    NotPending,

    /// <summary>Mark paid without a payment date, or with one in the future.</summary>
    BadPaidOn,

    /// <summary>Mark paid without the payment order's number.</summary>
    ReferenceMissing,

    /// <summary>A self-employed promoter's payout marked paid without the receipt number.</summary>
    ReceiptMissing,

    /// <summary>A text is longer than <see cref="PayoutLimits.Reference"/> (or a note than the reason limit).</summary>
    TooLong,

    /// <summary>The promoter's balance fell below the payout since the run (a reversed deal): cancel it instead.</summary>
    BalanceTooLow,
}

/// <summary>Lengths of the texts an accountant types when paying.</summary>
public static class PayoutLimits
{
    public const int Reference = 64;
}

/// <summary>
/// One promoter's money for payouts, kopecks: the ledger <see cref="Balance"/> (negative after a clawback), what is
/// <see cref="OnHold"/>, what <see cref="Pending"/> payouts reserve, and <see cref="Payable"/> = balance − on hold −
/// pending, never below 0. <see cref="DetailsComplete"/>: the payout details are complete and valid.
/// </summary>
public sealed record PayableLine(
    long PromoterId,
    long ContactId,
    string Name,
    bool Active,
    PromoterLegalStatus? LegalStatus,
    bool DetailsComplete,
    long Balance,
    long OnHold,
    long Pending,
    long Payable);

/// <summary>What creating a run did: the run, or the error (and the promoter it concerns); <see cref="Skipped"/> lists promoters left out of "all payable" for want of details.</summary>
public sealed record PayoutRunResult(PayoutError Error, long? RunId = null, long? PromoterId = null)
{
    public IReadOnlyList<long> Skipped { get; init; } = [];

    public bool Succeeded => Error == PayoutError.None;
}

/// <summary>What marking paid or cancelling did.</summary>
public sealed record PayoutResult(PayoutError Error, long? LedgerEntryId = null)
{
    public bool Succeeded => Error == PayoutError.None;
}

/// <summary>A payout's figures before it is created: the gross amount, the tax withheld and the net.</summary>
public sealed record PayoutFigures(long Gross, long Tax, long Net, int TaxBasisPoints)
{
    /// <summary>An individual has personal income tax withheld (rounded half away from zero); other statuses pay the gross.</summary>
    public static PayoutFigures Of(long gross, PromoterLegalStatus? status, int incomeTaxBasisPoints)
    {
        if (status != PromoterLegalStatus.Individual)
        {
            return new(gross, 0, gross, 0);
        }

        var tax = PromoterMath.Commission(gross, incomeTaxBasisPoints);
        return new(gross, tax, gross - tax, incomeTaxBasisPoints);
    }
}

/// <summary>
/// Promoter payouts (accountants): the payable balance per promoter, payout runs that reserve amounts (Pending), and a
/// payout's end — Paid (one Payout entry of −gross on the promoter's ledger account, a timeline comment on its contact
/// and the promoter's e-mail and SMS, in one transaction) or Cancelled (the amount is payable again).
/// <para>
/// Concurrency (decision 017, "Payouts"): creating a run and marking a payout paid run in one serialized SQLite write
/// transaction (<c>BEGIN IMMEDIATE</c>: readers see the committed state and no other writer gets in between), and both
/// bump the promoter's ledger account <see cref="Account.Version"/> (the ledger's concurrency token), so a commission
/// or reversal posted meanwhile makes the later writer retry with fresh figures. A payout's <see cref="Payout.Status"/>
/// is a concurrency token too (paid and cancelled at once: one wins), and the Payout entry's source key
/// <c>payout:{id}</c> is unique per account. User errors are results, never exceptions.
/// </para>
/// </summary>
public sealed class PromoterPayouts(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    LedgerService ledger,
    PromoterSettingsStore settingsStore,
    PromoterNotices notices,
    PortalClock clock,
    IOptions<PortalOptions> portal,
    ILogger<PromoterPayouts> logger)
{
    private const int MaxAttempts = 50;
    private static readonly ResourceManager Texts = new("Loyalty.Core.Promoters.PromoterText", typeof(PromoterPayouts).Assembly);

    /// <summary>Every promoter with money on its account or a pending payout, by name.</summary>
    public async Task<IReadOnlyList<PayableLine>> PayableAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await PayableAsync(db, null, ct);
    }

    /// <summary>The figures of one promoter (null: not a promoter).</summary>
    public async Task<PayableLine?> PayableAsync(long promoterId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await PayableAsync(db, [promoterId], ct)).FirstOrDefault();
    }

    /// <summary>
    /// Creates a run for the period: with <paramref name="amounts"/> null, every promoter with a payable balance and
    /// complete details is paid its payable balance in full (those without details are <see cref="PayoutRunResult.Skipped"/>);
    /// otherwise the chosen promoters, each amount 0 &lt; x ≤ payable now.
    /// </summary>
    public async Task<PayoutRunResult> CreateRunAsync(DateOnly from, DateOnly to, IReadOnlyDictionary<long, long>? amounts, string actor, CancellationToken ct = default, string? note = null)
    {
        if (to < from || from == default)
        {
            return new(PayoutError.BadPeriod);
        }

        if (TextLimits.IsTooLong(note, TextLimits.Reason))
        {
            return new(PayoutError.TooLong);
        }

        if (amounts is not null)
        {
            if (amounts.Count == 0)
            {
                return new(PayoutError.NothingPayable);
            }

            foreach (var (promoterId, amount) in amounts)
            {
                if (amount <= 0)
                {
                    return new(PayoutError.BadAmount, PromoterId: promoterId);
                }
            }
        }

        var settings = (await settingsStore.CurrentAsync(ct)).Settings;
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var lines = await PayableAsync(db, amounts?.Keys.ToList(), ct);
                var chosen = new List<(PayableLine Line, long Amount)>();
                var skipped = new List<long>();
                if (amounts is null)
                {
                    foreach (var line in lines.Where(l => l.Payable > 0))
                    {
                        if (line.DetailsComplete)
                        {
                            chosen.Add((line, line.Payable));
                        }
                        else
                        {
                            skipped.Add(line.PromoterId);
                        }
                    }

                    if (chosen.Count == 0)
                    {
                        return new(PayoutError.NothingPayable) { Skipped = skipped };
                    }
                }
                else
                {
                    var byId = lines.ToDictionary(l => l.PromoterId);
                    foreach (var (promoterId, amount) in amounts.OrderBy(a => a.Key))
                    {
                        if (!byId.TryGetValue(promoterId, out var line))
                        {
                            return new(PayoutError.UnknownPromoter, PromoterId: promoterId);
                        }

                        if (!line.DetailsComplete)
                        {
                            return new(PayoutError.DetailsIncomplete, PromoterId: promoterId);
                        }

                        if (amount > line.Payable)
                        {
                            return new(PayoutError.AboveBalance, PromoterId: promoterId);
                        }

                        chosen.Add((line, amount));
                    }
                }

                var now = clock.UtcNow;
                var run = db.PayoutRuns.Add(new PayoutRun { PeriodFrom = from, PeriodTo = to, CreatedAt = now, CreatedBy = actor, Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim() }).Entity;
                await db.SaveChangesAsync(ct);
                var ids = chosen.Select(c => c.Line.PromoterId).ToList();
                var promoters = await db.Promoters.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
                var accounts = await db.LedgerAccounts.Where(a => a.Kind == AccountKind.PromoterCommission && ids.Contains(a.OwnerId)).ToListAsync(ct);
                foreach (var (line, amount) in chosen)
                {
                    var p = promoters[line.PromoterId];
                    var figures = PayoutFigures.Of(amount, p.LegalStatus, settings.IncomeTaxBasisPoints);
                    db.Payouts.Add(new Payout
                    {
                        RunId = run.Id, PromoterId = p.Id, Gross = figures.Gross, Tax = figures.Tax, Net = figures.Net, TaxBasisPoints = figures.TaxBasisPoints,
                        Status = PayoutStatus.Pending, LegalStatus = p.LegalStatus, PayeeName = p.PayeeName, Inn = p.Inn, Bik = p.Bik,
                        BankAccount = p.BankAccount, CorrespondentAccount = p.CorrespondentAccount,
                    });
                }

                // The reservation changes what the accounts may pay: a writer that read them before us must read again.
                foreach (var account in accounts)
                {
                    account.Version++;
                }

                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                logger.LogInformation("Payout run {Run} by {Actor}: {Count} payouts, {Gross} kopecks", run.Id, actor, chosen.Count, chosen.Sum(c => c.Amount));
                return new(PayoutError.None, run.Id) { Skipped = skipped };
            }
            catch (DbUpdateException ex) when (attempt < MaxAttempts && !ct.IsCancellationRequested)
            {
                logger.LogDebug(ex, "Payout run retried ({Attempt})", attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, Math.Min(5 * attempt, 100))), ct);
            }
        }
    }

    /// <summary>
    /// Marks a pending payout paid on <paramref name="paidOn"/> (portal date, not in the future) with the payment order's
    /// <paramref name="reference"/> (and, for a self-employed promoter, the <paramref name="receipt"/> number): posts the
    /// Payout entry, queues the timeline comment and the promoter's notices, all in one transaction. Paid twice at once:
    /// one entry, the other call gets <see cref="PayoutError.NotPending"/>.
    /// </summary>
    public async Task<PayoutResult> MarkPaidAsync(long payoutId, DateOnly paidOn, string reference, string? receipt, string actor, CancellationToken ct = default)
    {
        reference = reference?.Trim() ?? "";
        receipt = string.IsNullOrWhiteSpace(receipt) ? null : receipt.Trim();
        if (paidOn == default || paidOn > DateOnly.FromDateTime(clock.Now))
        {
            return new(PayoutError.BadPaidOn);
        }

        if (reference.Length == 0)
        {
            return new(PayoutError.ReferenceMissing);
        }

        if (reference.Length > PayoutLimits.Reference || receipt?.Length > PayoutLimits.Reference)
        {
            return new(PayoutError.TooLong);
        }

        var settings = (await settingsStore.CurrentAsync(ct)).Settings;
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var payout = await db.Payouts.FirstOrDefaultAsync(p => p.Id == payoutId, ct);
                if (payout is null)
                {
                    return new(PayoutError.NotFound);
                }

                if (payout.Status != PayoutStatus.Pending)
                {
                    return new(PayoutError.NotPending);
                }

                if (payout.LegalStatus == PromoterLegalStatus.SelfEmployed && receipt is null)
                {
                    return new(PayoutError.ReceiptMissing);
                }

                var now = clock.UtcNow;
                payout.Status = PayoutStatus.Paid;
                payout.PaidOn = paidOn;
                payout.Reference = reference;
                payout.ReceiptNumber = receipt;
                payout.PaidAt = now;
                payout.PaidBy = actor;
                var reason = LedgerReason.Of(LedgerReason.PromoterPayout, ("Run", payout.RunId), ("Reference", reference),
                    ("PaidOn", paidOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
                var entry = await ledger.DebitInTransactionAsync(db, PromoterCommissions.Account(payout.PromoterId), EntryKind.Payout, payout.Gross,
                    new PostingInfo($"payout:{payout.Id}", now, actor, Reason: reason), ct);
                payout.LedgerEntryId = entry.Id;

                var promoter = await db.Promoters.AsNoTracking().FirstAsync(p => p.Id == payout.PromoterId, ct);
                await QueueCommentAsync(db, promoter.ContactId, payout, now, ct);
                await notices.PayoutPaidAsync(db, promoter, payout, settings, ct);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                logger.LogInformation("Payout {Payout} paid by {Actor}: {Gross} kopecks, order {Reference}", payout.Id, actor, payout.Gross, reference);
                return new(PayoutError.None, entry.Id);
            }
            catch (InsufficientBalanceException)
            {
                return new(PayoutError.BalanceTooLow);
            }
            catch (DbUpdateException ex) when (attempt < MaxAttempts && !ct.IsCancellationRequested)
            {
                logger.LogDebug(ex, "Marking payout {Payout} paid retried ({Attempt})", payoutId, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, Math.Min(5 * attempt, 100))), ct);
            }
        }
    }

    /// <summary>Cancels a pending payout: its amount is payable again. Paid and cancelled payouts stay as they are.</summary>
    public async Task<PayoutResult> CancelAsync(long payoutId, string actor, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            try
            {
                var payout = await db.Payouts.FirstOrDefaultAsync(p => p.Id == payoutId, ct);
                if (payout is null)
                {
                    return new(PayoutError.NotFound);
                }

                if (payout.Status != PayoutStatus.Pending)
                {
                    return new(PayoutError.NotPending);
                }

                payout.Status = PayoutStatus.Cancelled;
                payout.CancelledAt = clock.UtcNow;
                payout.CancelledBy = actor;
                await db.SaveChangesAsync(ct);
                logger.LogInformation("Payout {Payout} cancelled by {Actor}", payout.Id, actor);
                return new(PayoutError.None);
            }
            catch (DbUpdateException ex) when (attempt < MaxAttempts && !ct.IsCancellationRequested)
            {
                logger.LogDebug(ex, "Cancelling payout {Payout} retried ({Attempt})", payoutId, attempt);
            }
        }
    }

    private Task<List<PayableLine>> PayableAsync(LoyaltyDbContext db, List<long>? promoterIds, CancellationToken ct) =>
        PayableAsync(db, promoterIds, clock.UtcNow, ct);

    internal static async Task<List<PayableLine>> PayableAsync(LoyaltyDbContext db, List<long>? promoterIds, DateTime now, CancellationToken ct)
    {
        var accounts = await db.LedgerAccounts.AsNoTracking()
            .Where(a => a.Kind == AccountKind.PromoterCommission && (promoterIds == null || promoterIds.Contains(a.OwnerId)))
            .Select(a => new { a.OwnerId, a.Balance }).ToDictionaryAsync(a => a.OwnerId, a => a.Balance, ct);
        var holds = await db.PromoterCommissions.AsNoTracking()
            .Where(c => c.Status == CommissionStatus.Accrued && c.LedgerEntryId != null && c.PayableAfter > now && (promoterIds == null || promoterIds.Contains(c.PromoterId)))
            .GroupBy(c => c.PromoterId).Select(g => new { g.Key, Sum = g.Sum(c => c.Amount) }).ToDictionaryAsync(g => g.Key, g => g.Sum, ct);
        var pending = await db.Payouts.AsNoTracking()
            .Where(p => p.Status == PayoutStatus.Pending && (promoterIds == null || promoterIds.Contains(p.PromoterId)))
            .GroupBy(p => p.PromoterId).Select(g => new { g.Key, Sum = g.Sum(p => p.Gross) }).ToDictionaryAsync(g => g.Key, g => g.Sum, ct);
        var ids = promoterIds ?? accounts.Keys.Union(pending.Keys).ToList();
        var promoters = await (from p in db.Promoters.AsNoTracking()
                               where ids.Contains(p.Id)
                               join c in db.Contacts.AsNoTracking() on p.ContactId equals c.Id into contacts
                               from c in contacts.DefaultIfEmpty()
                               select new { Promoter = p, First = c == null ? null : c.FirstName, Last = c == null ? null : c.LastName })
            .ToListAsync(ct);
        return promoters.Select(x =>
            {
                var p = x.Promoter;
                var balance = accounts.GetValueOrDefault(p.Id);
                var hold = holds.GetValueOrDefault(p.Id);
                var reserved = pending.GetValueOrDefault(p.Id);
                return new PayableLine(p.Id, p.ContactId, PersonName(x.First, x.Last, p.ContactId), p.Active, p.LegalStatus, PayoutDetails.Of(p).IsComplete,
                    balance, hold, reserved, Math.Max(0, balance - hold - reserved));
            })
            .OrderBy(l => l.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(l => l.PromoterId).ToList();
    }

    internal static string PersonName(string? first, string? last, long contactId)
    {
        var name = string.Join(' ', new[] { first, last }.Where(s => !string.IsNullOrWhiteSpace(s)));
        return name.Length > 0 ? name : $"#{contactId}";
    }

    private CultureInfo Language => portal.Value.DefaultLanguage == "en" ? PortalCultures.English : PortalCultures.Russian;

    private Task QueueCommentAsync(LoyaltyDbContext db, long contactId, Payout payout, DateTime now, CancellationToken ct)
    {
        var language = Language;
        var formats = PortalCultures.FormatsOf(language);
        string Money(long kopecks) => LedgerReasonText.Format(kopecks, formats);
        var paidOn = payout.PaidOn!.Value.ToString("d", formats);
        var comment = payout.Tax > 0
            ? string.Format(formats, Texts.GetString("Comment_PayoutTaxed", language)!, Money(payout.Net), payout.RunId, Money(payout.Gross), Money(payout.Tax), payout.Reference, paidOn)
            : string.Format(formats, Texts.GetString("Comment_Payout", language)!, Money(payout.Net), payout.RunId, payout.Reference, paidOn);
        return CrmWriteBackOutbox.EnqueueAsync(db, $"contact:{contactId}:comment:promoter:payout:{payout.Id}", "crm.timeline.comment.add", new Dictionary<string, object>
        {
            ["fields"] = new Dictionary<string, object> { ["ENTITY_ID"] = contactId, ["ENTITY_TYPE"] = "contact", ["COMMENT"] = comment },
        }, now, ct);
    }
}

/// <summary>A run in the runs list: its period, who made it, how many payouts in which state, and the sums (kopecks, cancelled ones left out).</summary>
public sealed record PayoutRunRow(long Id, DateOnly PeriodFrom, DateOnly PeriodTo, DateTime CreatedAt, string CreatedBy, int Payouts, int Pending, int Paid, int Cancelled, long Gross, long Net);

/// <summary>One payout of a run as the run page shows it.</summary>
public sealed record PayoutLine(
    long Id,
    long PromoterId,
    string Name,
    PromoterLegalStatus? LegalStatus,
    long Gross,
    long Tax,
    long Net,
    PayoutStatus Status,
    DateOnly? PaidOn,
    string? Reference,
    string? ReceiptNumber);

/// <summary>A run with its payouts.</summary>
public sealed record PayoutRunView(PayoutRunRow Run, IReadOnlyList<PayoutLine> Payouts);

/// <summary>The payout pages' reads, and saving a promoter's payout details.</summary>
public sealed class PayoutQueries(IDbContextFactory<LoyaltyDbContext> dbFactory, PortalClock clock)
{
    /// <summary>The latest runs first.</summary>
    public async Task<IReadOnlyList<PayoutRunRow>> RunsAsync(int count = 100, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var runs = await db.PayoutRuns.AsNoTracking().OrderByDescending(r => r.Id).Take(count).ToListAsync(ct);
        var ids = runs.Select(r => r.Id).ToList();
        var sums = await db.Payouts.AsNoTracking().Where(p => ids.Contains(p.RunId)).GroupBy(p => new { p.RunId, p.Status })
            .Select(g => new { g.Key.RunId, g.Key.Status, Count = g.Count(), Gross = g.Sum(p => p.Gross), Net = g.Sum(p => p.Net) }).ToListAsync(ct);
        return runs.Select(r => Row(r, sums.Where(s => s.RunId == r.Id).Select(s => (s.Status, s.Count, s.Gross, s.Net)).ToList())).ToList();
    }

    /// <summary>A run and its payouts by promoter name; null for an unknown run.</summary>
    public async Task<PayoutRunView?> RunAsync(long runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var run = await db.PayoutRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, ct);
        if (run is null)
        {
            return null;
        }

        var rows = await (from p in db.Payouts.AsNoTracking()
                          where p.RunId == runId
                          join pr in db.Promoters.AsNoTracking() on p.PromoterId equals pr.Id
                          join c in db.Contacts.AsNoTracking() on pr.ContactId equals c.Id into contacts
                          from c in contacts.DefaultIfEmpty()
                          select new { Payout = p, pr.ContactId, First = c == null ? null : c.FirstName, Last = c == null ? null : c.LastName })
            .ToListAsync(ct);
        var lines = rows.Select(x => new PayoutLine(x.Payout.Id, x.Payout.PromoterId, PromoterPayouts.PersonName(x.First, x.Last, x.ContactId), x.Payout.LegalStatus,
                x.Payout.Gross, x.Payout.Tax, x.Payout.Net, x.Payout.Status, x.Payout.PaidOn, x.Payout.Reference, x.Payout.ReceiptNumber))
            .OrderBy(l => l.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(l => l.Id).ToList();
        return new PayoutRunView(Row(run, lines.GroupBy(l => l.Status).Select(g => (g.Key, g.Count(), g.Sum(l => l.Gross), g.Sum(l => l.Net))).ToList()), lines);
    }

    /// <summary>A promoter's payouts, newest first (the card and the cabinet).</summary>
    public async Task<IReadOnlyList<Payout>> OfPromoterAsync(long promoterId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Payouts.AsNoTracking().Where(p => p.PromoterId == promoterId).OrderByDescending(p => p.Id).ToListAsync(ct);
    }

    /// <summary>A promoter's payout details; null for an unknown promoter.</summary>
    public async Task<PayoutDetails?> DetailsAsync(long promoterId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var promoter = await db.Promoters.AsNoTracking().FirstOrDefaultAsync(p => p.Id == promoterId, ct);
        return promoter is null ? null : PayoutDetails.Of(promoter);
    }

    /// <summary>Today in the portal's zone (a payment date's default and upper bound).</summary>
    public DateOnly Today => DateOnly.FromDateTime(clock.Now);

    /// <summary>
    /// Saves a promoter's payout details after <see cref="PayoutDetails.Validate"/>; returns the field errors (nothing is
    /// saved then), or an empty list. Throws nothing for bad input; an unknown promoter is the error <c>PayoutDetails_ErrGone</c>.
    /// </summary>
    public async Task<IReadOnlyList<Bonuses.SettingsError>> SaveDetailsAsync(long promoterId, PayoutDetails details, CancellationToken ct = default)
    {
        var errors = details.Validate();
        if (errors.Count > 0)
        {
            return errors;
        }

        var clean = details.Normalized();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var promoter = await db.Promoters.FirstOrDefaultAsync(p => p.Id == promoterId, ct);
        if (promoter is null)
        {
            return [new("", "PayoutDetails_ErrGone")];
        }

        promoter.LegalStatus = clean.LegalStatus;
        promoter.PayeeName = clean.PayeeName;
        promoter.Inn = clean.Inn;
        promoter.Bik = clean.Bik;
        promoter.BankAccount = clean.BankAccount;
        promoter.CorrespondentAccount = clean.CorrespondentAccount;
        await db.SaveChangesAsync(ct);
        return [];
    }

    private static PayoutRunRow Row(PayoutRun run, IReadOnlyList<(PayoutStatus Status, int Count, long Gross, long Net)> sums)
    {
        int Count(PayoutStatus status) => sums.Where(s => s.Status == status).Sum(s => s.Count);
        var live = sums.Where(s => s.Status != PayoutStatus.Cancelled).ToList();
        return new PayoutRunRow(run.Id, run.PeriodFrom, run.PeriodTo, run.CreatedAt, run.CreatedBy, sums.Sum(s => s.Count),
            Count(PayoutStatus.Pending), Count(PayoutStatus.Paid), Count(PayoutStatus.Cancelled), live.Sum(s => s.Gross), live.Sum(s => s.Net));
    }
}
