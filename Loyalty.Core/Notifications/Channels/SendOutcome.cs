namespace Loyalty.Core.Notifications;

public enum SendResult
{
    Sent,

    /// <summary>May work later (connection refused, time-out, SMTP 4xx, gateway busy): retried with back-off.</summary>
    Transient,

    /// <summary>Will never work (bad address, SMTP 5xx to MAIL/RCPT, invalid number): failed at once.</summary>
    Permanent,
}

/// <summary>
/// What a channel did with one notice: sent (with the provider's message ID) or a classified failure with a reason
/// code (<see cref="NotificationFailures"/>), the channel's exact words and, for SMTP and SMS.ru, its status code.
/// </summary>
public sealed record SendOutcome(SendResult Result, string? ProviderMessageId = null, string? FailureCode = null, string? Detail = null, int? StatusCode = null)
{
    public static SendOutcome Sent(string? providerMessageId, string? detail = null) => new(SendResult.Sent, providerMessageId, null, detail);

    public static SendOutcome Transient(string code, string detail, int? status = null) => new(SendResult.Transient, null, code, detail, status);

    public static SendOutcome Permanent(string code, string detail, int? status = null) => new(SendResult.Permanent, null, code, detail, status);
}

/// <summary>The reason codes a failed notice carries; <see cref="NotificationText"/> words them for the reader.</summary>
public static class NotificationFailures
{
    public const string InvalidAddress = "InvalidAddress";
    public const string Rejected = "Rejected";
    public const string ServerBusy = "ServerBusy";
    public const string Unreachable = "Unreachable";
    public const string AuthFailed = "AuthFailed";
    public const string NotConfigured = "NotConfigured";
    public const string InvalidNumber = "InvalidNumber";
    public const string NoMoney = "NoMoney";
    public const string ProviderError = "ProviderError";
    public const string OptedOut = "OptedOut";
    public const string GaveUp = "GaveUp";
    public const string Bitrix24Error = "Bitrix24Error";
}
