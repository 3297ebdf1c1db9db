namespace Loyalty.Core.Identity;

/// <summary>
/// The <c>Identity</c> section of appsettings.json: sign-in hardening. Failures are counted per account and
/// client address (<see cref="SignInThrottle"/>), so one address's failures never lock an account for anyone else.
/// </summary>
public sealed class AccountLockoutOptions
{
    public const string Section = "Identity";

    /// <summary>Wrong passwords for one account from one client address before that address is refused for it.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long failures are remembered, and so how long a refused address waits.</summary>
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>Sign-in form posts one client address may send per minute, whatever the accounts (HTTP 429 beyond).</summary>
    public int SignInPostsPerMinute { get; set; } = 20;
}
