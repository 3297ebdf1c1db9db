using Loyalty.Core.Ledger;

namespace Loyalty.Tests.Core.Ledger;

/// <summary>The ledger's postings on a real SQLite file, judged by the rows they leave behind.</summary>
public sealed class LedgerServiceTests
{
    private static readonly AccountKey Customer = new(AccountKind.CustomerBonus, 101);

    [Fact]
    public async Task PostingTheSameSourceTwiceReturnsTheFirstEntryAndLeavesTheBalanceAlone()
    {
        await using var ledger = await LedgerHarness.CreateAsync();

        var first = await ledger.Service.CreditAsync(Customer, EntryKind.Accrual, 100_00, ledger.Info("fact:deal:1:won"));
        var second = await ledger.Service.CreditAsync(Customer, EntryKind.Accrual, 999_00, ledger.Info("fact:deal:1:won"));

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(100_00, second.Amount);
        Assert.Equal(100_00, await ledger.Service.BalanceAsync(Customer));
        Assert.Single(await ledger.EntriesAsync());
    }

    [Fact]
    public async Task TheSameSourceOnAnotherAccountIsAnotherEntry()
    {
        await using var ledger = await LedgerHarness.CreateAsync();
        var other = Customer with { OwnerId = 102 };

        var first = await ledger.Service.CreditAsync(Customer, EntryKind.Accrual, 100, ledger.Info("fact:deal:1:won"));
        var second = await ledger.Service.CreditAsync(other, EntryKind.Accrual, 200, ledger.Info("fact:deal:1:won"));

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(100, await ledger.Service.BalanceAsync(Customer));
        Assert.Equal(200, await ledger.Service.BalanceAsync(other));
    }

    [Fact]
    public async Task DebitsConsumeTheOldestCreditsFirstAndRecordWhatTheyTookFromEach()
    {
        await using var ledger = await LedgerHarness.CreateAsync();
        var day = LedgerHarness.Start;
        // Posted out of order: age is when a credit occurred, not when it was recorded.
        var second = await ledger.Service.CreditAsync(Customer, EntryKind.Accrual, 200, ledger.Info("b", day.AddDays(2)));
        var first = await ledger.Service.CreditAsync(Customer, EntryKind.Accrual, 100, ledger.Info("a", day.AddDays(1)));
        var third = await ledger.Service.CreditAsync(Customer, EntryKind.Adjustment, 300, ledger.Info("c", day.AddDays(3)));

        var debit1 = await ledger.Service.DebitAsync(Customer, EntryKind.Redemption, 250, ledger.Info("redeem:1"));
        var debit2 = await ledger.Service.DebitAsync(Customer, EntryKind.Payout, 100, ledger.Info("payout:1"));

        Assert.Equal(-250, debit1.Amount);
        Assert.Equal(EntryKind.Redemption, debit1.Kind);
        Assert.Equal(
            [(debit1.Id, first.Id, 100L), (debit1.Id, second.Id, 150L), (debit2.Id, second.Id, 50L), (debit2.Id, third.Id, 50L)],
            await ledger.AllocationsAsync());
        var lot = Assert.Single(await ledger.Service.OpenLotsAsync(Customer));
        Assert.Equal((third.Id, 250L), (lot.Id, lot.Left));
        Assert.Equal(250, await ledger.Service.BalanceAsync(Customer));
        await ledger.AssertInvariantsAsync();
    }

