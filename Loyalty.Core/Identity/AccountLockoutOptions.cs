namespace Loyalty.Core.Identity;

/// <summary>The <c>Identity</c> section of appsettings.json: sign-in hardening.</summary>
public sealed class AccountLockoutOptions
{
    public const string Section = "Identity";

    public int MaxFailedSignIns { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 15;
}
