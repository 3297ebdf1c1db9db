namespace Loyalty.Core.Bonuses;

/// <summary>One saved version of the program's rules, with who saved it and when. Never changed after saving.</summary>
public sealed class BonusSettingsVersion
{
    public int Version { get; set; }

    /// <summary>The <see cref="BonusSettings"/>, as JSON.</summary>
    public string Json { get; set; } = "";

    public DateTime ChangedAt { get; set; }

    public string ChangedBy { get; set; } = "";
}

/// <summary>
/// A customer as the program sees them: the figures the customers page filters and sorts on, kept up to date by
/// the processor from the mirror and the ledger (the balance itself stays on the ledger account).
/// Money in kopecks; <see cref="PercentBasisPoints"/> is the current % × 100 (5.5 % = 550).
/// </summary>
public sealed class BonusCustomer
{
    public long ContactId { get; set; }

    /// <summary>Upper-cased name, phone digits and e-mail, for a search that folds Cyrillic case.</summary>
    public string SearchText { get; set; } = "";

    public string DisplayName { get; set; } = "";

    public int WonDeals { get; set; }

    /// <summary>Lifetime spend: won deals in covered pipelines since the program's start, base currency.</summary>
    public long WonSum { get; set; }

    public DateTime? LastPurchaseAt { get; set; }

    public string Tier { get; set; } = "";

    public int PercentBasisPoints { get; set; }

    public long Accrued { get; set; }

    public long Redeemed { get; set; }

    public long Balance { get; set; }

    public DateTime UpdatedAt { get; set; }
}

public enum BonusSkipReason
{
    /// <summary>The deal has no contact to credit.</summary>
    NoContact,

    /// <summary>The deal's currency has no rate in the mirror to convert it to the base currency.</summary>
    UnknownCurrency,
}

/// <summary>A won deal the program could not credit, and why: listed, not silently dropped.</summary>
public sealed class BonusSkip
{
    public long DealId { get; set; }

    public BonusSkipReason Reason { get; set; }

    public DateTime WonAt { get; set; }

    public long Amount { get; set; }

    public DateTime RecordedAt { get; set; }
}

/// <summary>Where a program stopped reading CRM facts and changed deals.</summary>
public sealed class ProgramCursor
{
    public string Program { get; set; } = "";

    public long LastFactId { get; set; }

    /// <summary>Deals synced after this instant are looked at again (redemption fields).</summary>
    public DateTime? DealsSyncedAfter { get; set; }

    /// <summary>The rules version the customers' tiers and % were last computed with; another version refreshes them all.</summary>
    public int SettingsVersion { get; set; }
}

/// <summary>
/// The last redemption request read from a deal's field and what was applied for it. A request is handled once:
/// the same amount seen again (the deal re-synced after the write-back, a replayed sync) changes nothing, even if
/// the balance has grown since; a new amount, or a cleared field, is handled anew.
/// </summary>
public sealed class BonusDealRedemption
{
    public long DealId { get; set; }

    public long ContactId { get; set; }

    /// <summary>Kopecks the manager asked for.</summary>
    public long Requested { get; set; }

    /// <summary>Kopecks applied (the deal's net redemption after handling the request).</summary>
    public long Applied { get; set; }

    public RedemptionCap Cap { get; set; }

    public DateTime HandledAt { get; set; }
}
