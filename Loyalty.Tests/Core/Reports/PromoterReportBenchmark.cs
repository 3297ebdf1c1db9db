using System.Diagnostics;
using System.Globalization;
using ClosedXML.Excel;
using Loyalty.Core.Crm;
using Loyalty.Core.Ledger;
using Loyalty.Core.Promoters;
using Loyalty.Core.Reports;
using Loyalty.Tests.Core.Promoters;
using Loyalty.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Loyalty.Tests.Core.Reports;

/// <summary>
/// The payout report over 100,000 commission entries (500 promoters × 200 accruals in November 2026, every tenth
/// reversed) on a real SQLite file (docs/performance.md): time and memory of the figures (grouped SQL) and of the
/// workbook. Asserts only that the totals are the inserted sums.
/// </summary>
public sealed class PromoterReportBenchmark(ITestOutputHelper output)
{
    /// <summary>100,000, or LOYALTY_BENCH_COMMISSIONS for a quick look.</summary>
    private static readonly int Count = int.TryParse(Environment.GetEnvironmentVariable("LOYALTY_BENCH_COMMISSIONS"), out var n) && n > 0 ? n : 100_000;

    private const int Promoters = 500;

    [Fact]
    [Benchmark]
    public async Task ThePayoutReportOverAHundredThousandCommissionEntries()
    {
        await using var world = await PromoterWorld.CreateAsync();
        var seed = Stopwatch.StartNew();
        var (accrued, reversed) = await SeedAsync(world);
        seed.Stop();
        var reports = new PromoterReports(world.Database, world.Clock);
        var load = File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg")).Trim() : "n/a";
        Print($"load average before: {load}; {Environment.ProcessorCount} cores; seeded {Count:N0} commissions + {Count + Count / 10:N0} ledger entries in {seed.Elapsed.TotalSeconds:F1} s");

        // Warm-up (EF model, query compilation), then the measured runs.
        await reports.PayoutFiguresAsync(new PromoterReportFilter(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 2)));
        foreach (var (label, filter) in new[]
                 {
                     ("November (a past period: balances as at its end)", new PromoterReportFilter(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30))),
                     ("the year to date (current: the registry's balances)", new PromoterReportFilter(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31))),
                 })
        {
            GC.Collect();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var figures = Stopwatch.StartNew();
            var rows = await reports.PayoutFiguresAsync(filter);
            figures.Stop();
            var afterFigures = GC.GetTotalAllocatedBytes(precise: true);
            var workbook = Stopwatch.StartNew();
            var bytes = await reports.PayoutsAsync(filter, CultureInfo.GetCultureInfo("ru-RU"));
            workbook.Stop();
            var afterWorkbook = GC.GetTotalAllocatedBytes(precise: true);
            Print($"{label}: figures {figures.Elapsed.TotalMilliseconds:N0} ms (allocated {(afterFigures - before) / 1048576.0:N1} MB); "
                + $"whole file {workbook.Elapsed.TotalMilliseconds:N0} ms (allocated {(afterWorkbook - afterFigures) / 1048576.0:N1} MB, {bytes.Length / 1024.0:N0} KB)");

            Assert.Equal(Promoters, rows.Count);
            Assert.Equal(accrued, rows.Sum(r => r.Accrued));
            Assert.Equal(reversed, rows.Sum(r => r.Reversed));
            using var book = new XLWorkbook(new MemoryStream(bytes));
            Assert.Equal(accrued / 100m, book.Worksheet(1).Cell(Promoters + 2, 6).GetValue<decimal>());
        }

        Print($"peak working set of the test process: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MB; load average after: "
            + (File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg")).Trim() : "n/a"));
    }

    /// <summary>Promoters, their accounts, accruals (and every tenth reversed) with register lines, written in bulk.</summary>
    private static async Task<(long Accrued, long Reversed)> SeedAsync(PromoterWorld world)
    {
        var start = PromoterWorld.Local(2026, 11, 1, 0);
        var accountOf = new Dictionary<long, long>();
        await using (var db = world.Database.CreateDbContext())
        {
            for (var i = 1; i <= Promoters; i++)
            {
                db.Contacts.Add(new Contact { Id = i, FirstName = $"Промоутер {i:D3}", LastName = "Тестов", SyncedAt = start, ModifiedAt = start });
                db.Promoters.Add(new Promoter { Id = i, ContactId = i, Active = true, CreatedAt = start, SwitchedAt = start, SwitchedBy = "bench" });
                db.LedgerAccounts.Add(new Account { Kind = AccountKind.PromoterCommission, OwnerId = i, CreatedAt = start });
            }

            await db.SaveChangesAsync();
            accountOf = await db.LedgerAccounts.ToDictionaryAsync(a => a.OwnerId, a => a.Id);
        }

        long accrued = 0, reversed = 0;
        var balances = new Dictionary<long, long>();
        const int Batch = 10_000;
        for (var from = 0; from < Count; from += Batch)
        {
            await using var db = world.Database.CreateDbContext();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var entries = new List<(LedgerEntry Entry, PromoterCommission Line, bool Reverse)>();
            for (var k = from; k < Math.Min(Count, from + Batch); k++)
            {
                var promoter = k % Promoters + 1;
                var at = start.AddSeconds(k * (29.0 * 24 * 3600 / Count));
                var amount = 1_000_00 + k % 997 * 100;
                var entry = new LedgerEntry
                {
                    AccountId = accountOf[promoter], Kind = EntryKind.Accrual, Amount = amount, SourceKey = $"fact:bench:{k}", OccurredAt = at, RecordedAt = at,
                    Actor = PromoterCommissions.Actor, RuleVersion = 1, DealId = k + 1,
                };
                var line = new PromoterCommission
                {
                    PromoterId = promoter, SourceKey = $"fact:bench:{k}", Trigger = CommissionTrigger.DealWon, Attribution = AttributionSource.LeadField, DealId = k + 1,
                    BaseAmount = amount * 10, RateBasisPoints = 1000, Amount = amount, RuleVersion = 1, Status = CommissionStatus.Accrued,
                    PayableAfter = at.AddDays(14), OccurredAt = at, RecordedAt = at,
                };
                db.LedgerEntries.Add(entry);
                entries.Add((entry, line, k % 10 == 9));
                accrued += amount;
                balances[promoter] = balances.GetValueOrDefault(promoter) + amount;
            }

            await db.SaveChangesAsync();
            foreach (var (entry, line, reverse) in entries)
            {
                line.LedgerEntryId = entry.Id;
                if (reverse)
                {
                    var back = new LedgerEntry
                    {
                        AccountId = entry.AccountId, Kind = EntryKind.Reversal, Amount = -entry.Amount, SourceKey = entry.SourceKey + ":unwon", OccurredAt = entry.OccurredAt.AddHours(1),
                        RecordedAt = entry.OccurredAt.AddHours(1), Actor = PromoterCommissions.Actor, RuleVersion = 1, DealId = entry.DealId, ReversesEntryId = entry.Id,
                    };
                    db.LedgerEntries.Add(back);
                    line.Status = CommissionStatus.Reversed;
                    reversed += entry.Amount;
                    balances[line.PromoterId] -= entry.Amount;
                }

                db.PromoterCommissions.Add(line);
            }

            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
            foreach (var (entry, line, reverse) in entries.Where(e => e.Reverse))
            {
                line.ReversalEntryId = db.LedgerEntries.Local.First(e => e.ReversesEntryId == entry.Id).Id;
            }

            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
        }

        await using (var db = world.Database.CreateDbContext())
        {
            foreach (var (promoter, balance) in balances)
            {
                await db.LedgerAccounts.Where(a => a.OwnerId == promoter && a.Kind == AccountKind.PromoterCommission).ExecuteUpdateAsync(u => u.SetProperty(a => a.Balance, balance));
            }
        }

        return (accrued, reversed);
    }

    private void Print(string line)
    {
        output.WriteLine(line);
        Console.WriteLine("[bench] " + line);
    }
}
