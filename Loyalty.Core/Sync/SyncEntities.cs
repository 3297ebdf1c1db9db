namespace Loyalty.Core.Sync;

/// <summary>The kinds of CRM records the sync brings in, in the order a full sync reads them.</summary>
public enum SyncEntity
{
    Departments,
    Employees,
    Pipelines,
    Stages,
    Currencies,
    Contacts,
    Leads,
    Deals,
    Activities,
    Tasks,
}

public enum SyncKind
{
    Incremental,
    Full,
    Reconcile,
    Events,
}

public enum SyncStatus
{
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>One run of the sync, with what it read and changed per entity.</summary>
public sealed class SyncRun
{
    public long Id { get; set; }

    public SyncKind Kind { get; set; }

    public SyncStatus Status { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    /// <summary>For a full re-sync: the date it started from (null: everything).</summary>
    public DateTime? FromDate { get; set; }

    /// <summary>Per entity: read, changed, facts, skipped — JSON written by <see cref="SyncCounts"/>.</summary>
    public string Counts { get; set; } = "{}";

    public int Skipped { get; set; }

    public string? Error { get; set; }

    public string? TriggeredBy { get; set; }

    /// <summary>The <see cref="Error"/> of a run the process died in the middle of; the page says it in the reader's language.</summary>
    public const string Interrupted = "interrupted";
}

/// <summary>Where the incremental sync of one entity stands: everything modified up to the mark is in the mirror.</summary>
public sealed class SyncCursor
{
    public SyncEntity Entity { get; set; }

    public DateTime? HighWaterMark { get; set; }

    public DateTime? LastFullSyncAt { get; set; }

    public DateTime? LastReconciledAt { get; set; }
}

/// <summary>Why a record was skipped: the sync page says it in the reader's language.</summary>
public enum SyncIssueReason
{
    /// <summary>A field of the wrong shape (<see cref="SyncIssue.Field"/> names it).</summary>
    BadValue,
    BadId,
    AmountOutOfRange,
    BadDate,
    BadMultiField,
    UnknownStage,
    UnknownStatus,

    /// <summary>Anything else the mapping threw; <see cref="SyncIssue.Message"/> holds its text.</summary>
    Unreadable,
}

/// <summary>A record the sync could not take (unparseable field, unknown stage): logged with its ID and skipped.</summary>
public sealed class SyncIssue
{
    public const int ValueLength = 200;

    public const int TitleLength = 300;

    public long Id { get; set; }

    /// <summary>The run that met the record; null for an event's re-read, which runs outside any sync run.</summary>
    public long? RunId { get; set; }

    public SyncEntity Entity { get; set; }

    public long? EntityId { get; set; }

    /// <summary>The record's title or name as Bitrix24 sent it, when it could be read: how an administrator finds it.</summary>
    public string? Title { get; set; }

    public SyncIssueReason Reason { get; set; }

    /// <summary>The field that could not be read, and its value as sent (cut to <see cref="ValueLength"/>).</summary>
    public string? Field { get; set; }

    public string? Value { get; set; }

    /// <summary>The technical detail, in English, for logs and support; the page shows <see cref="Reason"/>.</summary>
    public string Message { get; set; } = "";

    public DateTime At { get; set; }
}

/// <summary>
/// An entity an event told us about: it is re-read from Bitrix24 (the event's own fields are never trusted).
/// One row per entity: a hundred events for one deal mean one re-read.
/// </summary>
public sealed class PendingRefetch
{
    public SyncEntity Entity { get; set; }

    public long EntityId { get; set; }

    public DateTime RequestedAt { get; set; }

    public string Event { get; set; } = "";
}
