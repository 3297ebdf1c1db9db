namespace Loyalty.Core.Sync;

/// <summary>The <c>Sync</c> section of appsettings.json.</summary>
public sealed class SyncOptions
{
    public const string Section = "Sync";

    /// <summary>Off: no scheduled syncs and no event processing (the pages still work, and "Sync now" too).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Minutes between incremental syncs.</summary>
    public int IntervalMinutes { get; set; } = 5;

    /// <summary>How far before the last high-water mark an incremental sync reads again (clock skew, late commits).</summary>
    public int OverlapMinutes { get; set; } = 5;

    /// <summary>Quartz cron of the nightly reconciliation that finds records deleted in Bitrix24 (portal time zone).</summary>
    public string ReconcileCron { get; set; } = "0 30 3 * * ?";

    /// <summary>Rows written per transaction: one batch of 50 list pages.</summary>
    public int FlushSize { get; set; } = 2500;
}
