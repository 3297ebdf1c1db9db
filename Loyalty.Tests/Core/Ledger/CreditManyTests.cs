using Loyalty.Core.Ledger;
using Loyalty.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Loyalty.Tests.Core.Ledger;

/// <summary>The batch credit path must keep every rule of the single one.</summary>
public sealed class CreditManyTests
{
    private static readonly DateTime At = new(2026, 3, 1, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task ManyCreditsInOneCallGiveTheSameBalancesAsOneByOneAndSkipSourcesAlreadyHeld()
    {
        await using var database = await TestDatabase.CreateAsync();
        var ledger = new LedgerService(database, TimeProvider.System, NullLogger<LedgerService>.Instance);
        var alice = new AccountKey(AccountKind.CustomerBonus, 1);
        var bob = new AccountKey(AccountKind.CustomerBonus, 2);
        await ledger.CreditAsync(alice, EntryKind.Accrual, 100, Info("a1"));

        var posted = await ledger.CreditManyAsync(
        [
            new(alice, EntryKind.Accrual, 100, Info("a1")),   // already held: skipped
            new(alice, EntryKind.Accrual, 250, Info("a2")),
            new(bob, EntryKind.Accrual, 40, Info("b1")),
            new(bob, EntryKind.Accrual, 40, Info("b1")),      // twice in the same call: once
            new(bob, EntryKind.Adjustment, 7, Info("b2"), At.AddMonths(6)),
        ]);
        var again = await ledger.CreditManyAsync([new(alice, EntryKind.Accrual, 250, Info("a2"))]);

        Assert.Equal(3, posted.Count);
        Assert.Empty(again);
        Assert.Equal(350, await ledger.BalanceAsync(alice));
        Assert.Equal(47, await ledger.BalanceAsync(bob));
        await using var db = database.CreateDbContext();
        Assert.Equal(At.AddMonths(6), (await db.LedgerEntries.SingleAsync(e => e.SourceKey == "b2")).ExpiresAt);
        Assert.Equal(0, (await new LedgerCheck(database, TimeProvider.System, NullLogger<LedgerCheck>.Instance).RunAsync("test")).Mismatches);
    }

    [Fact]
    public async Task ACreditOnANegativeBalanceSettlesTheUncoveredDebitFirst()
    {
        await using var database = await TestDatabase.CreateAsync();
        var ledger = new LedgerService(database, TimeProvider.System, NullLogger<LedgerService>.Instance);
        var alice = new AccountKey(AccountKind.CustomerBonus, 1);
        var accrual = await ledger.CreditAsync(alice, EntryKind.Accrual, 100, Info("won"));
        var redemption = await ledger.DebitAsync(alice, EntryKind.Redemption, 100, Info("spent"));
        var reversal = await ledger.ReverseAsync(accrual.Id, Info("unwon"));
        Assert.Equal(-100, await ledger.BalanceAsync(alice));

        var posted = await ledger.CreditManyAsync([new(alice, EntryKind.Accrual, 30, Info("next-1")), new(alice, EntryKind.Accrual, 500, Info("next-2"))]);

        Assert.Equal(430, await ledger.BalanceAsync(alice));
        await using var db = database.CreateDbContext();
        var covering = await db.LedgerAllocations.Where(a => a.DebitEntryId == reversal.Id).OrderBy(a => a.Id).Select(a => new { a.CreditEntryId, a.Amount }).ToListAsync();
        Assert.Equal([(posted[0].Id, 30L), (posted[1].Id, 70L)], covering.Select(c => (c.CreditEntryId, c.Amount)));
        Assert.Equal(100, await db.LedgerAllocations.Where(a => a.DebitEntryId == redemption.Id).SumAsync(a => a.Amount));
        var open = await ledger.OpenLotsAsync(alice);
        Assert.Equal([(posted[1].Id, 430L)], open.Select(l => (l.Id, l.Left)));
    }

    private static PostingInfo Info(string source) => new(source, At, "test");
}
