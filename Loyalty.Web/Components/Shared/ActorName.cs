using System.Security.Claims;
using Loyalty.Core.Identity;

namespace Loyalty.Web.Components.Shared;

/// <summary>Who saved a setting, as histories show it: the display name and, when different, the e-mail (at most 256 characters).</summary>
public static class ActorName
{
    public static string Of(ClaimsPrincipal user)
    {
        var name = UserClaims.DisplayName(user);
        var email = user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name;
        var who = string.IsNullOrEmpty(email) || email == name ? name : $"{name} ({email})";
        return who.Length <= 256 ? who : who[..256];
    }
}
