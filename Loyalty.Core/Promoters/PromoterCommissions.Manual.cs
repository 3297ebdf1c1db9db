using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Promoters;

/// <summary>What a review or attribution call did.</summary>
public enum ManualOutcome
{
    /// <summary>Done now.</summary>
    Done,

    /// <summary>The same decision was made before (a repeated click, a second tab): nothing changed.</summary>
    AlreadyDone,

    /// <summary>The item is not on review (approved the other way, reversed…): nothing changed.</summary>
    NotOnReview,

    /// <summary>No such commission.</summary>
    NotFound,
}

/// <summary>
/// An administrator's hand on the engine: approving or rejecting a flagged commission, attributing a deal to a promoter or
/// detaching a deal or lead from one. Each takes a reason; each runs under the engine's lock, so it never interleaves with
/// a pass (a deal unwon while its flagged commission is approved) or with another such call (two approvals post one
/// entry; the ledger's source key guards other processes too).
/// </summary>
public sealed partial class PromoterCommissions
{
    /// <summary>A reason: required, at most <see cref="TextLimits.Reason"/> characters after trimming.</summary>
    public static bool IsValidReason(string? reason) => reason?.Trim() is { Length: > 0 and <= TextLimits.Reason };

    /// <summary>
    /// Approves a commission on review: its accrual is posted (the same reason and source key as an unflagged one, at the
    /// time of approval) and it is payable after the later of its own hold end and now — the review never shortens the
    /// hold, and an approval after the hold pays at once. The referred customer's welcome bonus follows.
    /// </summary>
    public async Task<ManualOutcome> ApproveAsync(long commissionId, string reason, string actor, CancellationToken ct = default) =>
        await ReviewAsync(commissionId, reason, actor, approve: true, ct);

    /// <summary>Rejects a commission on review: nothing is posted and nothing is owed; the line stays as <see cref="CommissionStatus.Rejected"/>.</summary>
    public async Task<ManualOutcome> RejectAsync(long commissionId, string reason, string actor, CancellationToken ct = default) =>
        await ReviewAsync(commissionId, reason, actor, approve: false, ct);

