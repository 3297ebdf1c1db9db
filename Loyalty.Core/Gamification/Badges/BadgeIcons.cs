namespace Loyalty.Core.Gamification;

/// <summary>The built-in badge icons: a name stored on the badge, drawn by the web layer (Material icons).</summary>
public static class BadgeIcons
{
    public const string Upload = "upload";

    public static readonly IReadOnlyList<string> BuiltIn =
        ["star", "trophy", "diamond", "handshake", "phone", "target", "task", "heart", "rocket", "fire", "medal", "crown", "bolt", "school", "groups", "thumb"];

    public static bool IsKnown(string icon) => icon == Upload || BuiltIn.Contains(icon);
}
