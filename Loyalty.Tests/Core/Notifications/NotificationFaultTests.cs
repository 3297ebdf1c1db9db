using System.Globalization;
using Loyalty.Core.Notifications;
using Loyalty.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmtpServer.Protocol;

namespace Loyalty.Tests.Core.Notifications;

public sealed class NotificationFaultTests
{
    [Fact]
    public async Task WithThirtyPercentFaultsOnBothChannelsEveryNoticeIsSentExactlyOnceOrFailedWithItsReason()
    {
        await using var harness = await NotificationHarness.StartAsync();
        var random = new Random(14);
        var faults = 0;
        bool Fault()
        {
            lock (random)
            {
                var fault = random.NextDouble() < 0.3;
                faults += fault ? 1 : 0;
                return fault;
            }
        }

        harness.Smtp.RejectRecipient = a => a.StartsWith("gone", StringComparison.Ordinal);
        harness.Smtp.Fault = _ => Fault() ? new SmtpResponse(SmtpReplyCode.Aborted, "4.3.0 Injected fault") : null;
        harness.Sms.Code = to => to.EndsWith("000", StringComparison.Ordinal) ? 202 : Fault() ? 220 : 100;
        await using (var db = harness.Database.CreateDbContext())
        {
            for (var i = 0; i < 100; i++)
            {
                var who = i % 10 == 0 ? "gone" : "person";
                Assert.True((await harness.Outbox.EnqueueAsync(db, NotificationHarness.Letter($"{who}{i}@example.ru", $"mail:{i}"))).Accepted);
                var number = i % 10 == 0 ? 9_000_000_000L + i * 1000 : 9_000_000_001L + i;
                Assert.True((await harness.Outbox.EnqueueAsync(db, NotificationHarness.Text("+7" + number.ToString(CultureInfo.InvariantCulture), $"sms:{i}"))).Accepted);
            }

            await db.SaveChangesAsync();
        }

        await harness.DrainAsync("every notice to be sent or failed");

        var notices = await harness.AllAsync();
        Assert.Equal(200, notices.Count);
        Assert.True(faults > 30, $"only {faults} faults were injected");
        var sent = notices.Where(n => n.Status == NotificationStatus.Sent).ToList();
        var failed = notices.Where(n => n.Status == NotificationStatus.Failed).ToList();
        Assert.Equal(notices.Count, sent.Count + failed.Count);
        Assert.Equal(20, failed.Count);
        Assert.All(failed, n => Assert.Equal(n.Channel == NotificationChannel.Email ? NotificationFailures.InvalidAddress : NotificationFailures.InvalidNumber, n.FailureCode));
        Assert.All(failed, n => Assert.Equal(1, n.Attempts));
        Assert.Contains(sent, n => n.Attempts > 1);
        // Exactly once: every sent notice arrived once, nothing else arrived.
        var mails = harness.Smtp.Received.Select(m => m.To.Mailboxes.Single().Address).ToList();
        var texts = harness.Sms.Sent.Select(s => "+" + s.To).ToList();
        Assert.Equal(sent.Where(n => n.Channel == NotificationChannel.Email).Select(n => n.Recipient).Order(), mails.Order());
        Assert.Equal(sent.Where(n => n.Channel == NotificationChannel.Sms).Select(n => n.Recipient).Order(), texts.Order());
        Assert.Equal(mails.Count, mails.Distinct().Count());
        Assert.Equal(texts.Count, texts.Distinct().Count());
    }

    [Fact]
    public async Task TheWorkerSendsANoticeAsSoonAsItIsQueued()
    {
        await using var harness = await NotificationHarness.StartAsync(settings: new Dictionary<string, string?> { ["Notifications:PollSeconds"] = "3600" });
        var worker = harness.Services.GetServices<IHostedService>().OfType<NotificationWorker>().Single();
        await worker.StartAsync(CancellationToken.None);
        try
        {
            // The worker's first round looks at once; after it, only a wake-up can bring the next within the hour.
            await Eventually.TrueAsync(async () => (await harness.Queries.CountersAsync()).Waiting == 0, "the worker's first round");
            await harness.EnqueueAsync(NotificationHarness.Letter("anna@example.ru", "woken"));

            await Eventually.TrueAsync(() => harness.Smtp.Received.Count == 1, "the e-mail to arrive");
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task ANoticeLeftSendingByACrashIsSentAgainAfterTheLease()
    {
        await using var harness = await NotificationHarness.StartAsync();
        await harness.EnqueueAsync(NotificationHarness.Letter("anna@example.ru", "crash"));
        await using (var db = harness.Database.CreateDbContext())
        {
            // What a crash between the send and its mark leaves behind.
            var notice = db.Notifications.Single();
            notice.Status = NotificationStatus.Sending;
            notice.SendingSince = harness.Time.GetUtcNow().UtcDateTime;
            notice.Attempts = 1;
            await db.SaveChangesAsync();
        }

        Assert.Equal(0, await harness.Sender.SendDueAsync());
        harness.Time.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(1, await harness.Sender.SendDueAsync());

        var sent = Assert.Single(await harness.AllAsync());
        Assert.Equal(NotificationStatus.Sent, sent.Status);
        Assert.Equal(2, sent.Attempts);
    }

    [Fact]
    public async Task AChannelKeepsToItsMessagesPerMinute()
    {
        await using var harness = await NotificationHarness.StartAsync(settings: new Dictionary<string, string?> { ["Notifications:EmailPerMinute"] = "3" });
        for (var i = 0; i < 5; i++)
        {
            await harness.EnqueueAsync(NotificationHarness.Letter($"p{i}@example.ru", $"k{i}"));
        }

        await harness.EnqueueAsync(NotificationHarness.Text("+79123456789", "sms"));

        Assert.Equal(4, await harness.Sender.SendDueAsync());
        Assert.Equal(3, harness.Smtp.Received.Count);
        Assert.Single(harness.Sms.Sent);
        harness.Time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(2, await harness.Sender.SendDueAsync());
    }
}
