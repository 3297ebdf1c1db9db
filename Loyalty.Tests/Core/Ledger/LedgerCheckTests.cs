using Loyalty.Core.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Core.Ledger;

public sealed class LedgerCheckTests
{
    private static readonly AccountKey Customer = new(AccountKind.CustomerBonus, 1);
    private static readonly AccountKey Promoter = new(AccountKind.PromoterCommission, 2);
    private static readonly AccountKey Employee = new(AccountKind.EmployeePoints, 3);

    [Fact]
    public async Task AConsistentLedgerHasNoMismatchesAndTheRunIsRecorded()
    {
        await using var ledger = await LedgerHarness.CreateAsync();
        await PostSomeAsync(ledger);

        var run = await ledger.Check.RunAsync("Анна Администратор");

        Assert.Equal((3, 0, (string?)null), (run.AccountsChecked, run.Mismatches, run.Details));
        Assert.Empty(LedgerCheck.ReadDetails(run));
        var recorded = Assert.Single(await ledger.Check.RecentAsync(10));
        Assert.Equal((run.Id, "Анна Администратор", LedgerHarness.Start), (recorded.Id, recorded.TriggeredBy, recorded.StartedAt));
    }

    [Fact]
    public async Task AnEmptyLedgerChecksNoAccounts()
    {
        await using var ledger = await LedgerHarness.CreateAsync();

        var run = await ledger.Check.RunAsync("schedule");

        Assert.Equal((0, 0), (run.AccountsChecked, run.Mismatches));
    }

    [Fact]
    public async Task ABalanceChangedBehindTheLedgersBackIsReportedWithItsCachedValueAndTheSum()
    {
        await using var ledger = await LedgerHarness.CreateAsync();
        await PostSomeAsync(ledger);
        var promoter = await ledger.AccountIdAsync(Promoter);
        await using (var db = ledger.Database.CreateDbContext())
        {
            await db.Database.ExecuteSqlAsync($"UPDATE LedgerAccounts SET Balance = Balance + 12345 WHERE Id = {promoter}");
        }

        var run = await ledger.Check.RunAsync("schedule");

        Assert.Equal((3, 1), (run.AccountsChecked, run.Mismatches));
        var mismatch = Assert.Single(LedgerCheck.ReadDetails(run));
        Assert.Equal(new BalanceMismatch(promoter, AccountKind.PromoterCommission, 2, 250_00 + 12345, 250_00), mismatch);
        var recorded = (await ledger.Check.RecentAsync(1))[0];
        Assert.Equal([mismatch], LedgerCheck.ReadDetails(recorded));
    }

    [Fact]
    public async Task RecentRunsComeNewestFirst()
    {
        await using var ledger = await LedgerHarness.CreateAsync();
        var first = await ledger.Check.RunAsync("a");
        ledger.Time.Advance(TimeSpan.FromDays(1));
        var second = await ledger.Check.RunAsync("b");
        var third = await ledger.Check.RunAsync("c");

        Assert.Equal([third.Id, second.Id], (await ledger.Check.RecentAsync(2)).Select(r => r.Id));
        Assert.Equal([third.Id, second.Id, first.Id], (await ledger.Check.RecentAsync(10)).Select(r => r.Id));
    }

    private static async Task PostSomeAsync(LedgerHarness ledger)
    {
        var credit = await ledger.Service.CreditAsync(Customer, EntryKind.Accrual, 100_00, ledger.Info("a"));
        await ledger.Service.DebitAsync(Customer, EntryKind.Redemption, 40_00, ledger.Info("b"));
        await ledger.Service.ReverseAsync(credit.Id, ledger.Info("c"));
        await ledger.Service.CreditAsync(Promoter, EntryKind.Accrual, 250_00, ledger.Info("a"));
        await ledger.Service.CreditAsync(Employee, EntryKind.Accrual, 30, ledger.Info("a"));
    }
}
