using System.Security.Claims;

namespace Loyalty.Tests.TestSupport;

/// <summary>Users as the portal sees them after sign-in: an authenticated identity carrying role claims.</summary>
public static class Principals
{
    public const string AuthenticationType = "Test";

    /// <summary>A signed-in user holding the given roles (none is allowed: a user whose roles were all removed).</summary>
    public static ClaimsPrincipal SignedIn(params string[] roles)
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, "user-1"), new(ClaimTypes.Name, "user@demo.loyalty") };
        claims.AddRange(roles.Select(role => new Claim(ClaimTypes.Role, role)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, AuthenticationType));
    }

    /// <summary>
    /// A visitor who has not signed in: an identity without authentication type. Role claims may be
    /// given to prove that a policy asks for a signed-in user and not only for a role.
    /// </summary>
    public static ClaimsPrincipal Anonymous(params string[] roles) =>
        new(new ClaimsIdentity(roles.Select(role => new Claim(ClaimTypes.Role, role))));
}
