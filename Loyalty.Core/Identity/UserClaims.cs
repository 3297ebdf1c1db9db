using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Loyalty.Core.Identity;

/// <summary>What the portal reads from a signed-in user's claims.</summary>
public static class UserClaims
{
    public const string DisplayNameType = "loyalty:display_name";

    /// <summary>The promoter a cabinet account belongs to (only on a <see cref="Roles.Promoter"/> principal).</summary>
    public const string PromoterIdType = "loyalty:promoter_id";

    /// <summary>The signed-in promoter's ID, or null for anyone who is not a promoter.</summary>
    public static long? PromoterId(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Promoter) && long.TryParse(user.FindFirstValue(PromoterIdType), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? id : null;

    public static string? Id(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    public static string DisplayName(ClaimsPrincipal user) =>
        user.FindFirstValue(DisplayNameType) is { Length: > 0 } name ? name : user.Identity?.Name ?? "";

    /// <summary>Up to two letters for an avatar: "Анна Администратор" → "АА", "admin@x" → "AX".</summary>
    public static string Initials(ClaimsPrincipal user) => Initials(DisplayName(user));

    public static string Initials(string name)
    {
        var words = name.Split([' ', '.', '@', '-', '_'], StringSplitOptions.RemoveEmptyEntries);
        return string.Concat(words.Take(2).Select(w => char.ToUpperInvariant(w[0])));
    }
}

/// <summary>Adds the display name to the sign-in cookie, so the layout shows it without a query.</summary>
internal sealed class AppUserClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(UserClaims.DisplayNameType, user.DisplayName));
        if (user.PromoterId is { } promoterId)
        {
            identity.AddClaim(new Claim(UserClaims.PromoterIdType, promoterId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        return identity;
    }
}
