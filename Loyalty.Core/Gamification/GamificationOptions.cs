namespace Loyalty.Core.Gamification;

/// <summary>The <c>Gamification</c> section of appsettings.json.</summary>
public sealed class GamificationOptions
{
    public const string Section = "Gamification";

    /// <summary>Quartz cron (portal time zone) of the full recalculation of the current periods, which also closes the periods that ended.</summary>
    public string RecalculateCron { get; set; } = "0 */10 * * * ?";

    /// <summary>Creates the example ratings and badges on a portal that has none (once).</summary>
    public bool CreateExamples { get; set; } = true;
}
