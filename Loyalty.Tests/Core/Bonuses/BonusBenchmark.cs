using System.Diagnostics;
using System.Globalization;
using Loyalty.Core.Bonuses;
using Loyalty.Core.Ledger;
using Loyalty.Tests.Web.Sandbox;
using Loyalty.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Loyalty.Tests.Core.Bonuses;

/// <summary>
/// The bonus program at the issue's size: 20,000 customers and 100,000 won deals, written straight into SQLite (WAL,
/// as the portal runs it) with their <c>DealWon</c> facts. (a) The processor accrues them all from the facts;
/// (b) the tier rates rise and a recalculation from a date previews and applies the differences. Prints wall times,
/// entries per second and peak memory; asserts only correctness (every balance against an independent computation,
/// the ledger's own check, the number of entries), never a time.
/// Left out of a plain <c>dotnet test</c>; run it with <c>dotnet test --filter "FullyQualifiedName~BonusBenchmark"</c>.
/// </summary>
[Collection(BonusBenchmarkCollection.Name)]
public sealed class BonusBenchmark(ITestOutputHelper output)
{
    private const int ContactCount = 20_000;
    private const int DealCount = 100_000;

    /// <summary>Deals are won over the two years before the clock's now.</summary>
    private static readonly DateTime HistoryStart = BonusWorld.Now.UtcDateTime.AddYears(-2);

    private static readonly BonusSettings Before = new()
    {
        Enabled = true,
        Tiers = BonusSettings.DefaultTiers,
        Steps = [new(3, 0, 1), new(10, 300_000_00, 2)],
    };

    private static readonly BonusSettings After = Before with { Tiers = [.. BonusSettings.DefaultTiers.Select(t => t with { BonusPercent = t.BonusPercent + 2 })] };

    private sealed record Seeded(long Id, long ContactId, DateTime WonAt, long Amount);

    /// <summary>How long (a) may accrue before it stops and reports its rate and where the time goes instead.</summary>
    private static readonly TimeSpan AccrualBudget = TimeSpan.FromMinutes(5);

    /// <summary>(b) recalculates the deals won in the last three months: about 12,500 deals of some 9,000 customers change.</summary>
    private static readonly DateOnly RecalculateFrom = DateOnly.FromDateTime(BonusWorld.Now.UtcDateTime.AddMonths(-3));

    [BenchmarkFact]
    [Benchmark]
    public async Task AccrualOfTheIssuesDealsFromFacts()
    {
        await using var world = await CreateWorldAsync();
        var deals = Seed(world);
        var expected = Accruals(deals, _ => Before);
        await world.SaveSettingsAsync(Before);

        using var budget = new CancellationTokenSource(AccrualBudget);
        var finished = true;
        var accrual = await MeasureAsync(
            async () =>
            {
                try
                {
                    await world.Processor.ProcessAsync(budget.Token);
                }
                catch (OperationCanceledException) when (budget.IsCancellationRequested)
                {
                    finished = false;
                }
            },
            () => EntriesAsync(world));
        var accruals = await CountAsync(world, EntryKind.Accrual);
        var rate = accruals / accrual.Wall.TotalSeconds;
        Print("(a) BonusProcessor.ProcessAsync over every DealWon fact, then the customers' figures");
        Print($"  wall time                      {accrual.Wall.TotalSeconds,10:0.0} s{(finished ? "" : $"   STOPPED at the {AccrualBudget.TotalMinutes:0}-minute budget")}");
        Print($"  accrual entries                {accruals,10:N0}   -> {rate,8:N1} entries/s{(finished ? "" : $"; all {DealCount:N0} would take about {DealCount / rate / 60:N0} min")}");
        PrintMemory(accrual);

        // Every accrual so far is what the independent computation gives its deal (all deals were in the mirror before the pass).
        await using (var db = world.Database.CreateDbContext())
        {
            var posted = await db.LedgerEntries.Where(e => e.Kind == EntryKind.Accrual).Select(e => new { DealId = e.DealId!.Value, e.Amount }).ToListAsync();
            var wrong = posted.Where(p => expected[p.DealId] != p.Amount).Take(5).ToList();
            Assert.True(wrong.Count == 0, "accruals differ: " + string.Join(", ", wrong.Select(w => $"deal {w.DealId}: {w.Amount}, expected {expected[w.DealId]}")));
            Assert.Equal(posted.Count, posted.Select(p => p.DealId).Distinct().Count());
        }

        Assert.Equal(0, (await world.Check.RunAsync("benchmark")).Mismatches);
        if (finished)
        {
            Assert.Equal(DealCount, accruals);
            return;
        }

        await ProfileAsync(world, deals);
    }

