using Loyalty.Core.Bitrix24;
using Loyalty.Core.Bonuses;
using Loyalty.Core.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Loyalty.Core.Notifications;

/// <summary>The SMTP server the e-mail channel sends through, secrets in clear (never shown).</summary>
public sealed record SmtpSettings(string? Host, int Port, SmtpTlsMode Tls, string? User, string? Password, string SenderName, string? SenderAddress, TimeSpan Timeout)
{
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(SenderAddress);
}

/// <summary>The SMS gateway: SMS.ru's API at <see cref="BaseUrl"/>.</summary>
public sealed record SmsSettings(string BaseUrl, string? ApiId, string? Sender)
{
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ApiId) && Uri.TryCreate(BaseUrl, UriKind.Absolute, out _);
}

/// <summary>The channels' settings the sender works with: the saved row, or configuration's defaults.</summary>
public sealed record EffectiveChannelSettings(
    SmtpSettings Smtp, SmsSettings Sms, int EmailPerMinute, int SmsPerMinute, int Bitrix24PerMinute, QuietHours QuietHours, TimeSpan RetryFor)
{
    /// <summary>Messages per minute for <paramref name="channel"/>; 0 means no limit.</summary>
    public int PerMinute(NotificationChannel channel) => channel switch
    {
        NotificationChannel.Email => EmailPerMinute,
        NotificationChannel.Sms => SmsPerMinute,
        _ => Bitrix24PerMinute,
    };
}

/// <summary>
/// The Channels page's form. The secrets are write-only: <see cref="SmtpPassword"/> and <see cref="SmsApiId"/> hold a
/// new value to store (empty keeps the stored one); <see cref="ClearSmtpPassword"/> and <see cref="ClearSmsApiId"/> remove it.
/// </summary>
public sealed class ChannelSettingsForm
{
    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; } = 587;

    public SmtpTlsMode SmtpTls { get; set; } = SmtpTlsMode.StartTls;

    public string? SmtpUser { get; set; }

    public string? SmtpPassword { get; set; }

    public bool ClearSmtpPassword { get; set; }

    public string SenderName { get; set; } = "";

    public string? SenderAddress { get; set; }

    public string SmsBaseUrl { get; set; } = "";

    public string? SmsApiId { get; set; }

    public bool ClearSmsApiId { get; set; }

    public string? SmsSender { get; set; }

    public int EmailPerMinute { get; set; }

    public int SmsPerMinute { get; set; }

    public int Bitrix24PerMinute { get; set; }

    public TimeOnly QuietFrom { get; set; } = QuietHours.Default.From;

    public TimeOnly QuietTo { get; set; } = QuietHours.Default.To;

    public int RetryForHours { get; set; } = 24;

    public ChannelSettingsForm Copy() => (ChannelSettingsForm)MemberwiseClone();
}

/// <summary>
/// What the Channels page shows: the form (secrets empty), each secret's state (masked, never the value), and
/// whether the values are saved ones or configuration's defaults.
/// </summary>
public sealed record ChannelSettingsView(ChannelSettingsForm Form, SecretState SmtpPassword, SecretState SmsApiId, bool Saved, DateTime? UpdatedAt, string? UpdatedBy);

/// <summary>The channel settings were refused: the errors say why (resource keys of <see cref="NotificationText"/>).</summary>
public sealed class ChannelSettingsInvalidException(IReadOnlyList<SettingsError> errors)
    : Exception("The channel settings are not valid: " + string.Join(", ", errors.Select(e => $"{e.Field} ({e.MessageKey})"))), ISettingsRefusal
{
    public IReadOnlyList<SettingsError> Errors { get; } = errors;
}

/// <summary>
/// The notification channels' settings: one row in the database, saved from the Channels page; until then the
/// <c>Notifications</c> section of configuration (which sandbox mode points at the portal's own SMTP server and SMS
/// gateway). The SMTP password and the SMS.ru api_id are stored protected with Data Protection and never shown back.
/// </summary>
public sealed class ChannelSettings(IDbContextFactory<LoyaltyDbContext> dbFactory, IDataProtectionProvider protection, IOptions<NotificationOptions> options, TimeProvider time)
{
    private const int RowId = 1;

    public const int MaxPerMinute = 100_000;

    public const int MaxRetryHours = 24 * 7;

    private readonly IDataProtector _protector = protection.CreateProtector("Loyalty.Notifications.Channels");
    private readonly SemaphoreSlim _lock = new(1, 1);
    private EffectiveChannelSettings? _cache;

    /// <summary>Raised after a save: the sender's limits and the quiet hours change at once.</summary>
    public event Action? Changed;

