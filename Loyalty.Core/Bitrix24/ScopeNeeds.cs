namespace Loyalty.Core.Bitrix24;

/// <summary>A part of the portal and the webhook scopes it needs; <see cref="Feature"/> is a resource key's tail.</summary>
public sealed record ScopeNeed(string Feature, IReadOnlyList<string> Scopes);

/// <summary>Which scopes (the <c>scope</c> method's names) each part of the portal needs from the webhook.</summary>
public static class ScopeNeeds
{
    public static readonly IReadOnlyList<ScopeNeed> All =
    [
        new("Sync", ["crm"]),
        new("Bonuses", ["crm"]),
        new("People", ["user", "department"]),
        new("Tasks", ["task"]),
        new("Notifications", ["im"]),
    ];

    /// <summary>The scopes <paramref name="need"/> lacks among <paramref name="granted"/>.</summary>
    public static IReadOnlyList<string> Missing(ScopeNeed need, IReadOnlyCollection<string> granted) =>
        need.Scopes.Where(s => !granted.Contains(s, StringComparer.OrdinalIgnoreCase)).ToList();
}
