using Loyalty.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Loyalty.Core.Ledger;

/// <summary>The account a posting goes to: its kind and owner (a contact, promoter or employee ID).</summary>
public readonly record struct AccountKey(AccountKind Kind, long OwnerId);

/// <summary>
/// What a posting says besides its amount. <paramref name="SourceKey"/> makes it idempotent: posting a source
/// the account already holds returns the first entry and changes nothing.
/// </summary>
public sealed record PostingInfo(
    string SourceKey,
    DateTime OccurredAt,
    string Actor,
    string? Comment = null,
    int? RuleVersion = null,
    long? DealId = null,
    LedgerReason? Reason = null);

/// <summary>One credit of a <see cref="LedgerService.CreditManyAsync"/> call.</summary>
public sealed record CreditRequest(AccountKey Account, EntryKind Kind, long Amount, PostingInfo Info, DateTime? ExpiresAt = null);

/// <summary>A posting was refused: the message says why, in the user's terms (e.g. not enough balance).</summary>
public class LedgerException(string message) : Exception(message);

/// <summary>A debit larger than the balance.</summary>
public sealed class InsufficientBalanceException(long balance, long requested)
    : LedgerException($"The balance is {balance}, less than the {requested} requested.")
{
    public long Balance { get; } = balance;

    public long Requested { get; } = requested;
}

/// <summary>
/// The one way to change a balance. Each posting is one transaction that inserts the entry (and the allocations
/// saying which credits a debit used), and updates the cached balance under its concurrency token; a writer
/// that lost the race reads again and retries. Entries are never updated or deleted.
/// <list type="bullet">
/// <item>Credits (accrual, positive adjustment) become lots; a credit posted while the balance is negative first
/// settles the debits nothing covered.</item>
/// <item>Debits (redemption, payout, negative adjustment) consume lots oldest first and are refused beyond the
/// balance. An expiry takes what is left of one lot.</item>
/// <item>A reversal of a credit takes that credit's lot first, then the oldest; it may leave the balance negative
/// (what was already spent is owed and settled by the next credits). A reversal of a debit is a new lot that
/// expires no later than the lots the debit used.</item>
/// </list>
/// </summary>
public sealed class LedgerService(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider time, ILogger<LedgerService> logger)
{
    private const int MaxAttempts = 200;

    /// <summary>Posts a credit (<see cref="EntryKind.Accrual"/> or <see cref="EntryKind.Adjustment"/>) of a positive amount.</summary>
    public Task<LedgerEntry> CreditAsync(AccountKey account, EntryKind kind, long amount, PostingInfo info, DateTime? expiresAt = null, CancellationToken ct = default)
    {
        if (kind is not (EntryKind.Accrual or EntryKind.Adjustment))
        {
            throw new ArgumentException($"{kind} is not a credit.", nameof(kind));
        }

        RequirePositive(amount);
        return PostAsync(account, info, (db, acc) => Task.FromResult(new Plan(kind, amount, null, expiresAt, [])), ct);
    }

    /// <summary>
    /// Posts a debit (<see cref="EntryKind.Redemption"/>, <see cref="EntryKind.Payout"/> or <see cref="EntryKind.Adjustment"/>)
    /// of a positive amount, taken from the oldest credits. Throws <see cref="InsufficientBalanceException"/> beyond the balance.
    /// </summary>
    public Task<LedgerEntry> DebitAsync(AccountKey account, EntryKind kind, long amount, PostingInfo info, CancellationToken ct = default)
    {
        if (kind is not (EntryKind.Redemption or EntryKind.Payout or EntryKind.Adjustment))
        {
            throw new ArgumentException($"{kind} is not a debit.", nameof(kind));
        }

        RequirePositive(amount);
        return PostAsync(account, info, async (db, acc) =>
        {
            if (amount > acc.Balance)
            {
                throw new InsufficientBalanceException(acc.Balance, amount);
            }

            var lots = await OpenLotsAsync(db, acc.Id, ct);
            return new Plan(kind, -amount, null, null, Consume(lots, amount, preferred: null));
        }, ct);
    }

