using Loyalty.Core.Ledger;
using Xunit.Abstractions;

namespace Loyalty.Tests.Core.Ledger;

/// <summary>
/// Property-style: a long, seeded sequence of every kind of posting (some of them refused) over twenty accounts,
/// after which every invariant of the ledger must hold for every account. A small model alongside predicts each
/// balance and which postings must be refused, so a refusal the rules do not call for fails too.
/// </summary>
public sealed class LedgerRandomOperationsTests(ITestOutputHelper output)
{
    private const int Operations = 10_000;
    private const int CheckEvery = 2_000;

    [Fact]
    public async Task TenThousandRandomOperationsKeepEveryInvariantOfEveryAccount()
    {
        var random = new Random(2026);
        await using var ledger = await LedgerHarness.CreateAsync(fast: true);
        var accounts = Enumerable.Range(0, 20).Select(i => new AccountModel(new AccountKey((AccountKind)(i % 3), 500 + i))).ToArray();
        var counts = new Dictionary<string, int>();
        void Count(string what) => counts[what] = counts.GetValueOrDefault(what) + 1;

        for (var op = 0; op < Operations; op++)
        {
            if (op > 0 && op % CheckEvery == 0)
            {
                await AssertAgreesAsync(ledger, accounts);
            }

            ledger.Time.Advance(TimeSpan.FromMinutes(random.Next(1, 240)));
            var account = accounts[random.Next(accounts.Length)];
            var info = ledger.Info($"op:{op}");
            var roll = random.Next(100);
            if (roll < 35 || account.Entries.Count == 0)
            {
                // Some credits are back-dated, so that age (OccurredAt) and insertion order differ.
                var occurred = random.Next(10) == 0 ? ledger.Now.AddDays(-random.Next(1, 30)) : ledger.Now;
                DateTime? expires = random.Next(2) == 0 ? ledger.Now.AddDays(random.Next(1, 60)) : null;
                var kind = random.Next(4) == 0 ? EntryKind.Adjustment : EntryKind.Accrual;
                account.Posted(await ledger.Service.CreditAsync(account.Key, kind, random.Next(1, 5_000), info with { OccurredAt = occurred }, expires));
                Count("credit");
            }
            else if (roll < 65)
            {
                var amount = random.Next(1, 6_000);
                var kind = random.Next(6) switch { 0 => EntryKind.Payout, 1 => EntryKind.Adjustment, _ => EntryKind.Redemption };
                var before = account.Balance;
                try
                {
                    account.Posted(await ledger.Service.DebitAsync(account.Key, kind, amount, info));
                    Assert.True(amount <= before, $"op {op}: a debit of {amount} went through on a balance of {before}");
                    Count("debit");
                }
                catch (InsufficientBalanceException)
                {
                    Assert.True(amount > account.Balance, $"op {op}: a debit of {amount} was refused on a balance of {account.Balance}");
                    Count("debit refused");
                }
            }
            else if (roll < 82)
            {
                var target = account.Entries[random.Next(account.Entries.Count)];
                var left = Math.Abs(target.Amount) - account.Reversed.GetValueOrDefault(target.Id);
                long? amount = random.Next(10) switch
                {
                    < 5 => null,
                    < 8 => random.NextInt64(1, Math.Abs(target.Amount) + 1),
                    _ => random.NextInt64(1, (2 * Math.Abs(target.Amount)) + 1),
                };
                var take = amount ?? left;
                try
                {
                    var reversal = await ledger.Service.ReverseAsync(target.Id, info, amount);
                    Assert.True(take > 0 && take <= left, $"op {op}: reversing {take} of entry {target.Id} went through with {left} left");
                    Assert.Equal(-Math.Sign(target.Amount) * take, reversal.Amount);
                    account.Posted(reversal);
                    Count(target.Kind == EntryKind.Reversal ? "reversal of a reversal" : target.Amount > 0 ? "reversal of a credit" : "reversal of a debit");
                }
                catch (LedgerException ex) when (ex is not InsufficientBalanceException)
                {
                    Assert.True(take <= 0 || take > left, $"op {op}: reversing {take} of entry {target.Id} was refused with {left} left: {ex.Message}");
                    Count("reversal refused");
                }
            }
            else if (roll < 94)
            {
                var due = account.Entries.Where(e => e.Amount > 0 && e.ExpiresAt <= ledger.Now).ToList();
                if (due.Count == 0)
                {
                    Count("nothing due");
                    continue;
                }

                var lot = due[random.Next(due.Count)];
                var expiry = await ledger.Service.ExpireAsync(lot.Id, "system:expiry");
                if (expiry is null)
                {
                    Count("expiry of a used-up lot");
                }
                else if (account.Expiries.TryGetValue(lot.Id, out var earlier))
                {
                    Assert.Equal(earlier, expiry.Id);
                    Count("expiry repeated");
                }
                else
                {
                    Assert.Equal(EntryKind.Expiry, expiry.Kind);
                    account.Expiries[lot.Id] = expiry.Id;
                    account.Posted(expiry);
                    Count("expiry");
                }
            }
            else
            {
                // A source the account already holds: the first entry comes back, nothing changes.
                var earlier = account.Entries[random.Next(account.Entries.Count)];
                if (earlier.Kind == EntryKind.Expiry)
                {
                    continue;
                }

                var again = await ledger.Service.CreditAsync(account.Key, EntryKind.Accrual, 1 + random.Next(100), ledger.Info(earlier.SourceKey));
                Assert.Equal(earlier.Id, again.Id);
                Count("repeated source");
            }
        }

        await AssertAgreesAsync(ledger, accounts);
        Assert.Equal(0, (await ledger.Check.RunAsync("test")).Mismatches);
        output.WriteLine(string.Join(Environment.NewLine, counts.OrderBy(c => c.Key).Select(c => $"{c.Key}: {c.Value}")));
        output.WriteLine($"negative balances at the end: {accounts.Count(a => a.Balance < 0)}");
        // The sequence exercised every path, refusals included.
        foreach (var path in new[] { "credit", "debit", "debit refused", "reversal of a credit", "reversal of a debit", "reversal of a reversal", "reversal refused", "expiry", "expiry repeated", "expiry of a used-up lot", "repeated source" })
        {
            Assert.True(counts.GetValueOrDefault(path) > 0, $"no \"{path}\" in {Operations} operations");
        }
    }

    private static async Task AssertAgreesAsync(LedgerHarness ledger, AccountModel[] accounts)
    {
        await ledger.AssertInvariantsAsync();
        foreach (var account in accounts)
        {
            Assert.Equal(account.Balance, await ledger.Service.BalanceAsync(account.Key));
        }
    }

    /// <summary>What the test knows of one account: the entries it was handed back and how much of each was reversed.</summary>
    private sealed class AccountModel(AccountKey key)
    {
        public AccountKey Key { get; } = key;

        public long Balance { get; private set; }

        public List<LedgerEntry> Entries { get; } = [];

        public Dictionary<long, long> Reversed { get; } = [];

        /// <summary>Credit → its expiry entry.</summary>
        public Dictionary<long, long> Expiries { get; } = [];

        public void Posted(LedgerEntry entry)
        {
            Assert.DoesNotContain(Entries, e => e.Id == entry.Id);
            Entries.Add(entry);
            Balance += entry.Amount;
            if (entry.ReversesEntryId is { } target)
            {
                Reversed[target] = Reversed.GetValueOrDefault(target) + Math.Abs(entry.Amount);
            }
        }
    }
}
