using Loyalty.Core.Bitrix24.UserFields;
using Loyalty.Core.Bonuses;
using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Ledger;
using Loyalty.Core.Portal;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Promoters;

/// <summary>One line of the promoter registry: the contact by name, the code, the rate and the figures (money in kopecks).</summary>
public sealed record PromoterRow(
    long Id, long ContactId, string Name, string? Phone, bool Active, string? Code, int? OwnRate,
    int Leads, int Deals, int Won, long WonTurnover, long Accrued, long OnHold, long Payable, long Paid);

public enum PromoterSort
{
    Name,
    Code,
    Leads,
    Deals,
    Won,
    WonTurnover,
    Accrued,
    OnHold,
    Payable,
    Paid,
}

/// <summary>The registry's filter, sort and page.</summary>
public sealed record PromoterQuery(string? Search = null, bool? Active = null, PromoterSort Sort = PromoterSort.Name, bool Descending = false, int Skip = 0, int Take = 25);

/// <summary>A mirror contact offered by the "switch on a promoter" search.</summary>
public sealed record ContactChoice(long Id, string Name, string? Phone, string? Email, bool IsPromoter);

/// <summary>A promoter's card: the contact as the CRM has it and the promoter's state.</summary>
public sealed record PromoterCardInfo(
    long Id, long ContactId, string Name, string? Phone, string? Email, bool Active, string? Code, int? OwnRate, DateTime SwitchedAt, string SwitchedBy);

/// <summary>The state of a referred lead's or deal's commission, as the card shows it.</summary>
public enum ReferralLineStatus
{
    None,
    Accrued,
    OnHold,
    OnReview,
    Rejected,
    Reversed,
}

/// <summary>One referred lead (or a referral still on its way to Bitrix24) and its deal and commission, if any.</summary>
public sealed record ReferralLine(
    long? LeadId, string? LeadTitle, DateTime? CreatedAt, DateTime? ConvertedAt, long? DealId, string? DealTitle, long? Amount,
    int? RateBasisPoints, long? Commission, ReferralLineStatus Status, DateTime? PayableAfter);

/// <summary>
/// Read-only queries of the promoter pages: the registry with each promoter's figures, the contact search of the switch-on
/// dialog, a promoter's card, its referred leads and deals and the history of its commission account.
/// </summary>
public sealed class PromoterQueries(IDbContextFactory<LoyaltyDbContext> dbFactory, PortalClock clock)
{
    /// <summary>How many contacts the switch-on search offers at most.</summary>
    public const int ContactChoices = 20;

    private static readonly string LeadPromoterField = PortalUserFields.LeadPromoterId.Code;

    /// <summary>
    /// The registry: filtered and sorted over every promoter's figures (a program counts promoters in hundreds), one page returned.
    /// </summary>
    public async Task<ListPage<PromoterRow>> ListAsync(PromoterQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var promoters = from p in db.Promoters.AsNoTracking()
                        join c in db.Contacts.AsNoTracking() on p.ContactId equals c.Id into contacts
                        from c in contacts.DefaultIfEmpty()
                        select new { p.Id, p.ContactId, p.Active, p.ActiveCode, p.RateBasisPoints, First = c == null ? null : c.FirstName, Last = c == null ? null : c.LastName, Phone = c == null ? null : c.PhoneDigits, Phones = c == null ? null : c.Phones };
        if (query.Active is { } active)
        {
            promoters = promoters.Where(p => p.Active == active);
        }

        var list = await promoters.ToListAsync(ct);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var text = query.Search.Trim();
            var digits = new string(text.Where(char.IsDigit).ToArray());
            list = list.Where(p =>
                    Name(p.First, p.Last, p.ContactId).Contains(text, StringComparison.OrdinalIgnoreCase)
                    || (p.ActiveCode?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false)
                    || (digits.Length >= 3 && (p.Phone?.Contains(digits, StringComparison.Ordinal) ?? false)))
                .ToList();
        }

