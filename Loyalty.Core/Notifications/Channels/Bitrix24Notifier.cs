using System.Globalization;
using System.Text.Json;
using Loyalty.Core.Bitrix24;

namespace Loyalty.Core.Notifications;

/// <summary>
/// The Bitrix24 channel: a system notification to an employee (<c>im.notify.system.add</c> with USER_ID and MESSAGE)
/// through the portal's rate-limited client. A missing user or refused access will not pass by retrying: permanent;
/// limits, transport and credentials may: transient.
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
        Bitrix24NotFoundException or Bitrix24AccessException => SendOutcome.Permanent(NotificationFailures.Bitrix24Error, ex.Message),
        Bitrix24LimitException or Bitrix24TransportException or Bitrix24AuthException => SendOutcome.Transient(NotificationFailures.Bitrix24Error, ex.Message),
        // USER_ID_EMPTY, MESSAGE_EMPTY and other argument errors: the same call fails again.
        _ when ex.HttpStatus is >= 400 and < 500 && ex.Code.Length > 0 => SendOutcome.Permanent(NotificationFailures.Bitrix24Error, ex.Message),
        _ => SendOutcome.Transient(NotificationFailures.Bitrix24Error, ex.Message),
    };
}