    /// <summary>
    /// Posts a debit like <see cref="DebitAsync"/>, but inside the caller's open transaction on <paramref name="db"/>, so
    /// the entry commits (or not) with the caller's own changes (a payout marked paid and its notices). It saves the
    /// caller's unit of work; it does not retry: a <see cref="DbUpdateException"/> (another writer changed the balance,
    /// or posted the same source) means the caller rolls back and tries its whole change again. A source the account
    /// already holds returns that entry. Throws <see cref="InsufficientBalanceException"/> beyond the balance.
    /// </summary>
    public async Task<LedgerEntry> DebitInTransactionAsync(LoyaltyDbContext db, AccountKey key, EntryKind kind, long amount, PostingInfo info, CancellationToken ct = default)
    {
        if (kind is not (EntryKind.Redemption or EntryKind.Payout or EntryKind.Adjustment))
        {
            throw new ArgumentException($"{kind} is not a debit.", nameof(kind));
        }

        RequirePositive(amount);
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("The caller's transaction must be open.");
        }

        var account = await db.LedgerAccounts.FirstOrDefaultAsync(a => a.Kind == key.Kind && a.OwnerId == key.OwnerId, ct)
            ?? throw new InsufficientBalanceException(0, amount);
        var existing = await db.LedgerEntries.AsNoTracking().FirstOrDefaultAsync(e => e.AccountId == account.Id && e.SourceKey == info.SourceKey, ct);
        if (existing is not null)
        {
            return existing;
        }

        if (amount > account.Balance)
        {
            throw new InsufficientBalanceException(account.Balance, amount);
        }

