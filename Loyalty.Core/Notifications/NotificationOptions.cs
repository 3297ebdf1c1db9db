namespace Loyalty.Core.Notifications;

/// <summary>
/// The <c>Notifications</c> section of configuration: the defaults of the Channels page (used until an administrator
/// saves it, which is how sandbox mode points the channels at the portal's own SMTP server and SMS gateway) and the
/// sender's timing.
/// </summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    public SmtpOptions Smtp { get; set; } = new();

    public SmsOptions Sms { get; set; } = new();

    /// <summary>
    /// The portal's public address (<c>https://loyalty.example.ru</c>), for unsubscribe and referral links and QR codes.
    /// The default is the address <c>dotnet run</c> serves on, so links work on a fresh start.
    /// </summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    public int EmailPerMinute { get; set; } = 600;

    /// <summary>Requests (views and posts) to the public unsubscribe page per client address and minute; beyond it, 429.</summary>
    public int UnsubscribeRequestsPerMinute { get; set; } = 30;

    public int SmsPerMinute { get; set; } = 60;

    public int Bitrix24PerMinute { get; set; } = 120;

    /// <summary>SMS quiet hours in the portal's zone, <c>HH:mm</c>.</summary>
    public string QuietFrom { get; set; } = "21:00";

    public string QuietTo { get; set; } = "09:00";

    /// <summary>How long transient failures are retried before a notice is failed.</summary>
    public int RetryForHours { get; set; } = 24;

    /// <summary>The first back-off after a transient failure; doubled each time (with jitter) up to <see cref="RetryMaxSeconds"/>.</summary>
    public double RetryFirstSeconds { get; set; } = 30;

    public double RetryMaxSeconds { get; set; } = 3600;

    /// <summary>How long a notice may stay "sending" before it is taken for an interrupted attempt and sent again.</summary>
    public int SendingLeaseMinutes { get; set; } = 10;

    /// <summary>How often the sender looks without being woken.</summary>
    public int PollSeconds { get; set; } = 15;

    /// <summary>The Quartz safety net that sends what is due should the worker be stuck.</summary>
    public string SafetyNetCron { get; set; } = "0 * * * * ?";

    public sealed class SmtpOptions
    {
        public string? Host { get; set; }

        public int Port { get; set; } = 587;

        public SmtpTlsMode Tls { get; set; } = SmtpTlsMode.StartTls;

        public string? User { get; set; }

        public string? Password { get; set; }

        public string SenderName { get; set; } = "Loyalty";

        public string? SenderAddress { get; set; }

        public int TimeoutSeconds { get; set; } = 30;
    }

    public sealed class SmsOptions
    {
        /// <summary>The SMS.ru API's base address; sandbox mode points it at the portal's <c>/sandbox/sms/</c>.</summary>
        public string BaseUrl { get; set; } = "https://sms.ru/";

        public string? ApiId { get; set; }

        /// <summary>The sender name agreed with SMS.ru; empty for the provider's default.</summary>
        public string? Sender { get; set; }
    }
}
