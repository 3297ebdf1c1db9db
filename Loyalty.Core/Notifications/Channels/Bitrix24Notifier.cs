using System.Globalization;
using System.Text.Json;
using Loyalty.Core.Bitrix24;

namespace Loyalty.Core.Notifications;

/// <summary>
/// The Bitrix24 channel: a system notification to an employee (<c>im.notify.system.add</c> with USER_ID and MESSAGE)
/// through the portal's client (its leaky bucket, back-off and portal mode: the sandbox or the real portal). A missing
/// user (Bitrix24 answers USER_ID_EMPTY), refused access or refused credentials will not pass by retrying: permanent;
/// QUERY_LIMIT_EXCEEDED, 5xx answers and transport failures may: transient.
/// </summary>
public sealed class Bitrix24Notifier(IBitrix24Client client)
{
    public const string Method = "im.notify.system.add";

    public async Task<SendOutcome> SendAsync(string userId, string message, CancellationToken ct = default)
    {
        try
        {
            var result = await client.CallAsync(Method, new Dictionary<string, object?> { ["USER_ID"] = long.Parse(userId, CultureInfo.InvariantCulture), ["MESSAGE"] = message }, ct);
            return SendOutcome.Sent(result.ValueKind is JsonValueKind.Number or JsonValueKind.String ? result.ToString() : null);
        }
        catch (Bitrix24Exception ex)
        {
            return Classify(ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return SendOutcome.Transient(NotificationFailures.Unreachable, ex.Message);
        }
    }

    public static SendOutcome Classify(Bitrix24Exception ex) => ex switch
    {
        // An unknown user, refused access or credentials: the same call fails again until someone changes something, and
        // "retry" on the Notifications page sends it then.
        Bitrix24NotFoundException or Bitrix24AccessException or Bitrix24AuthException => SendOutcome.Permanent(NotificationFailures.Bitrix24Error, ex.Message, ex.HttpStatus),
        // QUERY_LIMIT_EXCEEDED, 5xx, time-outs, refused connections: later.
        Bitrix24LimitException or Bitrix24TransportException => SendOutcome.Transient(NotificationFailures.Bitrix24Error, ex.Message, ex.HttpStatus),
        _ when ex.HttpStatus >= 500 => SendOutcome.Transient(NotificationFailures.Bitrix24Error, ex.Message, ex.HttpStatus),
        // USER_ID_EMPTY, MESSAGE_EMPTY and other argument errors: the same call fails again.
        _ when ex.HttpStatus is >= 400 and < 500 && ex.Code.Length > 0 => SendOutcome.Permanent(NotificationFailures.Bitrix24Error, ex.Message, ex.HttpStatus),
        _ => SendOutcome.Transient(NotificationFailures.Bitrix24Error, ex.Message, ex.HttpStatus),
    };
}
