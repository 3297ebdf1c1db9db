namespace Loyalty.Core.Ledger;

/// <summary>Whose balance an account holds. The unit follows the kind: kopecks for money, whole points for points.</summary>
public enum AccountKind
{
    /// <summary>A customer's bonuses (a contact's ID as owner), in kopecks: 1 bonus rouble pays 1 rouble.</summary>
    CustomerBonus,

    /// <summary>A promoter's commissions, in kopecks.</summary>
    PromoterCommission,

    /// <summary>An employee's gamification points (an employee's ID as owner), in whole points.</summary>
    EmployeePoints,
}

public enum EntryKind
{
    Accrual,
    Redemption,
    Reversal,
    Expiry,
    Adjustment,
    Payout,
}

/// <summary>
/// One balance in the ledger. <see cref="Balance"/> is a cache of the sum of its entries, kept in the same
/// transaction as each entry; <see cref="Version"/> is the optimistic-concurrency token that makes two
/// writers of one balance (threads or web nodes) retry instead of overwriting each other.
/// </summary>
public sealed class Account
{
    public long Id { get; set; }

    public AccountKind Kind { get; set; }

    public long OwnerId { get; set; }

    /// <summary>The sum of the entries, in the kind's unit (kopecks or points).</summary>
    public long Balance { get; set; }

    public long Version { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// An immutable line of the ledger: positive amounts are credits (each one a "lot" that spending consumes,
/// oldest first), negative amounts debits. Never updated, never deleted: a correction is another entry.
/// </summary>
public sealed class LedgerEntry
{
    public long Id { get; set; }

    public long AccountId { get; set; }

    public EntryKind Kind { get; set; }

    /// <summary>Signed, in the account's unit.</summary>
    public long Amount { get; set; }

    /// <summary>What caused the entry (<c>fact:deal:12:won:…</c>, <c>redeem:deal:12:…</c>); unique per account.</summary>
    public string SourceKey { get; set; } = "";

    public DateTime OccurredAt { get; set; }

    public DateTime RecordedAt { get; set; }

    /// <summary>Who posted it: a user's e-mail, or <c>system:…</c> for jobs.</summary>
    public string Actor { get; set; } = "";

    /// <summary>A person's own words (a redemption's comment), or the text of an entry written before <see cref="Reason"/> existed.</summary>
    public string? Comment { get; set; }

    /// <summary>Why the entry was made, as a code (<see cref="LedgerReason"/>); rendered in the reader's language.</summary>
    public string? Reason { get; set; }

    /// <summary>The reason's values as JSON (<c>{"Percent":"7","Amount":"71900000"}</c>).</summary>
    public string? ReasonArgs { get; set; }

    /// <summary>The version of the program's rules the amount was computed with.</summary>
    public int? RuleVersion { get; set; }

    /// <summary>The CRM deal the entry came from, if any.</summary>
    public long? DealId { get; set; }

    /// <summary>For a reversal: the entry it (partly) cancels.</summary>
    public long? ReversesEntryId { get; set; }

    /// <summary>For a credit: when what is left of it expires (null: never).</summary>
    public DateTime? ExpiresAt { get; set; }
}

/// <summary>
/// Which credit a debit used: spending consumes credits oldest first, and each portion is recorded, so an expiry
/// takes exactly what is left of its credit and a reversal knows what it undoes. A credit posted while the
/// balance is negative first settles the uncovered debits (the allocation then points from that debit to it).
/// </summary>
public sealed class LedgerAllocation
{
    public long Id { get; set; }

    public long DebitEntryId { get; set; }

    public long CreditEntryId { get; set; }

    /// <summary>Positive, in the account's unit.</summary>
    public long Amount { get; set; }
}

/// <summary>One run of the consistency check: whether every cached balance equals the sum of its entries.</summary>
public sealed class LedgerCheckRun
{
    public long Id { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime FinishedAt { get; set; }

    public string TriggeredBy { get; set; } = "";

    public int AccountsChecked { get; set; }

    public int Mismatches { get; set; }

    /// <summary>The first mismatching accounts, as JSON (<c>[{"accountId":…,"cached":…,"sum":…}]</c>).</summary>
    public string? Details { get; set; }
}
