using Loyalty.Core.Identity;
using Microsoft.AspNetCore.Components.Routing;
using MudBlazor;

namespace Loyalty.Web.Components.Layout;

/// <summary>One entry of the navigation drawer; shown only to users the policy admits.</summary>
public sealed record NavEntry(string Href, string TitleKey, string Icon, string Policy, NavLinkMatch Match = NavLinkMatch.Prefix, bool SandboxOnly = false);

/// <summary>The navigation drawer's table of contents. A feature adds its pages here, each with the policy of its page.</summary>
public static class NavCatalog
{
    public static readonly IReadOnlyList<NavEntry> Entries =
    [
        new("/", "Nav_Dashboard", Icons.Material.Outlined.Dashboard, Policies.SignedIn, NavLinkMatch.All),
        new("/leaderboards", "Nav_Leaderboards", Icons.Material.Outlined.Leaderboard, Policies.Sales),
        new("/badges", "Nav_Badges", Icons.Material.Outlined.MilitaryTech, Policies.Sales),
        new("/nps", "NpsDash_Nav", Icons.Material.Outlined.SentimentSatisfiedAlt, Policies.Sales, NavLinkMatch.All),
        new("/nps/answers", "NpsDash_NavAnswers", Icons.Material.Outlined.RateReview, Policies.Sales),
        new("/nps/templates", "NpsAdmin_NavTemplates", Icons.Material.Outlined.Description, Policies.Administration),
        new("/nps/rules", "NpsAdmin_NavRules", Icons.Material.Outlined.Rule, Policies.Administration),
        new("/nps/settings", "NpsAdmin_NavSettings", Icons.Material.Outlined.SettingsApplications, Policies.Administration),
        new("/bonuses/customers", "Nav_BonusCustomers", Icons.Material.Outlined.Loyalty, Policies.SignedIn),
        new("/bonuses/settings", "Nav_BonusSettings", Icons.Material.Outlined.Tune, Policies.Administration),
        new("/bonuses/recalculation", "Nav_BonusRecalculation", Icons.Material.Outlined.Calculate, Policies.Administration),
        new("/promoters", "Nav_Promoters", Icons.Material.Outlined.Campaign, Policies.Finance),
        new("/promoters/payouts", "Nav_PromoterPayouts", Icons.Material.Outlined.Payments, Policies.Finance),
        new("/promoters/reports", "PromoterReport_Nav", Icons.Material.Outlined.Summarize, Policies.Finance),
        new("/promoters/settings", "Nav_PromoterSettings", Icons.Material.Outlined.SettingsSuggest, Policies.Administration),
        new("/gamification/points", "Nav_PointRules", Icons.Material.Outlined.Stars, Policies.Administration),
        new("/gamification/ratings", "Nav_Ratings", Icons.Material.Outlined.EmojiEvents, Policies.Administration),
        new("/gamification/badges", "Nav_BadgeSettings", Icons.Material.Outlined.WorkspacePremium, Policies.Administration),
        new("/admin/users", "Nav_Users", Icons.Material.Outlined.ManageAccounts, Policies.Administration),
        new("/admin/sync", "Nav_Sync", Icons.Material.Outlined.Sync, Policies.Administration),
        new("/admin/jobs", "Nav_Jobs", Icons.Material.Outlined.Schedule, Policies.Administration),
        new("/admin/connection", "Nav_Connection", Icons.Material.Outlined.Hub, Policies.Administration),
        new("/admin/ledger", "Nav_Ledger", Icons.Material.Outlined.ReceiptLong, Policies.Administration),
        new("/admin/notifications", "Nav_Notifications", Icons.Material.Outlined.Outbox, Policies.Administration),
        new("/admin/channels", "Nav_Channels", Icons.Material.Outlined.SettingsInputAntenna, Policies.Administration),
        new("/admin/mailbox", "Nav_Mailbox", Icons.Material.Outlined.MarkEmailUnread, Policies.Administration, SandboxOnly: true),
        new("/Account/Manage", "Nav_Account", Icons.Material.Outlined.AccountCircle, Policies.SignedIn),
        new("/about", "Nav_About", Icons.Material.Outlined.Info, Policies.SignedIn),
    ];
}
