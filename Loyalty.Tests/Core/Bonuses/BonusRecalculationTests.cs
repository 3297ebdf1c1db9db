using Loyalty.Core.Bonuses;
using Loyalty.Core.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Core.Bonuses;

/// <summary>
/// Recalculations on real SQLite: deals accrue through the processor from CRM facts, the rules change, and a
/// recalculation brings the ledger to what an independent computation (plain LINQ over the seeded deals) expects.
/// </summary>
public sealed class BonusRecalculationTests
{
    private static readonly System.Globalization.CultureInfo Russian = System.Globalization.CultureInfo.GetCultureInfo("ru");
    private static readonly System.Globalization.CultureInfo English = System.Globalization.CultureInfo.GetCultureInfo("en");

    /// <summary>The recalculation's date: 15 January 2026 in the portal's zone (Moscow), 21:00 UTC the day before.</summary>
    private static readonly DateOnly From = new(2026, 1, 15);

    private static readonly DateTime FromUtc = BonusWorld.Local(2026, 1, 15, 0);

    private const decimal UsdRate = 92;

    private static readonly BonusSettings Flat5 = new() { Enabled = true, Tiers = [new("Base", 0, 5, 0)] };

    /// <summary>Tiers by lifetime spend and progressive steps by activity, at 5 % before the rate change…</summary>
    private static readonly BonusSettings Before = new()
    {
        Enabled = true,
        Tiers = [new("Bronze", 0, 5, 0), new("Silver", 30_000_00, 7, 0)],
        Steps = [new(3, 0, 1), new(5, 50_000_00, 2)],
    };

    /// <summary>…and at 10 % after it.</summary>
    private static readonly BonusSettings After = Before with { Tiers = [new("Bronze", 0, 10, 0), new("Silver", 30_000_00, 12, 0)] };

    private sealed record Seeded(long Id, long? ContactId, DateTime WonAt, long Amount, string Currency);

    [Fact]
    public async Task ARecalculationFromADateAfterARateChangeGivesTheBalancesAnIndependentComputationExpects()
    {
        await using var world = await BonusWorld.CreateAsync();
        var deals = await SeedHistoryAsync(world);
        await world.SaveSettingsAsync(Before);
        await world.Processor.ProcessAsync();
        foreach (var contact in Contacts)
        {
            Assert.Equal(Expected(deals, contact, _ => Before), await world.BalanceAsync(contact));
        }

        var after = await world.SaveSettingsAsync(After);
        await world.Processor.ProcessAsync();
        var entriesBefore = await world.EntryCountAsync();

        var preview = await world.PreviewAsync(From);

        Assert.Equal(RecalculationStatus.Previewed, preview.Status);
        Assert.Equal(after.Version, preview.SettingsVersion);
        Assert.Equal(entriesBefore, await world.EntryCountAsync());
        var lines = (await world.Recalculations.LinesAsync(preview.Id, 0, 100)).Items.ToDictionary(l => l.ContactId);
        BonusRules expectedRules = d => d.WonAt < FromUtc ? Before : After;
        foreach (var contact in Contacts)
        {
            var now = Expected(deals, contact, _ => Before);
            var then = Expected(deals, contact, expectedRules);
            Assert.True(lines.TryGetValue(contact, out var line) == (now != then), $"contact {contact}: a line only when the balance changes");
            if (line is not null)
            {
                Assert.Equal((now, then, then - now), (line.BalanceNow, line.BalanceAfter, line.Difference));
            }
        }

        Assert.Equal(lines.Count, preview.CustomersAffected);
        var changedDeals = deals.Where(d => d.WonAt >= FromUtc && d.ContactId is not null && d.Currency != "XYZ").ToList();
        Assert.Equal(changedDeals.Count, preview.DealsChanged);
        Assert.Equal(lines.Values.Sum(l => l.Difference), preview.Increase + preview.Decrease);

        var applied = await world.ApplyAsync(preview.Id);

        Assert.Equal(RecalculationStatus.Applied, applied.Status);
        Assert.Equal(BonusWorld.Administrator, applied.AppliedBy);
        Assert.Equal(changedDeals.Count, applied.EntriesPosted);
        Assert.Equal((preview.Increase, preview.Decrease), (applied.AppliedIncrease, applied.AppliedDecrease));
        foreach (var contact in Contacts)
        {
            var expected = Expected(deals, contact, expectedRules);
            Assert.Equal(expected, await world.BalanceAsync(contact));
            Assert.Equal(lines.TryGetValue(contact, out var line) ? line.BalanceAfter : expected, expected);
        }

        await using (var db = world.Database.CreateDbContext())
        {
            var corrections = await db.LedgerEntries.Where(e => e.SourceKey.StartsWith($"recalc:{preview.Id}:")).ToListAsync();
            Assert.Equal(changedDeals.Select(d => d.Id).Order(), corrections.Select(e => e.DealId!.Value).Order());
            Assert.All(corrections, e =>
            {
                Assert.Equal(EntryKind.Adjustment, e.Kind);
                Assert.True(e.Amount > 0);
                Assert.Equal(after.Version, e.RuleVersion);
                Assert.Equal(LedgerReason.BonusRecalculated, e.Reason);
                Assert.StartsWith($"Пересчёт № {preview.Id}: ", LedgerReasonText.Render(e.Reason, e.ReasonArgs, e.Comment, Russian), StringComparison.Ordinal);
                Assert.StartsWith($"Recalculation No. {preview.Id}: ", LedgerReasonText.Render(e.Reason, e.ReasonArgs, e.Comment, English), StringComparison.Ordinal);
                Assert.Equal(BonusWorld.Administrator, e.Actor);
                Assert.Null(e.ExpiresAt);
            });
            // The customers page and the contact fields see the new balances.
            var customers = await db.BonusCustomers.ToDictionaryAsync(c => c.ContactId, c => c.Balance);
            Assert.All(Contacts, c => Assert.Equal(Expected(deals, c, expectedRules), customers[c]));
        }

        Assert.Equal(0, (await world.Check.RunAsync("test")).Mismatches);
    }

