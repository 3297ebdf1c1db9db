using Loyalty.Core.Data;
using Loyalty.Core.Ledger;
using Loyalty.Core.Portal;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Bonuses;

/// <summary>Why a redemption in the portal was refused; the page turns it into a sentence.</summary>
public enum RedemptionRefusal
{
    None,
    ProgramOff,
    NotPositive,
    OverBalance,
    OverOrderShare,
    DealNotFound,
    DealOfAnotherCustomer,

    /// <summary>The comment is longer than <see cref="TextLimits.Reason"/>.</summary>
    CommentTooLong,
}

/// <summary>The outcome: the entry posted, or why nothing was. <see cref="Limit"/> is the most that could be redeemed (kopecks).</summary>
public sealed record RedemptionOutcome(LedgerEntry? Entry, RedemptionRefusal Refusal, long Limit);

/// <summary>
/// Redemptions recorded in the portal by administrators and sales heads. Unlike the deal field (which is capped),
/// a redemption typed here is refused with the limit when it is too large, so the person sees and decides.
/// <paramref name="requestId"/> of <see cref="RecordAsync"/> makes a double click or a repeated submit post once.
/// </summary>
public sealed class BonusRedemptions(
    IDbContextFactory<LoyaltyDbContext> dbFactory, LedgerService ledger, BonusSettingsStore settingsStore, BonusCustomers customers, PortalClock clock)
{
    public async Task<RedemptionOutcome> RecordAsync(long contactId, long amount, long? dealId, string actor, string? comment, Guid requestId, CancellationToken ct = default)
    {
        var current = await settingsStore.CurrentAsync(ct);
        var settings = current.Settings;
        var key = new AccountKey(AccountKind.CustomerBonus, contactId);
        var balance = await ledger.BalanceAsync(key, ct);
        if (!settings.Enabled)
        {
            return new(null, RedemptionRefusal.ProgramOff, 0);
        }

        if (amount <= 0)
        {
            return new(null, RedemptionRefusal.NotPositive, Math.Max(0, balance));
        }

        if (TextLimits.IsTooLong(comment, TextLimits.Reason))
        {
            return new(null, RedemptionRefusal.CommentTooLong, Math.Max(0, balance));
        }

        var limit = Math.Max(0, balance);
        if (dealId is { } id)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var deal = await db.Deals.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id && d.DeletedAt == null, ct);
            if (deal is null)
            {
                return new(null, RedemptionRefusal.DealNotFound, limit);
            }

            if (deal.ContactId != contactId)
            {
                return new(null, RedemptionRefusal.DealOfAnotherCustomer, limit);
            }

            var history = await BonusHistory.CreateAsync(db, settings, clock.Zone, ct);
            var shareCap = BonusMath.PercentOf(history.ToBase(deal.AmountMinor, deal.CurrencyId) ?? 0, settings.MaxRedeemSharePercent);
            var onDeal = await db.LedgerAccounts.Where(a => a.Kind == AccountKind.CustomerBonus && a.OwnerId == contactId).Select(a => (long?)a.Id).FirstOrDefaultAsync(ct) is { } accountId
                ? (await DealLedger.LoadAsync(db, accountId, id, ct)).NetRedemption
                : 0;
            var shareLeft = Math.Max(0, shareCap - onDeal);
            if (amount > shareLeft && shareLeft < limit)
            {
                return new(null, RedemptionRefusal.OverOrderShare, shareLeft);
            }

            limit = Math.Min(limit, shareLeft);
        }

        if (amount > limit)
        {
            return new(null, RedemptionRefusal.OverBalance, limit);
        }

        try
        {
            var entry = await ledger.DebitAsync(key, EntryKind.Redemption, amount,
                new PostingInfo($"redeem:portal:{requestId:N}", clock.UtcNow, actor, string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(), current.Version, dealId), ct);
            await customers.RefreshAsync([contactId], ct);
            return new(entry, RedemptionRefusal.None, limit);
        }
        catch (InsufficientBalanceException ex)
        {
            // Someone else spent from the same balance a moment ago.
            return new(null, RedemptionRefusal.OverBalance, Math.Max(0, ex.Balance));
        }
    }
}
