using System.Globalization;
using Loyalty.Core.Bitrix24.UserFields;
using Loyalty.Core.Bonuses;
using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Ledger;
using Loyalty.Core.Portal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Loyalty.Core.Promoters;

/// <summary>What one pass of the commission engine did.</summary>
public sealed record PromoterPass(int Facts, int Accrued, int OnReview, int Reversed, int Skipped)
{
    public bool DidAnything => Accrued + OnReview + Reversed + Skipped > 0;
}

/// <summary>
/// A promoter's money as the register and the ledger see it, kopecks: <see cref="Balance"/> is the ledger account's (it
/// may be negative after a clawback); <see cref="OnHold"/> the accruals whose hold has not ended; <see cref="Payable"/>
/// what may be paid now (the balance less what is on hold, never below 0); <see cref="OnReview"/> the flagged commissions
/// waiting for an administrator (not on the ledger).
/// </summary>
public sealed record PromoterBalance(long Accrued, long Reversed, long Paid, long Balance, long OnHold, long OnReview)
{
    public long Payable => Math.Max(0, Balance - OnHold);
}

/// <summary>
/// The commission engine: turns CRM facts into promoter commissions on the ledger, idempotently (a register line and a
/// ledger entry per fact key; replaying facts changes nothing).
/// <list type="bullet">
/// <item><c>DealWon</c> (trigger "deal won", the default): the deal is attributed to a promoter — its source lead's
/// <c>UF_CRM_LOY_PR_ID</c>, else the deal's own <c>UF_CRM_LOY_PR_ID</c>, else a known active code a manager typed into the
/// deal's <c>UF_CRM_LOY_PR_CODE</c> — and earns the rate (own rate, scale band or default) × its amount in the base
/// currency, payable after the hold.</item>
/// <item><c>LeadCreated</c> / <c>LeadConverted</c> (the lead triggers): a referred lead earns the fixed sum.</item>
/// <item><c>DealUnwon</c>: the deal's commission is reversed; if it was already paid, the reversal leaves the balance
/// negative (a clawback) and the next commissions settle it first.</item>
/// </list>
/// Fraud rules (self-referral, an existing customer, a duplicate within N days) put a commission on review instead: it
/// is recorded with its flags and posts nothing until an administrator approves it.
/// </summary>
public sealed class PromoterCommissions(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    LedgerService ledger,
    PromoterSettingsStore settingsStore,
    PortalClock clock,
    PromoterNotices notices,
    ILogger<PromoterCommissions> logger)
{
    public const string Program = "promoters";
    public const string Actor = "system:promoters";
    private const int FactsPerRead = 200;

    private static readonly CrmFactKind[] Kinds = [CrmFactKind.DealWon, CrmFactKind.DealUnwon, CrmFactKind.LeadCreated, CrmFactKind.LeadConverted];

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The ledger account of a promoter's commissions: owner is <see cref="Promoter.Id"/>.</summary>
    public static AccountKey Account(long promoterId) => new(AccountKind.PromoterCommission, promoterId);

    /// <summary>Runs one pass over the facts recorded since the last (one at a time).</summary>
    public async Task<PromoterPass> ProcessAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var current = await settingsStore.CurrentAsync(ct);
            var pass = new PromoterPass(0, 0, 0, 0, 0);
            while (true)
            {
                List<CrmFact> facts;
                await using (var db = await dbFactory.CreateDbContextAsync(ct))
                {
                    var cursor = await db.ProgramCursors.FindAsync([Program], ct) ?? db.ProgramCursors.Add(new ProgramCursor { Program = Program }).Entity;
                    facts = await db.CrmFacts.AsNoTracking().Where(f => f.Id > cursor.LastFactId && Kinds.Contains(f.Kind))
                        .OrderBy(f => f.Id).Take(FactsPerRead).ToListAsync(ct);
                    if (facts.Count == 0)
                    {
                        var last = await db.CrmFacts.MaxAsync(f => (long?)f.Id, ct) ?? 0;
                        if (last > cursor.LastFactId)
                        {
                            cursor.LastFactId = last;
                            await db.SaveChangesAsync(ct);
                        }

                        if (pass.DidAnything)
                        {
                            logger.LogInformation("Promoter pass: {Pass}", pass);
                        }

                        return pass;
                    }
                }

                foreach (var fact in facts)
                {
                    pass = await HandleAsync(fact, current, pass, ct) with { Facts = pass.Facts + 1 };
                    await using var db = await dbFactory.CreateDbContextAsync(ct);
                    var cursor = await db.ProgramCursors.FindAsync([Program], ct) ?? db.ProgramCursors.Add(new ProgramCursor { Program = Program }).Entity;
                    cursor.LastFactId = fact.Id;
                    await db.SaveChangesAsync(ct);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The promoter's figures now (see <see cref="PromoterBalance"/>).</summary>
    public async Task<PromoterBalance> BalanceAsync(long promoterId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.UtcNow;
        var account = await db.LedgerAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Kind == AccountKind.PromoterCommission && a.OwnerId == promoterId, ct);
        var entries = account is null
            ? []
            : await db.LedgerEntries.Where(e => e.AccountId == account.Id).GroupBy(e => e.Kind).Select(g => new { Kind = g.Key, Sum = g.Sum(e => e.Amount) }).ToListAsync(ct);
        long Sum(EntryKind kind) => entries.Where(e => e.Kind == kind).Sum(e => e.Sum);
        var onHold = await db.PromoterCommissions.Where(c => c.PromoterId == promoterId && c.Status == CommissionStatus.Accrued && c.LedgerEntryId != null && c.PayableAfter > now)
            .SumAsync(c => c.Amount, ct);
        var onReview = await db.PromoterCommissions.Where(c => c.PromoterId == promoterId && c.Status == CommissionStatus.OnReview).SumAsync(c => c.Amount, ct);
        return new PromoterBalance(Sum(EntryKind.Accrual), -Sum(EntryKind.Reversal), -Sum(EntryKind.Payout), account?.Balance ?? 0, onHold, onReview);
    }

    private async Task<PromoterPass> HandleAsync(CrmFact fact, VersionedPromoterSettings current, PromoterPass pass, CancellationToken ct)
    {
        var settings = current.Settings;
        switch (fact.Kind)
        {
            case CrmFactKind.DealUnwon:
                return pass with { Reversed = pass.Reversed + await ReverseAsync(fact, ct) };
            case CrmFactKind.DealWon when settings.Trigger == CommissionTrigger.DealWon:
            case CrmFactKind.LeadCreated when settings.Trigger == CommissionTrigger.LeadCreated:
            case CrmFactKind.LeadConverted when settings.Trigger == CommissionTrigger.LeadConverted:
                var outcome = await AccrueAsync(fact, current, ct);
                return outcome switch
                {
                    CommissionStatus.Accrued => pass with { Accrued = pass.Accrued + 1 },
                    CommissionStatus.OnReview => pass with { OnReview = pass.OnReview + 1 },
                    _ => pass,
                };
            default:
                return pass;
        }
    }

    private sealed record Referral(Promoter Promoter, AttributionSource Source, Lead? Lead, Deal? Deal, long? CustomerId, DateTime ReferredAt);

    private async Task<CommissionStatus?> AccrueAsync(CrmFact fact, VersionedPromoterSettings current, CancellationToken ct)
    {
        var sourceKey = SourceKey(fact);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var existing = await db.PromoterCommissions.AsNoTracking().FirstOrDefaultAsync(c => c.SourceKey == sourceKey, ct);
        if (existing is not null)
        {
            // Handled before (a replay). The ledger entry is posted before the register line, so a pass cut off between
            // the two finds no line here, posts again (the ledger returns the entry it holds) and writes the line.
            return null;
        }

        var referral = fact.EntityType == "deal" ? await AttributeDealAsync(db, fact, ct) : await AttributeLeadAsync(db, fact, ct);
        if (referral is null)
        {
            return null;
        }

        var settings = current.Settings;
        long baseAmount = 0;
        int rate = 0;
        long amount;
        var trigger = fact.Kind switch
        {
            CrmFactKind.LeadCreated => CommissionTrigger.LeadCreated,
            CrmFactKind.LeadConverted => CommissionTrigger.LeadConverted,
            _ => CommissionTrigger.DealWon,
        };
        if (trigger == CommissionTrigger.DealWon)
        {
            var converter = await CurrencyConverter.CreateAsync(db, ct);
            if (converter.ToBase(fact.AmountMinor ?? referral.Deal!.AmountMinor, fact.CurrencyId ?? referral.Deal!.CurrencyId) is not { } converted)
            {
                logger.LogWarning("Deal {Deal} won in {Currency}, which has no rate: no promoter commission", fact.EntityId, fact.CurrencyId);
                return null;
            }

            baseAmount = converted;
            var (yearStart, _) = PromoterMath.YearOf(fact.OccurredAt, clock.Zone);
            var turnover = await db.PromoterCommissions
                .Where(c => c.PromoterId == referral.Promoter.Id && c.Trigger == CommissionTrigger.DealWon
                    && (c.Status == CommissionStatus.Accrued || c.Status == CommissionStatus.OnReview)
                    && c.OccurredAt >= yearStart && c.OccurredAt < fact.OccurredAt && c.SourceKey != sourceKey)
                .SumAsync(c => c.BaseAmount, ct);
            rate = PromoterMath.Rate(settings, referral.Promoter.RateBasisPoints, turnover);
            amount = Math.Max(0, PromoterMath.Commission(baseAmount, rate));
        }
        else
        {
            amount = settings.FixedAmount;
        }

        var flags = await FraudAsync(db, referral, settings, sourceKey, ct);
        var payableAfter = PromoterMath.PayableAfter(fact.OccurredAt, settings.HoldDays, clock.Zone);
        var status = flags == FraudFlags.None ? CommissionStatus.Accrued : CommissionStatus.OnReview;
        long? entryId = null;
        if (status == CommissionStatus.Accrued && amount > 0)
        {
            var reason = trigger == CommissionTrigger.DealWon
                ? LedgerReason.Of(LedgerReason.PromoterCommission, ("Percent", rate / 100m), ("Amount", baseAmount), ("Type", "deal"), ("Id", referral.Deal!.Id), ("PayableAfter", Stamp(payableAfter)))
                : LedgerReason.Of(LedgerReason.PromoterLead, ("Trigger", trigger), ("Type", "lead"), ("Id", referral.Lead!.Id), ("PayableAfter", Stamp(payableAfter)));
            var entry = await ledger.CreditAsync(Account(referral.Promoter.Id), EntryKind.Accrual, amount,
                new PostingInfo(sourceKey, fact.OccurredAt, Actor, RuleVersion: current.Version, DealId: referral.Deal?.Id, Reason: reason), ct: ct);
            entryId = entry.Id;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var line = db.PromoterCommissions.Add(new PromoterCommission
        {
            PromoterId = referral.Promoter.Id, SourceKey = sourceKey, Trigger = trigger, Attribution = referral.Source,
            LeadId = referral.Lead?.Id, DealId = referral.Deal?.Id, ContactId = referral.CustomerId,
            BaseAmount = baseAmount, RateBasisPoints = rate, Amount = amount, RuleVersion = current.Version,
            Status = status, Flags = flags, PayableAfter = payableAfter, OccurredAt = fact.OccurredAt, RecordedAt = clock.UtcNow,
            LedgerEntryId = entryId,
        }).Entity;
        try
        {
            await db.SaveChangesAsync(ct);
            if (entryId is not null && trigger == CommissionTrigger.DealWon)
            {
                // The promoter hears of it in the same transaction as the register line (keys per commission: once).
                await notices.WonDealAsync(db, referral.Promoter, line, referral.Deal?.Title, settings, ct);
                await db.SaveChangesAsync(ct);
            }

            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another pass recorded the same fact first (the ledger entry is one by its source key); anything else is thrown on.
            if (await AlreadyRecordedAsync(sourceKey, ct))
            {
                return null;
            }

            throw;
        }

        return status;
    }

    private async Task<bool> AlreadyRecordedAsync(string sourceKey, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PromoterCommissions.AnyAsync(c => c.SourceKey == sourceKey, ct);
    }

    /// <summary>Reverses the deal's won-deal commissions; returns how many.</summary>
    private async Task<int> ReverseAsync(CrmFact fact, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var commissions = await db.PromoterCommissions
            .Where(c => c.DealId == fact.EntityId && c.Trigger == CommissionTrigger.DealWon && (c.Status == CommissionStatus.Accrued || c.Status == CommissionStatus.OnReview))
            .ToListAsync(ct);
        foreach (var commission in commissions)
        {
            if (commission.LedgerEntryId is { } entryId)
            {
                // Paid (in part) already: what is left of its lot is less than its amount; the rest becomes a debt.
                var lots = await ledger.OpenLotsAsync(Account(commission.PromoterId), ct);
                var left = lots.FirstOrDefault(l => l.Id == entryId)?.Left ?? 0;
                var code = left < commission.Amount ? LedgerReason.PromoterClawback : LedgerReason.PromoterDealUnwon;
                var reversal = await ledger.ReverseAsync(entryId,
                    new PostingInfo($"{SourceKey(fact)}:{commission.Id}", fact.OccurredAt, Actor, RuleVersion: commission.RuleVersion, DealId: commission.DealId,
                        Reason: LedgerReason.Of(code, ("Type", "deal"), ("Id", fact.EntityId))), ct: ct);
                commission.ReversalEntryId = reversal.Id;
            }

            commission.Status = CommissionStatus.Reversed;
        }

        await db.SaveChangesAsync(ct);
        return commissions.Count;
    }

    private static async Task<Referral?> AttributeDealAsync(LoyaltyDbContext db, CrmFact fact, CancellationToken ct)
    {
        var deal = await db.Deals.AsNoTracking().FirstOrDefaultAsync(d => d.Id == fact.EntityId, ct);
        if (deal is null)
        {
            return null;
        }

        var lead = deal.LeadId is { } leadId ? await db.Leads.AsNoTracking().FirstOrDefaultAsync(l => l.Id == leadId, ct) : null;
        Promoter? promoter = null;
        var source = AttributionSource.LeadField;
        if (lead is not null)
        {
            promoter = await LeadPromoterAsync(db, lead, ct);
        }

        if (promoter is null && CrmFieldValues.Id(deal.UserFields, PortalUserFields.DealPromoterId.Code) is { } fromDeal)
        {
            promoter = await db.Promoters.AsNoTracking().FirstOrDefaultAsync(p => p.ContactId == fromDeal, ct);
            source = AttributionSource.DealField;
        }

        if (promoter is null && CrmFieldValues.Text(deal.UserFields, PortalUserFields.DealPromoterCode.Code) is { } typed)
        {
            promoter = await PromoterCodes.FindActiveAsync(db, typed, ct);
            source = AttributionSource.DealCode;
        }

        return promoter is null
            ? null
            : new Referral(promoter, source, source == AttributionSource.LeadField ? lead : null, deal, deal.ContactId ?? lead?.ContactId,
                (source == AttributionSource.LeadField ? lead?.CreatedAt : null) ?? deal.CreatedAt ?? fact.OccurredAt);
    }

    private static async Task<Referral?> AttributeLeadAsync(LoyaltyDbContext db, CrmFact fact, CancellationToken ct)
    {
        var lead = await db.Leads.AsNoTracking().FirstOrDefaultAsync(l => l.Id == fact.EntityId, ct);
        var promoter = lead is null ? null : await LeadPromoterAsync(db, lead, ct);
        return promoter is null ? null : new Referral(promoter, AttributionSource.LeadField, lead, null, lead!.ContactId, lead.CreatedAt ?? fact.OccurredAt);
    }

    /// <summary>
    /// A lead's promoter: the one its <c>UF_CRM_LOY_PR_ID</c> names, else the one whose referral page created it (the
    /// submission holds the lead's ID; this covers a lead sent before the portal could create the field, when Bitrix24
    /// dropped the value).
    /// </summary>
    private static async Task<Promoter?> LeadPromoterAsync(LoyaltyDbContext db, Lead lead, CancellationToken ct)
    {
        if (CrmFieldValues.Id(lead.UserFields, PortalUserFields.LeadPromoterId.Code) is { } contactId
            && await db.Promoters.AsNoTracking().FirstOrDefaultAsync(p => p.ContactId == contactId, ct) is { } named)
        {
            return named;
        }

        var submitted = await db.Set<ReferralSubmission>().AsNoTracking().Where(r => r.LeadId == lead.Id).Select(r => (long?)r.PromoterId).FirstOrDefaultAsync(ct);
        return submitted is { } promoterId ? await db.Promoters.AsNoTracking().FirstOrDefaultAsync(p => p.Id == promoterId, ct) : null;
    }

    /// <summary>The fraud rules' flags for a referral (none: payable as usual).</summary>
    private static async Task<FraudFlags> FraudAsync(LoyaltyDbContext db, Referral referral, PromoterSettings settings, string sourceKey, CancellationToken ct)
    {
        var flags = FraudFlags.None;
        var own = await db.Contacts.AsNoTracking().Where(c => c.Id == referral.Promoter.ContactId).Select(c => new { c.PhoneDigits, c.EmailNormalized }).FirstOrDefaultAsync(ct);
        var customer = referral.CustomerId is { } customerId
            ? await db.Contacts.AsNoTracking().Where(c => c.Id == customerId).Select(c => new { c.PhoneDigits, c.EmailNormalized }).FirstOrDefaultAsync(ct)
            : null;
        var phones = new[] { referral.Lead?.PhoneDigits, customer?.PhoneDigits }.Select(PhoneKey).OfType<string>().Distinct().ToList();
        var emails = new[] { referral.Lead?.EmailNormalized, customer?.EmailNormalized }.Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e!.Trim().ToLowerInvariant()).Distinct().ToList();

        if (referral.CustomerId == referral.Promoter.ContactId
            || (PhoneKey(own?.PhoneDigits) is { } ownPhone && phones.Contains(ownPhone))
            || (own?.EmailNormalized is { Length: > 0 } ownEmail && emails.Contains(ownEmail.Trim().ToLowerInvariant())))
        {
            flags |= FraudFlags.SelfReferral;
        }

        if (referral.CustomerId is { } contact && await db.Deals.AnyAsync(d => d.ContactId == contact && d.Semantics == StageSemantics.Success && d.WonAt < referral.ReferredAt
                && d.DeletedAt == null && d.Id != (referral.Deal != null ? referral.Deal.Id : 0), ct))
        {
            flags |= FraudFlags.ExistingCustomer;
        }

        if (settings.DuplicateDays > 0)
        {
            var since = referral.ReferredAt.AddDays(-settings.DuplicateDays);
            var leadId = referral.Lead?.Id ?? 0;
            var code = PortalUserFields.LeadPromoterId.Code;
            var pattern = $"%\"{code}\"%";
            var phoneDigits = new[] { referral.Lead?.PhoneDigits, customer?.PhoneDigits }.Where(p => !string.IsNullOrEmpty(p)).Distinct().ToList();
            var candidates = phoneDigits.Count + emails.Count == 0 ? [] : await db.Leads.AsNoTracking()
                .Where(l => l.Id != leadId && l.CreatedAt >= since && l.CreatedAt < referral.ReferredAt && l.UserFields != null && EF.Functions.Like(l.UserFields, pattern)
                    && ((l.PhoneDigits != null && phoneDigits.Contains(l.PhoneDigits)) || (l.EmailNormalized != null && emails.Contains(l.EmailNormalized))))
                .Select(l => l.UserFields).Take(20).ToListAsync(ct);
            var earlierCommission = referral.CustomerId is { } referred && await db.PromoterCommissions.AnyAsync(c => c.ContactId == referred && c.SourceKey != sourceKey
                && c.OccurredAt >= since && c.OccurredAt < referral.ReferredAt && c.Status != CommissionStatus.Rejected, ct);
            if (earlierCommission || candidates.Any(fields => CrmFieldValues.Id(fields, code) is not null))
            {
                flags |= FraudFlags.Duplicate;
            }
        }

        return flags;
    }

    /// <summary>A phone's last ten digits (8 999… and +7 999… are one number); null for fewer than ten.</summary>
    private static string? PhoneKey(string? digits)
    {
        if (string.IsNullOrEmpty(digits))
        {
            return null;
        }

        var only = new string(digits.Where(char.IsAsciiDigit).ToArray());
        return only.Length < 10 ? null : only[^10..];
    }

    private static string SourceKey(CrmFact fact) => "fact:" + fact.Key;

    private static string Stamp(DateTime utc) => utc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
