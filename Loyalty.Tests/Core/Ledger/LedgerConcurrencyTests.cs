using Loyalty.Core.Ledger;

namespace Loyalty.Tests.Core.Ledger;

/// <summary>
/// Writers racing for one balance, each on its own thread and connection, in the portal's WAL mode: the
/// concurrency token must turn the race into retries, never into a lost update or an overdraft.
/// </summary>
public sealed class LedgerConcurrencyTests
{
    private const int Writers = 50;

    private static readonly AccountKey Customer = new(AccountKind.CustomerBonus, 7);

    [Fact]
    public async Task FiftyConcurrentRedemptionsAgainstTwentyTimesTheAmountSucceedExactlyTwentyTimes()
    {
        const long amount = 3_33;
        await using var ledger = await LedgerHarness.CreateAsync(wal: true);
        // Several lots, so that racing debits also race for the same lots' allocations.
        for (var i = 0; i < 4; i++)
        {
            await ledger.Service.CreditAsync(Customer, EntryKind.Accrual, 5 * amount, ledger.Info($"fact:{i}", LedgerHarness.Start.AddDays(i)));
        }

        var attempts = Enumerable.Range(0, Writers)
            .Select(i => Task.Run(() => ledger.Service.DebitAsync(Customer, EntryKind.Redemption, amount, ledger.Info($"redeem:{i}"))))
            .ToList();
        try
        {
            await Task.WhenAll(attempts);
        }
        catch (InsufficientBalanceException)
        {
            // Judged per task below.
        }

        Assert.Equal(20, attempts.Count(t => t.IsCompletedSuccessfully));
        Assert.Equal(30, attempts.Count(t => t.Exception?.InnerException is InsufficientBalanceException));
        Assert.Equal(0, await ledger.Service.BalanceAsync(Customer));
        var entries = await ledger.EntriesAsync();
        Assert.Equal(24, entries.Count);
        Assert.Equal(0, entries.Sum(e => e.Amount));
        Assert.Equal(20, attempts.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result.Id).Distinct().Count());
        await ledger.AssertInvariantsAsync();
        Assert.Equal(0, (await ledger.Check.RunAsync("test")).Mismatches);
    }

    [Fact]
    public async Task FiftyConcurrentPostingsOfTheSameSourceMakeOneEntry()
    {
        await using var ledger = await LedgerHarness.CreateAsync(wal: true);

        // The account does not exist yet: the writers also race to create it.
        var entries = await Task.WhenAll(Enumerable.Range(0, Writers)
            .Select(_ => Task.Run(() => ledger.Service.CreditAsync(Customer, EntryKind.Accrual, 100_00, ledger.Info("fact:deal:12:won")))));

        Assert.Single(entries.Select(e => e.Id).Distinct());
        Assert.Single(await ledger.EntriesAsync());
        Assert.Equal(100_00, await ledger.Service.BalanceAsync(Customer));
        Assert.Equal(1, (await ledger.AccountAsync(Customer)).Version);
    }

    [Fact]
    public async Task ConcurrentCreditsAndDebitsOnOneAccountLoseNoUpdate()
    {
        await using var ledger = await LedgerHarness.CreateAsync(wal: true);
        await ledger.Service.CreditAsync(Customer, EntryKind.Accrual, 1_000, ledger.Info("opening"));

        var credits = Enumerable.Range(0, 25).Select(i => Task.Run(() => ledger.Service.CreditAsync(Customer, EntryKind.Accrual, 10, ledger.Info($"credit:{i}"))));
        var debits = Enumerable.Range(0, 25).Select(i => Task.Run(() => ledger.Service.DebitAsync(Customer, EntryKind.Redemption, 7, ledger.Info($"debit:{i}"))));
        await Task.WhenAll(credits.Concat(debits));

        Assert.Equal(1_000 + (25 * 10) - (25 * 7), await ledger.Service.BalanceAsync(Customer));
        Assert.Equal(51, (await ledger.EntriesAsync()).Count);
        await ledger.AssertInvariantsAsync();
    }
}