    /// <summary>The settings in force, secrets in clear (for the channels only).</summary>
    public async Task<EffectiveChannelSettings> EffectiveAsync(CancellationToken ct = default)
    {
        if (Volatile.Read(ref _cache) is { } cached)
        {
            return cached;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.ChannelSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Id == RowId, ct);
        var effective = row is null ? Defaults() : FromRow(row);
        Volatile.Write(ref _cache, effective);
        return effective;
    }

    public async Task<ChannelSettingsView> GetAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.ChannelSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Id == RowId, ct);
        var effective = row is null ? Defaults() : FromRow(row);
        var form = new ChannelSettingsForm
        {
            SmtpHost = effective.Smtp.Host,
            SmtpPort = effective.Smtp.Port,
            SmtpTls = effective.Smtp.Tls,
            SmtpUser = effective.Smtp.User,
            SenderName = effective.Smtp.SenderName,
            SenderAddress = effective.Smtp.SenderAddress,
            SmsBaseUrl = effective.Sms.BaseUrl,
            SmsSender = effective.Sms.Sender,
            EmailPerMinute = effective.EmailPerMinute,
            SmsPerMinute = effective.SmsPerMinute,
            Bitrix24PerMinute = effective.Bitrix24PerMinute,
            QuietFrom = effective.QuietHours.From,
            QuietTo = effective.QuietHours.To,
            RetryForHours = (int)effective.RetryFor.TotalHours,
        };
        return new ChannelSettingsView(
            form,
            Secret(effective.Smtp.Password, row, row is null),
            Secret(effective.Sms.ApiId, row, row is null),
            row is not null,
            row?.UpdatedAt,
            row?.UpdatedBy);
    }

    public static IReadOnlyList<SettingsError> Validate(ChannelSettingsForm form)
    {
        var errors = new List<SettingsError>();
        TextLimits.Check(errors, nameof(form.SmtpHost), form.SmtpHost, 255);
        TextLimits.Check(errors, nameof(form.SmtpUser), form.SmtpUser, 255);
        TextLimits.Check(errors, nameof(form.SmtpPassword), form.SmtpPassword, TextLimits.Token);
        TextLimits.Check(errors, nameof(form.SenderName), form.SenderName, TextLimits.Name);
        TextLimits.Check(errors, nameof(form.SmsApiId), form.SmsApiId, TextLimits.Token);
        TextLimits.Check(errors, nameof(form.SmsSender), form.SmsSender, 20);
        if (form.SmtpPort is < 1 or > 65535)
        {
            errors.Add(new(nameof(form.SmtpPort), "Channels_PortRange", 1, 65535));
        }

        if (!string.IsNullOrWhiteSpace(form.SenderAddress) && !NotificationAddresses.Email(form.SenderAddress).IsValid)
        {
            errors.Add(new(nameof(form.SenderAddress), "Email_Invalid"));
        }

        if (!string.IsNullOrWhiteSpace(form.SmtpHost) && string.IsNullOrWhiteSpace(form.SenderAddress))
        {
            errors.Add(new(nameof(form.SenderAddress), "Channels_SenderRequired"));
        }

        if (!Uri.TryCreate(form.SmsBaseUrl?.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || form.SmsBaseUrl.Length > TextLimits.Url)
        {
            errors.Add(new(nameof(form.SmsBaseUrl), "Channels_BadUrl"));
        }

        foreach (var (field, value) in new[] { (nameof(form.EmailPerMinute), form.EmailPerMinute), (nameof(form.SmsPerMinute), form.SmsPerMinute), (nameof(form.Bitrix24PerMinute), form.Bitrix24PerMinute) })
        {
            if (value is < 0 or > MaxPerMinute)
            {
                errors.Add(new(field, "Channels_RateRange", 0, MaxPerMinute));
            }
        }

        if (form.RetryForHours is < 1 or > MaxRetryHours)
        {
            errors.Add(new(nameof(form.RetryForHours), "Channels_RetryRange", 1, MaxRetryHours));
        }

        return errors;
    }

    /// <summary>Saves the settings (the first save stops configuration's defaults from applying); refused values throw <see cref="ChannelSettingsInvalidException"/>.</summary>
    public async Task SaveAsync(ChannelSettingsForm form, string by, CancellationToken ct = default)
    {
        if (Validate(form) is { Count: > 0 } errors)
        {
            throw new ChannelSettingsInvalidException(errors);
        }

        await _lock.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var row = await db.ChannelSettings.FirstOrDefaultAsync(s => s.Id == RowId, ct);
            if (row is null)
            {
                // The first save starts from configuration's secrets, so saving other fields does not lose them.
                var defaults = Defaults();
                row = db.ChannelSettings.Add(new ChannelSettingsRow
                {
                    Id = RowId,
                    SmtpPasswordProtected = Protect(defaults.Smtp.Password),
                    SmsApiIdProtected = Protect(defaults.Sms.ApiId),
                }).Entity;
            }

            row.SmtpHost = Trimmed(form.SmtpHost);
            row.SmtpPort = form.SmtpPort;
            row.SmtpTls = form.SmtpTls;
            row.SmtpUser = Trimmed(form.SmtpUser);
            row.SenderName = form.SenderName.Trim();
            row.SenderAddress = Trimmed(form.SenderAddress);
            row.SmsBaseUrl = form.SmsBaseUrl.Trim();
            row.SmsSender = Trimmed(form.SmsSender);
            row.EmailPerMinute = form.EmailPerMinute;
            row.SmsPerMinute = form.SmsPerMinute;
            row.Bitrix24PerMinute = form.Bitrix24PerMinute;
            row.QuietFromMinutes = form.QuietFrom.Hour * 60 + form.QuietFrom.Minute;
            row.QuietToMinutes = form.QuietTo.Hour * 60 + form.QuietTo.Minute;
            row.RetryForHours = form.RetryForHours;
            if (form.ClearSmtpPassword)
            {
                row.SmtpPasswordProtected = null;
            }
            else if (!string.IsNullOrEmpty(form.SmtpPassword))
            {
                row.SmtpPasswordProtected = Protect(form.SmtpPassword);
            }

            if (form.ClearSmsApiId)
            {
                row.SmsApiIdProtected = null;
            }
            else if (!string.IsNullOrWhiteSpace(form.SmsApiId))
            {
                row.SmsApiIdProtected = Protect(form.SmsApiId.Trim());
            }

            row.UpdatedAt = time.GetUtcNow().UtcDateTime;
            row.UpdatedBy = by;
            await db.SaveChangesAsync(ct);
            Volatile.Write(ref _cache, null);
        }
        finally
        {
            _lock.Release();
        }

        Changed?.Invoke();
    }

    private EffectiveChannelSettings Defaults()
    {
        var o = options.Value;
        var quiet = QuietHours.TryParse(o.QuietFrom, o.QuietTo, out var hours) ? hours : QuietHours.Default;
        return new EffectiveChannelSettings(
            new SmtpSettings(Trimmed(o.Smtp.Host), o.Smtp.Port, o.Smtp.Tls, Trimmed(o.Smtp.User), NullIfEmpty(o.Smtp.Password), o.Smtp.SenderName,
                Trimmed(o.Smtp.SenderAddress), TimeSpan.FromSeconds(Math.Max(1, o.Smtp.TimeoutSeconds))),
            new SmsSettings(o.Sms.BaseUrl, NullIfEmpty(o.Sms.ApiId), Trimmed(o.Sms.Sender)),
            Math.Max(0, o.EmailPerMinute), Math.Max(0, o.SmsPerMinute), Math.Max(0, o.Bitrix24PerMinute),
            quiet,
            TimeSpan.FromHours(Math.Clamp(o.RetryForHours, 1, MaxRetryHours)));
    }

    private EffectiveChannelSettings FromRow(ChannelSettingsRow row) =>
        new(
            new SmtpSettings(row.SmtpHost, row.SmtpPort, row.SmtpTls, row.SmtpUser, Unprotect(row.SmtpPasswordProtected), row.SenderName, row.SenderAddress,
                TimeSpan.FromSeconds(Math.Max(1, options.Value.Smtp.TimeoutSeconds))),
            new SmsSettings(row.SmsBaseUrl, Unprotect(row.SmsApiIdProtected), row.SmsSender),
            row.EmailPerMinute, row.SmsPerMinute, row.Bitrix24PerMinute,
            new QuietHours(new TimeOnly(row.QuietFromMinutes / 60, row.QuietFromMinutes % 60), new TimeOnly(row.QuietToMinutes / 60, row.QuietToMinutes % 60)),
            TimeSpan.FromHours(row.RetryForHours));

    private static SecretState Secret(string? value, ChannelSettingsRow? row, bool fromConfiguration) =>
        string.IsNullOrEmpty(value)
            ? new SecretState(false, null, null, null, false)
            : new SecretState(true, ConnectionSettings.Mask("", value), row?.UpdatedAt, row?.UpdatedBy, fromConfiguration);

    private string? Protect(string? value) => string.IsNullOrEmpty(value) ? null : _protector.Protect(value);

    private string? Unprotect(string? value)
    {
        if (value is null)
        {
            return null;
        }

        try
        {
            return _protector.Unprotect(value);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // Keys lost (a new machine without the key ring): the secret must be entered again; sending reports it.
            return null;
        }
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