        var takes = Consume(await OpenLotsAsync(db, account.Id, ct), amount, preferred: null);
        var entry = new LedgerEntry
        {
            AccountId = account.Id, Kind = kind, Amount = -amount, SourceKey = info.SourceKey, OccurredAt = info.OccurredAt,
            RecordedAt = time.GetUtcNow().UtcDateTime, Actor = info.Actor, Comment = info.Comment, Reason = info.Reason?.Code, ReasonArgs = info.Reason?.ArgsJson(),
            RuleVersion = info.RuleVersion, DealId = info.DealId,
        };
        db.LedgerEntries.Add(entry);
        account.Balance = checked(account.Balance - amount);
        account.Version++;
        await db.SaveChangesAsync(ct);
        db.LedgerAllocations.AddRange(takes.Select(t => new LedgerAllocation { DebitEntryId = entry.Id, CreditEntryId = t.CreditId, Amount = t.Amount }));
        await db.SaveChangesAsync(ct);
        return entry;
    }

    /// <summary>
    /// Reverses an entry, in full or (<paramref name="amount"/>) in part. An entry is reversed at most up to its own
    /// amount, over all its reversals; beyond that the reversal is refused.
    /// </summary>
    public async Task<LedgerEntry> ReverseAsync(long entryId, PostingInfo info, long? amount = null, CancellationToken ct = default)
    {
        AccountKey account;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var target = await db.LedgerEntries.AsNoTracking().FirstOrDefaultAsync(e => e.Id == entryId, ct)
                ?? throw new LedgerException($"Entry {entryId} does not exist.");
            var owner = await db.LedgerAccounts.AsNoTracking().FirstAsync(a => a.Id == target.AccountId, ct);
            account = new AccountKey(owner.Kind, owner.OwnerId);
        }

        return await PostAsync(account, info, async (db, acc) =>
        {
            var target = await db.LedgerEntries.AsNoTracking().FirstAsync(e => e.Id == entryId, ct);
            var reversed = await db.LedgerEntries.Where(e => e.ReversesEntryId == entryId).SumAsync(e => e.Amount, ct);
            var left = Math.Abs(target.Amount) - Math.Abs(reversed);
            var take = amount ?? left;
            if (take <= 0 || take > left)
            {
                throw new LedgerException(left == 0
                    ? $"Entry {entryId} is already reversed."
                    : $"Entry {entryId} has {left} left to reverse, not {take}.");
            }

            if (target.Amount > 0)
            {
                // Undoing a credit: its own lot first, then the oldest; what was already spent stays owed.
                var lots = await OpenLotsAsync(db, acc.Id, ct);
                var allocations = Consume(lots, Math.Min(take, lots.Sum(l => l.Left)), preferred: entryId);
                return new Plan(EntryKind.Reversal, -take, entryId, null, allocations);
            }

            // Undoing a debit gives back a lot that expires no later than the credits the debit used.
            var sources = await db.LedgerAllocations.Where(a => a.DebitEntryId == entryId)
                .Join(db.LedgerEntries, a => a.CreditEntryId, e => e.Id, (a, e) => e.ExpiresAt)
                .ToListAsync(ct);
            var expiresAt = sources.Where(x => x is not null).Min();
            return new Plan(EntryKind.Reversal, take, entryId, expiresAt, []);
        }, ct);
    }

    /// <summary>Expires what is left of one credit (nothing if it is used up). Source key <c>expiry:{creditId}</c>.</summary>
    public async Task<LedgerEntry?> ExpireAsync(long creditEntryId, string actor, CancellationToken ct = default)
    {
        AccountKey account;
        DateTime expiresAt;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var credit = await db.LedgerEntries.AsNoTracking().FirstOrDefaultAsync(e => e.Id == creditEntryId, ct)
                ?? throw new LedgerException($"Entry {creditEntryId} does not exist.");
            if (credit.Amount <= 0 || credit.ExpiresAt is null)
            {
                throw new LedgerException($"Entry {creditEntryId} is not a credit that expires.");
            }

            expiresAt = credit.ExpiresAt.Value;
            var owner = await db.LedgerAccounts.AsNoTracking().FirstAsync(a => a.Id == credit.AccountId, ct);
            account = new AccountKey(owner.Kind, owner.OwnerId);
        }

        var info = new PostingInfo($"expiry:{creditEntryId}", expiresAt, actor, Reason: LedgerReason.Of(LedgerReason.Expired));
        try
        {
            return await PostAsync(account, info, async (db, acc) =>
            {
                var lot = (await OpenLotsAsync(db, acc.Id, ct)).FirstOrDefault(l => l.Id == creditEntryId);
                if (lot is null)
                {
                    throw new NothingToExpireException();
                }

                return new Plan(EntryKind.Expiry, -lot.Left, null, null, [new Take(lot.Id, lot.Left)]);
            }, ct);
        }
        catch (NothingToExpireException)
        {
            return null;
        }
    }

    /// <summary>
    /// Posts many credits in one transaction (a program crediting a sync's worth of won deals): the same rules as
    /// <see cref="CreditAsync"/> — a source an account already holds is skipped, a credit on a negative balance
    /// settles the uncovered debits first — at a fraction of the cost of one transaction each. Returns the entries
    /// posted (sources already held are not returned).
    /// </summary>
    public async Task<IReadOnlyList<LedgerEntry>> CreditManyAsync(IReadOnlyList<CreditRequest> credits, CancellationToken ct = default)
    {
        foreach (var credit in credits)
        {
            if (credit.Kind is not (EntryKind.Accrual or EntryKind.Adjustment))
            {
                throw new ArgumentException($"{credit.Kind} is not a credit.", nameof(credits));
            }

            RequirePositive(credit.Amount);
        }

        if (credits.Count == 0)
        {
            return [];
        }

        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            try
            {
                var accounts = new Dictionary<AccountKey, Account>();
                foreach (var group in credits.Select(c => c.Account).Distinct().GroupBy(k => k.Kind))
                {
                    var owners = group.Select(k => k.OwnerId).ToList();
                    foreach (var account in await db.LedgerAccounts.Where(a => a.Kind == group.Key && owners.Contains(a.OwnerId)).ToListAsync(ct))
                    {
                        accounts[new AccountKey(account.Kind, account.OwnerId)] = account;
                    }
                }

                var now = time.GetUtcNow().UtcDateTime;
                var missing = credits.Select(c => c.Account).Distinct().Where(k => !accounts.ContainsKey(k)).ToList();
                foreach (var key in missing)
                {
                    accounts[key] = db.LedgerAccounts.Add(new Account { Kind = key.Kind, OwnerId = key.OwnerId, CreatedAt = now }).Entity;
                }

                if (missing.Count > 0)
                {
                    await db.SaveChangesAsync(ct);
                }

                var accountIds = accounts.Values.Select(a => a.Id).ToList();
                var sources = credits.Select(c => c.Info.SourceKey).Distinct().ToList();
                var held = (await db.LedgerEntries.Where(e => accountIds.Contains(e.AccountId) && sources.Contains(e.SourceKey))
                    .Select(e => new { e.AccountId, e.SourceKey }).ToListAsync(ct)).Select(e => (e.AccountId, e.SourceKey)).ToHashSet();
                var negative = accounts.Values.Where(a => a.Balance < 0).ToDictionary(a => a.Id, a => a);
                var debts = new Dictionary<long, List<(long DebitId, long Open)>>();
                foreach (var id in negative.Keys)
                {
                    debts[id] = await UncoveredDebitsAsync(db, id, ct);
                }

                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var posted = new List<LedgerEntry>();
                foreach (var credit in credits)
                {
                    var account = accounts[credit.Account];
                    if (!held.Add((account.Id, credit.Info.SourceKey)))
                    {
                        continue;
                    }

                    var entry = new LedgerEntry
                    {
                        AccountId = account.Id, Kind = credit.Kind, Amount = credit.Amount, SourceKey = credit.Info.SourceKey, OccurredAt = credit.Info.OccurredAt,
                        RecordedAt = now, Actor = credit.Info.Actor, Comment = credit.Info.Comment, Reason = credit.Info.Reason?.Code, ReasonArgs = credit.Info.Reason?.ArgsJson(), RuleVersion = credit.Info.RuleVersion,
                        DealId = credit.Info.DealId, ExpiresAt = credit.ExpiresAt,
                    };
                    db.LedgerEntries.Add(entry);
                    account.Balance = checked(account.Balance + credit.Amount);
                    account.Version++;
                    posted.Add(entry);
                }

                await db.SaveChangesAsync(ct);
                foreach (var entry in posted.Where(e => debts.ContainsKey(e.AccountId)))
                {
                    var credit = entry.Amount;
                    var open = debts[entry.AccountId];
                    for (var i = 0; i < open.Count && credit > 0; i++)
                    {
                        var cover = Math.Min(open[i].Open, credit);
                        if (cover <= 0)
                        {
                            continue;
                        }

                        db.LedgerAllocations.Add(new LedgerAllocation { DebitEntryId = open[i].DebitId, CreditEntryId = entry.Id, Amount = cover });
                        open[i] = (open[i].DebitId, open[i].Open - cover);
                        credit -= cover;
                    }
                }

                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return posted;
            }
            catch (DbUpdateException ex) when (attempt < MaxAttempts && !ct.IsCancellationRequested)
            {
                if (attempt % 50 == 0)
                {
                    logger.LogWarning(ex, "Posting {Count} credits retried {Attempts} times", credits.Count, attempt);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, Math.Min(5 * attempt, 100))), ct);
            }
        }
    }

    /// <summary>The credits with something left, oldest first.</summary>
    public async Task<IReadOnlyList<OpenLot>> OpenLotsAsync(AccountKey account, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var acc = await db.LedgerAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Kind == account.Kind && a.OwnerId == account.OwnerId, ct);
        return acc is null ? [] : await OpenLotsAsync(db, acc.Id, ct);
    }

    /// <summary>The balance, 0 for an account that has no entries yet.</summary>
    public async Task<long> BalanceAsync(AccountKey account, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.LedgerAccounts.Where(a => a.Kind == account.Kind && a.OwnerId == account.OwnerId).Select(a => a.Balance).FirstOrDefaultAsync(ct);
    }

    /// <summary>A credit with something left, as spending sees it.</summary>
    public sealed record OpenLot(long Id, DateTime OccurredAt, long Left, DateTime? ExpiresAt);

    private sealed record Take(long CreditId, long Amount);

    private sealed record Plan(EntryKind Kind, long Amount, long? Reverses, DateTime? ExpiresAt, IReadOnlyList<Take> Takes);

    private sealed class NothingToExpireException : Exception;

    private async Task<LedgerEntry> PostAsync(AccountKey key, PostingInfo info, Func<LoyaltyDbContext, Account, Task<Plan>> plan, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            try
            {
                var account = await GetOrCreateAccountAsync(db, key, ct);
                var existing = await db.LedgerEntries.AsNoTracking().FirstOrDefaultAsync(e => e.AccountId == account.Id && e.SourceKey == info.SourceKey, ct);
                if (existing is not null)
                {
                    return existing;
                }

                var p = await plan(db, account);
                var entry = new LedgerEntry
                {
                    AccountId = account.Id, Kind = p.Kind, Amount = p.Amount, SourceKey = info.SourceKey, OccurredAt = info.OccurredAt,
                    RecordedAt = time.GetUtcNow().UtcDateTime, Actor = info.Actor, Comment = info.Comment, Reason = info.Reason?.Code, ReasonArgs = info.Reason?.ArgsJson(), RuleVersion = info.RuleVersion,
                    DealId = info.DealId, ReversesEntryId = p.Reverses, ExpiresAt = p.Amount > 0 ? p.ExpiresAt : null,
                };

                // A credit on a negative balance first covers the debits nothing covered, oldest first.
                var settles = p.Amount > 0 && account.Balance < 0 ? await UncoveredDebitsAsync(db, account.Id, ct) : [];

                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                db.LedgerEntries.Add(entry);
                account.Balance = checked(account.Balance + p.Amount);
                account.Version++;
                await db.SaveChangesAsync(ct);

                db.LedgerAllocations.AddRange(p.Takes.Select(t => new LedgerAllocation { DebitEntryId = entry.Id, CreditEntryId = t.CreditId, Amount = t.Amount }));
                var credit = p.Amount;
                foreach (var (debitId, open) in settles)
                {
                    var cover = Math.Min(open, credit);
                    if (cover <= 0)
                    {
                        break;
                    }

                    db.LedgerAllocations.Add(new LedgerAllocation { DebitEntryId = debitId, CreditEntryId = entry.Id, Amount = cover });
                    credit -= cover;
                }

                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return entry;
            }
            catch (DbUpdateException ex) when (attempt < MaxAttempts && !ct.IsCancellationRequested)
            {
                // Another writer changed the balance (concurrency token), created the account, or posted the same
                // source first (unique key): read again. Full-jitter back-off keeps fifty racing writers apart.
                if (attempt % 50 == 0)
                {
                    logger.LogWarning(ex, "Posting {Source} to {Account} retried {Attempts} times", info.SourceKey, key, attempt);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, Math.Min(5 * attempt, 100))), ct);
            }
        }
    }

    private async Task<Account> GetOrCreateAccountAsync(LoyaltyDbContext db, AccountKey key, CancellationToken ct)
    {
        var account = await db.LedgerAccounts.FirstOrDefaultAsync(a => a.Kind == key.Kind && a.OwnerId == key.OwnerId, ct);
        if (account is not null)
        {
            return account;
        }

        account = new Account { Kind = key.Kind, OwnerId = key.OwnerId, CreatedAt = time.GetUtcNow().UtcDateTime };
        db.LedgerAccounts.Add(account);
        await db.SaveChangesAsync(ct);
        return account;
    }

    private static async Task<List<OpenLot>> OpenLotsAsync(LoyaltyDbContext db, long accountId, CancellationToken ct)
    {
        var lots = await db.LedgerEntries
            .Where(e => e.AccountId == accountId && e.Amount > 0)
            .Select(e => new { e.Id, e.OccurredAt, e.Amount, e.ExpiresAt, Used = db.LedgerAllocations.Where(a => a.CreditEntryId == e.Id).Sum(a => a.Amount) })
            .Where(l => l.Amount > l.Used)
            .ToListAsync(ct);
        return lots.OrderBy(l => l.OccurredAt).ThenBy(l => l.Id).Select(l => new OpenLot(l.Id, l.OccurredAt, l.Amount - l.Used, l.ExpiresAt)).ToList();
    }

    private static async Task<List<(long DebitId, long Open)>> UncoveredDebitsAsync(LoyaltyDbContext db, long accountId, CancellationToken ct)
    {
        var debits = await db.LedgerEntries
            .Where(e => e.AccountId == accountId && e.Amount < 0)
            .Select(e => new { e.Id, e.OccurredAt, Open = -e.Amount - db.LedgerAllocations.Where(a => a.DebitEntryId == e.Id).Sum(a => a.Amount) })
            .Where(d => d.Open > 0)
            .ToListAsync(ct);
        return debits.OrderBy(d => d.OccurredAt).ThenBy(d => d.Id).Select(d => (d.Id, d.Open)).ToList();
    }

    /// <summary>Takes <paramref name="amount"/> from the lots, the preferred one first, then oldest first.</summary>
    private static List<Take> Consume(IReadOnlyList<OpenLot> lots, long amount, long? preferred)
    {
        var takes = new List<Take>();
        var order = lots.Where(l => l.Id == preferred).Concat(lots.Where(l => l.Id != preferred));
        foreach (var lot in order)
        {
            if (amount == 0)
            {
                break;
            }

            var take = Math.Min(lot.Left, amount);
            takes.Add(new Take(lot.Id, take));
            amount -= take;
        }

        return takes;
    }

    private static void RequirePositive(long amount)
    {
        if (amount <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "An amount must be positive; the kind says its sign.");
        }
    }
}
