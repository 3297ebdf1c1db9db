using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Ledger;
using Loyalty.Core.Portal;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Bonuses;

public enum CustomerSort
{
    Name,

    /// <summary>By lifetime spend, which is what the tier follows.</summary>
    Tier,
    Balance,
    WonSum,
    WonDeals,
    LastPurchase,
    Percent,
}

/// <summary>
/// A filter of the customers list. Balances in kopecks, inclusive; last-purchase days in the portal's zone, inclusive.
/// </summary>
public sealed record CustomerQuery(
    string? Search = null,
    string? Tier = null,
    long? BalanceFrom = null,
    long? BalanceTo = null,
    DateOnly? LastPurchaseFrom = null,
    DateOnly? LastPurchaseTo = null,
    CustomerSort Sort = CustomerSort.Name,
    bool Descending = false,
    int Skip = 0,
    int Take = 25);

public sealed record CustomerRow(
    long ContactId, string DisplayName, string Tier, int PercentBasisPoints, int WonDeals, long WonSum,
    long Accrued, long Redeemed, long Balance, DateTime? LastPurchaseAt);

/// <summary>One page of a list and how many rows the whole list has.</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Rows, int Total);

/// <summary>A won deal the program did not credit. <see cref="Amount"/> is in the deal's currency (<see cref="CurrencyId"/>; null: base).</summary>
public sealed record SkippedDealRow(long DealId, string? Title, long? ContactId, BonusSkipReason Reason, long Amount, string? CurrencyId, DateTime WonAt);

/// <summary>
/// The "special section of the client card" (seed 001): the customer's figures, tier and the way to the next one.
/// Money in kopecks; <see cref="ProgressPercent"/> is how far the lifetime spend has gone from this tier to the next (0–100).
/// </summary>
public sealed record CustomerCard(
    long ContactId,
    string DisplayName,
    string? Phone,
    string? Email,
    bool ProgramEnabled,
    int WonDeals,
    long WonSum,
    DateTime? LastPurchaseAt,
    long Accrued,
    long Redeemed,
    long Balance,
    decimal CurrentPercent,
    BonusTier Tier,
    BonusTier? NextTier,
    long ToNextTier,
    int ProgressPercent);

/// <summary>A line of a customer's history; <see cref="Amount"/> signed, in kopecks.</summary>
public sealed record HistoryRow(
    long Id, DateTime OccurredAt, EntryKind Kind, long Amount, long? DealId, string? DealTitle, string? Comment, string Actor,
    DateTime? ExpiresAt, long? ReversesEntryId, string? Reason = null, string? ReasonArgs = null);

/// <summary>A deal of the customer, as the redemption dialog offers it.</summary>
public sealed record CustomerDeal(long Id, string Title, long AmountMinor, string? CurrencyId, StageSemantics Semantics, DateTime? CreatedAt);

/// <summary>
/// What the customers page and the customer card read: pages of <see cref="BonusCustomer"/> rows filtered and sorted in
/// SQL, the skipped deals, and one customer's figures and ledger history. Nothing here loads a table.
/// </summary>
public sealed class BonusCustomerQueries(IDbContextFactory<LoyaltyDbContext> dbFactory, BonusSettingsStore settingsStore, PortalClock clock)
{
    private const int MaxDeals = 100;

    public async Task<ListPage<CustomerRow>> ListAsync(CustomerQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var customers = Filter(db.BonusCustomers.AsNoTracking(), query);
        var total = await customers.CountAsync(ct);
        var rows = await Sort(customers, query.Sort, query.Descending)
            .Skip(Math.Max(0, query.Skip)).Take(Math.Clamp(query.Take, 1, 500))
            .Select(c => new CustomerRow(c.ContactId, c.DisplayName, c.Tier, c.PercentBasisPoints, c.WonDeals, c.WonSum, c.Accrued, c.Redeemed, c.Balance, c.LastPurchaseAt))
            .ToListAsync(ct);
        return new ListPage<CustomerRow>(rows, total);
    }