    [BenchmarkFact]
    [Benchmark]
    public async Task ARecalculationOfEveryCustomerFromADateAfterARateChange()
    {
        await using var world = await CreateWorldAsync();
        var deals = Seed(world);
        var before = await world.SaveSettingsAsync(Before);
        // The state (a) leads to, written directly: every deal accrued under the first rules, the processor past every fact.
        SeedAccruals(world, deals, before.Version);
        await AssertBalancesAsync(world, deals, _ => Before);

        // The rates rise by 2 points; the next pass refreshes every customer's tier and %, then the recalculation.
        await world.SaveSettingsAsync(After);
        var refresh = await MeasureAsync(() => world.Processor.ProcessAsync());
        Print($"(b) rates +2 points: the next bonus pass refreshes the figures of {ContactCount:N0} customers in {refresh.Wall.TotalSeconds:0.0} s");

        var entriesBefore = await world.EntryCountAsync();
        BonusRecalculation? preview = null;
        var previewing = await MeasureAsync(async () => preview = await world.PreviewAsync(RecalculateFrom));
        BonusRecalculation? applied = null;
        var applying = await MeasureAsync(async () => applied = await world.ApplyAsync(preview!.Id), () => EntriesAsync(world));
        var posted = await world.EntryCountAsync() - entriesBefore;
        var fromUtc = BonusRecalculations.FromUtc(RecalculateFrom, After, world.Clock.Zone)!.Value;
        var changed = deals.Count(d => d.WonAt >= fromUtc);
        Print($"  recalculation from {RecalculateFrom:dd.MM.yyyy} of {preview!.Total:N0} customers: {preview.CustomersAffected:N0} customers and {preview.DealsChanged:N0} deals change (+{preview.Increase / 100m:N2} ₽)");
        Print($"  preview wall time              {previewing.Wall.TotalSeconds,10:0.0} s   -> {preview.Total / previewing.Wall.TotalSeconds,8:N0} customers/s");
        PrintMemory(previewing);
        Print($"  apply wall time                {applying.Wall.TotalSeconds,10:0.0} s   -> {posted / applying.Wall.TotalSeconds,8:N1} entries/s ({posted:N0} entries, customers' figures included)");
        PrintMemory(applying);

        Assert.Equal(RecalculationStatus.Applied, applied!.Status);
        Assert.Equal(changed, preview.DealsChanged);
        Assert.Equal(changed, posted);
        Assert.Equal(changed, applied.EntriesPosted);
        await AssertBalancesAsync(world, deals, d => d.WonAt < fromUtc ? Before : After);
        Print($"  process-lifetime peak working set: {Mb(PeakWorkingSet()):N0} MB");
    }

    private async Task<BonusWorld> CreateWorldAsync()
    {
        var world = await BonusWorld.CreateAsync();
        await using var db = world.Database.CreateDbContext();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        Print($"Bonus program: {ContactCount:N0} contacts and {DealCount:N0} won deals with their DealWon facts, written straight into SQLite (WAL, as the portal runs it); {Environment.ProcessorCount} cores, load average {LoadAverage()}");
        return world;
    }

