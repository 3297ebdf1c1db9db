using Microsoft.AspNetCore.Authorization;

namespace Loyalty.Core.Identity;

/// <summary>
/// The roles of the portal. Role names are stored in the database: never rename one. <see cref="All"/> lists the three
/// staff roles (the users page, the dashboard, account administration); <see cref="Promoter"/> is not one of them: it is
/// given only by the promoter cabinet's sign-in and reaches only the cabinet (decision 017, "Cabinet").
/// </summary>
public static class Roles
{
    public const string Administrator = "Administrator";
    public const string SalesHead = "SalesHead";
    public const string Accountant = "Accountant";

    /// <summary>A promoter signed in to its cabinet; never a staff user, never given by user administration.</summary>
    public const string Promoter = "Promoter";

    /// <summary>The staff roles.</summary>
    public static readonly IReadOnlyList<string> All = [Administrator, SalesHead, Accountant];
}

/// <summary>
/// Authorization policies, one per area of the portal. Pages name a policy, never a role, so that
/// who may open what is decided here, in one table.
/// </summary>
public static class Policies
{
    /// <summary>Any signed-in user: the dashboard, the about page, one's own account.</summary>
    public const string SignedIn = nameof(SignedIn);

    /// <summary>Leaderboards, badges, NPS: administrators and sales heads.</summary>
    public const string Sales = nameof(Sales);

    /// <summary>Promoters, payouts, reports: administrators and accountants.</summary>
    public const string Finance = nameof(Finance);

    /// <summary>Users, settings, the Bitrix24 connection: administrators only.</summary>
    public const string Administration = nameof(Administration);

    /// <summary>The promoter cabinet: promoters only (no staff role admits it, and this admits nothing else).</summary>
    public const string Promoter = nameof(Promoter);

    public static readonly IReadOnlyDictionary<string, string[]> RolesByPolicy = new Dictionary<string, string[]>
    {
        [SignedIn] = [Roles.Administrator, Roles.SalesHead, Roles.Accountant],
        [Sales] = [Roles.Administrator, Roles.SalesHead],
        [Finance] = [Roles.Administrator, Roles.Accountant],
        [Administration] = [Roles.Administrator],
        [Promoter] = [Roles.Promoter],
    };

    /// <summary>Registers every policy; pages and the navigation use them by name.</summary>
    public static void Register(AuthorizationOptions options)
    {
        foreach (var (policy, roles) in RolesByPolicy)
        {
            options.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles));
        }

        // A bare [Authorize] or RequireAuthorization() means "staff signed in", never merely "signed in": a promoter's
        // cookie is a signed-in user too, and must reach nothing but the cabinet.
        options.DefaultPolicy = options.GetPolicy(SignedIn)!;
    }
}