        var figures = await FiguresAsync(db, list.Select(p => p.Id).ToList(), ct);
        var rows = list.Select(p =>
        {
            var f = figures.GetValueOrDefault(p.Id) ?? new Figures();
            var onHold = f.OnHold;
            return new PromoterRow(p.Id, p.ContactId, Name(p.First, p.Last, p.ContactId), p.Phones, p.Active, p.ActiveCode, p.RateBasisPoints,
                f.Leads, f.Deals, f.Won, f.WonTurnover, f.Accrued, onHold, Math.Max(0, f.Balance - onHold), f.Paid);
        });
        Func<PromoterRow, object> key = query.Sort switch
        {
            PromoterSort.Code => r => r.Code ?? "",
            PromoterSort.Leads => r => r.Leads,
            PromoterSort.Deals => r => r.Deals,
            PromoterSort.Won => r => r.Won,
            PromoterSort.WonTurnover => r => r.WonTurnover,
            PromoterSort.Accrued => r => r.Accrued,
            PromoterSort.OnHold => r => r.OnHold,
            PromoterSort.Payable => r => r.Payable,
            PromoterSort.Paid => r => r.Paid,
            _ => r => r.Name,
        };
        var sorted = (query.Descending ? rows.OrderByDescending(key) : rows.OrderBy(key)).ThenBy(r => r.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(r => r.Id).ToList();
        var page = sorted.Skip(Math.Max(0, query.Skip)).Take(Math.Clamp(query.Take, 1, 500)).ToList();
        return new ListPage<PromoterRow>(page, sorted.Count);
    }

