using Loyalty.Core.Bitrix24.UserFields;
using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Promoters;

/// <summary>What a fraud flag matched, for the reviewer: a phone or e-mail, an earlier won deal, an earlier referred lead or deal.</summary>
public sealed record ReviewEvidence(FraudFlags Flag, string? Matched, long? DealId, string? DealTitle, long? LeadId, string? LeadTitle, DateTime? At);

/// <summary>One commission waiting for an administrator: who, what, how much and why it was flagged.</summary>
public sealed record ReviewItem(
    long CommissionId, long PromoterId, string PromoterName, long? LeadId, string? LeadTitle, long? DealId, string? DealTitle,
    long? CustomerId, string? CustomerName, long BaseAmount, int RateBasisPoints, long Amount, CommissionTrigger Trigger, FraudFlags Flags,
    DateTime OccurredAt, DateTime PayableAfter, IReadOnlyList<ReviewEvidence> Evidence);

/// <summary>A mirror deal offered by the "attribute a deal" search, with the promoter it belongs to now, if any.</summary>
public sealed record DealChoice(long Id, string Title, long AmountMinor, string CurrencyId, bool Won, string? CustomerName, string? PromoterName);

/// <summary>
/// Read-only queries of the review page and the card's manual attribution: the commissions on review with the evidence of
/// their flags, and the deal search.
/// </summary>
public sealed class PromoterReviewQueries(IDbContextFactory<LoyaltyDbContext> dbFactory, PromoterSettingsStore settingsStore)
{
    /// <summary>How many items the review page shows at most (oldest first; the rest after these are decided).</summary>
    public const int MaxItems = 200;

    /// <summary>How many deals the attribution search offers at most.</summary>
    public const int DealChoices = 20;

