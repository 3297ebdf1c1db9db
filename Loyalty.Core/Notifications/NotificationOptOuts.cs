using Loyalty.Core.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Notifications;

/// <summary>An address a token stands for.</summary>
public sealed record OptOutAddress(NotificationChannel Channel, string Address);

/// <summary>
/// Unsubscribe tokens: the channel and address, protected (encrypted and signed) with Data Protection, so a token
/// cannot be guessed or altered and needs no table. The public page <c>/unsubscribe/{token}</c> verifies it.
/// </summary>
public sealed class UnsubscribeTokens(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Loyalty.Notifications.Unsubscribe.v1");

    public string Issue(NotificationChannel channel, string address) =>
        _protector.Protect($"{channel}\n{address}");

    /// <summary>The address, or null for anything not issued here (never throws).</summary>
    public OptOutAddress? Verify(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 1000)
        {
            return null;
        }

        try
        {
            var parts = _protector.Unprotect(token).Split('\n', 2);
            return parts.Length == 2 && Enum.TryParse<NotificationChannel>(parts[0], out var channel) ? new OptOutAddress(channel, parts[1]) : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>Where a provider reports that a person replied STOP: the number is opted out at once.</summary>
public interface IStopReports
{
    Task ReportStopAsync(string phoneNumber, CancellationToken ct = default);
}

/// <summary>A valid unsubscribe token's address and whether it is on the opt-out list now.</summary>
public sealed record UnsubscribeState(OptOutAddress Address, bool OptedOut);

public sealed record OptOutRow(string Address, NotificationChannel Channel, OptOutSource Source, DateTime CreatedAt);

/// <summary>
/// The per-recipient opt-out list (e-mail addresses and E.164 numbers), honoured when a notice is queued and again
/// when it is sent. Sign-in codes and test sends are not held back: the person asked for them.
/// </summary>
public sealed class NotificationOptOuts(IDbContextFactory<LoyaltyDbContext> dbFactory, UnsubscribeTokens tokens, TimeProvider time) : IStopReports
{
    /// <summary>What a bad token is looked up as, so it costs what a good one does.</summary>
    private const string NoAddress = "nobody@invalid.invalid";

    /// <summary>Whether <paramref name="kind"/> is kept from an opted-out address.</summary>
    public static bool Applies(NotificationKind kind) => kind is not (NotificationKind.SignInCode or NotificationKind.Test);

    /// <summary>Whether the normalised <paramref name="address"/> opted out (looked up in <paramref name="db"/>, in its transaction).</summary>
    public static Task<bool> IsOptedOutAsync(LoyaltyDbContext db, string address, CancellationToken ct = default) =>
        db.NotificationOptOuts.AnyAsync(o => o.Address == address, ct);

    public async Task<bool> IsOptedOutAsync(string address, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await IsOptedOutAsync(db, address, ct);
    }

    /// <summary>Opts the address out (normalised first); false when it is not an address of the channel. Idempotent.</summary>
    public async Task<bool> OptOutAsync(NotificationChannel channel, string address, OptOutSource source, CancellationToken ct = default)
    {
        if (NotificationAddresses.Normalize(channel, address) is not { IsValid: true } normalized || channel == NotificationChannel.Bitrix24)
        {
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // INSERT OR IGNORE semantics: a second click, or a STOP reported twice, changes nothing.
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO NotificationOptOuts (Address, Channel, Source, CreatedAt) VALUES ({normalized.Address}, {channel.ToString()}, {source.ToString()}, {time.GetUtcNow().UtcDateTime}) ON CONFLICT(Address) DO NOTHING",
            ct);
        return true;
    }

    /// <summary>
    /// What the public unsubscribe page shows for <paramref name="token"/>: its address and whether it is opted out;
    /// null for a token not issued here. A bad token costs the same look-up as a good one (no telling them apart by time).
    /// </summary>
    public async Task<UnsubscribeState?> LookAsync(string? token, CancellationToken ct = default)
    {
        var address = tokens.Verify(token);
        var optedOut = await IsOptedOutAsync(address?.Address ?? NoAddress, ct);
        return address is null ? null : new UnsubscribeState(address, optedOut);
    }

    /// <summary>The public unsubscribe page's action: the token's address opted out; null when the token is not valid. Idempotent.</summary>
    public async Task<OptOutAddress?> UnsubscribeAsync(string? token, CancellationToken ct = default)
    {
        if (tokens.Verify(token) is not { } address)
        {
            await IsOptedOutAsync(NoAddress, ct);
            return null;
        }

        await OptOutAsync(address.Channel, address.Address, OptOutSource.UnsubscribeLink, ct);
        return address;
    }

    /// <summary>The page's "subscribe again": the token's address taken off the list; null when the token is not valid.</summary>
    public async Task<OptOutAddress?> ResubscribeAsync(string? token, CancellationToken ct = default)
    {
        if (tokens.Verify(token) is not { } address)
        {
            await IsOptedOutAsync(NoAddress, ct);
            return null;
        }

        await RemoveAsync(address.Address, ct);
        return address;
    }

    public Task ReportStopAsync(string phoneNumber, CancellationToken ct = default) =>
        OptOutAsync(NotificationChannel.Sms, phoneNumber, OptOutSource.Stop, ct);

    /// <summary>Takes the address off the list (an administrator's action, when the person asks again).</summary>
    public async Task<bool> RemoveAsync(string address, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = address.Trim();
        key = NotificationAddresses.Email(key).Address ?? PhoneNumbers.Normalize(key).E164 ?? key;
        return await db.NotificationOptOuts.Where(o => o.Address == key).ExecuteDeleteAsync(ct) > 0;
    }

    /// <summary>The list, newest first, filtered by part of an address.</summary>
    public async Task<(IReadOnlyList<OptOutRow> Rows, int Total)> ListAsync(string? search, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.NotificationOptOuts.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var s = search.Trim().ToLowerInvariant();
            query = query.Where(o => o.Address.Contains(s));
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(o => o.CreatedAt).Skip(skip).Take(take)
            .Select(o => new OptOutRow(o.Address, o.Channel, o.Source, o.CreatedAt)).ToListAsync(ct);
        return (rows, total);
    }
}
