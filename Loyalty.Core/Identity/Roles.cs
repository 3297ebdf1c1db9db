using Microsoft.AspNetCore.Authorization;

namespace Loyalty.Core.Identity;

/// <summary>The three roles of the portal. Role names are stored in the database: never rename one.</summary>
public static class Roles
{
    public const string Administrator = "Administrator";
    public const string SalesHead = "SalesHead";
    public const string Accountant = "Accountant";

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

    public static readonly IReadOnlyDictionary<string, string[]> RolesByPolicy = new Dictionary<string, string[]>
    {
        [SignedIn] = [Roles.Administrator, Roles.SalesHead, Roles.Accountant],
        [Sales] = [Roles.Administrator, Roles.SalesHead],
        [Finance] = [Roles.Administrator, Roles.Accountant],
        [Administration] = [Roles.Administrator],
    };

    /// <summary>Registers every policy; pages and the navigation use them by name.</summary>
    public static void Register(AuthorizationOptions options)
    {
        foreach (var (policy, roles) in RolesByPolicy)
        {
            options.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles));
        }
    }
}
