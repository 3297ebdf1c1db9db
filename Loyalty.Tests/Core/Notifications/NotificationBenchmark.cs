using System.Diagnostics;
using System.Globalization;
using Loyalty.Core.Notifications;
using Loyalty.Tests.TestSupport;
using Xunit.Abstractions;

namespace Loyalty.Tests.Core.Notifications;

/// <summary>
/// 10,000 e-mails queued in one transaction and sent through a real SMTP server on 127.0.0.1 (docs/performance.md).
/// Prints the figures; asserts only that every notice arrived (a message timed out on a busy machine is retried, and may
/// arrive twice: at-least-once towards the channel).
/// </summary>
public sealed class NotificationBenchmark(ITestOutputHelper output)
{
    /// <summary>10,000, or LOYALTY_BENCH_NOTICES for a quick look.</summary>
    private static readonly int Count = int.TryParse(Environment.GetEnvironmentVariable("LOYALTY_BENCH_NOTICES"), out var n) && n > 0 ? n : 10_000;

    [Fact]
    [Benchmark]
    public async Task TenThousandNoticesQueuedInOneTransactionAndSentOverSmtp()
    {
        await using var harness = await NotificationHarness.StartAsync();
        var template = new NoticeTemplate("Бонусы для {{ name }}", "<p>Здравствуйте, {{ name }}! Начислено <b>{{ points }}</b> баллов.</p>", "Здравствуйте, {{ name }}! Начислено {{ points }} баллов.");
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var load = File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg")).Trim() : "n/a";

        var enqueue = Stopwatch.StartNew();
        await using (var db = harness.Database.CreateDbContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            for (var i = 0; i < Count; i++)
            {
                var render = harness.Templates.Render(template, new Dictionary<string, object?> { ["name"] = $"Клиент {i}", ["points"] = i });
                var result = await harness.Outbox.EnqueueAsync(db, new NoticeRequest(NotificationChannel.Email, NotificationKind.Bonus, $"client{i}@example.ru", render.Notice!, $"bench:{i}"));
                Assert.Equal(EnqueueOutcome.Queued, result.Outcome);
            }

            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        enqueue.Stop();
        var allocatedEnqueue = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Print($"load average before: {load}");
        Print($"enqueue {Count:N0} in one transaction (render + enqueue + save): {enqueue.Elapsed.TotalSeconds:F2} s ({Count / enqueue.Elapsed.TotalSeconds:N0} notices/s), allocated {allocatedEnqueue / 1048576.0:N0} MB");

        var send = Stopwatch.StartNew();
        var sent = await harness.Sender.SendDueAsync();
        send.Stop();
        var allocatedTotal = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Print($"send {sent:N0} of {Count:N0} over SMTP in one pass (one connection): {send.Elapsed.TotalSeconds:F2} s ({sent / send.Elapsed.TotalSeconds:N0} messages/s)");
        Print($"allocated in all: {allocatedTotal / 1048576.0:N0} MB; working set {Environment.WorkingSet / 1048576.0:N0} MB; peak {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MB");

        // A busy machine may time out a few messages: they are retried, not lost (counted, not timed).
        await harness.DrainAsync("every notice sent");
        var all = await harness.AllAsync();
        Print($"retried after a transient failure: {all.Count(x => x.Attempts > 1)}; load average after: {(File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg")).Trim() : "n/a")}");
        Assert.All(all, x => Assert.Equal(NotificationStatus.Sent, x.Status));
        Assert.Equal(Count, harness.Smtp.Received.Select(m => m.To.Mailboxes.Single().Address).Distinct().Count());
    }

    private void Print(string line)
    {
        output.WriteLine(line);
        Console.WriteLine(line);
    }
}
