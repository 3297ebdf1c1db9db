namespace Loyalty.Core.Promoters;

/// <summary>Where a referral submission is on its way to Bitrix24.</summary>
public enum ReferralSubmissionStatus
{
    /// <summary>Waiting for its lead (crm.lead.add), or for a retry after a failure.</summary>
    Pending,

    /// <summary>The lead exists (<see cref="ReferralSubmission.LeadId"/>); its timeline comment is still to be written.</summary>
    LeadCreated,

    /// <summary>Lead and timeline comment written.</summary>
    Done,
}

/// <summary>
/// One form sent from a promoter's referral page (<c>/r/{code}</c>): who was referred, by whom, and the lead it became.
/// A row is the outbox entry for its lead as well: the worker sends pending rows to Bitrix24 in batches and records the
/// lead's ID, so a submission never becomes two leads. Erasure blanks the person's data and keeps the row.
/// </summary>
public sealed class ReferralSubmission
{
    public long Id { get; set; }

    public long PromoterId { get; set; }

    /// <summary>The code of the link the visitor used (a promoter may regenerate codes).</summary>
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>E.164 (<c>+79161234567</c>), or null.</summary>
    public string? Phone { get; set; }

    /// <summary>Trimmed, lower case, or null.</summary>
    public string? Email { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>The client address the form came from (the one rate limits count).</summary>
    public string ClientAddress { get; set; } = "";

    /// <summary>The nonce of the one-time form token: unique, so a second post of the same form records nothing.</summary>
    public string FormToken { get; set; } = "";

    public long ConsentId { get; set; }

    public ReferralSubmissionStatus Status { get; set; }

    /// <summary>The Bitrix24 lead, once created.</summary>
    public long? LeadId { get; set; }

    public DateTime? LeadCreatedAt { get; set; }

    public DateTime? CommentedAt { get; set; }

    /// <summary>When the next attempt is due.</summary>
    public DateTime DueAt { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    /// <summary>
    /// A send whose answer never came (timeout, broken connection): the lead may exist. The next attempt first looks
    /// it up by its marker (<c>ORIGIN_ID</c>) and adds it only if it is not there.
    /// </summary>
    public bool LookupFirst { get; set; }

    /// <summary>When the person's data was erased on request (name, phone, e-mail blanked).</summary>
    public DateTime? ErasedAt { get; set; }
}

/// <summary>A visitor's consent to the processing of personal data: when, from where, to which version of the policy.</summary>
public sealed class ConsentRecord
{
    public long Id { get; set; }

    public DateTime GivenAt { get; set; }

    public string ClientAddress { get; set; } = "";

    public int PolicyVersion { get; set; }

    /// <summary>SHA-256 of the policy text the visitor was shown (hex); the text itself is in <see cref="ReferralPolicyVersion"/>.</summary>
    public string PolicyHash { get; set; } = "";

    /// <summary>What the consent was given for: <c>referral</c>.</summary>
    public string Purpose { get; set; } = "";

    public DateTime? ErasedAt { get; set; }
}

/// <summary>One version of the personal data policy shown on the referral page; never changed once saved.</summary>
public sealed class ReferralPolicyVersion
{
    public int Version { get; set; }

    public string Text { get; set; } = "";

    public string Hash { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public string? CreatedBy { get; set; }
}

/// <summary>The referral page's own settings: one row (<see cref="SingleId"/>); the policy text is versioned apart.</summary>
public sealed class ReferralPageSettingsRow
{
    public const int SingleId = 1;

    public int Id { get; set; } = SingleId;

    public string CompanyName { get; set; } = "";

    public string PageText { get; set; } = "";

    public DateTime UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }
}

/// <summary>How long the referral page's texts may be.</summary>
public static class ReferralLimits
{
    /// <summary>A person's name as typed: "Ольга Смирнова".</summary>
    public const int Name = TextLimits.Name;

    /// <summary>A phone as typed (spaces, brackets): the E.164 result is at most 16.</summary>
    public const int PhoneInput = 40;

    public const int Email = 254;

    public const int CompanyName = 200;

    public const int PageText = 2000;

    public const int PolicyText = 50_000;

    public const int Code = 32;

    public const int ClientAddress = 64;

    public const int Error = 2000;
}
