using Loyalty.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Notifications;

/// <summary>A test send's outcome: on failure the reason code and the server's exact reply (SMTP status code and text, SMS.ru's code).</summary>
public sealed record ChannelTestResult(bool Succeeded, string? ProviderMessageId, string? FailureCode, string? Reply, int? StatusCode, string? MessageKey = null);

/// <summary>
/// The Channels page's buttons: a test e-mail and a test SMS with the saved settings, and the SMS balance. A test is
/// sent at once, not queued, so the answer is the server's; it is still recorded in the outbox (kind Test) so the
/// outbox lists everything sent to people.
/// </summary>
public sealed class ChannelChecks(IDbContextFactory<LoyaltyDbContext> dbFactory, ChannelSettings settings, ISmsProvider sms, NoticeTemplates templates, TimeProvider time)
{
    public async Task<ChannelTestResult> SendTestEmailAsync(string to, string by, CancellationToken ct = default)
    {
        var address = NotificationAddresses.Email(to);
        if (!address.IsValid)
        {
            return new ChannelTestResult(false, null, NotificationFailures.InvalidAddress, null, null, address.MessageKey);
        }

        var smtp = (await settings.EffectiveAsync(ct)).Smtp;
        var content = Test(by);
        var notice = new Notification
        {
            Channel = NotificationChannel.Email, Kind = NotificationKind.Test, Recipient = address.Address!, Subject = content.Subject,
            Html = content.Html, Text = content.Text,
        };
        await using var session = SmtpMailer.Open(smtp);
        var outcome = await session.SendAsync(SmtpMailer.Compose(smtp, notice), ct);
        await RecordAsync(notice, outcome, ct);
        return Result(outcome);
    }

    public async Task<ChannelTestResult> SendTestSmsAsync(string number, string by, CancellationToken ct = default)
    {
        var phone = PhoneNumbers.Normalize(number);
        if (!phone.IsValid)
        {
            return new ChannelTestResult(false, null, NotificationFailures.InvalidNumber, null, null, phone.MessageKey);
        }

        var content = Test(by);
        var notice = new Notification { Channel = NotificationChannel.Sms, Kind = NotificationKind.Test, Recipient = phone.E164!, Text = content.Text };
        var outcome = await sms.SendAsync(phone.E164!, content.Text, ct);
        await RecordAsync(notice, outcome, ct);
        return Result(outcome);
    }

    /// <summary>The SMS account's balance, or null when the gateway cannot tell.</summary>
    public Task<decimal?> SmsBalanceAsync(CancellationToken ct = default) => sms.BalanceAsync(ct);

    private RenderedNotice Test(string by)
    {
        var render = templates.Render(
            NotificationText.Get("Test_Subject"), NotificationText.Get("Test_Html"), NotificationText.Get("Test_Text"), new Dictionary<string, object?> { ["by"] = by });
        return render.Notice ?? new RenderedNotice("Loyalty test", null, "Loyalty test");
    }

    private async Task RecordAsync(Notification notice, SendOutcome outcome, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        notice.DedupeKey = $"test:{Guid.NewGuid():N}";
        notice.CreatedAt = now;
        notice.DueAt = now;
        notice.Attempts = 1;
        notice.FirstTriedAt = now;
        if (outcome.Result == SendResult.Sent)
        {
            notice.Status = NotificationStatus.Sent;
            notice.SentAt = now;
            notice.ProviderMessageId = Cut(outcome.ProviderMessageId, 200);
        }
        else
        {
            notice.Status = NotificationStatus.Failed;
            notice.FailedAt = now;
            notice.FailureCode = outcome.FailureCode;
            notice.LastError = Cut(outcome.Detail, NotificationLimits.Error);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Notifications.Add(notice);
        await db.SaveChangesAsync(ct);
    }

    private static ChannelTestResult Result(SendOutcome outcome) =>
        outcome.Result == SendResult.Sent
            ? new ChannelTestResult(true, outcome.ProviderMessageId, null, outcome.Detail, null)
            : new ChannelTestResult(false, null, outcome.FailureCode, outcome.Detail, outcome.StatusCode);

    internal static string? Cut(string? value, int limit) => value is null || value.Length <= limit ? value : value[..limit];
}