    /// <summary>Where (a)'s time goes, per call on the same database: the stats query, one ledger posting, one bare commit.</summary>
    private async Task ProfileAsync(BonusWorld world, List<Seeded> deals)
    {
        const int Calls = 200;
        var sample = deals.Skip(DealCount / 2).Take(Calls).ToList();
        var stats = Stopwatch.StartNew();
        await using (var db = world.Database.CreateDbContext())
        {
            var history = await BonusHistory.CreateAsync(db, Before, world.Clock.Zone, default);
            foreach (var deal in sample)
            {
                await history.StatsAsync(deal.ContactId, deal.WonAt, deal.Id, default);
            }
        }

        stats.Stop();
        var credit = Stopwatch.StartNew();
        for (var i = 0; i < Calls; i++)
        {
            await world.Ledger.CreditAsync(new AccountKey(AccountKind.EmployeePoints, 1 + (i % 50)), EntryKind.Accrual, 100, new PostingInfo($"bench:{i}", BonusWorld.Now.UtcDateTime, "bench"));
        }

        credit.Stop();
        var commit = Stopwatch.StartNew();
        await using (var db = world.Database.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE BenchCommits (X INTEGER)");
            for (var i = 0; i < Calls; i++)
            {
                await db.Database.ExecuteSqlRawAsync("INSERT INTO BenchCommits VALUES (1)");
            }
        }

        commit.Stop();
        Print($"  where the time goes, per call ({Calls} calls each, same database):");
        Print($"    BonusHistory.StatsAsync (the customer's counted wins before the deal)   {stats.Elapsed.TotalMilliseconds / Calls,7:0.00} ms");
        Print($"    LedgerService.CreditAsync (account, idempotency check, entry + balance in a transaction) {credit.Elapsed.TotalMilliseconds / Calls,7:0.00} ms");
        Print($"    a bare one-row INSERT in its own transaction (WAL commit, synchronous=FULL)  {commit.Elapsed.TotalMilliseconds / Calls,7:0.00} ms");
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>Every balance equals the independent computation, the ledger's check finds no mismatch, and balances sum to the entries.</summary>
    private static async Task AssertBalancesAsync(BonusWorld world, List<Seeded> deals, Func<Seeded, BonusSettings> rulesOf)
    {
        var expected = Accruals(deals, rulesOf).GroupBy(a => deals[(int)a.Key - 1].ContactId).ToDictionary(g => g.Key, g => g.Sum(a => a.Value));
        await using var db = world.Database.CreateDbContext();
        var balances = await db.LedgerAccounts.Where(a => a.Kind == AccountKind.CustomerBonus).ToDictionaryAsync(a => a.OwnerId, a => a.Balance);
        Assert.Equal(expected.Count, balances.Count);
        var wrong = expected.Where(e => balances.GetValueOrDefault(e.Key) != e.Value).Take(5).ToList();
        Assert.True(wrong.Count == 0, "balances differ: " + string.Join(", ", wrong.Select(w => $"#{w.Key} expected {w.Value}, has {balances.GetValueOrDefault(w.Key)}")));
        Assert.Equal(await db.LedgerEntries.SumAsync(e => e.Amount), balances.Values.Sum());
        Assert.Equal(0, (await world.Check.RunAsync("benchmark")).Mismatches);
    }

    /// <summary>Each deal's accrual computed apart from the program: running count and spend in won order, tier + step, rounded down.</summary>
    private static Dictionary<long, long> Accruals(List<Seeded> deals, Func<Seeded, BonusSettings> rulesOf)
    {
        var accruals = new Dictionary<long, long>();
        foreach (var customer in deals.GroupBy(d => d.ContactId))
        {
            var count = 0;
            long spent = 0;
            foreach (var deal in customer.OrderBy(d => d.WonAt).ThenBy(d => d.Id))
            {
                var rules = rulesOf(deal);
                var tier = rules.Tiers.Last(t => spent >= t.MinSpend).BonusPercent;
                var step = rules.Steps.Where(s => count >= s.MinWonDeals && spent >= s.MinTotal).Select(s => s.ExtraPercent).DefaultIfEmpty(0).Max();
                accruals[deal.Id] = (long)Math.Floor(deal.Amount * (tier + step) / 100m);
                count++;
                spent += deal.Amount;
            }
        }

        return accruals;
    }

    /// <summary>The ledger as the processor leaves it after (a), in one transaction: an account per customer, an accrual per deal.</summary>
    private static void SeedAccruals(BonusWorld world, List<Seeded> deals, int version)
    {
        var accruals = Accruals(deals, _ => Before);
        var now = BonusWorld.Now.UtcDateTime;
        using var connection = Open(world);
        using var transaction = connection.BeginTransaction();
        using (var account = Command(connection, "INSERT INTO LedgerAccounts (Id, Kind, OwnerId, Balance, Version, CreatedAt) VALUES ($id, 'CustomerBonus', $id, $balance, 1, $now)", "$id", "$balance", "$now"))
        {
            foreach (var customer in deals.GroupBy(d => d.ContactId))
            {
                Bind(account, customer.Key, customer.Sum(d => accruals[d.Id]), now);
            }
        }

        using (var entry = Command(
            connection,
            "INSERT INTO LedgerEntries (AccountId, Kind, Amount, SourceKey, OccurredAt, RecordedAt, Actor, RuleVersion, DealId) VALUES ($account, 'Accrual', $amount, $key, $at, $now, 'system:bonuses', $version, $deal)",
            "$account", "$amount", "$key", "$at", "$now", "$version", "$deal"))
        {
            foreach (var d in deals.OrderBy(d => d.WonAt))
            {
                Bind(entry, d.ContactId, accruals[d.Id], $"fact:{FactKey(d)}", d.WonAt, now, version, d.Id);
            }
        }

        using (var cursor = Command(connection, "INSERT INTO ProgramCursors (Program, LastFactId, DealsSyncedAfter, SettingsVersion) VALUES ('bonuses', (SELECT MAX(Id) FROM CrmFacts), $now, $version)", "$now", "$version"))
        {
            Bind(cursor, now, version);
        }

        transaction.Commit();
    }

    /// <summary>Contacts, won deals and their facts in one transaction with prepared commands, as fast as SQLite takes them.</summary>
    private static List<Seeded> Seed(BonusWorld world)
    {
        var random = new Random(20_000);
        var span = (long)(BonusWorld.Now.UtcDateTime - HistoryStart).TotalSeconds;
        var deals = Enumerable.Range(1, DealCount)
            .Select(id => new Seeded(id, random.Next(1, ContactCount + 1), HistoryStart.AddSeconds(random.NextInt64(span)), random.Next(1_000_00, 100_000_00)))
            .ToList();
        var now = BonusWorld.Now.UtcDateTime;
        var watch = Stopwatch.StartNew();
        using var connection = Open(world);
        using var transaction = connection.BeginTransaction();

        using (var currency = Command(connection, "INSERT INTO CrmCurrencies (Code, IsBase, Rate, AmountCount, SyncedAt) VALUES ('RUB', 1, '1', 1, $now)"))
        {
            currency.Parameters.AddWithValue("$now", now);
            currency.ExecuteNonQuery();
        }

        using (var contact = Command(connection, "INSERT INTO CrmContacts (Id, FirstName, LastName, SyncedAt) VALUES ($id, $first, $last, $now)", "$id", "$first", "$last", "$now"))
        {
            for (var id = 1; id <= ContactCount; id++)
            {
                Bind(contact, id, "Клиент", id.ToString(CultureInfo.InvariantCulture), now);
            }
        }

        using var deal = Command(
            connection,
            "INSERT INTO CrmDeals (Id, Title, PipelineId, StageId, Semantics, AmountMinor, CurrencyId, ContactId, CreatedAt, MovedAt, WonAt, ModifiedAt, SyncedAt) " +
            "VALUES ($id, $title, 1, 'WON', 'Success', $amount, 'RUB', $contact, $at, $at, $at, $at, $now)",
            "$id", "$title", "$amount", "$contact", "$at", "$now");
        using var fact = Command(
            connection,
            "INSERT INTO CrmFacts (Key, Kind, EntityType, EntityId, ContactId, PipelineId, AmountMinor, CurrencyId, OccurredAt, RecordedAt) " +
            "VALUES ($key, 'DealWon', 'deal', $id, $contact, 1, $amount, 'RUB', $at, $now)",
            "$key", "$id", "$contact", "$amount", "$at", "$now");
        foreach (var d in deals.OrderBy(d => d.WonAt))
        {
            Bind(deal, d.Id, $"Сделка {d.Id}", d.Amount, d.ContactId, d.WonAt, now);
            Bind(fact, FactKey(d), d.Id, d.ContactId, d.Amount, d.WonAt, now);
        }

        transaction.Commit();
        Console.WriteLine($"  mirror written in {watch.Elapsed.TotalSeconds:0.0} s");
        return deals;
    }

    private static string FactKey(Seeded deal) => $"deal:{deal.Id}:won:{deal.WonAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}";

    private static SqliteConnection Open(BonusWorld world)
    {
        string connectionString;
        using (var db = world.Database.CreateDbContext())
        {
            connectionString = db.Database.GetConnectionString()!;
        }

        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    private static void Bind(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        command.ExecuteNonQuery();
    }

    private static async Task<int> CountAsync(BonusWorld world, EntryKind kind)
    {
        await using var db = world.Database.CreateDbContext();
        return await db.LedgerEntries.CountAsync(e => e.Kind == kind);
    }

    private sealed record Measurement(TimeSpan Wall, long WorkingSetBefore, long WorkingSetPeak, long HeapBefore, long HeapPeak, long HeapAfter);

    private static async Task<long> EntriesAsync(BonusWorld world)
    {
        await using var db = world.Database.CreateDbContext();
        return await db.LedgerEntries.LongCountAsync();
    }

    /// <summary>Times <paramref name="work"/> and samples memory; every 30 s, <paramref name="progress"/>'s count goes to the console and a log in the temp folder.</summary>
    private static async Task<Measurement> MeasureAsync(Func<Task> work, Func<Task<long>>? progress = null)
    {
        var (heapBefore, workingSetBefore) = Collect();
        using var stop = new CancellationTokenSource();
        var started = Stopwatch.StartNew();
        var reporter = progress is null ? Task.CompletedTask : Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(30));
            while (await Tick(timer, stop.Token))
            {
                var line = $"  … {started.Elapsed.TotalSeconds:0} s: {await progress():N0} entries";
                Console.WriteLine(line);
                await File.AppendAllTextAsync(Path.Combine(Path.GetTempPath(), "loyalty-bonus-benchmark.log"), line + Environment.NewLine);
            }
        });
        var sampler = Task.Run(async () =>
        {
            using var process = Process.GetCurrentProcess();
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
            long workingSet = 0, heap = 0;
            do
            {
                process.Refresh();
                workingSet = Math.Max(workingSet, process.WorkingSet64);
                heap = Math.Max(heap, GC.GetTotalMemory(forceFullCollection: false));
            }
            while (await Tick(timer, stop.Token));

            return (workingSet, heap);
        });
        var watch = Stopwatch.StartNew();
        await work();
        watch.Stop();
        await stop.CancelAsync();
        await reporter;
        var (workingSetPeak, heapPeak) = await sampler;
        var (heapAfter, _) = Collect();
        return new Measurement(watch.Elapsed, workingSetBefore, workingSetPeak, heapBefore, heapPeak, heapAfter);
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static (long Heap, long WorkingSet) Collect()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64);
    }

    private static long PeakWorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }

    private static double Mb(long bytes) => bytes / 1024.0 / 1024.0;

    private void PrintMemory(Measurement m)
    {
        Print($"  working set before / peak      {Mb(m.WorkingSetBefore),6:N0} / {Mb(m.WorkingSetPeak):N0} MB");
        Print($"  managed heap before / peak / after {Mb(m.HeapBefore),4:N0} / {Mb(m.HeapPeak):N0} / {Mb(m.HeapAfter):N0} MB   (before, after: after a forced full collection; peak: sampled every 50 ms, garbage included)");
    }

    private void Print(string line)
    {
        output.WriteLine(line);
        Console.WriteLine(line);
        File.AppendAllText(Path.Combine(Path.GetTempPath(), "loyalty-bonus-benchmark.log"), line + Environment.NewLine);
    }
}

/// <summary>The bonus benchmark runs alone, after the parallel tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BonusBenchmarkCollection
{
    public const string Name = "Bonus benchmarks";
}
