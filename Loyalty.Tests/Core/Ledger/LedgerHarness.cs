using System.Data.Common;
using Loyalty.Core.Data;
using Loyalty.Core.Ledger;
using Loyalty.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Loyalty.Tests.Core.Ledger;

/// <summary>
/// A ledger on its own migrated SQLite file with a clock that stands still, and readers of the raw tables that the
/// tests judge the service by (never the service's own view of itself).
/// </summary>
internal sealed class LedgerHarness : IAsyncDisposable
{
    public static readonly DateTime Start = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    private LedgerHarness(TestDatabase database, IDbContextFactory<LoyaltyDbContext> contexts)
    {
        Database = database;
        Time = new ManualTimeProvider(new DateTimeOffset(Start));
        Service = new LedgerService(contexts, Time, NullLogger<LedgerService>.Instance);
        Check = new LedgerCheck(contexts, Time, NullLogger<LedgerCheck>.Instance);
    }

    public TestDatabase Database { get; }

    public ManualTimeProvider Time { get; }

    public LedgerService Service { get; }

    public LedgerCheck Check { get; }

    public DateTime Now => Time.GetUtcNow().UtcDateTime;

    /// <param name="wal">The journal mode the portal runs with (<c>DatabaseInitializer</c>): readers go on while one writes.</param>
    /// <param name="fast">
    /// For long runs: the service's contexts come from a pool and commits are not flushed to disk
    /// (<c>synchronous=NORMAL</c>, which WAL keeps consistent); what is tested (transactions, locks, the
    /// concurrency token) is the same.
    /// </param>
    public static async Task<LedgerHarness> CreateAsync(bool wal = false, bool fast = false)
    {
        var database = await TestDatabase.CreateAsync();
        if (wal || fast)
        {
            await using var db = database.CreateDbContext();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }

        if (!fast)
        {
            return new LedgerHarness(database, database);
        }

        await using var probe = database.CreateDbContext();
        var options = new DbContextOptionsBuilder<LoyaltyDbContext>()
            .UseSqlite(probe.Database.GetConnectionString())
            .AddInterceptors(new NoFlushOnCommit())
            .Options;
        return new LedgerHarness(database, new PooledDbContextFactory<LoyaltyDbContext>(options));
    }

    public PostingInfo Info(string sourceKey, DateTime? occurredAt = null) => new(sourceKey, occurredAt ?? Now, "test");

    public async Task<long> AccountIdAsync(AccountKey key)
    {
        await using var db = Database.CreateDbContext();
        return await db.LedgerAccounts.Where(a => a.Kind == key.Kind && a.OwnerId == key.OwnerId).Select(a => a.Id).SingleAsync();
    }

    public async Task<Account> AccountAsync(AccountKey key)
    {
        await using var db = Database.CreateDbContext();
        return await db.LedgerAccounts.AsNoTracking().SingleAsync(a => a.Kind == key.Kind && a.OwnerId == key.OwnerId);
    }

    public async Task<List<LedgerEntry>> EntriesAsync()
    {
        await using var db = Database.CreateDbContext();
        return await db.LedgerEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
    }

    /// <summary>Every allocation as (debit, credit, amount), in the order written.</summary>
    public async Task<List<(long Debit, long Credit, long Amount)>> AllocationsAsync()
    {
        await using var db = Database.CreateDbContext();
        var rows = await db.LedgerAllocations.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
        return [.. rows.Select(a => (a.DebitEntryId, a.CreditEntryId, a.Amount))];
    }

    /// <summary>
    /// The ledger's invariants, for every account, from the raw tables: the cached balance is the sum of the entries;
    /// allocations link a debit to a credit of the same account with a positive amount; no credit gives and no debit
    /// takes more than its amount; what is left of the credits less what the debits still miss is the balance; and
    /// an account never has both something left on a credit and a debit nothing covers.
    /// </summary>
    public async Task AssertInvariantsAsync()
    {
        await using var db = Database.CreateDbContext();
        var accounts = await db.LedgerAccounts.AsNoTracking().ToListAsync();
        var entries = await db.LedgerEntries.AsNoTracking().ToDictionaryAsync(e => e.Id);
        var allocations = await db.LedgerAllocations.AsNoTracking().ToListAsync();

        foreach (var allocation in allocations)
        {
            var debit = entries[allocation.DebitEntryId];
            var credit = entries[allocation.CreditEntryId];
            Assert.True(allocation.Amount > 0, $"allocation {allocation.Id} has amount {allocation.Amount}");
            Assert.True(debit.Amount < 0, $"allocation {allocation.Id} takes for entry {debit.Id} of {debit.Amount}, not a debit");
            Assert.True(credit.Amount > 0, $"allocation {allocation.Id} takes from entry {credit.Id} of {credit.Amount}, not a credit");
            Assert.True(debit.AccountId == credit.AccountId, $"allocation {allocation.Id} links accounts {debit.AccountId} and {credit.AccountId}");
        }

        var given = allocations.GroupBy(a => a.CreditEntryId).ToDictionary(g => g.Key, g => g.Sum(a => a.Amount));
        var taken = allocations.GroupBy(a => a.DebitEntryId).ToDictionary(g => g.Key, g => g.Sum(a => a.Amount));
        foreach (var account in accounts)
        {
            var mine = entries.Values.Where(e => e.AccountId == account.Id).ToList();
            Assert.True(account.Balance == mine.Sum(e => e.Amount), $"account {account.Id}: cached {account.Balance}, entries sum to {mine.Sum(e => e.Amount)}");

            long open = 0, uncovered = 0;
            foreach (var credit in mine.Where(e => e.Amount > 0))
            {
                var used = given.GetValueOrDefault(credit.Id);
                Assert.True(used <= credit.Amount, $"account {account.Id}: credit {credit.Id} of {credit.Amount} gave {used}");
                open += credit.Amount - used;
            }

            foreach (var debit in mine.Where(e => e.Amount < 0))
            {
                var covered = taken.GetValueOrDefault(debit.Id);
                Assert.True(covered <= -debit.Amount, $"account {account.Id}: debit {debit.Id} of {debit.Amount} took {covered}");
                uncovered += -debit.Amount - covered;
            }

            Assert.True(open - uncovered == account.Balance, $"account {account.Id}: open credits {open} less uncovered debits {uncovered} is not the balance {account.Balance}");
            Assert.True(open == 0 || uncovered == 0, $"account {account.Id}: open credits {open} and uncovered debits {uncovered} at once");
        }
    }

    public async ValueTask DisposeAsync() => await Database.DisposeAsync();

    private sealed class NoFlushOnCommit : DbConnectionInterceptor
    {
        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous=NORMAL;";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous=NORMAL;";
            command.ExecuteNonQuery();
        }
    }
}
