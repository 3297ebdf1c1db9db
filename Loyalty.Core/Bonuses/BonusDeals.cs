using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Bonuses;

/// <summary>What the ledger holds for one deal: its accruals and redemptions, net of their reversals.</summary>
internal sealed class DealLedger
{
    private DealLedger(IReadOnlyList<LedgerEntry> entries)
    {
        bool IsAccrualSide(LedgerEntry e) => e.Kind is EntryKind.Accrual || (e.Kind == EntryKind.Adjustment && e.Amount > 0);
        bool IsRedemptionSide(LedgerEntry e) => e.Kind is EntryKind.Redemption;

        var reversedBy = entries.Where(e => e.ReversesEntryId is not null).GroupBy(e => e.ReversesEntryId!.Value).ToDictionary(g => g.Key, g => g.Sum(e => e.Amount));
        Credits = entries.Where(IsAccrualSide)
            .Select(e => (Entry: e, Left: e.Amount + reversedBy.GetValueOrDefault(e.Id)))
            .Where(c => c.Left > 0).OrderByDescending(c => c.Entry.Id).ToList();
        Redemptions = entries.Where(IsRedemptionSide)
            .Select(e => (Entry: e, Left: -e.Amount - reversedBy.GetValueOrDefault(e.Id)))
            .Where(r => r.Left > 0).OrderByDescending(r => r.Entry.Id).ToList();
        NetAccrual = Credits.Sum(c => c.Left)
            + entries.Where(e => e.Kind == EntryKind.Adjustment && e.Amount < 0 && e.ReversesEntryId is null).Sum(e => e.Amount);
        NetRedemption = Redemptions.Sum(r => r.Left);
        // A reversal of a credit that records rules (a recalculation taking back part of it) re-prices the deal too;
        // un-won reversals record none and redemptions are no credits.
        var creditIds = entries.Where(IsAccrualSide).Select(e => e.Id).ToHashSet();
        RuleVersion = entries.Where(e => IsAccrualSide(e) || (e.ReversesEntryId is { } target && creditIds.Contains(target) && e.RuleVersion is not null))
            .OrderByDescending(e => e.Id).Select(e => e.RuleVersion).FirstOrDefault();
    }

    /// <summary>Credits of the deal with what is left of them after reversals, newest first.</summary>
    public IReadOnlyList<(LedgerEntry Entry, long Left)> Credits { get; }

    /// <summary>Redemptions on the deal with what is left of them after reversals, newest first.</summary>
    public IReadOnlyList<(LedgerEntry Entry, long Left)> Redemptions { get; }

    public long NetAccrual { get; }

    public long NetRedemption { get; }

    /// <summary>
    /// The rule version of the newest credit, or of a newer partial reversal that records one: an amount change is priced
    /// with the rules the deal was last credited (or recalculated) under.
    /// </summary>
    public int? RuleVersion { get; }

    public static async Task<DealLedger> LoadAsync(LoyaltyDbContext db, long accountId, long dealId, CancellationToken ct) =>
        new(await db.LedgerEntries.AsNoTracking().Where(e => e.AccountId == accountId && e.DealId == dealId).ToListAsync(ct));
}

/// <summary>A counted won deal, as the "before" figures need it.</summary>
internal sealed record WonDeal(long ContactId, long Id, DateTime WonAt, long Amount, string? CurrencyId);

/// <summary>Converts deal amounts to the base currency and computes a customer's won-deal figures from the mirror.</summary>
internal sealed class BonusHistory(LoyaltyDbContext db, BonusSettings settings, DateTime? startUtc, CurrencyConverter currencies)
{
    public static async Task<BonusHistory> CreateAsync(LoyaltyDbContext db, BonusSettings settings, TimeZoneInfo zone, CancellationToken ct)
    {
        return new BonusHistory(db, settings, StartUtc(settings, zone), await CurrencyConverter.CreateAsync(db, ct));
    }

    public static DateTime? StartUtc(BonusSettings settings, TimeZoneInfo zone) =>
        settings.StartDate is { } day ? TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone) : null;

    public BonusSettings Settings => settings;

    public DateTime? Start => startUtc;

    /// <summary>A deal counts for the program: covered pipeline, won on or after the start.</summary>
    public bool Counts(long pipelineId, DateTime wonAt) => settings.Covers(pipelineId) && (startUtc is null || wonAt >= startUtc);

    /// <summary>The amount in the base currency's kopecks, or null when the currency has no rate.</summary>
    public long? ToBase(long amount, string? currency) => currencies.ToBase(amount, currency);

    /// <summary>The customer's counted won deals before (<paramref name="wonAt"/>, <paramref name="dealId"/>), or all when null.</summary>
    public async Task<CustomerStats> StatsAsync(long contactId, DateTime? wonAt, long dealId, CancellationToken ct)
    {
        var deals = CountedWonDeals().Where(d => d.ContactId == contactId);
        if (wonAt is { } at)
        {
            deals = deals.Where(d => d.WonAt < at || (d.WonAt == at && d.Id < dealId));
        }

        var groups = await deals.GroupBy(d => d.CurrencyId).Select(g => new { Currency = g.Key, Count = g.Count(), Sum = g.Sum(d => d.AmountMinor) }).ToListAsync(ct);
        return new CustomerStats(groups.Sum(g => g.Count), groups.Sum(g => ToBase(g.Sum, g.Currency) ?? 0));
    }

    /// <summary>The counted won deals of these customers (one query), to compute many deals' "before" figures in memory.</summary>
    public async Task<Dictionary<long, List<WonDeal>>> WonDealsOfAsync(IReadOnlyList<long> contactIds, CancellationToken ct)
    {
        var rows = await CountedWonDeals().Where(d => d.ContactId != null && contactIds.Contains(d.ContactId.Value))
            .Select(d => new WonDeal(d.ContactId!.Value, d.Id, d.WonAt!.Value, d.AmountMinor, d.CurrencyId)).ToListAsync(ct);
        return rows.GroupBy(r => r.ContactId).ToDictionary(g => g.Key, g => g.ToList());
    }

    /// <summary>The same figures as <see cref="StatsAsync"/> with a date, from deals already loaded.</summary>
    public CustomerStats StatsBefore(IReadOnlyList<WonDeal> deals, DateTime wonAt, long dealId)
    {
        var before = deals.Where(d => d.WonAt < wonAt || (d.WonAt == wonAt && d.Id < dealId)).ToList();
        return new CustomerStats(before.Count, before.GroupBy(d => d.CurrencyId).Sum(g => ToBase(g.Sum(d => d.Amount), g.Key) ?? 0));
    }

    /// <summary>The newest counted win of the customer.</summary>
    public Task<DateTime?> LastWinAsync(long contactId, CancellationToken ct) =>
        CountedWonDeals().Where(d => d.ContactId == contactId).MaxAsync(d => d.WonAt, ct);

    public IQueryable<Deal> CountedWonDeals()
    {
        var deals = db.Deals.Where(d => d.Semantics == StageSemantics.Success && d.DeletedAt == null && d.WonAt != null);
        if (!settings.AllPipelines)
        {
            var ids = settings.PipelineIds.ToList();
            deals = deals.Where(d => ids.Contains(d.PipelineId));
        }

        if (startUtc is { } start)
        {
            deals = deals.Where(d => d.WonAt >= start);
        }

        return deals;
    }
}
