using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Loyalty.Core.Promoters;

/// <summary>A form token read back: the code it was issued for and its one-time nonce.</summary>
public sealed record ReferralFormToken(string Code, string Nonce);

/// <summary>
/// One-time form tokens for the referral page: each page view issues a token (the code, a random nonce, the time),
/// protected by the portal's data protection keys so that nobody can make one up, and valid for
/// <see cref="ReferralOptions.FormTokenHours"/>. The nonce is stored with the submission under a unique index, so
/// the same form posted twice (a double click, a reload, two tabs) records one submission.
/// </summary>
public sealed class ReferralFormTokens(IDataProtectionProvider protection, TimeProvider time)
{
    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("Loyalty.Promoters.ReferralForm.v1").ToTimeLimitedDataProtector();

    public string Issue(string code, TimeSpan lifetime)
    {
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
        return _protector.Protect($"{nonce}\n{code}", time.GetUtcNow() + lifetime);
    }

    /// <summary>The token's code and nonce, or null for anything not issued here, expired or malformed (never throws).</summary>
    public ReferralFormToken? Read(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 1000)
        {
            return null;
        }

        try
        {
            var parts = _protector.Unprotect(token, out var expires).Split('\n', 2);
            return parts.Length == 2 && expires > time.GetUtcNow() ? new ReferralFormToken(parts[1], parts[0]) : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