    [Fact]
    public async Task ADebitBeyondTheBalanceIsRefusedAndWritesNothing()
    {
        await using var ledger = await LedgerHarness.CreateAsync();
        await ledger.Service.CreditAsync(Customer, EntryKind.Accrual, 100, ledger.Info("a"));
        var before = await ledger.AccountAsync(Customer);

        var refused = await Assert.ThrowsAsync<InsufficientBalanceException>(
            () => ledger.Service.DebitAsync(Customer, EntryKind.Redemption, 101, ledger.Info("redeem:1")));

        Assert.Equal((100L, 101L), (refused.Balance, refused.Requested));
        var after = await ledger.AccountAsync(Customer);
        Assert.Equal((before.Balance, before.Version), (after.Balance, after.Version));
        Assert.Single(await ledger.EntriesAsync());
        Assert.Empty(await ledger.AllocationsAsync());
        // The refused source is not taken: the same key posts once the balance allows it.
        var later = await ledger.Service.DebitAsync(Customer, EntryKind.Redemption, 100, ledger.Info("redeem:1"));
        Assert.Equal(-100, later.Amount);
    }

    [Theory]
    [InlineData(EntryKind.Accrual, 0)]
    [InlineData(EntryKind.Accrual, -5)]
    public async Task AnAmountThatIsNotPositiveIsRefused(EntryKind kind, long amount)
    {
        await using var ledger = await LedgerHarness.CreateAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ledger.Service.CreditAsync(Customer, kind, amount, ledger.Info("a")));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ledger.Service.DebitAsync(Customer, EntryKind.Redemption, amount, ledger.Info("b")));
        Assert.Empty(await ledger.EntriesAsync());
    }

    [Fact]
    public async Task AKindOnTheWrongSideIsRefused()
    {
        await using var ledger = await LedgerHarness.CreateAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => ledger.Service.CreditAsync(Customer, EntryKind.Redemption, 1, ledger.Info("a")));
        await Assert.ThrowsAsync<ArgumentException>(() => ledger.Service.DebitAsync(Customer, EntryKind.Accrual, 1, ledger.Info("b")));
        await Assert.ThrowsAsync<ArgumentException>(() => ledger.Service.CreditAsync(Customer, EntryKind.Reversal, 1, ledger.Info("c")));
    }

    [Fact]
    public async Task ACreditIsReversedInFullFromItsOwnLot()
    {
        await using var ledger = await LedgerHarness.CreateAsync();
        var older = await ledger.Service.CreditAsync(Customer, EntryKind.Accrual, 500, ledger.Info("a", LedgerHarness.Start.AddDays(-1)));
        var credit = await ledger.Service.CreditAsync(Customer, EntryKind.Accrual, 100, ledger.Info("b"));

        var reversal = await ledger.Service.ReverseAsync(credit.Id, ledger.Info("unwon:b"));

        Assert.Equal((EntryKind.Reversal, -100L, (long?)credit.Id), (reversal.Kind, reversal.Amount, reversal.ReversesEntryId));
        Assert.Equal([(reversal.Id, credit.Id, 100L)], await ledger.AllocationsAsync());
        Assert.Equal(500, await ledger.Service.BalanceAsync(Customer));
        Assert.Equal([older.Id], (await ledger.Service.OpenLotsAsync(Customer)).Select(l => l.Id));
        var again = await Assert.ThrowsAsync<LedgerException>(() => ledger.Service.ReverseAsync(credit.Id, ledger.Info("unwon:b:again")));
        Assert.Contains("already reversed", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACreditIsReversedInPartsUpToItsAmountAndNoFurther()
    {
        await using var ledger = await LedgerHarness.CreateAsync();
        var credit = await ledger.Service.CreditAsync(Customer, EntryKind.Accrual, 100, ledger.Info("a"));

        await ledger.Service.ReverseAsync(credit.Id, ledger.Info("r1"), 30);
        var over = await Assert.ThrowsAsync<LedgerException>(() => ledger.Service.ReverseAsync(credit.Id, ledger.Info("r2"), 71));
        await ledger.Service.ReverseAsync(credit.Id, ledger.Info("r3"), 70);

        Assert.Contains("70 left to reverse, not 71", over.Message, StringComparison.Ordinal);
        Assert.Equal(0, await ledger.Service.BalanceAsync(Customer));
        Assert.Equal(3, (await ledger.EntriesAsync()).Count);
        await Assert.ThrowsAsync<LedgerException>(() => ledger.Service.ReverseAsync(credit.Id, ledger.Info("r4"), 1));
        await Assert.ThrowsAsync<LedgerException>(() => ledger.Service.ReverseAsync(credit.Id + 1000, ledger.Info("r5")));
        await ledger.AssertInvariantsAsync();
    }

    [Fact]
    public async Task AReversalOfAReversalGivesTheCreditBackWithItsExpiry()
    {
        await using var ledger = await LedgerHarness.CreateAsync();
        var expires = LedgerHarness.Start.AddMonths(6);
        var credit = await ledger.Service.CreditAsync(Customer, EntryKind.Accrual, 100, ledger.Info("a"), expires);
        var reversal = await ledger.Service.ReverseAsync(credit.Id, ledger.Info("unwon:a"));

        var restored = await ledger.Service.ReverseAsync(reversal.Id, ledger.Info("won-again:a"));

        Assert.Equal((EntryKind.Reversal, 100L, (long?)reversal.Id, (DateTime?)expires), (restored.Kind, restored.Amount, restored.ReversesEntryId, restored.ExpiresAt));
        Assert.Equal(100, await ledger.Service.BalanceAsync(Customer));
        Assert.Equal([restored.Id], (await ledger.Service.OpenLotsAsync(Customer)).Select(l => l.Id));
        await Assert.ThrowsAsync<LedgerException>(() => ledger.Service.ReverseAsync(reversal.Id, ledger.Info("won-again:twice")));
        await ledger.AssertInvariantsAsync();
    }

    [Fact]
    public async Task ReversingAPartlySpentCreditLeavesADebtThatTheNextCreditSettles()
    {
        await using var ledger = await LedgerHarness.CreateAsync();
        var credit = await ledger.Service.CreditAsync(Customer, EntryKind.Accrual, 100, ledger.Info("a"));
        var redemption = await ledger.Service.DebitAsync(Customer, EntryKind.Redemption, 60, ledger.Info("redeem:1"));

        var reversal = await ledger.Service.ReverseAsync(credit.Id, ledger.Info("unwon:a"));

        // What was left of the credit (40) is taken back; the 60 already spent is owed.
        Assert.Equal(-100, reversal.Amount);
        Assert.Equal(-60, await ledger.Service.BalanceAsync(Customer));
        Assert.Empty(await ledger.Service.OpenLotsAsync(Customer));
        await Assert.ThrowsAsync<InsufficientBalanceException>(() => ledger.Service.DebitAsync(Customer, EntryKind.Redemption, 1, ledger.Info("redeem:2")));
        await ledger.AssertInvariantsAsync();

        var next = await ledger.Service.CreditAsync(Customer, EntryKind.Accrual, 150, ledger.Info("b"));

        Assert.Equal(
            [(redemption.Id, credit.Id, 60L), (reversal.Id, credit.Id, 40L), (reversal.Id, next.Id, 60L)],
            await ledger.AllocationsAsync());
        Assert.Equal(90, await ledger.Service.BalanceAsync(Customer));
        var lot = Assert.Single(await ledger.Service.OpenLotsAsync(Customer));
        Assert.Equal((next.Id, 90L), (lot.Id, lot.Left));
        await ledger.AssertInvariantsAsync();
    }

    [Fact]
    public async Task ADebtLargerThanTheNextCreditIsSettledAcrossSeveralCredits()
    {
        await using var ledger = await LedgerHarness.CreateAsync();
        var credit = await ledger.Service.CreditAsync(Customer, EntryKind.Accrual, 100, ledger.Info("a"));
        await ledger.Service.DebitAsync(Customer, EntryKind.Redemption, 100, ledger.Info("redeem:1"));
        var reversal = await ledger.Service.ReverseAsync(credit.Id, ledger.Info("unwon:a"));

        var small = await ledger.Service.CreditAsync(Customer, EntryKind.Accrual, 30, ledger.Info("b"));
        Assert.Equal(-70, await ledger.Service.BalanceAsync(Customer));
        var large = await ledger.Service.CreditAsync(Customer, EntryKind.Accrual, 100, ledger.Info("c"));

        Assert.Equal(30, await ledger.Service.BalanceAsync(Customer));
        var settled = (await ledger.AllocationsAsync()).Where(a => a.Debit == reversal.Id).ToList();
        Assert.Equal([(reversal.Id, small.Id, 30L), (reversal.Id, large.Id, 70L)], settled);
        await ledger.AssertInvariantsAsync();
    }

    [Fact]
    public async Task AnExpiryTakesExactlyWhatIsLeftOfItsLotAndOnlyOnce()
    {
        await using var ledger = await LedgerHarness.CreateAsync();
        var expires = LedgerHarness.Start.AddDays(30);
        var lot = await ledger.Service.CreditAsync(Customer, EntryKind.Accrual, 100, ledger.Info("a"), expires);
        var other = await ledger.Service.CreditAsync(Customer, EntryKind.Accrual, 500, ledger.Info("b"));
        await ledger.Service.DebitAsync(Customer, EntryKind.Redemption, 30, ledger.Info("redeem:1"));
        ledger.Time.Advance(TimeSpan.FromDays(31));

        var expiry = await ledger.Service.ExpireAsync(lot.Id, "system:expiry");

        Assert.NotNull(expiry);
        Assert.Equal((EntryKind.Expiry, -70L, $"expiry:{lot.Id}", expires), (expiry.Kind, expiry.Amount, expiry.SourceKey, expiry.OccurredAt));
        Assert.Contains((expiry.Id, lot.Id, 70L), await ledger.AllocationsAsync());
        Assert.Equal(500, await ledger.Service.BalanceAsync(Customer));
        Assert.Equal([other.Id], (await ledger.Service.OpenLotsAsync(Customer)).Select(l => l.Id));

        var again = await ledger.Service.ExpireAsync(lot.Id, "system:expiry");

        Assert.Equal(expiry.Id, again?.Id);
        Assert.Equal(500, await ledger.Service.BalanceAsync(Customer));
        Assert.Equal(4, (await ledger.EntriesAsync()).Count);
        await ledger.AssertInvariantsAsync();
    }

    [Fact]
    public async Task ALotThatWasUsedUpHasNothingToExpire()
    {
        await using var ledger = await LedgerHarness.CreateAsync();
        var lot = await ledger.Service.CreditAsync(Customer, EntryKind.Accrual, 100, ledger.Info("a"), LedgerHarness.Start.AddDays(30));
        await ledger.Service.DebitAsync(Customer, EntryKind.Redemption, 100, ledger.Info("redeem:1"));

        Assert.Null(await ledger.Service.ExpireAsync(lot.Id, "system:expiry"));
        Assert.Null(await ledger.Service.ExpireAsync(lot.Id, "system:expiry"));
        Assert.Equal(2, (await ledger.EntriesAsync()).Count);
        Assert.Equal(0, await ledger.Service.BalanceAsync(Customer));
    }

    [Fact]
    public async Task OnlyACreditWithAnExpiryCanExpire()
    {
        await using var ledger = await LedgerHarness.CreateAsync();
        var forever = await ledger.Service.CreditAsync(Customer, EntryKind.Accrual, 100, ledger.Info("a"));
        var debit = await ledger.Service.DebitAsync(Customer, EntryKind.Redemption, 10, ledger.Info("redeem:1"));

        await Assert.ThrowsAsync<LedgerException>(() => ledger.Service.ExpireAsync(forever.Id, "system:expiry"));
        await Assert.ThrowsAsync<LedgerException>(() => ledger.Service.ExpireAsync(debit.Id, "system:expiry"));
        await Assert.ThrowsAsync<LedgerException>(() => ledger.Service.ExpireAsync(debit.Id + 1000, "system:expiry"));
        Assert.Equal(90, await ledger.Service.BalanceAsync(Customer));
    }

    [Fact]
    public async Task ARedemptionReversedAfterItsLotExpiredGivesBackALotThatExpiresNoLaterThanTheSource()
    {
        await using var ledger = await LedgerHarness.CreateAsync();
        var expires = LedgerHarness.Start.AddDays(30);
        var lot = await ledger.Service.CreditAsync(Customer, EntryKind.Accrual, 100, ledger.Info("a"), expires);
        var redemption = await ledger.Service.DebitAsync(Customer, EntryKind.Redemption, 40, ledger.Info("redeem:1"));
        ledger.Time.Advance(TimeSpan.FromDays(31));
        await ledger.Service.ExpireAsync(lot.Id, "system:expiry");

        var refund = await ledger.Service.ReverseAsync(redemption.Id, ledger.Info("deal-lost:1"));

        Assert.Equal(40, refund.Amount);
        Assert.NotNull(refund.ExpiresAt);
        Assert.True(refund.ExpiresAt <= expires, $"the refund expires {refund.ExpiresAt:O}, after its source lot ({expires:O})");
        Assert.Equal(40, await ledger.Service.BalanceAsync(Customer));

        // Already past its date: the next expiry run takes it.
        var expiry = await ledger.Service.ExpireAsync(refund.Id, "system:expiry");

        Assert.Equal(-40, expiry?.Amount);
        Assert.Equal(0, await ledger.Service.BalanceAsync(Customer));
        await ledger.AssertInvariantsAsync();
    }

    [Fact]
    public async Task ARedemptionFromLotsWithDifferentExpiriesIsGivenBackWithTheEarliest()
    {
        await using var ledger = await LedgerHarness.CreateAsync();
        var soon = LedgerHarness.Start.AddDays(10);
        await ledger.Service.CreditAsync(Customer, EntryKind.Accrual, 50, ledger.Info("a", LedgerHarness.Start.AddDays(-2)), LedgerHarness.Start.AddDays(90));
        await ledger.Service.CreditAsync(Customer, EntryKind.Accrual, 50, ledger.Info("b", LedgerHarness.Start.AddDays(-1)), soon);
        await ledger.Service.CreditAsync(Customer, EntryKind.Accrual, 50, ledger.Info("c"));
        var redemption = await ledger.Service.DebitAsync(Customer, EntryKind.Redemption, 120, ledger.Info("redeem:1"));

        var refund = await ledger.Service.ReverseAsync(redemption.Id, ledger.Info("deal-lost:1"), 20);

        Assert.Equal((20L, (DateTime?)soon), (refund.Amount, refund.ExpiresAt));
        await ledger.AssertInvariantsAsync();
    }

    [Fact]
    public async Task AccountsOfDifferentKindsForTheSameOwnerAreSeparate()
    {
        await using var ledger = await LedgerHarness.CreateAsync();
        var points = new AccountKey(AccountKind.EmployeePoints, Customer.OwnerId);

        await ledger.Service.CreditAsync(Customer, EntryKind.Accrual, 100, ledger.Info("a"));
        await ledger.Service.CreditAsync(points, EntryKind.Accrual, 7, ledger.Info("a"));

        Assert.Equal(100, await ledger.Service.BalanceAsync(Customer));
        Assert.Equal(7, await ledger.Service.BalanceAsync(points));
        Assert.Equal(0, await ledger.Service.BalanceAsync(new AccountKey(AccountKind.PromoterCommission, Customer.OwnerId)));
        await Assert.ThrowsAsync<InsufficientBalanceException>(() => ledger.Service.DebitAsync(points, EntryKind.Redemption, 8, ledger.Info("b")));
    }
}
