using System.Security.Cryptography;
using Loyalty.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Promoters;

/// <summary>
/// Referral codes: 8 characters drawn with a cryptographic generator from an alphabet without the look-alikes
/// 0/O and 1/I/L: easy to dictate and to type from a printed card, not guessable (31^8 ≈ 8.5·10^11 codes), never
/// sequential. A code is never reused: revoked codes stay in <c>PromoterCodes</c>, and a
/// new code that clashes with any code ever issued is drawn again.
/// </summary>
public static class PromoterCodes
{
    /// <summary>Crockford-like: digits 2–9 and the Latin capitals without I, L and O (31 characters).</summary>
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    public const int Length = 8;

    /// <summary>A fresh random code (not checked against the table).</summary>
    public static string Generate()
    {
        Span<char> chars = stackalloc char[Length];
        for (var i = 0; i < Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return new string(chars);
    }

    /// <summary>
    /// The code as stored (trimmed, upper case) when <paramref name="input"/> can be a code at all; null otherwise.
    /// Never throws, whatever the input.
    /// </summary>
    public static string? Normalize(string? input)
    {
        if (input is null)
        {
            return null;
        }

        var span = input.AsSpan().Trim();
        if (span.Length != Length)
        {
            return null;
        }

        Span<char> chars = stackalloc char[Length];
        for (var i = 0; i < Length; i++)
        {
            var c = char.ToUpperInvariant(span[i]);
            if (Alphabet.IndexOf(c) < 0)
            {
                return null;
            }

            chars[i] = c;
        }

        return new string(chars);
    }

    /// <summary>
    /// The active promoter whose current code <paramref name="code"/> is (case-insensitive, trimmed); null for an unknown
    /// or revoked code, a promoter switched off, or input that is not a code.
    /// </summary>
    public static async Task<Promoter?> FindActiveAsync(LoyaltyDbContext db, string? code, CancellationToken ct)
    {
        if (Normalize(code) is not { } normalized)
        {
            return null;
        }

        return await db.PromoterCodes.AsNoTracking()
            .Where(c => c.Code == normalized && c.RevokedAt == null)
            .Join(db.Promoters, c => c.PromoterId, p => p.Id, (c, p) => p)
            .Where(p => p.Active && p.ActiveCode == normalized)
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>The promoter a code was ever issued to (revoked or not, active or not); null for unknown input.</summary>
    public static async Task<Promoter?> FindAnyAsync(LoyaltyDbContext db, string? code, CancellationToken ct)
    {
        if (Normalize(code) is not { } normalized)
        {
            return null;
        }

        return await db.PromoterCodes.AsNoTracking()
            .Where(c => c.Code == normalized)
            .Join(db.Promoters, c => c.PromoterId, p => p.Id, (c, p) => p)
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// Draws a code no one was ever given (checked against every issued code, and against <paramref name="taken"/>), for
    /// the caller to add and save; the table's key refuses a clash that slips in between, and the caller retries.
    /// </summary>
    public static async Task<string> NewUniqueAsync(LoyaltyDbContext db, CancellationToken ct, Func<string>? generator = null)
    {
        generator ??= Generate;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var code = generator();
            if (db.PromoterCodes.Local.Any(c => c.Code == code))
            {
                continue;
            }

            if (!await db.PromoterCodes.AsNoTracking().AnyAsync(c => c.Code == code, ct))
            {
                return code;
            }
        }

        throw new InvalidOperationException("No free promoter code after 100 draws.");
    }
}
