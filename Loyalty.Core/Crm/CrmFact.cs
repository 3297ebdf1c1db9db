using Loyalty.Core.Data;

namespace Loyalty.Core.Crm;

public enum CrmFactKind
{
    DealCreated,
    DealWon,
    DealUnwon,
    DealLost,
    DealAmountChanged,
    LeadCreated,
    LeadConverted,
    ContactCreated,
    ContactCompleted,
    ActivityCompleted,
    TaskCompleted,
}

/// <summary>
/// Something that happened in the CRM, found by comparing what Bitrix24 sent with what the mirror held.
/// <see cref="Key"/> is stable (<c>deal:123:won:2026-03-01T10:00:00Z</c>): the same change seen again — a
/// replayed sync, a repeated event — produces the same key, which the unique index refuses. Programs read
/// facts in <see cref="Id"/> order and remember the last one they handled.
/// </summary>
public sealed class CrmFact
{
    public long Id { get; set; }

    public string Key { get; set; } = "";

    public CrmFactKind Kind { get; set; }

    /// <summary>"deal", "lead", "contact", "activity", "task".</summary>
    public string EntityType { get; set; } = "";

    public long EntityId { get; set; }

    /// <summary>The responsible employee, when the entity has one.</summary>
    public long? EmployeeId { get; set; }

    public long? ContactId { get; set; }

    public long? PipelineId { get; set; }

    /// <summary>The deal's amount for won/unwon, the difference for an amount change, in minor units.</summary>
    public long? AmountMinor { get; set; }

    public Money? Amount
    {
        get => AmountMinor is { } minor ? new Money(minor) : null;
        set => AmountMinor = value?.Minor;
    }

    public string? CurrencyId { get; set; }

    /// <summary>For TaskCompleted: closed before its deadline (or without one).</summary>
    public bool? OnTime { get; set; }

    public DateTime OccurredAt { get; set; }

    public DateTime RecordedAt { get; set; }
}
