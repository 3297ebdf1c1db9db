using Loyalty.Core.Bonuses;
using Loyalty.Core.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

namespace Loyalty.Core.Bitrix24;

/// <summary>A secret set in the portal (webhook URL, application token), stored encrypted with ASP.NET Core Data Protection.</summary>
public sealed class PortalSecret
{
    public string Key { get; set; } = "";

    public string ProtectedValue { get; set; } = "";

    public DateTime UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }
}

internal sealed class PortalSecretConfiguration : IEntityTypeConfiguration<PortalSecret>
{
    public void Configure(EntityTypeBuilder<PortalSecret> builder)
    {
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).HasMaxLength(60);
        builder.Property(s => s.UpdatedBy).HasMaxLength(200);
    }
}

public sealed record SecretState(bool IsSet, string? Masked, DateTime? UpdatedAt, string? UpdatedBy, bool FromConfiguration);

/// <summary>
/// The Bitrix24 connection as administrators set it on the Connection page: the webhook URL and the outgoing
/// webhook's application token, kept encrypted in the database. A value set here wins over appsettings.json;
/// neither is ever shown back in full.
/// </summary>
public sealed class ConnectionSettings(IDbContextFactory<LoyaltyDbContext> dbFactory, IDataProtectionProvider protection, IOptions<Bitrix24Options> options, TimeProvider time)
{
    public const string WebhookUrlKey = "Bitrix24.WebhookUrl";
    public const string ApplicationTokenKey = "Bitrix24.ApplicationToken";

    /// <summary>The token the sandbox signs its events with when none is configured (sandbox mode only).</summary>
    public const string SandboxApplicationToken = "sandbox-app-token";

    private readonly IDataProtector _protector = protection.CreateProtector("Loyalty.Bitrix24.Connection");
    private readonly Dictionary<string, string?> _cache = [];
    private readonly SemaphoreSlim _lock = new(1, 1);

    public async Task<Uri?> WebhookUrlAsync(CancellationToken ct = default)
    {
        var value = await ReadAsync(WebhookUrlKey, ct) ?? options.Value.WebhookUrl;
        return string.IsNullOrWhiteSpace(value) ? null : new Uri(value.EndsWith('/') ? value : value + "/");
    }

    /// <summary>The token events must carry; in sandbox mode the sandbox's default when none is set; null refuses every event.</summary>
    public async Task<string?> ApplicationTokenAsync(CancellationToken ct = default) =>
        await ReadAsync(ApplicationTokenKey, ct) is { Length: > 0 } stored ? stored
        : options.Value.ApplicationToken is { Length: > 0 } configured ? configured
        : options.Value.Mode == Bitrix24Mode.Sandbox ? SandboxApplicationToken
        : null;

    public async Task<SecretState> StateAsync(string key, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.PortalSecrets.AsNoTracking().FirstOrDefaultAsync(s => s.Key == key, ct);
        if (row is not null)
        {
            return new SecretState(true, Mask(key, _protector.Unprotect(row.ProtectedValue)), row.UpdatedAt, row.UpdatedBy, false);
        }

        var configured = key == WebhookUrlKey ? options.Value.WebhookUrl : options.Value.ApplicationToken;
        return string.IsNullOrWhiteSpace(configured)
            ? new SecretState(false, null, null, null, false)
            : new SecretState(true, Mask(key, configured), null, null, true);
    }

    /// <summary>What is wrong with a value for <paramref name="key"/>: longer than its <see cref="TextLimits"/> (the page checks a webhook's form).</summary>
    public static IReadOnlyList<SettingsError> Validate(string key, string? value)
    {
        var errors = new List<SettingsError>();
        TextLimits.Check(errors, key, value, LimitOf(key));
        return errors;
    }

    /// <summary>How long a value for <paramref name="key"/> may be.</summary>
    private static int LimitOf(string key) => key == WebhookUrlKey ? TextLimits.Url : TextLimits.Token;

    /// <summary>
    /// Stores a new value (or removes it when empty, falling back to appsettings.json); a value <see cref="Validate"/>
    /// refuses throws <see cref="ConnectionSettingInvalidException"/>.
    /// </summary>
    public async Task SaveAsync(string key, string? value, string by, CancellationToken ct = default)
    {
        if (Validate(key, value) is { Count: > 0 } errors)
        {
            throw new ConnectionSettingInvalidException(errors);
        }

        await _lock.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var row = await db.PortalSecrets.FirstOrDefaultAsync(s => s.Key == key, ct);
            if (string.IsNullOrWhiteSpace(value))
            {
                if (row is not null)
                {
                    db.PortalSecrets.Remove(row);
                }
            }
            else
            {
                row ??= db.PortalSecrets.Add(new PortalSecret { Key = key }).Entity;
                row.ProtectedValue = _protector.Protect(value.Trim());
                row.UpdatedAt = time.GetUtcNow().UtcDateTime;
                row.UpdatedBy = by;
            }

            await db.SaveChangesAsync(ct);
            _cache.Remove(key);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>"https://x.bitrix24.ru/rest/1/ab••••/" for a webhook; "sa••••" for a token.</summary>
    public static string Mask(string key, string value)
    {
        if (key == WebhookUrlKey && Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            // …/rest/{user}/{secret}/: the segment after the user id is the secret, wherever /rest/ sits.
            var segments = uri.AbsolutePath.Trim('/').Split('/');
            var rest = Array.IndexOf(segments, "rest");
            if (rest >= 0 && rest + 2 < segments.Length)
            {
                segments[rest + 2] = Hide(segments[rest + 2]);
            }

            return $"{uri.Scheme}://{uri.Authority}/{string.Join('/', segments)}/";
        }

        return Hide(value);
    }

    private static string Hide(string secret) => (secret.Length > 4 ? secret[..2] : "") + "••••";

    private async Task<string?> ReadAsync(string key, CancellationToken ct)
    {
        await _lock.WaitAsync(ct);
        try
        {
            if (_cache.TryGetValue(key, out var cached))
            {
                return cached;
            }

            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var row = await db.PortalSecrets.AsNoTracking().FirstOrDefaultAsync(s => s.Key == key, ct);
            var value = row is null ? null : _protector.Unprotect(row.ProtectedValue);
            _cache[key] = value;
            return value;
        }
        finally
        {
            _lock.Release();
        }
    }
}

/// <summary>A connection setting was refused: the errors say why (resource keys).</summary>
public sealed class ConnectionSettingInvalidException(IReadOnlyList<SettingsError> errors)
    : Exception("The connection setting is not valid: " + string.Join(", ", errors.Select(e => $"{e.Field} ({e.MessageKey})")))
{
    public IReadOnlyList<SettingsError> Errors { get; } = errors;
}

/// <summary>Against a real portal: the webhook set on the Connection page, else the one in appsettings.json.</summary>
internal sealed class ConfiguredEndpoint(ConnectionSettings settings) : IBitrix24Endpoint
{
    public async Task<Uri> GetWebhookUrlAsync(CancellationToken ct = default) =>
        await settings.WebhookUrlAsync(ct)
        ?? throw new Bitrix24Exception("NO_WEBHOOK", "No Bitrix24 webhook URL is set: enter it on the Connection page or in appsettings.json (Bitrix24:WebhookUrl).", 0);
}
