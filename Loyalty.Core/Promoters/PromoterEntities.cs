namespace Loyalty.Core.Promoters;

/// <summary>How a promoter is paid, which decides the tax and the papers a payout needs.</summary>
public enum PromoterLegalStatus
{
    /// <summary>A private person: the portal withholds personal income tax (НДФЛ) from a payout.</summary>
    Individual,

    /// <summary>Self-employed (НПД): a payout needs the promoter's receipt number before it is marked paid.</summary>
    SelfEmployed,

    /// <summary>A sole trader (ИП).</summary>
    SoleTrader,

    /// <summary>A company (ООО and the like).</summary>
    Company,
}

/// <summary>
/// A Bitrix24 contact in promoter mode (seed 002). The contact's name, phone and e-mail stay in the CRM mirror; this row
/// holds what the portal owns: whether the mode is on, the current code, an own commission rate and the payout details.
/// A promoter switched off keeps its row (its commissions stay payable) and, switched on again, its code.
/// </summary>
public sealed class Promoter
{
    public long Id { get; set; }

    /// <summary>The Bitrix24 contact (mirror <see cref="Crm.Contact"/>); one promoter per contact.</summary>
    public long ContactId { get; set; }

    public bool Active { get; set; }

    /// <summary>When the mode was last switched on or off (UTC), in the portal or in Bitrix24: the later change wins.</summary>
    public DateTime SwitchedAt { get; set; }

    /// <summary>Who made the last switch: a user's e-mail, or <c>bitrix24</c> for the contact's field.</summary>
    public string SwitchedBy { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    /// <summary>The code the referral link carries; null only before the first code is made.</summary>
    public string? ActiveCode { get; set; }

    /// <summary>An own commission rate in basis points (1000 = 10 %), instead of the settings' rate or scale; null: the settings'.</summary>
    public int? RateBasisPoints { get; set; }

    /// <summary>The flag value the portal last wrote to the contact's <c>UF_CRM_LOY_PROMOTER</c>.</summary>
    public bool? CrmFlagWritten { get; set; }

    public PromoterLegalStatus? LegalStatus { get; set; }

    /// <summary>The payee as the bank knows it (a company's or a person's full name).</summary>
    public string? PayeeName { get; set; }

    /// <summary>ИНН: 10 digits for a company, 12 for a person.</summary>
    public string? Inn { get; set; }

    /// <summary>БИК of the bank, 9 digits.</summary>
    public string? Bik { get; set; }

    /// <summary>The settlement account (расчётный счёт), 20 digits.</summary>
    public string? BankAccount { get; set; }

    /// <summary>The bank's correspondent account, 20 digits.</summary>
    public string? CorrespondentAccount { get; set; }
}

/// <summary>
/// A referral code, ever issued: codes are never reused, so a revoked one stays here and its link answers "no longer
/// valid" rather than leading to someone else.
/// </summary>
public sealed class PromoterCode
{
    /// <summary>8 characters of <see cref="PromoterCodes.Alphabet"/>, upper case.</summary>
    public string Code { get; set; } = "";

    public long PromoterId { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>When a new code replaced it; null while it is the promoter's code.</summary>
    public DateTime? RevokedAt { get; set; }
}

/// <summary>One saved version of the promoter program's rules (<see cref="PromoterSettings"/>). Never changed after saving.</summary>
public sealed class PromoterSettingsVersion
{
    public int Version { get; set; }

    public string Json { get; set; } = "";

    public DateTime ChangedAt { get; set; }

    public string ChangedBy { get; set; } = "";
}

/// <summary>What earned a commission.</summary>
public enum CommissionTrigger
{
    /// <summary>A referred lead was created: a fixed sum.</summary>
    LeadCreated,

    /// <summary>A referred lead was converted: a fixed sum.</summary>
    LeadConverted,

    /// <summary>A referred deal was won: the rate × the deal's amount.</summary>
    DealWon,
}

/// <summary>How a deal or lead was tied to its promoter.</summary>
public enum AttributionSource
{
    /// <summary>The lead's <c>UF_CRM_LOY_PR_ID</c> (the referral page's lead, or the deal's source lead).</summary>
    LeadField,

    /// <summary>The deal's own <c>UF_CRM_LOY_PR_ID</c>.</summary>
    DealField,