    [Fact]
    public async Task ApplyingTwiceOrRunningTheJobAgainPostsNothingTwice()
    {
        await using var world = await BonusWorld.CreateAsync();
        var deals = await SeedHistoryAsync(world);
        await world.SaveSettingsAsync(Before);
        await world.Processor.ProcessAsync();
        await world.SaveSettingsAsync(After);
        var preview = await world.PreviewAsync(From);

        // A double click: both requests arrive together, one is accepted.
        var clicks = await Task.WhenAll(world.Recalculations.ApplyAsync(preview.Id, "a"), world.Recalculations.ApplyAsync(preview.Id, "b"));
        Assert.Equal([RecalculationRefusal.None, RecalculationRefusal.Busy], clicks.Select(c => c.Refusal).Order());
        // The job triggered twice.
        var runs = await Task.WhenAll(world.Recalculations.RunAsync(preview.Id), world.Recalculations.RunAsync(preview.Id));
        Assert.Equal([false, true], runs.Order());
        var entries = await world.EntryCountAsync();
        var balances = await BalancesAsync(world);

        Assert.Equal(RecalculationRefusal.AlreadyApplied, (await world.Recalculations.ApplyAsync(preview.Id, "a")).Refusal);
        Assert.False(await world.Recalculations.RunAsync(preview.Id));
        // Even a job that re-runs an apply (after a crash) recomputes against the ledger and finds nothing left to post.
        await using (var db = world.Database.CreateDbContext())
        {
            await db.BonusRecalculations.Where(r => r.Id == preview.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RecalculationStatus.Applying));
        }

        Assert.True(await world.Recalculations.RunAsync(preview.Id));
        await world.Processor.ProcessAsync();

