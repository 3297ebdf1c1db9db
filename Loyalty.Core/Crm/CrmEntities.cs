using Loyalty.Core.Data;

namespace Loyalty.Core.Crm;

/// <summary>
/// The local mirror of the Bitrix24 CRM. Every entity keeps Bitrix24's ID as its key. A record deleted in
/// Bitrix24 is kept as a tombstone (<see cref="MirrorRecord.DeletedAt"/>), because ledger entries and facts
/// still point to it. Times are UTC.
/// </summary>
public abstract class MirrorRecord
{
    public long Id { get; set; }

    /// <summary>DATE_MODIFY (or the entity's equivalent) as the portal reported it.</summary>
    public DateTime? ModifiedAt { get; set; }

    /// <summary>When the mirror last wrote this row.</summary>
    public DateTime SyncedAt { get; set; }

    public DateTime? DeletedAt { get; set; }
}

public sealed class Department : MirrorRecord
{
    public string Name { get; set; } = "";

    public long? ParentId { get; set; }

    public long? HeadEmployeeId { get; set; }

    public int Sort { get; set; }
}

public sealed class Employee : MirrorRecord
{
    public string FirstName { get; set; } = "";

    public string LastName { get; set; } = "";

    public string? Email { get; set; }

    public string? Position { get; set; }

    public bool Active { get; set; }

    /// <summary>The first department in UF_DEPARTMENT: the team the employee's results count for.</summary>
    public long? DepartmentId { get; set; }

    public string? PhotoUrl { get; set; }

    public string FullName => string.Join(' ', new[] { FirstName, LastName }.Where(s => s.Length > 0));
}

/// <summary>A deal pipeline ("direction"); Bitrix24 calls it a deal category. The default one has ID 0.</summary>
public sealed class Pipeline : MirrorRecord
{
    public string Name { get; set; } = "";

    public int Sort { get; set; }

    public bool IsDefault { get; set; }
}

public enum StageSemantics
{
    InProgress,
    Success,
    Failure,
}

public enum StageEntity
{
    Deal,
    Lead,
}

/// <summary>A deal stage (<c>C1:WON</c>) or lead status (<c>CONVERTED</c>), with what it means.</summary>
public sealed class Stage
{
    /// <summary>"Deal:C1:WON" or "Lead:CONVERTED": stage codes repeat between deals and leads.</summary>
    public string Key { get; set; } = "";

    public StageEntity Entity { get; set; }

    public string Code { get; set; } = "";

    public long? PipelineId { get; set; }

    public string Name { get; set; } = "";

    public int Sort { get; set; }

    public StageSemantics Semantics { get; set; }

    public DateTime SyncedAt { get; set; }

    public static string KeyOf(StageEntity entity, string code) => $"{entity}:{code}";
}

public sealed class Currency
{
    public string Code { get; set; } = "";

    public bool IsBase { get; set; }

    /// <summary>How many base-currency units <see cref="AmountCount"/> units of this currency cost.</summary>
    public decimal Rate { get; set; } = 1;

    public int AmountCount { get; set; } = 1;

    public DateTime SyncedAt { get; set; }
}

public sealed class Contact : MirrorRecord
{
    public string FirstName { get; set; } = "";

    public string LastName { get; set; } = "";

    public string? SecondName { get; set; }

    /// <summary>All phones, as sent, separated by "; ".</summary>
    public string? Phones { get; set; }

    public string? Emails { get; set; }

    /// <summary>The first phone reduced to digits (79991234567), for matching referrals and duplicates.</summary>
    public string? PhoneDigits { get; set; }

    /// <summary>The first e-mail in lower case.</summary>
    public string? EmailNormalized { get; set; }

    public long? AssignedById { get; set; }

    public long? CompanyId { get; set; }

    public string? SourceId { get; set; }

    public DateTime? CreatedAt { get; set; }

    /// <summary>The contact's UF_CRM_* fields as a JSON object, as the portal sent them.</summary>
    public string? UserFields { get; set; }

    public string FullName => string.Join(' ', new[] { FirstName, LastName }.Where(s => s.Length > 0));
}

public sealed class Lead : MirrorRecord
{
    public string Title { get; set; } = "";

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    public string StatusId { get; set; } = "";

    public string? SourceId { get; set; }

    public long? AssignedById { get; set; }

    public long? ContactId { get; set; }

    public long? CompanyId { get; set; }

    /// <summary>OPPORTUNITY in minor units (kopecks): the column SQL sums and compares.</summary>
    public long AmountMinor { get; set; }

    public Money Amount
    {
        get => new(AmountMinor);
        set => AmountMinor = value.Minor;
    }

    public string? CurrencyId { get; set; }

    public string? PhoneDigits { get; set; }

    public string? EmailNormalized { get; set; }

    public DateTime? CreatedAt { get; set; }

    /// <summary>When the lead reached a success status (converted), as far as the mirror saw it.</summary>
    public DateTime? ConvertedAt { get; set; }

    public string? UserFields { get; set; }
}

public sealed class Deal : MirrorRecord
{
    public string Title { get; set; } = "";

    public long PipelineId { get; set; }

    public string StageId { get; set; } = "";

    public StageSemantics Semantics { get; set; }

    /// <summary>OPPORTUNITY in minor units (kopecks): the column SQL sums and compares.</summary>
    public long AmountMinor { get; set; }

    public Money Amount
    {
        get => new(AmountMinor);
        set => AmountMinor = value.Minor;
    }

    public string? CurrencyId { get; set; }

    public long? ContactId { get; set; }

    public long? CompanyId { get; set; }

    public long? LeadId { get; set; }

    public long? AssignedById { get; set; }

    public string? SourceId { get; set; }

    public DateTime? CreatedAt { get; set; }

    /// <summary>MOVED_TIME: when the deal last changed stage.</summary>
    public DateTime? MovedAt { get; set; }

    /// <summary>When the deal entered its success stage; null unless won.</summary>
    public DateTime? WonAt { get; set; }

    public DateTime? ClosedAt { get; set; }

    public string? UserFields { get; set; }
}

public enum ActivityKind
{
    Other,
    Meeting,
    Call,
    Task,
    Email,
}

public sealed class Activity : MirrorRecord
{
    public int OwnerTypeId { get; set; }

    public long OwnerId { get; set; }

    public ActivityKind Kind { get; set; }

    public int TypeId { get; set; }

    public string? ProviderId { get; set; }

    public string? Subject { get; set; }

    public int Direction { get; set; }

    public bool Completed { get; set; }

    public long? ResponsibleId { get; set; }

    public DateTime? CreatedAt { get; set; }

    public DateTime? StartTime { get; set; }

    public DateTime? EndTime { get; set; }

    public DateTime? Deadline { get; set; }
}

public sealed class CrmTask : MirrorRecord
{
    public string Title { get; set; } = "";

    public long? ResponsibleId { get; set; }

    /// <summary>REAL_STATUS: 2 waiting, 3 in progress, 4 awaiting control, 5 completed, 6 deferred.</summary>
    public int Status { get; set; }

    public DateTime? CreatedAt { get; set; }

    public DateTime? Deadline { get; set; }

    public DateTime? ClosedAt { get; set; }

    public bool IsCompleted => Status == 5;
}