    /// <summary>A known code a manager typed into the deal's <c>UF_CRM_LOY_PR_CODE</c>.</summary>
    DealCode,

    /// <summary>An administrator attributed the deal or lead by hand (<see cref="PromoterAttributionOverride"/>).</summary>
    Manual,
}

/// <summary>Where a commission stands. Amounts are on the ledger; this is the register's view of one item.</summary>
public enum CommissionStatus
{
    /// <summary>Posted to the ledger; payable after <see cref="PromoterCommission.PayableAfter"/>.</summary>
    Accrued,

    /// <summary>A fraud rule flagged it: nothing is posted until an administrator approves it.</summary>
    OnReview,

    /// <summary>An administrator rejected the flagged item: nothing is owed.</summary>
    Rejected,

    /// <summary>The deal is no longer won: the accrual was reversed (a clawback if it had been paid).</summary>
    Reversed,
}

/// <summary>Why a commission waits for review (flags, combined).</summary>
[Flags]
public enum FraudFlags
{
    None = 0,

    /// <summary>The referred lead's phone or e-mail is the promoter's own.</summary>
    SelfReferral = 1,

    /// <summary>The referred contact had a won deal before the referral.</summary>
    ExistingCustomer = 2,

    /// <summary>The same phone or e-mail was referred within the settings' number of days.</summary>
    Duplicate = 4,
}

/// <summary>
/// One line of a promoter's register: a referred lead or deal that earned (or would earn) a commission, with the rule
/// that computed it. <see cref="SourceKey"/> (the CRM fact's key) makes it idempotent, as it is the ledger entry's.
/// </summary>
public sealed class PromoterCommission
{
    public long Id { get; set; }

    public long PromoterId { get; set; }

    /// <summary><c>fact:{CRM fact key}</c>: one line per fact, and the ledger entry's source key.</summary>
    public string SourceKey { get; set; } = "";

    public CommissionTrigger Trigger { get; set; }

    public AttributionSource Attribution { get; set; }

    public long? LeadId { get; set; }

    public long? DealId { get; set; }

    /// <summary>The referred customer (the deal's or lead's contact), when known.</summary>
    public long? ContactId { get; set; }

    /// <summary>The deal's amount in the base currency, kopecks (0 for the lead triggers).</summary>
    public long BaseAmount { get; set; }

    /// <summary>The rate applied, basis points (0 for a fixed sum).</summary>
    public int RateBasisPoints { get; set; }

    /// <summary>The commission, kopecks.</summary>
    public long Amount { get; set; }

    /// <summary>The settings version the amount was computed with.</summary>
    public int RuleVersion { get; set; }

    public CommissionStatus Status { get; set; }

    public FraudFlags Flags { get; set; }

    /// <summary>When the hold ends and the commission may be paid.</summary>
    public DateTime PayableAfter { get; set; }

    /// <summary>When the fact happened (the deal won, the lead created).</summary>
    public DateTime OccurredAt { get; set; }

    public DateTime RecordedAt { get; set; }

    /// <summary>The accrual on the ledger; null while on review or rejected.</summary>
    public long? LedgerEntryId { get; set; }

    /// <summary>The reversal when the deal was no longer won.</summary>
    public long? ReversalEntryId { get; set; }

    public DateTime? ReviewedAt { get; set; }

    public string? ReviewedBy { get; set; }

    public string? ReviewReason { get; set; }
}


/// <summary>
/// An administrator's decision about whose a deal or lead is, with a reason: attributed to a promoter, or detached from any
/// (<see cref="PromoterId"/> null). The latest row of a record wins over the CRM's fields, in later facts and on replay.
/// Rows are never changed: a new decision is a new row.
/// </summary>
public sealed class PromoterAttributionOverride
{
    public const string Deal = "deal";
    public const string Lead = "lead";

    public long Id { get; set; }

    /// <summary><see cref="Deal"/> or <see cref="Lead"/>.</summary>
    public string EntityType { get; set; } = Deal;

    /// <summary>The Bitrix24 deal or lead ID.</summary>
    public long EntityId { get; set; }

    /// <summary>The promoter the record is attributed to; null: detached from every promoter.</summary>
    public long? PromoterId { get; set; }

    public string Reason { get; set; } = "";

    /// <summary>The administrator (e-mail).</summary>
    public string By { get; set; } = "";

    public DateTime At { get; set; }
}
