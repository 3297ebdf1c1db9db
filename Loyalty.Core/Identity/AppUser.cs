using Microsoft.AspNetCore.Identity;

namespace Loyalty.Core.Identity;

/// <summary>
/// A person who signs in to the portal: administrator, sales head or accountant; or a promoter's cabinet account
/// (<see cref="PromoterId"/> set, role <see cref="Roles.Promoter"/>, no password), which staff pages never list.
/// </summary>
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>
    /// The display name in upper case, kept by <see cref="Data.LoyaltyDbContext"/> on save: SQLite's own
    /// <c>upper()</c> and <c>LIKE</c> fold only ASCII, so a case-insensitive search for "анна" needs it.
    /// </summary>
    public string NormalizedDisplayName { get; set; } = "";

    public bool PrefersDarkTheme { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? LastSignInAtUtc { get; set; }

    /// <summary>The sign-in before the last one: what the dashboard shows as "previous sign-in".</summary>
    public DateTime? PreviousSignInAtUtc { get; set; }

    /// <summary>The promoter this cabinet account belongs to; null for every staff user.</summary>
    public long? PromoterId { get; set; }
}