    private async Task<ManualOutcome> ReviewAsync(long commissionId, string reason, string actor, bool approve, CancellationToken ct)
    {
        var why = RequireReason(reason);
        await _gate.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var line = await db.PromoterCommissions.FirstOrDefaultAsync(c => c.Id == commissionId, ct);
            if (line is null)
            {
                return ManualOutcome.NotFound;
            }

            if (line.Status != CommissionStatus.OnReview)
            {
                var approved = line.ReviewedAt is not null && line.Status != CommissionStatus.Rejected;
                var rejected = line.ReviewedAt is not null && line.Status == CommissionStatus.Rejected;
                return (approve ? approved : rejected) ? ManualOutcome.AlreadyDone : ManualOutcome.NotOnReview;
            }

            var now = clock.UtcNow;
            if (approve)
            {
                line.Status = CommissionStatus.Accrued;
                line.PayableAfter = line.PayableAfter > now ? line.PayableAfter : now;
                if (line.Amount > 0)
                {
                    line.LedgerEntryId = (await PostAccrualAsync(line, now, actor, ct)).Id;
                }
            }
            else
            {
                line.Status = CommissionStatus.Rejected;
            }

            line.ReviewedAt = now;
            line.ReviewedBy = actor;
            line.ReviewReason = why;
            if (approve && line.LedgerEntryId is not null && line.Trigger == CommissionTrigger.DealWon
                && await db.Promoters.AsNoTracking().FirstOrDefaultAsync(p => p.Id == line.PromoterId, ct) is { } paid)
            {
                // Approved, the commission is the promoter's as if never flagged: the won-deal notice goes with the decision.
                var title = line.DealId is { } id ? await db.Deals.Where(d => d.Id == id).Select(d => d.Title).FirstOrDefaultAsync(ct) : null;
                await notices.WonDealAsync(db, paid, line, title, (await settingsStore.CurrentAsync(ct)).Settings, ct);
            }

            await db.SaveChangesAsync(ct);

            if (approve && line.DealId is { } dealId
                && await db.Promoters.AsNoTracking().FirstOrDefaultAsync(p => p.Id == line.PromoterId, ct) is { } promoter)
            {
                await WelcomeAsync(db, promoter, line.ContactId, dealId, (await settingsStore.CurrentAsync(ct)).Settings, now, actor, ct);
            }

            return ManualOutcome.Done;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>How many commissions wait for review (the registry's badge).</summary>
    public async Task<int> OnReviewCountAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PromoterCommissions.CountAsync(c => c.Status == CommissionStatus.OnReview, ct);
    }

    /// <summary>
    /// Attributes a deal to a promoter by hand, with a reason. The decision is recorded (it beats the CRM's fields in later
    /// facts and on replay); a live commission of another promoter on the deal is reversed as a detachment; and a won deal
    /// accrues at once by the current rules (source key <c>manual:deal:{id}:{decision}</c>, no fraud rules — the
    /// administrator's decision is the review; the hold starts now). Attributing to the promoter it already has changes nothing.
    /// </summary>
    public async Task<ManualOutcome> AttributeDealAsync(long dealId, long promoterId, string reason, string actor, CancellationToken ct = default)
    {
        var why = RequireReason(reason);
        await _gate.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var deal = await db.Deals.AsNoTracking().FirstOrDefaultAsync(d => d.Id == dealId && d.DeletedAt == null, ct)
                ?? throw new PromoterException($"Deal {dealId} is not in the mirror.");
            var promoter = await db.Promoters.AsNoTracking().FirstOrDefaultAsync(p => p.Id == promoterId, ct)
                ?? throw new PromoterException($"Promoter {promoterId} does not exist.");
            var live = await LiveLinesAsync(db, PromoterAttributionOverride.Deal, dealId, ct);
            var latest = await LatestOverrideAsync(db, PromoterAttributionOverride.Deal, dealId, ct);
            if (latest?.PromoterId == promoterId || (latest is null && live.Count > 0 && live.All(c => c.PromoterId == promoterId)))
            {
                return ManualOutcome.AlreadyDone;
            }

            var now = clock.UtcNow;
            var decision = new PromoterAttributionOverride { EntityType = PromoterAttributionOverride.Deal, EntityId = dealId, PromoterId = promoterId, Reason = why, By = actor, At = now };
            db.Set<PromoterAttributionOverride>().Add(decision);
            await db.SaveChangesAsync(ct);
            await DetachLinesAsync(db, live.Where(c => c.PromoterId != promoterId), decision, ct);

            var current = await settingsStore.CurrentAsync(ct);
            if (deal.Semantics == StageSemantics.Success && current.Settings.Trigger == CommissionTrigger.DealWon && !await HasLiveDealCommissionAsync(db, dealId, ct))
            {
                var referral = await AttributeDealAsync(db, deal, now, ct);
                if (referral is not null)
                {
                    await RecordAsync(db, referral, CommissionTrigger.DealWon, $"manual:deal:{dealId}:{decision.Id}", deal.WonAt ?? now, now, null, null, current, actor, manual: true, ct);
                }
            }

            return ManualOutcome.Done;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Detaches a deal or lead (<see cref="PromoterAttributionOverride.Deal"/>, <see cref="PromoterAttributionOverride.Lead"/>)
    /// from every promoter, with a reason: the decision is recorded (later facts and replays attribute it to no one) and its
    /// standing commissions are reversed — a paid one becomes a debt the next commissions settle (a clawback), one on review
    /// is closed. The customer's welcome bonus stays: the customer did nothing wrong.
    /// </summary>
    public async Task<ManualOutcome> DetachAsync(string entityType, long entityId, string reason, string actor, CancellationToken ct = default)
    {
        if (entityType is not (PromoterAttributionOverride.Deal or PromoterAttributionOverride.Lead))
        {
            throw new PromoterException($"Only a deal or a lead can be detached, not a {entityType}.");
        }

        var why = RequireReason(reason);
        await _gate.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var latest = await LatestOverrideAsync(db, entityType, entityId, ct);
            var live = await LiveLinesAsync(db, entityType, entityId, ct);
            if (latest is { PromoterId: null } && live.Count == 0)
            {
                return ManualOutcome.AlreadyDone;
            }

            var decision = new PromoterAttributionOverride { EntityType = entityType, EntityId = entityId, PromoterId = null, Reason = why, By = actor, At = clock.UtcNow };
            db.Set<PromoterAttributionOverride>().Add(decision);
            await db.SaveChangesAsync(ct);
            await DetachLinesAsync(db, live, decision, ct);
            return ManualOutcome.Done;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The latest decision about a deal or lead (the register's note), or null.</summary>
    public async Task<PromoterAttributionOverride?> DecisionAsync(string entityType, long entityId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await LatestOverrideAsync(db, entityType, entityId, ct);
    }

    /// <summary>The standing (accrued or on review) register lines of a deal, or of a lead (its own lines and its deals').</summary>
    private static Task<List<PromoterCommission>> LiveLinesAsync(LoyaltyDbContext db, string entityType, long entityId, CancellationToken ct) =>
        db.PromoterCommissions.Where(c => (entityType == PromoterAttributionOverride.Deal ? c.DealId == entityId : c.LeadId == entityId)
                && (c.Status == CommissionStatus.Accrued || c.Status == CommissionStatus.OnReview))
            .OrderBy(c => c.Id).ToListAsync(ct);

    private async Task DetachLinesAsync(LoyaltyDbContext db, IEnumerable<PromoterCommission> lines, PromoterAttributionOverride decision, CancellationToken ct)
    {
        foreach (var line in lines)
        {
            var type = line.DealId is not null ? "deal" : "lead";
            var id = line.DealId ?? line.LeadId;
            await ReverseLineAsync(line, $"manual:{decision.Id}:{line.Id}", decision.At, decision.By,
                paid => LedgerReason.Of(LedgerReason.PromoterDetached, ("Type", type), ("Id", id), ("Paid", paid ? true : null)), ct);
        }

        await db.SaveChangesAsync(ct);
    }

    private static string RequireReason(string? reason) =>
        IsValidReason(reason) ? reason!.Trim() : throw new PromoterException($"A reason of 1 to {TextLimits.Reason} characters is required.");
}
