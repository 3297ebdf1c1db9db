using System.Globalization;
using Loyalty.Core.Crm;

namespace Loyalty.Core.Sync;

/// <summary>
/// What a change to a mirror record means, as CRM facts. Pure functions of (what the mirror held, what
/// Bitrix24 sent); they also carry over what only the mirror knows (when a deal was won, a lead converted).
/// Keys are built from the entity and the instant of the change, so seeing the same change twice gives the
/// same key, and a deal won, un-won and won again gives three different facts.
/// </summary>
public static class FactRules
{
    public static IEnumerable<CrmFact> ForDeal(Deal? before, Deal after)
    {
        var changedAt = after.MovedAt ?? after.ModifiedAt ?? after.CreatedAt ?? DateTime.UnixEpoch;
        after.WonAt = after.Semantics == StageSemantics.Success
            ? (before?.Semantics == StageSemantics.Success ? before.WonAt : null) ?? changedAt
            : null;

        if (before is null)
        {
            yield return DealFact(CrmFactKind.DealCreated, after, $"deal:{after.Id}:created", after.CreatedAt ?? changedAt, after.Amount);
        }

        var wasWon = before?.Semantics == StageSemantics.Success;
        var isWon = after.Semantics == StageSemantics.Success;
        if (isWon && !wasWon)
        {
            yield return DealFact(CrmFactKind.DealWon, after, $"deal:{after.Id}:won:{Stamp(after.WonAt!.Value)}", after.WonAt.Value, after.Amount);
        }
        else if (wasWon && !isWon)
        {
            yield return DealFact(CrmFactKind.DealUnwon, after, $"deal:{after.Id}:unwon:{Stamp(changedAt)}", changedAt, before!.Amount);
        }
        else if (wasWon && isWon && before!.Amount != after.Amount)
        {
            var at = after.ModifiedAt ?? changedAt;
            yield return DealFact(CrmFactKind.DealAmountChanged, after, $"deal:{after.Id}:amount:{Stamp(at)}:{after.Amount.Minor}", at, after.Amount - before.Amount);
        }

        if (after.Semantics == StageSemantics.Failure && before?.Semantics != StageSemantics.Failure)
        {
            yield return DealFact(CrmFactKind.DealLost, after, $"deal:{after.Id}:lost:{Stamp(changedAt)}", changedAt, after.Amount);
        }
    }

    /// <summary>A won deal deleted in Bitrix24 is un-won: whatever it earned must be reversed.</summary>
    public static IEnumerable<CrmFact> ForDeletedDeal(Deal before, DateTime deletedAt)
    {
        if (before.Semantics == StageSemantics.Success)
        {
            yield return DealFact(CrmFactKind.DealUnwon, before, $"deal:{before.Id}:unwon:deleted", deletedAt, before.Amount);
        }
    }

    /// <summary>A deleted contact leaves no fact of its own: its deals' facts say what it earned.</summary>
    public static IEnumerable<CrmFact> ForContactDeleted(Contact before, DateTime deletedAt) => [];

    public static IEnumerable<CrmFact> ForLead(Lead? before, Lead after, StageSemantics semantics)
    {
        after.ConvertedAt = before?.ConvertedAt;
        if (before is null)
        {
            yield return new CrmFact
            {
                Kind = CrmFactKind.LeadCreated, Key = $"lead:{after.Id}:created", EntityType = "lead", EntityId = after.Id,
                EmployeeId = after.AssignedById, ContactId = after.ContactId, OccurredAt = after.CreatedAt ?? after.ModifiedAt ?? DateTime.UnixEpoch,
            };
        }

        if (semantics == StageSemantics.Success && after.ConvertedAt is null)
        {
            after.ConvertedAt = after.ModifiedAt ?? after.CreatedAt ?? DateTime.UnixEpoch;
            yield return new CrmFact
            {
                Kind = CrmFactKind.LeadConverted, Key = $"lead:{after.Id}:converted", EntityType = "lead", EntityId = after.Id,
                EmployeeId = after.AssignedById, ContactId = after.ContactId, OccurredAt = after.ConvertedAt.Value,
            };
        }
    }

    public static IEnumerable<CrmFact> ForContact(Contact? before, Contact after)
    {
        if (before is null)
        {
            yield return ContactFact(CrmFactKind.ContactCreated, after, $"contact:{after.Id}:created", after.CreatedAt ?? after.ModifiedAt ?? DateTime.UnixEpoch);
        }

        if (IsComplete(after) && (before is null || !IsComplete(before)))
        {
            yield return ContactFact(CrmFactKind.ContactCompleted, after, $"contact:{after.Id}:completed", after.ModifiedAt ?? after.CreatedAt ?? DateTime.UnixEpoch);
        }
    }

    public static IEnumerable<CrmFact> ForActivity(Activity? before, Activity after)
    {
        if (after.Completed && before?.Completed != true)
        {
            yield return new CrmFact
            {
                Kind = CrmFactKind.ActivityCompleted, Key = $"activity:{after.Id}:completed", EntityType = "activity", EntityId = after.Id,
                EmployeeId = after.ResponsibleId, OccurredAt = after.EndTime ?? after.ModifiedAt ?? after.CreatedAt ?? DateTime.UnixEpoch,
            };
        }
    }

    public static IEnumerable<CrmFact> ForTask(CrmTask? before, CrmTask after)
    {
        if (after.IsCompleted && before?.IsCompleted != true)
        {
            var closedAt = after.ClosedAt ?? after.ModifiedAt ?? DateTime.UnixEpoch;
            yield return new CrmFact
            {
                Kind = CrmFactKind.TaskCompleted, Key = $"task:{after.Id}:completed:{Stamp(closedAt)}", EntityType = "task", EntityId = after.Id,
                EmployeeId = after.ResponsibleId, OnTime = after.Deadline is null || closedAt <= after.Deadline, OccurredAt = closedAt,
            };
        }
    }

    /// <summary>A contact profile is complete with a first and last name, a phone and an e-mail (seed 000: "+10 for a complete contact").</summary>
    public static bool IsComplete(Contact contact) =>
        contact.FirstName.Length > 0 && contact.LastName.Length > 0 && contact.PhoneDigits is not null && contact.EmailNormalized is not null;

    private static CrmFact DealFact(CrmFactKind kind, Deal deal, string key, DateTime at, Data.Money amount) => new()
    {
        Kind = kind, Key = key, EntityType = "deal", EntityId = deal.Id, EmployeeId = deal.AssignedById, ContactId = deal.ContactId,
        PipelineId = deal.PipelineId, Amount = amount, CurrencyId = deal.CurrencyId, OccurredAt = at,
    };

    private static CrmFact ContactFact(CrmFactKind kind, Contact contact, string key, DateTime at) => new()
    {
        Kind = kind, Key = key, EntityType = "contact", EntityId = contact.Id, EmployeeId = contact.AssignedById, ContactId = contact.Id, OccurredAt = at,
    };

    private static string Stamp(DateTime at) => at.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
