using System.Globalization;
using Loyalty.Core.Data;
using Loyalty.Core.Ledger;
using Loyalty.Core.Portal;
using Loyalty.Core.WriteBack;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Bonuses;

/// <summary>
/// Keeps <see cref="BonusCustomer"/> rows (what the customers page filters and sorts on) equal to the mirror and the
/// ledger, and queues each changed customer's balance, tier and % for the contact's user fields in Bitrix24.
/// Works in chunks with aggregate queries, so refreshing every customer after a rules change stays cheap.
/// </summary>
public sealed class BonusCustomers(IDbContextFactory<LoyaltyDbContext> dbFactory, BonusSettingsStore settingsStore, PortalClock clock)
{
    private const int Chunk = 500;

    /// <summary>Refreshes the given contacts; returns how many rows changed.</summary>
    public async Task<int> RefreshAsync(IReadOnlyCollection<long> contactIds, CancellationToken ct = default)
    {
        if (contactIds.Count == 0)
        {
            return 0;
        }

        var current = await settingsStore.CurrentAsync(ct);
        var changed = 0;
        foreach (var chunk in contactIds.Distinct().Chunk(Chunk))
        {
            changed += await RefreshChunkAsync(chunk, current, ct);
        }

        return changed;
    }

    /// <summary>Refreshes everyone the program knows (an account or a counted win), e.g. after the rules changed.</summary>
    public async Task<int> RefreshAllAsync(CancellationToken ct = default)
    {
        List<long> ids;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var current = await settingsStore.CurrentAsync(ct);
            var history = await BonusHistory.CreateAsync(db, current.Settings, clock.Zone, ct);
            var withWins = history.CountedWonDeals().Where(d => d.ContactId != null).Select(d => d.ContactId!.Value);
            var withAccounts = db.LedgerAccounts.Where(a => a.Kind == AccountKind.CustomerBonus).Select(a => a.OwnerId);
            var known = db.BonusCustomers.Select(c => c.ContactId);
            ids = await withWins.Union(withAccounts).Union(known).ToListAsync(ct);
        }

        return await RefreshAsync(ids, ct);
    }

    private static string WriteBackKey(long contactId) => $"contact:{contactId}:loyalty";

    private async Task<int> RefreshChunkAsync(long[] ids, VersionedBonusSettings current, CancellationToken ct)
    {
        var settings = current.Settings;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var history = await BonusHistory.CreateAsync(db, settings, clock.Zone, ct);
        var contacts = await db.Contacts.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.FirstName, c.LastName, c.PhoneDigits, c.Emails }).ToDictionaryAsync(c => c.Id, ct);
        var wins = (await history.CountedWonDeals().Where(d => d.ContactId != null && ids.Contains(d.ContactId.Value))
                .GroupBy(d => new { ContactId = d.ContactId!.Value, d.CurrencyId })
                .Select(g => new { g.Key.ContactId, g.Key.CurrencyId, Count = g.Count(), Sum = g.Sum(d => d.AmountMinor), Last = g.Max(d => d.WonAt) })
                .ToListAsync(ct))
            .GroupBy(w => w.ContactId)
            .ToDictionary(g => g.Key, g => (Count: g.Sum(w => w.Count), Sum: g.Sum(w => history.ToBase(w.Sum, w.CurrencyId) ?? 0), Last: g.Max(w => w.Last)));
        var accounts = await db.LedgerAccounts.AsNoTracking().Where(a => a.Kind == AccountKind.CustomerBonus && ids.Contains(a.OwnerId))
            .ToDictionaryAsync(a => a.Id, a => a, ct);
        var accountIds = accounts.Keys.ToList();
        var accountsByOwner = accounts.Values.ToDictionary(a => a.OwnerId);
        var sums = await (
                from e in db.LedgerEntries
                where accountIds.Contains(e.AccountId)
                from t in db.LedgerEntries.Where(t => t.Id == e.ReversesEntryId).DefaultIfEmpty()
                group e.Amount by new { e.AccountId, e.Kind, Positive = e.Amount > 0, Target = (EntryKind?)t.Kind } into g
                select new { g.Key.AccountId, g.Key.Kind, g.Key.Positive, g.Key.Target, Sum = g.Sum() })
            .ToListAsync(ct);
        var existing = await db.BonusCustomers.Where(c => ids.Contains(c.ContactId)).ToDictionaryAsync(c => c.ContactId, ct);
        // The chunk's pending and sent write-backs, loaded at once: the outbox then compares in memory.
        var writeKeys = ids.Select(WriteBackKey).ToList();
        await db.CrmWriteBacks.Where(w => writeKeys.Contains(w.Key)).LoadAsync(ct);
        var now = clock.UtcNow;
        var changed = 0;
        foreach (var id in ids)
        {
            var account = accountsByOwner.GetValueOrDefault(id);
            var own = account is null ? [] : sums.Where(s => s.AccountId == account.Id).ToList();
            bool IsCredit(EntryKind? kind, bool positive) => kind is EntryKind.Accrual || (kind == EntryKind.Adjustment && positive);
            var accrued = own.Where(s => IsCredit(s.Kind, s.Positive) || (s.Kind == EntryKind.Reversal && !s.Positive && s.Target is EntryKind.Accrual or EntryKind.Adjustment)).Sum(s => s.Sum);
            var redeemed = -own.Where(s => s.Kind == EntryKind.Redemption || (s.Kind == EntryKind.Reversal && s.Target == EntryKind.Redemption)).Sum(s => s.Sum);
            var (count, sum, last) = wins.TryGetValue(id, out var w) ? w : (0, 0L, (DateTime?)null);
            var stats = new CustomerStats(count, sum);
            var tier = BonusMath.Tier(settings, sum);
            var percent = BonusMath.CurrentPercent(settings, stats);
            var contact = contacts.GetValueOrDefault(id);
            var name = contact is null ? $"#{id}" : string.Join(' ', new[] { contact.FirstName, contact.LastName }.Where(s => s.Length > 0));
            var row = existing.GetValueOrDefault(id) ?? db.BonusCustomers.Add(new BonusCustomer { ContactId = id }).Entity;
            row.DisplayName = name.Length == 0 ? $"#{id}" : name;
            row.SearchText = string.Join(' ', row.DisplayName, contact?.PhoneDigits, contact?.Emails, id.ToString(CultureInfo.InvariantCulture)).ToUpperInvariant();
            row.WonDeals = count;
            row.WonSum = sum;
            row.LastPurchaseAt = last;
            row.Tier = tier.Name;
            row.PercentBasisPoints = (int)(percent * 100);
            row.Accrued = accrued;
            row.Redeemed = redeemed;
            row.Balance = account?.Balance ?? 0;
            if (db.Entry(row).State is EntityState.Added or EntityState.Modified)
            {
                row.UpdatedAt = now;
                changed++;
            }

            if (settings.Enabled && contact is not null)
            {
                await CrmWriteBackOutbox.EnqueueAsync(db, WriteBackKey(id), "crm.contact.update", new Dictionary<string, object>
                {
                    ["id"] = id,
                    ["fields"] = new Dictionary<string, object>
                    {
                        [settings.ContactBalanceField] = BonusProcessor.Roubles(row.Balance),
                        [settings.ContactTierField] = tier.Name,
                        [settings.ContactPercentField] = percent.ToString("0.##", CultureInfo.InvariantCulture),
                    },
                }, now, ct);
            }
        }

        await db.SaveChangesAsync(ct);
        return changed;
    }
}
