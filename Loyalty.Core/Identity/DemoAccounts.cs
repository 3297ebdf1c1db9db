namespace Loyalty.Core.Identity;

/// <summary>
/// The sign-ins seeded when the portal runs against the sandbox Bitrix24 portal, one per role.
/// They are printed in the README and at start-up; they are never created against a real portal.
/// </summary>
public static class DemoAccounts
{
    public sealed record DemoAccount(string Email, string Password, string DisplayName, string Role);

    public static readonly IReadOnlyList<DemoAccount> All =
    [
        new("admin@demo.loyalty", "Admin-2026!", "Анна Администратор", Roles.Administrator),
        new("head@demo.loyalty", "Head-2026!", "Сергей Руководитель", Roles.SalesHead),
        new("accountant@demo.loyalty", "Accountant-2026!", "Ольга Бухгалтер", Roles.Accountant),
    ];
}
