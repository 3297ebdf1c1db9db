using Loyalty.Core.Ledger;

namespace Loyalty.Tests.Core.Ledger;

public sealed class LedgerQueriesTests
{
    [Fact]
    public async Task TotalsGiveEveryKindItsNumberOfAccountsAndTheSumOfTheirBalances()
    {
        await using var ledger = await LedgerHarness.CreateAsync();
        var owed = await ledger.Service.CreditAsync(new AccountKey(AccountKind.CustomerBonus, 1), EntryKind.Accrual, 100_00, ledger.Info("a"));
        await ledger.Service.DebitAsync(new AccountKey(AccountKind.CustomerBonus, 1), EntryKind.Redemption, 60_00, ledger.Info("b"));
        await ledger.Service.ReverseAsync(owed.Id, ledger.Info("c"));
        await ledger.Service.CreditAsync(new AccountKey(AccountKind.CustomerBonus, 2), EntryKind.Accrual, 250_00, ledger.Info("a"));
        await ledger.Service.CreditAsync(new AccountKey(AccountKind.EmployeePoints, 1), EntryKind.Accrual, 40, ledger.Info("a"));

        var totals = await new LedgerQueries(ledger.Database).TotalsByKindAsync();

        // A debt (−60 ₽ after the reversal) counts against the sum.
        Assert.Equal(
            [new KindTotal(AccountKind.CustomerBonus, 2, 190_00), new KindTotal(AccountKind.PromoterCommission, 0, 0), new KindTotal(AccountKind.EmployeePoints, 1, 40)],
            totals);
    }

    [Theory]
    [InlineData(AccountKind.CustomerBonus, true)]
    [InlineData(AccountKind.PromoterCommission, true)]
    [InlineData(AccountKind.EmployeePoints, false)]
    public void MoneyKindsHoldKopecksAndPointsKindsWholePoints(AccountKind kind, bool money) => Assert.Equal(money, kind.IsMoney());
}
