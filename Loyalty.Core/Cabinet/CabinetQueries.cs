using Loyalty.Core.Data;
using Loyalty.Core.Promoters;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Cabinet;

/// <summary>One referred person as the promoter sees it: the name shortened, the deal's amount, the commission and its state.</summary>
public sealed record CabinetReferral(
    string Person, DateTime? CreatedAt, bool HasDeal, long? DealAmount, int? RateBasisPoints, long? Commission, ReferralLineStatus Status, DateTime? PayableAfter);

/// <summary>One payout to the promoter: the day it was paid (null while pending), the amount paid after tax, the state.</summary>
public sealed record CabinetPayout(long Id, DateOnly? PaidOn, long Gross, long Net, PayoutStatus Status);

/// <summary>What the cabinet shows the signed-in promoter: its own code, link, figures and referrals, and nothing of anyone else.</summary>
public sealed record CabinetView(
    long PromoterId, string FirstName, string? Code, string? Link, PromoterBalance Balance, IReadOnlyList<CabinetReferral> Referrals,
    IReadOnlyList<CabinetPayout> Payouts);

/// <summary>
/// The cabinet's one query, always for the promoter of the signed-in principal (never an ID from the address bar).
/// A switched-off promoter gets nothing: its cabinet is closed until it is switched on again.
/// </summary>
public sealed class CabinetQueries(IDbContextFactory<LoyaltyDbContext> dbFactory, PromoterQueries promoters, PromoterCommissions commissions, PromoterLinks links)
{
    public async Task<CabinetView?> ViewAsync(long promoterId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var promoter = await db.Promoters.AsNoTracking().FirstOrDefaultAsync(p => p.Id == promoterId && p.Active, ct);
        if (promoter is null)
        {
            return null;
        }

        var firstName = await db.Contacts.AsNoTracking().Where(c => c.Id == promoter.ContactId).Select(c => c.FirstName).FirstOrDefaultAsync(ct) ?? "";
        var lines = await promoters.ReferralsAsync(promoterId, ct);
        var leadIds = lines.Where(l => l.LeadId != null).Select(l => l.LeadId!.Value).Distinct().ToList();
        var dealIds = lines.Where(l => l.DealId != null).Select(l => l.DealId!.Value).Distinct().ToList();
        var leads = await db.Leads.AsNoTracking().Where(l => leadIds.Contains(l.Id))
            .Select(l => new { l.Id, l.FirstName, l.LastName, l.ContactId }).ToDictionaryAsync(l => l.Id, ct);
        var deals = await db.Deals.AsNoTracking().Where(d => dealIds.Contains(d.Id)).Select(d => new { d.Id, d.ContactId }).ToDictionaryAsync(d => d.Id, ct);
        var contactIds = leads.Values.Where(l => l.ContactId != null).Select(l => l.ContactId!.Value)
            .Concat(deals.Values.Where(d => d.ContactId != null).Select(d => d.ContactId!.Value)).Distinct().ToList();
        var contacts = await db.Contacts.AsNoTracking().Where(c => contactIds.Contains(c.Id))
            .Select(c => new { c.Id, c.FirstName, c.LastName }).ToDictionaryAsync(c => c.Id, ct);
        var submissions = await db.Set<ReferralSubmission>().AsNoTracking().Where(s => s.PromoterId == promoterId)
            .Select(s => new { s.LeadId, s.CreatedAt, s.Name }).ToListAsync(ct);

        string Person(ReferralLine line)
        {
            if (line.LeadId is { } leadId && leads.TryGetValue(leadId, out var lead))
            {
                if (!string.IsNullOrWhiteSpace(lead.FirstName) || !string.IsNullOrWhiteSpace(lead.LastName))
                {
                    return PersonNames.Short(lead.FirstName, lead.LastName);
                }

                if (lead.ContactId is { } leadContact && contacts.TryGetValue(leadContact, out var c))
                {
                    return PersonNames.Short(c.FirstName, c.LastName);
                }
            }

            if (line.DealId is { } dealId && deals.TryGetValue(dealId, out var deal) && deal.ContactId is { } contactId && contacts.TryGetValue(contactId, out var dc))
            {
                return PersonNames.Short(dc.FirstName, dc.LastName);
            }

            var submission = line.LeadId is { } id
                ? submissions.FirstOrDefault(s => s.LeadId == id)
                : submissions.FirstOrDefault(s => s.LeadId == null && s.CreatedAt == line.CreatedAt);
            return PersonNames.Short(submission?.Name);
        }

        var referrals = lines.Select(l => new CabinetReferral(Person(l), l.CreatedAt, l.DealId != null, l.Amount, l.RateBasisPoints, l.Commission, l.Status, l.PayableAfter)).ToList();
        var balance = await commissions.BalanceAsync(promoterId, ct);
        var payouts = await db.Payouts.AsNoTracking().Where(p => p.PromoterId == promoterId).OrderByDescending(p => p.Id)
            .Select(p => new CabinetPayout(p.Id, p.PaidOn, p.Gross, p.Net, p.Status)).ToListAsync(ct);
        return new CabinetView(promoterId, firstName, promoter.ActiveCode, promoter.ActiveCode is { } code ? links.ReferralUrl(code) : null, balance, referrals, payouts);
    }

    /// <summary>The promoter's current code when it is active (the cabinet's QR code), else null.</summary>
    public async Task<string?> ActiveCodeAsync(long promoterId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Promoters.AsNoTracking().Where(p => p.Id == promoterId && p.Active).Select(p => p.ActiveCode).FirstOrDefaultAsync(ct);
    }
}