    /// <summary>Any promoter at all (the empty registry says how to start).</summary>
    public async Task<bool> AnyAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Promoters.AnyAsync(ct);
    }

    /// <summary>Mirror contacts by name, phone digits or e-mail, at most <see cref="ContactChoices"/>; fewer than 2 characters find nothing.</summary>
    public async Task<IReadOnlyList<ContactChoice>> SearchContactsAsync(string? text, CancellationToken ct = default)
    {
        var term = text?.Trim() ?? "";
        if (term.Length < 2)
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var contacts = db.Contacts.AsNoTracking().Where(c => c.DeletedAt == null);
        var digits = new string(term.Where(char.IsDigit).ToArray());
        var words = term.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (digits.Length >= 3 && digits.Length == term.Count(char.IsLetterOrDigit))
        {
            var digitPattern = $"%{digits}%";
            contacts = contacts.Where(c => c.PhoneDigits != null && EF.Functions.Like(c.PhoneDigits, digitPattern));
        }
        else if (term.Contains('@'))
        {
            var lower = $"%{EscapeLike(term.ToLowerInvariant())}%";
            contacts = contacts.Where(c => c.EmailNormalized != null && EF.Functions.Like(c.EmailNormalized, lower, "\\"));
        }
        else
        {
            foreach (var word in words)
            {
                // SQLite's LIKE folds only ASCII letters: a Cyrillic word is looked for as typed, in lower case and capitalised
                // ("смирн", "Смирн"), and matched again below case-insensitively.
                var lower = word.ToLowerInvariant();
                var typed = $"%{EscapeLike(word)}%";
                var small = $"%{EscapeLike(lower)}%";
                var capital = $"%{EscapeLike(char.ToUpperInvariant(lower[0]) + lower[1..])}%";
                contacts = contacts.Where(c =>
                    EF.Functions.Like(c.FirstName, typed, "\\") || EF.Functions.Like(c.FirstName, small, "\\") || EF.Functions.Like(c.FirstName, capital, "\\")
                    || EF.Functions.Like(c.LastName, typed, "\\") || EF.Functions.Like(c.LastName, small, "\\") || EF.Functions.Like(c.LastName, capital, "\\")
                    || (c.Emails != null && EF.Functions.Like(c.Emails, small, "\\")));
            }
        }

        var found = await (from c in contacts
                           join p in db.Promoters on c.Id equals p.ContactId into promoters
                           from p in promoters.DefaultIfEmpty()
                           orderby c.LastName, c.FirstName, c.Id
                           select new { c.Id, c.FirstName, c.LastName, c.Phones, c.Emails, IsPromoter = p != null && p.Active })
            .Take(ContactChoices * 5).ToListAsync(ct);
        // Each word must be in the name or the e-mail, whatever its case.
        return found
            .Where(c => !(words.Length > 0 && digits.Length == 0 && !term.Contains('@'))
                || words.All(w => Name(c.FirstName, c.LastName, c.Id).Contains(w, StringComparison.CurrentCultureIgnoreCase) || (c.Emails?.Contains(w, StringComparison.OrdinalIgnoreCase) ?? false)))
            .Take(ContactChoices)
            .Select(c => new ContactChoice(c.Id, Name(c.FirstName, c.LastName, c.Id), c.Phones, c.Emails, c.IsPromoter))
            .ToList();
    }

    /// <summary>A promoter's card, or null when there is no such promoter.</summary>
    public async Task<PromoterCardInfo?> CardAsync(long promoterId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var p = await db.Promoters.AsNoTracking().FirstOrDefaultAsync(x => x.Id == promoterId, ct);
        if (p is null)
        {
            return null;
        }

        var c = await db.Contacts.AsNoTracking().FirstOrDefaultAsync(x => x.Id == p.ContactId, ct);
        return new PromoterCardInfo(p.Id, p.ContactId, Name(c?.FirstName, c?.LastName, p.ContactId), c?.Phones, c?.Emails, p.Active, p.ActiveCode, p.RateBasisPoints,
            p.SwitchedAt, p.SwitchedBy);
    }

    /// <summary>
    /// The promoter's referred leads (mirror leads naming it, and referrals not yet in the mirror) with their deals and
    /// commissions, and the commissions of deals attributed otherwise (a typed code), newest first.
    /// </summary>
    public async Task<IReadOnlyList<ReferralLine>> ReferralsAsync(long promoterId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var promoter = await db.Promoters.AsNoTracking().FirstOrDefaultAsync(p => p.Id == promoterId, ct);
        if (promoter is null)
        {
            return [];
        }

        var now = clock.UtcNow;
        var leads = await ReferredLeadsAsync(db, ct);
        var leadIds = leads.Where(l => l.PromoterContactId == promoter.ContactId).Select(l => l.Id).ToHashSet();
        var submissions = await db.Set<ReferralSubmission>().AsNoTracking().Where(s => s.PromoterId == promoterId)
            .Select(s => new { s.LeadId, s.CreatedAt }).ToListAsync(ct);
        leadIds.UnionWith(submissions.Where(s => s.LeadId != null).Select(s => s.LeadId!.Value));
        var commissions = await db.PromoterCommissions.AsNoTracking().Where(c => c.PromoterId == promoterId).OrderBy(c => c.Id).ToListAsync(ct);
        leadIds.UnionWith(commissions.Where(c => c.LeadId != null).Select(c => c.LeadId!.Value));
        var leadRows = await db.Leads.AsNoTracking().Where(l => leadIds.Contains(l.Id))
            .Select(l => new { l.Id, l.Title, l.CreatedAt, l.ConvertedAt }).ToDictionaryAsync(l => l.Id, ct);
        var dealIds = commissions.Where(c => c.DealId != null).Select(c => c.DealId!.Value).ToHashSet();
        var deals = await db.Deals.AsNoTracking().Where(d => dealIds.Contains(d.Id) || (d.LeadId != null && leadIds.Contains(d.LeadId.Value)))
            .Select(d => new { d.Id, d.Title, d.LeadId, d.AmountMinor }).ToListAsync(ct);

        var lines = new List<ReferralLine>();
        var usedDeals = new HashSet<long>();
        var usedCommissions = new HashSet<long>();
        foreach (var leadId in leadIds)
        {
            leadRows.TryGetValue(leadId, out var lead);
            var leadDeals = deals.Where(d => d.LeadId == leadId).ToList();
            var leadCommissions = commissions.Where(c => c.LeadId == leadId && (c.DealId == null || leadDeals.All(d => d.Id != c.DealId))).ToList();
            foreach (var c in leadCommissions)
            {
                usedCommissions.Add(c.Id);
                lines.Add(Line(leadId, lead?.Title, lead?.CreatedAt, lead?.ConvertedAt, c.DealId, deals.FirstOrDefault(d => d.Id == c.DealId)?.Title, c));
            }

            foreach (var deal in leadDeals)
            {
                usedDeals.Add(deal.Id);
                var dealCommissions = commissions.Where(c => c.DealId == deal.Id).ToList();
                if (dealCommissions.Count == 0)
                {
                    lines.Add(new ReferralLine(leadId, lead?.Title, lead?.CreatedAt, lead?.ConvertedAt, deal.Id, deal.Title, deal.AmountMinor, null, null, ReferralLineStatus.None, null));
                }

                foreach (var c in dealCommissions)
                {
                    usedCommissions.Add(c.Id);
                    lines.Add(Line(leadId, lead?.Title, lead?.CreatedAt, lead?.ConvertedAt, deal.Id, deal.Title, c));
                }
            }

            if (leadCommissions.Count == 0 && leadDeals.Count == 0)
            {
                lines.Add(new ReferralLine(leadId, lead?.Title, lead?.CreatedAt ?? submissions.FirstOrDefault(s => s.LeadId == leadId)?.CreatedAt, lead?.ConvertedAt,
                    null, null, null, null, null, ReferralLineStatus.None, null));
            }
        }

        foreach (var c in commissions.Where(c => !usedCommissions.Contains(c.Id)))
        {
            lines.Add(Line(null, null, null, null, c.DealId, deals.FirstOrDefault(d => d.Id == c.DealId)?.Title, c));
        }

        // Referrals still on their way to Bitrix24 (no lead yet).
        lines.AddRange(submissions.Where(s => s.LeadId == null)
            .Select(s => new ReferralLine(null, null, s.CreatedAt, null, null, null, null, null, null, ReferralLineStatus.None, null)));
        return lines.OrderByDescending(l => l.CreatedAt ?? DateTime.MinValue).ThenByDescending(l => l.LeadId).ToList();

        ReferralLine Line(long? leadId, string? title, DateTime? created, DateTime? converted, long? dealId, string? dealTitle, PromoterCommission c) =>
            new(leadId, title, created ?? c.OccurredAt, converted, dealId, dealTitle, c.BaseAmount, c.RateBasisPoints, c.Amount, StatusOf(c, now), c.PayableAfter);
    }

    /// <summary>The promoter's commission account, newest first, in the shape of a customer's history.</summary>
    public async Task<ListPage<HistoryRow>> HistoryAsync(long promoterId, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var accountId = await db.LedgerAccounts.Where(a => a.Kind == AccountKind.PromoterCommission && a.OwnerId == promoterId).Select(a => (long?)a.Id).FirstOrDefaultAsync(ct);
        if (accountId is null)
        {
            return new ListPage<HistoryRow>([], 0);
        }

        var entries = db.LedgerEntries.AsNoTracking().Where(e => e.AccountId == accountId);
        var total = await entries.CountAsync(ct);
        var rows = await (from e in entries
                          join d in db.Deals on e.DealId equals d.Id into deals
                          from d in deals.DefaultIfEmpty()
                          orderby e.OccurredAt descending, e.Id descending
                          select new HistoryRow(e.Id, e.OccurredAt, e.Kind, e.Amount, e.DealId, d == null ? null : d.Title, e.Comment, e.Actor, e.ExpiresAt, e.ReversesEntryId, e.Reason, e.ReasonArgs))
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 500))
            .ToListAsync(ct);
        return new ListPage<HistoryRow>(rows, total);
    }

    /// <summary>A register line's state now: an accrual still on hold shows as such until its date.</summary>
    public static ReferralLineStatus StatusOf(PromoterCommission c, DateTime now) => c.Status switch
    {
        CommissionStatus.Accrued when c.PayableAfter > now => ReferralLineStatus.OnHold,
        CommissionStatus.Accrued => ReferralLineStatus.Accrued,
        CommissionStatus.OnReview => ReferralLineStatus.OnReview,
        CommissionStatus.Rejected => ReferralLineStatus.Rejected,
        _ => ReferralLineStatus.Reversed,
    };

    private static string Name(string? first, string? last, long contactId)
    {
        var name = string.Join(' ', new[] { first, last }.Where(s => !string.IsNullOrWhiteSpace(s)));
        return name.Length > 0 ? name : $"#{contactId}";
    }

    private static string EscapeLike(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

    /// <summary>Mirror leads carrying a promoter's contact ID in <c>UF_CRM_LOY_PR_ID</c>.</summary>
    internal static async Task<List<(long Id, long PromoterContactId)>> ReferredLeadsAsync(LoyaltyDbContext db, CancellationToken ct)
    {
        var pattern = $"%{LeadPromoterField}%";
        var rows = await db.Leads.AsNoTracking().Where(l => l.DeletedAt == null && l.UserFields != null && EF.Functions.Like(l.UserFields, pattern))
            .Select(l => new { l.Id, l.UserFields }).ToListAsync(ct);
        return rows.Select(r => (r.Id, Contact: CrmFieldValues.Id(r.UserFields, LeadPromoterField)))
            .Where(r => r.Contact is not null).Select(r => (r.Id, r.Contact!.Value)).ToList();
    }

    private sealed class Figures
    {
        public int Leads { get; set; }
        public int Deals { get; set; }
        public int Won { get; set; }
        public long WonTurnover { get; set; }
        public long Accrued { get; set; }
        public long Paid { get; set; }
        public long Balance { get; set; }
        public long OnHold { get; set; }
    }

    private async Task<Dictionary<long, Figures>> FiguresAsync(LoyaltyDbContext db, List<long> promoterIds, CancellationToken ct)
    {
        var result = promoterIds.ToDictionary(id => id, _ => new Figures());
        if (promoterIds.Count == 0)
        {
            return result;
        }

        var now = clock.UtcNow;
        var byContact = await db.Promoters.AsNoTracking().Where(p => promoterIds.Contains(p.Id)).ToDictionaryAsync(p => p.ContactId, p => p.Id, ct);
        var leadsOf = promoterIds.ToDictionary(id => id, _ => new HashSet<long>());
        foreach (var (leadId, contactId) in await ReferredLeadsAsync(db, ct))
        {
            if (byContact.TryGetValue(contactId, out var pid))
            {
                leadsOf[pid].Add(leadId);
            }
        }

        var submissions = await db.Set<ReferralSubmission>().AsNoTracking().Where(s => promoterIds.Contains(s.PromoterId)).Select(s => new { s.PromoterId, s.LeadId }).ToListAsync(ct);
        var pending = new Dictionary<long, int>();
        foreach (var s in submissions)
        {
            if (s.LeadId is { } leadId)
            {
                leadsOf[s.PromoterId].Add(leadId);
            }
            else
            {
                pending[s.PromoterId] = pending.GetValueOrDefault(s.PromoterId) + 1;
            }
        }

        var lines = await db.PromoterCommissions.AsNoTracking().Where(c => promoterIds.Contains(c.PromoterId))
            .Select(c => new { c.PromoterId, c.LeadId, c.DealId, c.Trigger, c.Status, c.BaseAmount, c.Amount, c.PayableAfter, c.LedgerEntryId }).ToListAsync(ct);
        foreach (var line in lines.Where(l => l.LeadId != null))
        {
            leadsOf[line.PromoterId].Add(line.LeadId!.Value);
        }

        var allLeads = leadsOf.Values.SelectMany(s => s).ToHashSet();
        var leadDeals = await db.Deals.AsNoTracking().Where(d => d.DeletedAt == null && d.LeadId != null && allLeads.Contains(d.LeadId.Value))
            .Select(d => new { d.Id, d.LeadId }).ToListAsync(ct);
        var accounts = await db.LedgerAccounts.AsNoTracking().Where(a => a.Kind == AccountKind.PromoterCommission && promoterIds.Contains(a.OwnerId))
            .Select(a => new { a.Id, a.OwnerId, a.Balance }).ToListAsync(ct);
        var accountIds = accounts.Select(a => a.Id).ToList();
        var sums = await db.LedgerEntries.AsNoTracking().Where(e => accountIds.Contains(e.AccountId))
            .GroupBy(e => new { e.AccountId, e.Kind }).Select(g => new { g.Key.AccountId, g.Key.Kind, Sum = g.Sum(e => e.Amount) }).ToListAsync(ct);

        foreach (var id in promoterIds)
        {
            var f = result[id];
            var leads = leadsOf[id];
            f.Leads = leads.Count + pending.GetValueOrDefault(id);
            var mine = lines.Where(l => l.PromoterId == id).ToList();
            var deals = leadDeals.Where(d => leads.Contains(d.LeadId!.Value)).Select(d => d.Id).ToHashSet();
            deals.UnionWith(mine.Where(l => l.DealId != null).Select(l => l.DealId!.Value));
            f.Deals = deals.Count;
            var won = mine.Where(l => l.Trigger == CommissionTrigger.DealWon && l.DealId != null && l.Status is CommissionStatus.Accrued or CommissionStatus.OnReview).ToList();
            f.Won = won.Select(l => l.DealId).Distinct().Count();
            f.WonTurnover = won.Sum(l => l.BaseAmount);
            f.OnHold = mine.Where(l => l.Status == CommissionStatus.Accrued && l.LedgerEntryId != null && l.PayableAfter > now).Sum(l => l.Amount);
            if (accounts.FirstOrDefault(a => a.OwnerId == id) is { } account)
            {
                f.Balance = account.Balance;
                f.Accrued = sums.Where(s => s.AccountId == account.Id && s.Kind == EntryKind.Accrual).Sum(s => s.Sum);
                f.Paid = -sums.Where(s => s.AccountId == account.Id && s.Kind == EntryKind.Payout).Sum(s => s.Sum);
            }
        }

        return result;
    }
}