        Assert.Equal(entries, await world.EntryCountAsync());
        Assert.Equal(balances, await BalancesAsync(world));
        var again = await world.PreviewAsync(From);
        Assert.Equal(0, again.CustomersAffected);
        Assert.Empty((await world.Recalculations.LinesAsync(again.Id, 0, 10)).Items);
        Assert.Equal(balances, Contacts.ToDictionary(c => c, c => Expected(deals, c, d => d.WonAt < FromUtc ? Before : After)));
    }

    [Fact]
    public async Task APreviewIsRefusedOnApplyAsStaleOnceTheRulesChanged()
    {
        await using var world = await BonusWorld.CreateAsync();
        await SeedHistoryAsync(world);
        await world.SaveSettingsAsync(Before);
        await world.Processor.ProcessAsync();
        await world.SaveSettingsAsync(After);
        var preview = await world.PreviewAsync(From);
        Assert.True(preview.CustomersAffected > 0);
        var entries = await world.EntryCountAsync();

        await world.SaveSettingsAsync(After with { MaxRedeemSharePercent = 50 });
        var refused = await world.Recalculations.ApplyAsync(preview.Id, BonusWorld.Administrator);

        Assert.Equal(RecalculationRefusal.Stale, refused.Refusal);
        Assert.Equal(RecalculationStatus.Stale, (await world.Recalculations.GetAsync(preview.Id))!.Status);
        Assert.False(await world.Recalculations.RunAsync(preview.Id));
        Assert.Equal(entries, await world.EntryCountAsync());
        Assert.Equal(RecalculationRefusal.Stale, (await world.Recalculations.ApplyAsync(preview.Id, BonusWorld.Administrator)).Refusal);
    }

    [Fact]
    public async Task ADealWhosePipelineLeftTheProgramIsReversedAndTheOthersKeepTheirAccrual()
    {
        await using var world = await BonusWorld.CreateAsync();
        await world.AddPipelinesAsync(1, 2);
        await world.AddContactAsync(1, "Иван", "Петров");
        await world.AddContactAsync(2, "Мария", "Сидорова");
        var both = Flat5 with { AllPipelines = false, PipelineIds = [1, 2] };
        await world.SaveSettingsAsync(both);
        await world.WinAsync(10, 1, 1, 10_000_00, BonusWorld.Local(2025, 11, 3));
        await world.WinAsync(11, 1, 2, 4_000_00, BonusWorld.Local(2025, 12, 3));
        await world.WinAsync(12, 2, 2, 7_777_77, BonusWorld.Local(2026, 1, 3));
        await world.Processor.ProcessAsync();
        Assert.Equal((500_00 + 200_00, 388_88), (await world.BalanceAsync(1), await world.BalanceAsync(2)));

        await world.SaveSettingsAsync(both with { PipelineIds = [1] });
        var preview = await world.PreviewAsync(null);
        var applied = await world.ApplyAsync(preview.Id);

        Assert.Equal((2, 2, 0L, -(200_00 + 388_88)), (preview.CustomersAffected, preview.DealsChanged, preview.Increase, preview.Decrease));
        Assert.Equal((500_00, 0L), (await world.BalanceAsync(1), await world.BalanceAsync(2)));
        await using var db = world.Database.CreateDbContext();
        var reversals = await db.LedgerEntries.Where(e => e.SourceKey.StartsWith($"recalc:{applied.Id}:")).OrderBy(e => e.DealId).ToListAsync();
        Assert.Equal([11L, 12L], reversals.Select(e => e.DealId!.Value));
        Assert.All(reversals, e =>
        {
            Assert.Equal(EntryKind.Reversal, e.Kind);
            Assert.NotNull(e.ReversesEntryId);
            Assert.Equal(LedgerReason.BonusRecalculatedOut, e.Reason);
            Assert.Contains("больше не участвует в программе", LedgerReasonText.Render(e.Reason, e.ReasonArgs, e.Comment, Russian), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task ACustomerWhoAlreadySpentTheBonusesEndsWithANegativeBalanceRatherThanKeepingThem()
    {
        await using var world = await BonusWorld.CreateAsync();
        await world.AddContactAsync(1, "Иван", "Петров");
        var ten = new BonusSettings { Enabled = true, Tiers = [new("Base", 0, 10, 0)], MaxRedeemSharePercent = 100 };
        await world.SaveSettingsAsync(ten);
        await world.WinAsync(10, 1, 0, 10_000_00, BonusWorld.Local(2026, 1, 20));
        await world.Processor.ProcessAsync();
        var spent = await world.Redemptions.RecordAsync(1, 800_00, null, BonusWorld.Administrator, null, Guid.NewGuid());
        Assert.Equal(RedemptionRefusal.None, spent.Refusal);
        Assert.Equal(200_00, await world.BalanceAsync(1));

        await world.SaveSettingsAsync(ten with { Tiers = [new("Base", 0, 2, 0)] });
        var preview = await world.PreviewAsync(From);
        var line = Assert.Single((await world.Recalculations.LinesAsync(preview.Id, 0, 10)).Items);
        await world.ApplyAsync(preview.Id);

        // 2 % of 10,000 ₽ is 200 ₽; 800 ₽ of the 1,000 ₽ accrued were spent: the customer owes 600 ₽.
        Assert.Equal((200_00, -600_00, -800_00), (line.BalanceNow, line.BalanceAfter, line.Difference));
        Assert.Equal(-600_00, await world.BalanceAsync(1));
        Assert.Equal(0, (await world.Check.RunAsync("test")).Mismatches);
    }

    [Fact]
    public async Task FromTheProgramsStartItAccruesTheHistoryOfCustomersWhenTheProgramIsTurnedOn()
    {
        await using var world = await BonusWorld.CreateAsync();
        await world.AddContactAsync(1, "Иван", "Петров");
        await world.AddContactAsync(2, "Мария", "Сидорова");
        await world.WinAsync(10, 1, 0, 10_000_00, BonusWorld.Local(2024, 12, 1));
        await world.WinAsync(11, 1, 0, 3_000_00, BonusWorld.Local(2025, 9, 1));
        await world.WinAsync(12, 2, 0, 5_000_00, BonusWorld.Local(2026, 2, 1));
        await world.Processor.ProcessAsync();
        Assert.Equal(0, await world.EntryCountAsync());
        Assert.Equal(RecalculationRefusal.ProgramOff, (await world.Recalculations.StartPreviewAsync(null, BonusWorld.Administrator)).Refusal);

        // Turned on, with bonuses that expire after a year: the facts were read while it was off, nothing accrues by itself.
        await world.SaveSettingsAsync(Flat5 with { ExpiryMonths = 12 });
        await world.Processor.ProcessAsync();
        Assert.Equal(0, await world.EntryCountAsync());

        var applied = await world.ApplyAsync((await world.PreviewAsync(null)).Id);

        Assert.Equal(3, applied.EntriesPosted);
        await using (var db = world.Database.CreateDbContext())
        {
            var expiries = await db.LedgerEntries.Where(e => e.Kind == EntryKind.Adjustment).OrderBy(e => e.DealId).Select(e => e.ExpiresAt).ToListAsync();
            Assert.Equal([BonusWorld.Local(2025, 12, 1), BonusWorld.Local(2026, 9, 1), BonusWorld.Local(2027, 2, 1)], expiries);
        }

        // The next pass expires the credit whose date has passed (December 2024 + 12 months) and accrues nothing twice.
        await world.Processor.ProcessAsync();
        Assert.Equal((150_00, 250_00), (await world.BalanceAsync(1), await world.BalanceAsync(2)));
        Assert.Equal(4, await world.EntryCountAsync());
    }

    [Fact]
    public async Task ADealMovedToAnotherContactLeavesTheFirstAndIsCreditedToTheSecond()
    {
        await using var world = await BonusWorld.CreateAsync();
        await world.AddContactAsync(1, "Иван", "Петров");
        await world.AddContactAsync(2, "Мария", "Сидорова");
        await world.SaveSettingsAsync(Flat5);
        await world.WinAsync(10, 1, 0, 10_000_00, BonusWorld.Local(2026, 2, 1));
        await world.Processor.ProcessAsync();
        await using (var db = world.Database.CreateDbContext())
        {
            await db.Deals.Where(d => d.Id == 10).ExecuteUpdateAsync(s => s.SetProperty(d => d.ContactId, 2L));
        }

        var preview = await world.PreviewAsync(From);
        await world.ApplyAsync(preview.Id);

        Assert.Equal((2, 500_00L, -500_00L), (preview.CustomersAffected, preview.Increase, preview.Decrease));
        Assert.Equal((0L, 500_00L), (await world.BalanceAsync(1), await world.BalanceAsync(2)));
    }

    [Fact]
    public async Task OneRecalculationRunsAtATime()
    {
        await using var world = await BonusWorld.CreateAsync();
        await SeedHistoryAsync(world);
        await world.SaveSettingsAsync(Before);
        var first = await world.Recalculations.StartPreviewAsync(From, BonusWorld.Administrator);
        Assert.Equal(RecalculationRefusal.None, first.Refusal);

        Assert.Equal(RecalculationRefusal.Busy, (await world.Recalculations.StartPreviewAsync(null, BonusWorld.Administrator)).Refusal);
        Assert.Equal(RecalculationRefusal.Busy, (await world.Recalculations.ApplyAsync(first.Recalculation!.Id, BonusWorld.Administrator)).Refusal);
        Assert.Equal(first.Recalculation.Id, await world.Recalculations.PendingAsync());

        Assert.True(await world.Recalculations.RunAsync(first.Recalculation.Id));
        Assert.Null(await world.Recalculations.PendingAsync());
        Assert.Equal(RecalculationRefusal.None, (await world.Recalculations.StartPreviewAsync(null, BonusWorld.Administrator)).Refusal);
    }

    [Fact]
    public async Task ARecalculationLeftRunningByAStoppedPortalIsMarkedFailedAndBlocksNothing()
    {
        await using var world = await BonusWorld.CreateAsync();
        await SeedHistoryAsync(world);
        await world.SaveSettingsAsync(Before);
        var left = await world.Recalculations.StartPreviewAsync(From, BonusWorld.Administrator);

        // The portal restarts: a new service instance over the same database.
        var restarted = new BonusRecalculations(
            world.Database, world.Settings, world.Processor, world.Customers, world.Clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<BonusRecalculations>.Instance);

        Assert.Equal(RecalculationRefusal.None, (await restarted.StartPreviewAsync(From, BonusWorld.Administrator)).Refusal);
        var failed = (await restarted.GetAsync(left.Recalculation!.Id))!;
        Assert.Equal(RecalculationStatus.Failed, failed.Status);
        Assert.NotNull(failed.Error);
    }

    private static readonly long[] Contacts = [1, 2, 3, 4, 5, 6];

    /// <summary>
    /// Six customers and their won deals from October 2025 to February 2026, some in dollars, one in a currency without a
    /// rate, one without a contact, two either side of the date's midnight in Moscow. Amounts carry kopecks.
    /// </summary>
    private static async Task<List<Seeded>> SeedHistoryAsync(BonusWorld world)
    {
        await world.AddCurrencyAsync("RUB", 1, isBase: true);
        await world.AddCurrencyAsync("USD", UsdRate);
        string[] names = ["Иван Петров", "Мария Сидорова", "Олег Кузнецов", "Анна Смирнова", "Пётр Иванов", "Елена Волкова"];
        foreach (var contact in Contacts)
        {
            var name = names[contact - 1].Split(' ');
            await world.AddContactAsync(contact, name[0], name[1]);
        }

        var random = new Random(7);
        var deals = new List<Seeded>();
        var start = BonusWorld.Local(2025, 10, 1);
        for (var id = 1; id <= 60; id++)
        {
            var contact = Contacts[random.Next(Contacts.Length)];
            var wonAt = start.AddHours(random.Next(0, 150 * 24));
            var dollars = random.Next(5) == 0;
            var amount = dollars ? random.Next(50_00, 500_00) : random.Next(1_000_00, 25_000_00);
            deals.Add(new Seeded(id, contact, wonAt, amount, dollars ? "USD" : "RUB"));
        }

        deals.Add(new Seeded(61, 2, FromUtc.AddMinutes(-30), 12_345_67, "RUB"));
        deals.Add(new Seeded(62, 2, FromUtc.AddMinutes(30), 9_876_54, "RUB"));
        deals.Add(new Seeded(63, 3, FromUtc.AddDays(3), 50_000_00, "XYZ"));
        deals.Add(new Seeded(64, null, FromUtc.AddDays(4), 20_000_00, "RUB"));
        foreach (var deal in deals)
        {
            await world.WinAsync(deal.Id, deal.ContactId, 0, deal.Amount, deal.WonAt, deal.Currency);
        }

        return deals;
    }

    private delegate BonusSettings BonusRules(Seeded deal);

    /// <summary>
    /// The balance a customer should have, computed apart from the program's code: each deal earns its rules' tier %
    /// (by the spend before it) plus the progressive step (by the count and spend before it), rounded down to the kopeck.
    /// A deal in a currency without a rate earns nothing but counts as a won deal.
    /// </summary>
    private static long Expected(List<Seeded> deals, long contact, BonusRules rulesOf)
    {
        long? Base(Seeded d) => d.Currency switch { "RUB" => d.Amount, "USD" => (long)(d.Amount * UsdRate), _ => null };
        var own = deals.Where(d => d.ContactId == contact).ToList();
        long total = 0;
        foreach (var deal in own.Where(d => Base(d) is not null))
        {
            var before = own.Where(o => o.WonAt < deal.WonAt || (o.WonAt == deal.WonAt && o.Id < deal.Id)).ToList();
            var count = before.Count;
            var spent = before.Sum(o => Base(o) ?? 0);
            var rules = rulesOf(deal);
            var tier = rules.Tiers.Last(t => spent >= t.MinSpend).BonusPercent;
            var step = count >= 5 && spent >= 50_000_00 ? 2 : count >= 3 ? 1 : 0;
            total += (long)Math.Floor(Base(deal)!.Value * (tier + step) / 100m);
        }

        return total;
    }

    private static async Task<Dictionary<long, long>> BalancesAsync(BonusWorld world)
    {
        var balances = new Dictionary<long, long>();
        foreach (var contact in Contacts)
        {
            balances[contact] = await world.BalanceAsync(contact);
        }

        return balances;
    }
}
