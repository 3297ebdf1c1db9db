using Loyalty.Core.Notifications;
using Loyalty.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using SmtpServer.Protocol;

namespace Loyalty.Tests.Core.Notifications;

public sealed class EmailChannelTests
{
    [Fact]
    public async Task AnEmailArrivesOverSmtpWithBothPartsAndCyrillicIntact()
    {
        await using var harness = await NotificationHarness.StartAsync();
        var render = harness.Templates.Render(
            "Ваши бонусы, {{ name }}", "<p>Здравствуйте, {{ name }}! Начислено <b>{{ points }}</b> баллов.</p>", "Здравствуйте, {{ name }}! Начислено {{ points }} баллов.",
            new Dictionary<string, object?> { ["name"] = "Пётр <Иванов>", ["points"] = 150 });
        var queued = await harness.EnqueueAsync(new NoticeRequest(NotificationChannel.Email, NotificationKind.Bonus, " Petr@Example.RU ", render.Notice!, "bonus:1") { RecipientName = "Пётр Иванов" });

        Assert.Equal(EnqueueOutcome.Queued, queued.Outcome);
        Assert.Equal(1, await harness.Sender.SendDueAsync());

        var message = Assert.Single(harness.Smtp.Received);
        Assert.Equal("Ваши бонусы, Пётр <Иванов>", message.Subject);
        Assert.Equal("petr@example.ru", message.To.Mailboxes.Single().Address);
        Assert.Equal("Пётр Иванов", message.To.Mailboxes.Single().Name);
        Assert.Equal("Программа лояльности", message.From.Mailboxes.Single().Name);
        Assert.Contains("Здравствуйте, Пётр <Иванов>! Начислено 150 баллов.", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Здравствуйте, Пётр &lt;Иванов&gt;! Начислено <b>150</b> баллов.", message.HtmlBody, StringComparison.Ordinal);
        // Every e-mail carries its unsubscribe link, in both parts and as a header.
        var notice = Assert.Single(await harness.AllAsync());
        Assert.StartsWith("https://loyalty.example.ru/unsubscribe/", notice.UnsubscribeUrl, StringComparison.Ordinal);
        Assert.Contains(notice.UnsubscribeUrl!, message.TextBody, StringComparison.Ordinal);
        Assert.Contains(notice.UnsubscribeUrl!, message.HtmlBody, StringComparison.Ordinal);
        Assert.Equal($"<{notice.UnsubscribeUrl}>", message.Headers["List-Unsubscribe"]);
        Assert.Equal(NotificationStatus.Sent, notice.Status);
        Assert.Contains("queued as Q1", notice.ProviderMessageId, StringComparison.Ordinal);
        Assert.Equal($"notice-{notice.Id}@example.ru", message.MessageId);
    }

    [Fact]
    public async Task A550ToRcptFailsTheNoticeAtOnceWithTheServersReply()
    {
        await using var harness = await NotificationHarness.StartAsync();
        harness.Smtp.RejectRecipient = address => address.StartsWith("nobody@", StringComparison.Ordinal);
        await harness.EnqueueAsync(NotificationHarness.Letter("nobody@example.ru", "a"));

        Assert.Equal(0, await harness.Sender.SendDueAsync());

        var notice = Assert.Single(await harness.AllAsync());
        Assert.Equal(NotificationStatus.Failed, notice.Status);
        Assert.Equal(NotificationFailures.InvalidAddress, notice.FailureCode);
        Assert.StartsWith("550 ", notice.LastError, StringComparison.Ordinal);
        Assert.Equal(1, notice.Attempts);
    }

    [Fact]
    public async Task A4xxReplyIsRetriedAfterABackoffAndThenSent()
    {
        await using var harness = await NotificationHarness.StartAsync();
        var faults = 2;
        harness.Smtp.Fault = _ => Interlocked.Decrement(ref faults) >= 0 ? new SmtpResponse(SmtpReplyCode.Aborted, "4.3.0 Try again later") : null;
        await harness.EnqueueAsync(NotificationHarness.Letter("anna@example.ru", "a"));

        Assert.Equal(0, await harness.Sender.SendDueAsync());
        var waiting = Assert.Single(await harness.AllAsync());
        Assert.Equal(NotificationStatus.Waiting, waiting.Status);
        Assert.Equal(NotificationFailures.ServerBusy, waiting.FailureCode);
        Assert.Equal("451 4.3.0 Try again later", waiting.LastError);
        Assert.True(waiting.DueAt > harness.Time.GetUtcNow().UtcDateTime, "a back-off");

        // Not due yet: nothing happens until the clock passes the back-off.
        Assert.Equal(0, await harness.Sender.SendDueAsync());
        Assert.Equal(1, (await harness.AllAsync()).Single().Attempts);

        await harness.DrainAsync("the e-mail to be sent on a later attempt");
        var sent = Assert.Single(await harness.AllAsync());
        Assert.Equal(NotificationStatus.Sent, sent.Status);
        Assert.Equal(3, sent.Attempts);
        Assert.Single(harness.Smtp.Received);
    }

    [Fact]
    public async Task ARefusedConnectionIsTransient()
    {
        var closed = SmtpTestServer.FreePort();
        await using var harness = await NotificationHarness.StartAsync(settings: new Dictionary<string, string?> { ["Notifications:Smtp:Port"] = closed.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await harness.EnqueueAsync(NotificationHarness.Letter("anna@example.ru", "a"));

        await harness.Sender.SendDueAsync();

        var notice = Assert.Single(await harness.AllAsync());
        Assert.Equal(NotificationStatus.Waiting, notice.Status);
        Assert.Equal(NotificationFailures.Unreachable, notice.FailureCode);
    }

    [Fact]
    public async Task ATestEmailReturnsTheServersExactReplyOnFailure()
    {
        await using var harness = await NotificationHarness.StartAsync();
        var checks = harness.Services.GetRequiredService<ChannelChecks>();
        harness.Smtp.Fault = m => m.To.Mailboxes.Single().Address == "full@example.ru" ? new SmtpResponse(SmtpReplyCode.InsufficientStorage, "4.2.2 Mailbox full") : null;

        var ok = await checks.SendTestEmailAsync("admin@example.ru", "Администратор");
        var full = await checks.SendTestEmailAsync("full@example.ru", "Администратор");
        var bad = await checks.SendTestEmailAsync("not an address", "Администратор");

        Assert.True(ok.Succeeded);
        Assert.Contains("Администратор", harness.Smtp.Received.Single().TextBody, StringComparison.Ordinal);
        Assert.False(full.Succeeded);
        Assert.Equal(452, full.StatusCode);
        Assert.Equal("452 4.2.2 Mailbox full", full.Reply);
        Assert.False(bad.Succeeded);
        Assert.Equal("Email_Invalid", bad.MessageKey);
        // Both sends are in the outbox, as tests.
        var notices = await harness.AllAsync();
        Assert.Equal([NotificationStatus.Sent, NotificationStatus.Failed], notices.Select(n => n.Status));
        Assert.All(notices, n => Assert.Equal(NotificationKind.Test, n.Kind));
    }

    [Theory]
    [InlineData(421, MailKit.Net.Smtp.SmtpErrorCode.UnexpectedStatusCode, SendResult.Transient, NotificationFailures.ServerBusy)]
    [InlineData(450, MailKit.Net.Smtp.SmtpErrorCode.RecipientNotAccepted, SendResult.Transient, NotificationFailures.ServerBusy)]
    [InlineData(452, MailKit.Net.Smtp.SmtpErrorCode.MessageNotAccepted, SendResult.Transient, NotificationFailures.ServerBusy)]
    [InlineData(550, MailKit.Net.Smtp.SmtpErrorCode.RecipientNotAccepted, SendResult.Permanent, NotificationFailures.InvalidAddress)]
    [InlineData(553, MailKit.Net.Smtp.SmtpErrorCode.SenderNotAccepted, SendResult.Permanent, NotificationFailures.Rejected)]
    [InlineData(554, MailKit.Net.Smtp.SmtpErrorCode.MessageNotAccepted, SendResult.Permanent, NotificationFailures.Rejected)]
    public void SmtpRepliesAreClassifiedByTheirFirstDigit(int status, MailKit.Net.Smtp.SmtpErrorCode error, SendResult result, string code)
    {
        var outcome = SmtpMailer.Classify(new MailKit.Net.Smtp.SmtpCommandException(error, (MailKit.Net.Smtp.SmtpStatusCode)status, "reply"));

        Assert.Equal(result, outcome.Result);
        Assert.Equal(code, outcome.FailureCode);
        Assert.Equal($"{status} reply", outcome.Detail);
    }

    [Fact]
    public void ProtocolAndSocketErrorsAreTransient()
    {
        Assert.Equal(SendResult.Transient, SmtpMailer.Classify(new MailKit.Net.Smtp.SmtpProtocolException("dropped")).Result);
        Assert.Equal(SendResult.Transient, SmtpMailer.Classify(new System.Net.Sockets.SocketException(111)).Result);
        Assert.Equal(SendResult.Transient, SmtpMailer.Classify(new TimeoutException()).Result);
        Assert.Equal(SendResult.Transient, SmtpMailer.Classify(new MailKit.Security.AuthenticationException("535")).Result);
    }
}
