namespace Loyalty.Core.Ledger;

/// <summary>The <c>Ledger</c> section of appsettings.json.</summary>
public sealed class LedgerOptions
{
    public const string Section = "Ledger";

    /// <summary>Quartz cron of the nightly consistency check (portal time zone).</summary>
    public string CheckCron { get; set; } = "0 0 4 * * ?";
}