    /// <summary>The commissions on review, oldest first, with their evidence.</summary>
    public async Task<IReadOnlyList<ReviewItem>> OnReviewAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var lines = await db.PromoterCommissions.AsNoTracking().Where(c => c.Status == CommissionStatus.OnReview)
            .OrderBy(c => c.OccurredAt).ThenBy(c => c.Id).Take(MaxItems).ToListAsync(ct);
        var items = new List<ReviewItem>(lines.Count);
        var settings = (await settingsStore.CurrentAsync(ct)).Settings;
        foreach (var line in lines)
        {
            var promoter = await db.Promoters.AsNoTracking().FirstAsync(p => p.Id == line.PromoterId, ct);
            var promoterContact = await db.Contacts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == promoter.ContactId, ct);
            var lead = line.LeadId is { } leadId ? await db.Leads.AsNoTracking().FirstOrDefaultAsync(l => l.Id == leadId, ct) : null;
            var deal = line.DealId is { } dealId ? await db.Deals.AsNoTracking().FirstOrDefaultAsync(d => d.Id == dealId, ct) : null;
            var customer = line.ContactId is { } customerId ? await db.Contacts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == customerId, ct) : null;
            var evidence = await EvidenceAsync(db, line, promoter, promoterContact, lead, deal, customer, settings.DuplicateDays, ct);
            items.Add(new ReviewItem(line.Id, promoter.Id, NameOf(promoterContact, promoter.ContactId), line.LeadId, lead?.Title, line.DealId, deal?.Title,
                line.ContactId, customer is null ? null : NameOf(customer, customer.Id), line.BaseAmount, line.RateBasisPoints, line.Amount, line.Trigger, line.Flags,
                line.OccurredAt, line.PayableAfter, evidence));
        }

        return items;
    }

    /// <summary>Mirror deals whose title contains the text, or whose ID it is, newest first.</summary>
    public async Task<IReadOnlyList<DealChoice>> SearchDealsAsync(string? text, CancellationToken ct = default)
    {
        var query = text?.Trim() ?? "";
        if (query.Length == 0 || query.Length > 200)
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deals = db.Deals.AsNoTracking().Where(d => d.DeletedAt == null);
        var id = long.TryParse(query.TrimStart('#'), out var number) ? number : -1;
        if (id < 0 && query.Length < 2)
        {
            return [];
        }

        var pattern = "%" + query.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
        var found = await deals.Where(d => d.Id == id || EF.Functions.Like(d.Title, pattern, "\\"))
            .OrderByDescending(d => d.Id == id).ThenByDescending(d => d.Id).Take(DealChoices)
            .Select(d => new { d.Id, d.Title, d.AmountMinor, d.CurrencyId, d.Semantics, d.ContactId }).ToListAsync(ct);
        var dealIds = found.Select(d => d.Id).ToList();
        var owners = await db.PromoterCommissions.AsNoTracking()
            .Where(c => c.DealId != null && dealIds.Contains(c.DealId.Value) && (c.Status == CommissionStatus.Accrued || c.Status == CommissionStatus.OnReview))
            .Select(c => new { DealId = c.DealId!.Value, c.PromoterId }).ToListAsync(ct);
        var contactIds = found.Where(d => d.ContactId != null).Select(d => d.ContactId!.Value).ToList();
        var promoterIds = owners.Select(o => o.PromoterId).Distinct().ToList();
        var promoterContacts = await db.Promoters.AsNoTracking().Where(p => promoterIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.ContactId, ct);
        contactIds.AddRange(promoterContacts.Values);
        var contacts = await db.Contacts.AsNoTracking().Where(c => contactIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        return found.Select(d =>
        {
            var owner = owners.FirstOrDefault(o => o.DealId == d.Id);
            var ownerContact = owner is null ? (long?)null : promoterContacts[owner.PromoterId];
            return new DealChoice(d.Id, string.IsNullOrWhiteSpace(d.Title) ? $"#{d.Id}" : d.Title, d.AmountMinor, d.CurrencyId ?? "RUB", d.Semantics == StageSemantics.Success,
                d.ContactId is { } c && contacts.TryGetValue(c, out var customer) ? NameOf(customer, c) : null,
                ownerContact is { } oc ? (contacts.TryGetValue(oc, out var p) ? NameOf(p, oc) : $"#{oc}") : null);
        }).ToList();
    }

    /// <summary>What each flag of the line matched, found again the way the engine's rules look (decision 017).</summary>
    private static async Task<IReadOnlyList<ReviewEvidence>> EvidenceAsync(LoyaltyDbContext db, PromoterCommission line, Promoter promoter, Contact? own, Lead? lead, Deal? deal,
        Contact? customer, int duplicateDays, CancellationToken ct)
    {
        var evidence = new List<ReviewEvidence>();
        var referredAt = lead?.CreatedAt ?? deal?.CreatedAt ?? line.OccurredAt;
        var phones = new[] { lead?.PhoneDigits, customer?.PhoneDigits }.Where(p => !string.IsNullOrEmpty(p)).Select(p => p!).Distinct().ToList();
        var emails = new[] { lead?.EmailNormalized, customer?.EmailNormalized }.Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e!.Trim().ToLowerInvariant()).Distinct().ToList();

        if (line.Flags.HasFlag(FraudFlags.SelfReferral))
        {
            var ownPhone = Last10(own?.PhoneDigits);
            var ownEmail = own?.EmailNormalized?.Trim().ToLowerInvariant();
            var matched = line.ContactId == promoter.ContactId ? null
                : ownPhone is not null && phones.Any(p => Last10(p) == ownPhone) ? own?.Phones ?? own?.PhoneDigits
                : !string.IsNullOrEmpty(ownEmail) && emails.Contains(ownEmail) ? own?.Emails ?? ownEmail
                : null;
            evidence.Add(new ReviewEvidence(FraudFlags.SelfReferral, matched, null, null, null, null, null));
        }

        if (line.Flags.HasFlag(FraudFlags.ExistingCustomer) && line.ContactId is { } contactId)
        {
            var earlier = await db.Deals.AsNoTracking()
                .Where(d => d.ContactId == contactId && d.Semantics == StageSemantics.Success && d.WonAt < referredAt && d.DeletedAt == null && d.Id != (line.DealId ?? 0))
                .OrderByDescending(d => d.WonAt).Select(d => new { d.Id, d.Title, d.WonAt }).FirstOrDefaultAsync(ct);
            evidence.Add(new ReviewEvidence(FraudFlags.ExistingCustomer, null, earlier?.Id, earlier?.Title, null, null, earlier?.WonAt));
        }

        if (line.Flags.HasFlag(FraudFlags.Duplicate))
        {
            var since = referredAt.AddDays(-Math.Max(duplicateDays, 1));
            var pattern = $"%\"{PortalUserFields.LeadPromoterId.Code}\"%";
            var leadId = line.LeadId ?? 0;
            var other = phones.Count + emails.Count == 0 ? null : await db.Leads.AsNoTracking()
                .Where(l => l.Id != leadId && l.CreatedAt >= since && l.CreatedAt < referredAt && l.UserFields != null && EF.Functions.Like(l.UserFields, pattern)
                    && ((l.PhoneDigits != null && phones.Contains(l.PhoneDigits)) || (l.EmailNormalized != null && emails.Contains(l.EmailNormalized))))
                .OrderByDescending(l => l.CreatedAt).Select(l => new { l.Id, l.Title, l.CreatedAt, l.PhoneDigits, l.EmailNormalized }).FirstOrDefaultAsync(ct);
            if (other is not null)
            {
                var matched = other.PhoneDigits is { } p && phones.Contains(p) ? (customer?.Phones ?? p) : other.EmailNormalized;
                evidence.Add(new ReviewEvidence(FraudFlags.Duplicate, matched, null, null, other.Id, other.Title, other.CreatedAt));
            }
            else
            {
                var earlier = line.ContactId is { } referred ? await db.PromoterCommissions.AsNoTracking()
                    .Where(c => c.ContactId == referred && c.Id != line.Id && c.OccurredAt < referredAt && c.Status != CommissionStatus.Rejected)
                    .OrderByDescending(c => c.OccurredAt).Select(c => new { c.DealId, c.LeadId, c.OccurredAt }).FirstOrDefaultAsync(ct) : null;
                var title = earlier?.DealId is { } d ? await db.Deals.AsNoTracking().Where(x => x.Id == d).Select(x => x.Title).FirstOrDefaultAsync(ct) : null;
                evidence.Add(new ReviewEvidence(FraudFlags.Duplicate, null, earlier?.DealId, title, earlier?.DealId is null ? earlier?.LeadId : null, null, earlier?.OccurredAt));
            }
        }

        return evidence;
    }

    private static string? Last10(string? digits)
    {
        var only = new string((digits ?? "").Where(char.IsAsciiDigit).ToArray());
        return only.Length < 10 ? null : only[^10..];
    }

    private static string NameOf(Contact? c, long id)
    {
        var name = string.Join(' ', new[] { c?.FirstName, c?.LastName }.Where(s => !string.IsNullOrWhiteSpace(s)));
        return name.Length > 0 ? name : $"#{id}";
    }
}
