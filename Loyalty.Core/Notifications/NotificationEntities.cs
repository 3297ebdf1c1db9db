namespace Loyalty.Core.Notifications;

/// <summary>How a notice reaches a person.</summary>
public enum NotificationChannel
{
    Email,
    Sms,
    Bitrix24,
}

/// <summary>
/// Where a notice is: <see cref="Waiting"/> until due (and after a transient failure), <see cref="Sending"/> while a
/// sender holds it, then <see cref="Sent"/>, <see cref="Failed"/> (a permanent failure, or transient ones for longer
/// than the retry window) or <see cref="Skipped"/> (the recipient opted out before it went).
/// </summary>
public enum NotificationStatus
{
    Waiting,
    Sending,
    Sent,
    Failed,
    Skipped,
}

/// <summary>Why a notice exists. <see cref="Test"/> and <see cref="SignInCode"/> are never held by SMS quiet hours.</summary>
public enum NotificationKind
{
    Test,
    SignInCode,
    PromoterWonDeal,
    NpsSurvey,
    Gamification,
    Bonus,
    Other,
    PromoterPayout,
}

/// <summary>
/// One notice to one person through one channel, written in the same transaction as the change that caused it. Its
/// texts are rendered when it is queued, so a later template edit does not change what was promised.
/// </summary>
public sealed class Notification
{
    public long Id { get; set; }

    public NotificationChannel Channel { get; set; }

    public NotificationKind Kind { get; set; }

    /// <summary>An e-mail address, an E.164 number (<c>+79123456789</c>) or a Bitrix24 user ID, as the channel needs.</summary>
    public string Recipient { get; set; } = "";

    public string? RecipientName { get; set; }

    /// <summary>The e-mail's subject; null for SMS and Bitrix24.</summary>
    public string? Subject { get; set; }

    /// <summary>The e-mail's HTML part (values HTML-encoded, unsubscribe link included); null for SMS and Bitrix24.</summary>
    public string? Html { get; set; }

    /// <summary>The plain text: the e-mail's text part, the SMS, the Bitrix24 message.</summary>
    public string Text { get; set; } = "";

    /// <summary>The occasion (<c>nps:survey:42</c>): unique, so the same occasion queued twice is sent once.</summary>
    public string DedupeKey { get; set; } = "";

    /// <summary>The e-mail's unsubscribe link (also its <c>List-Unsubscribe</c> header).</summary>
    public string? UnsubscribeUrl { get; set; }

    public NotificationStatus Status { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>When the next attempt may be made (UTC): the queueing time, the morning after SMS quiet hours, or a back-off.</summary>
    public DateTime DueAt { get; set; }

    public int Attempts { get; set; }

    public DateTime? FirstTriedAt { get; set; }

    /// <summary>When the current attempt began, while <see cref="Status"/> is <see cref="NotificationStatus.Sending"/>.</summary>
    public DateTime? SendingSince { get; set; }

    public DateTime? SentAt { get; set; }

    public DateTime? FailedAt { get; set; }

    /// <summary>The reason code of the last failure (<see cref="NotificationFailures"/>), for the reader's language.</summary>
    public string? FailureCode { get; set; }

    /// <summary>The channel's own words for the last failure: an SMTP reply with its code, a gateway's status.</summary>
    public string? LastError { get; set; }

    /// <summary>The message ID the channel gave: SMTP queue ID, SMS ID, Bitrix24 notification ID.</summary>
    public string? ProviderMessageId { get; set; }
}

/// <summary>Where an opt-out came from.</summary>
public enum OptOutSource
{
    UnsubscribeLink,
    Stop,
    Administrator,
}

/// <summary>A person who asked for no more notices at an address: an e-mail address (lower case) or an E.164 number.</summary>
public sealed class NotificationOptOut
{
    public string Address { get; set; } = "";

    public NotificationChannel Channel { get; set; }

    public OptOutSource Source { get; set; }

    public DateTime CreatedAt { get; set; }
}

public enum SmtpTlsMode
{
    None,
    StartTls,
    SslOnConnect,
}

/// <summary>
/// The channels as administrators set them on the Channels page: one row. Absent, the <c>Notifications</c> section of
/// configuration gives every value. Secrets are stored protected with Data Protection.
/// </summary>
public sealed class ChannelSettingsRow
{
    public int Id { get; set; }

    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; }

    public SmtpTlsMode SmtpTls { get; set; }

    public string? SmtpUser { get; set; }

    public string? SmtpPasswordProtected { get; set; }

    public string SenderName { get; set; } = "";

    public string? SenderAddress { get; set; }

    public string SmsBaseUrl { get; set; } = "";

    public string? SmsApiIdProtected { get; set; }

    public string? SmsSender { get; set; }

    public int EmailPerMinute { get; set; }

    public int SmsPerMinute { get; set; }

    public int Bitrix24PerMinute { get; set; }

    /// <summary>SMS quiet hours in the portal's zone, minutes after midnight; equal values mean none.</summary>
    public int QuietFromMinutes { get; set; }

    public int QuietToMinutes { get; set; }

    public int RetryForHours { get; set; }

    public DateTime UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }
}
