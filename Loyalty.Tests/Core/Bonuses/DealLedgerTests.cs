using Loyalty.Core.Bonuses;
using Loyalty.Core.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Core.Bonuses;

/// <summary>What the ledger holds for one deal, as the processor reads it, on real SQLite.</summary>
public sealed class DealLedgerTests
{
    private static readonly BonusSettings TenPercent = new() { Enabled = true, Tiers = [new("Base", 0, 10, 0)] };

    [Fact]
    public async Task AnAmountChangeAfterARecalculationLoweredTheDealIsPricedWithTheRecalculationsRules()
    {
        await using var world = await BonusWorld.CreateAsync();
        await world.AddContactAsync(1, "Иван", "Петров");
        await world.SaveSettingsAsync(TenPercent);
        await world.WinAsync(100, 1, pipelineId: 0, amount: 10_000_00, wonAt: BonusWorld.Local(2026, 2, 10));
        await world.Processor.ProcessAsync();
        Assert.Equal(1_000_00, await world.BalanceAsync(1));

        // The rate drops to 5 % and a recalculation takes back half of the accrual, recording the rules it used.
        var lowered = await world.SaveSettingsAsync(TenPercent with { Tiers = [new("Base", 0, 5, 0)] });
        long creditId;
        await using (var db = world.Database.CreateDbContext())
        {
            creditId = await db.LedgerEntries.Where(e => e.DealId == 100 && e.Kind == EntryKind.Accrual).Select(e => e.Id).SingleAsync();
        }

        await world.Ledger.ReverseAsync(creditId, new PostingInfo("recalc:1:deal:100:" + creditId, BonusWorld.Now.UtcDateTime, BonusWorld.Administrator, RuleVersion: lowered.Version, DealId: 100), 500_00);
        Assert.Equal(500_00, await world.BalanceAsync(1));

        await world.ChangeAmountAsync(100, 12_000_00, BonusWorld.Local(2026, 2, 20));
        await world.Processor.ProcessAsync();

        // 5 % of 12,000 ₽, not 10 %: the deal's rules are now the recalculation's.
        Assert.Equal(600_00, await world.BalanceAsync(1));
    }

    [Fact]
    public async Task ARedemptionOnTheDealDoesNotChangeWhichRulesPriceAnAmountChange()
    {
        await using var world = await BonusWorld.CreateAsync();
        await world.AddContactAsync(1, "Иван", "Петров");
        await world.SaveSettingsAsync(TenPercent);
        await world.WinAsync(100, 1, pipelineId: 0, amount: 10_000_00, wonAt: BonusWorld.Local(2026, 2, 10));
        await world.Processor.ProcessAsync();
        await world.SaveSettingsAsync(TenPercent with { Tiers = [new("Base", 0, 5, 0)] });

        // A redemption on the deal carries the newest rules but is no credit: the deal stays priced at 10 %.
        await world.Ledger.DebitAsync(new AccountKey(AccountKind.CustomerBonus, 1), EntryKind.Redemption, 100_00, new PostingInfo("redeem:x", BonusWorld.Now.UtcDateTime, "test", RuleVersion: 2, DealId: 100));
        await world.ChangeAmountAsync(100, 12_000_00, BonusWorld.Local(2026, 2, 20));
        await world.Processor.ProcessAsync();

        Assert.Equal(1_200_00 - 100_00, await world.BalanceAsync(1));
    }
}
