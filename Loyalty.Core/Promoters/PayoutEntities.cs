namespace Loyalty.Core.Promoters;

/// <summary>Where a payout stands: <see cref="Pending"/> reserves the amount; <see cref="Paid"/> and <see cref="Cancelled"/> are final.</summary>
public enum PayoutStatus
{
    /// <summary>In a run, not yet paid: the amount is reserved (no longer payable to another run).</summary>
    Pending,

    /// <summary>Paid by the bank: a Payout entry took the gross amount off the promoter's balance.</summary>
    Paid,

    /// <summary>Cancelled before payment: the amount is payable again.</summary>
    Cancelled,
}

/// <summary>An accountant's payout run for a period (portal-zone dates, inclusive): a batch of <see cref="Payout"/>s.</summary>
public sealed class PayoutRun
{
    public long Id { get; set; }

    public DateOnly PeriodFrom { get; set; }

    public DateOnly PeriodTo { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>The accountant's e-mail.</summary>
    public string CreatedBy { get; set; } = "";

    public string? Note { get; set; }
}

/// <summary>
/// One promoter's payout in a run, kopecks: <see cref="Gross"/> comes off the promoter's balance; for an individual the
/// portal withholds personal income tax (<see cref="Tax"/>) and the bank pays <see cref="Net"/>. The legal status and
/// the bank details are a snapshot taken when the payout was created (what the bank registry and the report show).
/// </summary>
public sealed class Payout
{
    public long Id { get; set; }

    public long RunId { get; set; }

    public long PromoterId { get; set; }

    public long Gross { get; set; }

    /// <summary>Personal income tax withheld for an individual, else 0.</summary>
    public long Tax { get; set; }

    public long Net { get; set; }

    /// <summary>The tax rate applied, basis points (1300 = 13 %; 0 when no tax is withheld).</summary>
    public int TaxBasisPoints { get; set; }

    public PayoutStatus Status { get; set; }

    public PromoterLegalStatus? LegalStatus { get; set; }

    public string? PayeeName { get; set; }

    public string? Inn { get; set; }

    public string? Bik { get; set; }

    public string? BankAccount { get; set; }

    public string? CorrespondentAccount { get; set; }

    /// <summary>The payment date (portal zone).</summary>
    public DateOnly? PaidOn { get; set; }

    /// <summary>The payment order's number.</summary>
    public string? Reference { get; set; }

    /// <summary>The self-employed promoter's receipt (чек НПД) number.</summary>
    public string? ReceiptNumber { get; set; }

    public DateTime? PaidAt { get; set; }

    public string? PaidBy { get; set; }

    public DateTime? CancelledAt { get; set; }

    public string? CancelledBy { get; set; }

    /// <summary>The Payout entry on the promoter's ledger account, once paid.</summary>
    public long? LedgerEntryId { get; set; }
}