    /// <summary>Whether the program knows any customer at all (the empty state differs from "no match").</summary>
    public async Task<bool> AnyCustomerAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.BonusCustomers.AnyAsync(ct);
    }

    /// <summary>Skipped won deals, newest first.</summary>
    public async Task<ListPage<SkippedDealRow>> SkippedAsync(int skip, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var total = await db.BonusSkips.CountAsync(ct);
        var rows = await (
                from s in db.BonusSkips.AsNoTracking()
                from d in db.Deals.Where(d => d.Id == s.DealId).DefaultIfEmpty()
                orderby s.WonAt descending, s.DealId descending
                select new SkippedDealRow(s.DealId, d == null ? null : d.Title, d == null ? null : d.ContactId, s.Reason, s.Amount, d == null ? null : d.CurrencyId, s.WonAt))
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 500))
            .ToListAsync(ct);
        return new ListPage<SkippedDealRow>(rows, total);
    }

    /// <summary>
    /// The customer's card; null when neither the program nor the CRM mirror knows the contact. A contact the
    /// program has not counted yet gets a card of zeros.
    /// </summary>
    public async Task<CustomerCard?> CardAsync(long contactId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.BonusCustomers.AsNoTracking().FirstOrDefaultAsync(c => c.ContactId == contactId, ct);
        var contact = await db.Contacts.AsNoTracking().Where(c => c.Id == contactId)
            .Select(c => new { c.FirstName, c.LastName, c.Phones, c.EmailNormalized, c.Emails }).FirstOrDefaultAsync(ct);
        if (row is null && contact is null)
        {
            return null;
        }

        var settings = (await settingsStore.CurrentAsync(ct)).Settings;
        var wonSum = row?.WonSum ?? 0;
        var tier = settings.Tiers.FirstOrDefault(t => t.Name == row?.Tier) ?? BonusMath.Tier(settings, wonSum);
        var next = BonusMath.NextTier(settings, wonSum);
        var progress = next is { } n && n.Next.MinSpend > tier.MinSpend
            ? (int)Math.Clamp((wonSum - tier.MinSpend) * 100 / (n.Next.MinSpend - tier.MinSpend), 0, 100)
            : 100;
        var name = row?.DisplayName ?? string.Join(' ', new[] { contact!.FirstName, contact.LastName }.Where(s => s.Length > 0));
        return new CustomerCard(
            contactId,
            name.Length == 0 ? $"#{contactId}" : name,
            FirstOf(contact?.Phones),
            contact?.EmailNormalized ?? FirstOf(contact?.Emails),
            settings.Enabled,
            row?.WonDeals ?? 0,
            wonSum,
            row?.LastPurchaseAt,
            row?.Accrued ?? 0,
            row?.Redeemed ?? 0,
            row?.Balance ?? await BalanceAsync(db, contactId, ct),
            row is null ? BonusMath.CurrentPercent(settings, new CustomerStats(0, 0)) : row.PercentBasisPoints / 100m,
            tier,
            next?.Next,
            next?.Remaining ?? 0,
            progress);
    }

    /// <summary>The customer's ledger entries, newest first, with the title of the deal each came from.</summary>
    public async Task<ListPage<HistoryRow>> HistoryAsync(long contactId, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var accountId = await db.LedgerAccounts.Where(a => a.Kind == AccountKind.CustomerBonus && a.OwnerId == contactId).Select(a => (long?)a.Id).FirstOrDefaultAsync(ct);
        if (accountId is null)
        {
            return new ListPage<HistoryRow>([], 0);
        }

        var entries = db.LedgerEntries.AsNoTracking().Where(e => e.AccountId == accountId);
        var total = await entries.CountAsync(ct);
        var rows = await (
                from e in entries
                from d in db.Deals.Where(d => d.Id == e.DealId).DefaultIfEmpty()
                orderby e.OccurredAt descending, e.Id descending
                select new HistoryRow(e.Id, e.OccurredAt, e.Kind, e.Amount, e.DealId, d == null ? null : d.Title, e.Comment, e.Actor, e.ExpiresAt, e.ReversesEntryId, e.Reason, e.ReasonArgs))
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 500))
            .ToListAsync(ct);
        return new ListPage<HistoryRow>(rows, total);
    }

    /// <summary>The customer's deals in the mirror, newest first: what a redemption can be recorded against.</summary>
    public async Task<IReadOnlyList<CustomerDeal>> DealsAsync(long contactId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Deals.AsNoTracking()
            .Where(d => d.ContactId == contactId && d.DeletedAt == null && d.Semantics != StageSemantics.Failure)
            .OrderByDescending(d => d.Id)
            .Take(MaxDeals)
            .Select(d => new CustomerDeal(d.Id, d.Title, d.AmountMinor, d.CurrencyId, d.Semantics, d.CreatedAt))
            .ToListAsync(ct);
    }

    private IQueryable<BonusCustomer> Filter(IQueryable<BonusCustomer> customers, CustomerQuery query)
    {
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var text = query.Search.Trim();
            var pattern = $"%{EscapeLike(text.ToUpperInvariant())}%";
            // "+7 (999) 123-45-67" finds the phone, which the search text keeps as digits only.
            var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
            var phonePattern = digits.Length >= 3 && text.All(c => char.IsAsciiDigit(c) || c is '+' or '(' or ')' or '-' or ' ')
                ? $"%{digits}%"
                : pattern;
            customers = customers.Where(c => EF.Functions.Like(c.SearchText, pattern, "\\") || EF.Functions.Like(c.SearchText, phonePattern, "\\"));
        }

        if (!string.IsNullOrWhiteSpace(query.Tier))
        {
            customers = customers.Where(c => c.Tier == query.Tier);
        }

        if (query.BalanceFrom is { } min)
        {
            customers = customers.Where(c => c.Balance >= min);
        }

        if (query.BalanceTo is { } max)
        {
            customers = customers.Where(c => c.Balance <= max);
        }

        if (query.LastPurchaseFrom is { } fromDay)
        {
            var from = clock.StartOfDayUtc(fromDay);
            customers = customers.Where(c => c.LastPurchaseAt >= from);
        }

        if (query.LastPurchaseTo is { } toDay)
        {
            var to = clock.EndOfDayUtc(toDay);
            customers = customers.Where(c => c.LastPurchaseAt < to);
        }

        return customers;
    }

    private static IOrderedQueryable<BonusCustomer> Sort(IQueryable<BonusCustomer> customers, CustomerSort sort, bool descending)
    {
        var ordered = (sort, descending) switch
        {
            (CustomerSort.Tier or CustomerSort.WonSum, false) => customers.OrderBy(c => c.WonSum),
            (CustomerSort.Tier or CustomerSort.WonSum, true) => customers.OrderByDescending(c => c.WonSum),
            (CustomerSort.Balance, false) => customers.OrderBy(c => c.Balance),
            (CustomerSort.Balance, true) => customers.OrderByDescending(c => c.Balance),
            (CustomerSort.WonDeals, false) => customers.OrderBy(c => c.WonDeals),
            (CustomerSort.WonDeals, true) => customers.OrderByDescending(c => c.WonDeals),
            (CustomerSort.LastPurchase, false) => customers.OrderBy(c => c.LastPurchaseAt),
            (CustomerSort.LastPurchase, true) => customers.OrderByDescending(c => c.LastPurchaseAt),
            (CustomerSort.Percent, false) => customers.OrderBy(c => c.PercentBasisPoints),
            (CustomerSort.Percent, true) => customers.OrderByDescending(c => c.PercentBasisPoints),
            (_, false) => customers.OrderBy(c => c.DisplayName),
            (_, true) => customers.OrderByDescending(c => c.DisplayName),
        };
        return sort == CustomerSort.Name ? ordered.ThenBy(c => c.ContactId) : ordered.ThenBy(c => c.DisplayName).ThenBy(c => c.ContactId);
    }

    private static async Task<long> BalanceAsync(LoyaltyDbContext db, long contactId, CancellationToken ct) =>
        await db.LedgerAccounts.Where(a => a.Kind == AccountKind.CustomerBonus && a.OwnerId == contactId).Select(a => a.Balance).FirstOrDefaultAsync(ct);

    private static string? FirstOf(string? list) =>
        list?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();

    private static string EscapeLike(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
