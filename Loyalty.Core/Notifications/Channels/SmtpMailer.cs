using System.Globalization;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Loyalty.Core.Notifications;

/// <summary>
/// E-mail through SMTP with MailKit: a message with a plain-text and an HTML part, a stable Message-ID per notice and
/// <c>List-Unsubscribe</c> and <c>List-Unsubscribe-Post</c> (one-click, RFC 8058) headers; failures classified by <see cref="Classify"/>.
/// </summary>
public static class SmtpMailer
{
    public static MimeMessage Compose(SmtpSettings settings, Notification notice)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(settings.SenderName, settings.SenderAddress ?? ""));
        message.To.Add(new MailboxAddress(notice.RecipientName ?? "", notice.Recipient));
        message.Subject = notice.Subject ?? "";
        var domain = settings.SenderAddress?.Split('@').LastOrDefault() is { Length: > 0 } d ? d : "loyalty.local";
        // The same notice resent after a crash carries the same Message-ID, so a mail client can tell it is one message.
        message.MessageId = notice.Id > 0 ? string.Create(CultureInfo.InvariantCulture, $"notice-{notice.Id}@{domain}") : MimeKit.Utils.MimeUtils.GenerateMessageId(domain);
        if (notice.UnsubscribeUrl is { } url)
        {
            message.Headers.Add("List-Unsubscribe", $"<{url}>");
            // RFC 8058: a mail provider's "Unsubscribe" button POSTs List-Unsubscribe=One-Click to the link.
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        var body = new BodyBuilder { TextBody = notice.Text };
        if (notice.Html is not null)
        {
            body.HtmlBody = notice.Html;
        }

        message.Body = body.ToMessageBody();
        return message;
    }

    public static SmtpSession Open(SmtpSettings settings) => new(settings);

    /// <summary>
    /// SMTP replies 4xx, refused or dropped connections, time-outs and TLS trouble may pass: transient. A 5xx reply to
    /// MAIL FROM, RCPT TO or DATA will not: permanent. Refused credentials wait for an administrator: transient.
    /// </summary>
    public static SendOutcome Classify(Exception ex) => ex switch
    {
        SmtpCommandException command when (int)command.StatusCode is >= 400 and < 500 =>
            SendOutcome.Transient(NotificationFailures.ServerBusy, Reply(command), (int)command.StatusCode),
        SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted } command =>
            SendOutcome.Permanent(NotificationFailures.InvalidAddress, Reply(command), (int)command.StatusCode),
        SmtpCommandException command =>
            SendOutcome.Permanent(NotificationFailures.Rejected, Reply(command), (int)command.StatusCode),
        AuthenticationException => SendOutcome.Transient(NotificationFailures.AuthFailed, ex.Message),
        ParseException or ArgumentException => SendOutcome.Permanent(NotificationFailures.InvalidAddress, ex.Message),
        SmtpProtocolException or SocketException or IOException or SslHandshakeException or TimeoutException or OperationCanceledException
            or ServiceNotConnectedException or ServiceNotAuthenticatedException => SendOutcome.Transient(NotificationFailures.Unreachable, ex.Message),
        _ => SendOutcome.Transient(NotificationFailures.Unreachable, $"{ex.GetType().Name}: {ex.Message}"),
    };

    /// <summary>The server's exact reply: "550 5.1.1 No such user".</summary>
    private static string Reply(SmtpCommandException ex) => $"{(int)ex.StatusCode} {ex.Message}";

    internal static SecureSocketOptions Socket(SmtpTlsMode mode) => mode switch
    {
        SmtpTlsMode.None => SecureSocketOptions.None,
        SmtpTlsMode.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };
}

/// <summary>One SMTP connection for a batch of messages: opened on the first send, opened again after it drops.</summary>
public sealed class SmtpSession(SmtpSettings settings) : IAsyncDisposable
{
    private readonly SmtpClient _client = new() { Timeout = (int)settings.Timeout.TotalMilliseconds };

    public async Task<SendOutcome> SendAsync(MimeMessage message, CancellationToken ct = default)
    {
        if (!settings.IsConfigured)
        {
            return SendOutcome.Transient(NotificationFailures.NotConfigured, "No SMTP server or sender address is set.");
        }

        try
        {
            if (!_client.IsConnected)
            {
                await _client.ConnectAsync(settings.Host!, settings.Port, SmtpMailer.Socket(settings.Tls), ct);
                if (!string.IsNullOrEmpty(settings.User))
                {
                    await _client.AuthenticateAsync(settings.User, settings.Password ?? "", ct);
                }
            }

            var reply = await _client.SendAsync(message, ct);
            return SendOutcome.Sent(string.IsNullOrWhiteSpace(reply) ? message.MessageId : reply.Trim(), "250 " + reply?.Trim());
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            if (ex is not SmtpCommandException && _client.IsConnected)
            {
                // A half-done exchange: start the next message on a fresh connection.
                try
                {
                    await _client.DisconnectAsync(false, CancellationToken.None);
                }
                catch (Exception disconnect) when (disconnect is IOException or SocketException or SmtpProtocolException or ServiceNotConnectedException)
                {
                    // Already gone.
                }
            }

            return SmtpMailer.Classify(ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            try
            {
                await _client.DisconnectAsync(true, CancellationToken.None);
            }
            catch (Exception ex) when (ex is IOException or SocketException or SmtpProtocolException or SmtpCommandException or ServiceNotConnectedException or OperationCanceledException)
            {
                // QUIT is a courtesy.
            }
        }

        _client.Dispose();
    }
}
