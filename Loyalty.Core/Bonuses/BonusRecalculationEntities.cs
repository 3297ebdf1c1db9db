namespace Loyalty.Core.Bonuses;

public enum RecalculationStatus
{
    /// <summary>Waiting for the background job, or computing the differences.</summary>
    Previewing,

    /// <summary>The differences are computed and shown; nothing is posted yet.</summary>
    Previewed,

    /// <summary>Waiting for the background job, or posting the differences.</summary>
    Applying,

    Applied,

    Failed,

    /// <summary>The rules changed after the preview: it can no longer be applied, only previewed again.</summary>
    Stale,
}

/// <summary>
/// One recalculation of customer bonuses under the current rules (seed 001, items 4–5): a preview of the
/// differences per customer, then, if an administrator applies it, correcting ledger entries for them.
/// Money in kopecks.
/// </summary>
public sealed class BonusRecalculation
{
    public long Id { get; set; }

    /// <summary>Deals won from this day on (portal time zone) are recalculated; null: from the program's start.</summary>
    public DateOnly? FromDate { get; set; }

    /// <summary>The rules the differences were computed with; applying is refused once the rules have changed.</summary>
    public int SettingsVersion { get; set; }

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = "";

    public RecalculationStatus Status { get; set; }

    /// <summary>Progress of the running step: customers checked (preview) or corrected (apply), of <see cref="Total"/>.</summary>
    public int Done { get; set; }

    public int Total { get; set; }

    /// <summary>Customers whose deals change (the preview's lines).</summary>
    public int CustomersAffected { get; set; }

    public int DealsChanged { get; set; }

    /// <summary>The sum of the deals' positive differences: what is to be credited.</summary>
    public long Increase { get; set; }

    /// <summary>The sum of the deals' negative differences (≤ 0): what is to be taken back.</summary>
    public long Decrease { get; set; }

    public DateTime? PreviewedAt { get; set; }

    public string? AppliedBy { get; set; }

    public DateTime? AppliedAt { get; set; }

    /// <summary>Ledger entries the apply posted (credits and partial reversals).</summary>
    public int EntriesPosted { get; set; }

    /// <summary>What the apply actually credited and took back: the preview's figures, unless the ledger moved in between.</summary>
    public long AppliedIncrease { get; set; }

    public long AppliedDecrease { get; set; }

    public string? Error { get; set; }
}

/// <summary>One customer of a recalculation's preview: the balance now, after, and the deals whose accrual changes.</summary>
public sealed class BonusRecalculationLine
{
    public long Id { get; set; }

    public long RecalculationId { get; set; }

    public long ContactId { get; set; }

    public long BalanceNow { get; set; }

    public long BalanceAfter { get; set; }

    /// <summary><see cref="BalanceAfter"/> − <see cref="BalanceNow"/>.</summary>
    public long Difference { get; set; }

    public int DealsChanged { get; set; }
}
