using Microsoft.AspNetCore.Identity;

namespace Loyalty.Core.Identity;

public enum SignInOutcome
{
    Succeeded,

    /// <summary>Wrong e-mail or password: the same answer whether or not the address exists.</summary>
    Invalid,

    /// <summary>Too many failures for this account from this client address; said alike for unknown addresses.</summary>
    TooManyAttempts,

    /// <summary>The right password for an account an administrator locked: only its owner can learn this.</summary>
    Locked,
}

public sealed record SignInCheck(SignInOutcome Outcome, AppUser? User);

/// <summary>
/// Decides a password sign-in so that an unknown address takes the same path as a known one: its password is
/// verified against a dummy hash, its failures are counted, and nothing said depends on whether it exists.
/// The caller signs in the returned user.
/// </summary>
public sealed class PasswordSignIn(UserManager<AppUser> users, IPasswordHasher<AppUser> hasher, SignInThrottle throttle)
{
    private static readonly AppUser Nobody = new();
    private static readonly Lock DummyLock = new();
    private static string? _dummyHash;

    public async Task<SignInCheck> CheckAsync(string email, string password, string client)
    {
        email = email.Trim();
        if (throttle.IsRefused(email, client))
        {
            return new SignInCheck(SignInOutcome.TooManyAttempts, null);
        }

        var user = await users.FindByEmailAsync(email);
        bool correct;
        if (user?.PasswordHash is null)
        {
            hasher.VerifyHashedPassword(Nobody, DummyHash(), password);
            correct = false;
        }
        else
        {
            correct = await users.CheckPasswordAsync(user, password);
        }

        if (!correct)
        {
            return new SignInCheck(throttle.RecordFailure(email, client) ? SignInOutcome.TooManyAttempts : SignInOutcome.Invalid, null);
        }

        throttle.Forget(email, client);
        // Only an administrator sets a lockout now (Identity's own counter is not used).
        return await users.IsLockedOutAsync(user!)
            ? new SignInCheck(SignInOutcome.Locked, null)
            : new SignInCheck(SignInOutcome.Succeeded, user);
    }

    /// <summary>A hash in the hasher's own format and cost, of a password nobody knows, made once.</summary>
    private string DummyHash()
    {
        lock (DummyLock)
        {
            return _dummyHash ??= hasher.HashPassword(Nobody, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
        }
    }
}
