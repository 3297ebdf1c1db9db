using Loyalty.Core.Gamification;
using MudBlazor;

namespace Loyalty.Web.Components.Shared;

/// <summary>What a badge icon's name and level look like in the web layer.</summary>
public static class BadgeIconPaths
{
    private static readonly Dictionary<string, string> Icons = new()
    {
        ["star"] = MudBlazor.Icons.Material.Filled.Star,
        ["trophy"] = MudBlazor.Icons.Material.Filled.EmojiEvents,
        ["diamond"] = MudBlazor.Icons.Material.Filled.Diamond,
        ["handshake"] = MudBlazor.Icons.Material.Filled.Handshake,
        ["phone"] = MudBlazor.Icons.Material.Filled.Call,
        ["target"] = MudBlazor.Icons.Material.Filled.TrackChanges,
        ["task"] = MudBlazor.Icons.Material.Filled.TaskAlt,
        ["heart"] = MudBlazor.Icons.Material.Filled.Favorite,
        ["rocket"] = MudBlazor.Icons.Material.Filled.RocketLaunch,
        ["fire"] = MudBlazor.Icons.Material.Filled.LocalFireDepartment,
        ["medal"] = MudBlazor.Icons.Material.Filled.MilitaryTech,
        ["crown"] = MudBlazor.Icons.Material.Filled.WorkspacePremium,
        ["bolt"] = MudBlazor.Icons.Material.Filled.Bolt,
        ["school"] = MudBlazor.Icons.Material.Filled.School,
        ["groups"] = MudBlazor.Icons.Material.Filled.Groups,
        ["thumb"] = MudBlazor.Icons.Material.Filled.ThumbUp,
    };

    /// <summary>The Material icon of a built-in name (a star for an unknown one).</summary>
    public static string Material(string icon) => Icons.TryGetValue(icon, out var path) ? path : MudBlazor.Icons.Material.Filled.Star;

    /// <summary>The address an uploaded icon is served from.</summary>
    public static string Uploaded(long badgeId) => $"/badges/{badgeId}/icon";

    public static string Colour(BadgeLevel level) => level switch
    {
        BadgeLevel.Gold => "#c9a227",
        BadgeLevel.Silver => "#8a9199",
        _ => "#b06c3a",
    };
}
