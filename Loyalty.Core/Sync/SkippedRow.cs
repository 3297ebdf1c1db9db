using Loyalty.Core.Bitrix24;

namespace Loyalty.Core.Sync;

/// <summary>Why a row was skipped, in terms the sync page can name: a reason code, the field and the value as sent.</summary>
internal sealed record SkippedRow(SyncIssueReason Reason, string? Field, string? Value, string Message)
{
    public static SkippedRow From(Exception ex) => ex switch
    {
        Bitrix24FormatException format => new(
            format.Kind switch
            {
                Bitrix24ValueKind.Id => SyncIssueReason.BadId,
                Bitrix24ValueKind.Amount => SyncIssueReason.AmountOutOfRange,
                Bitrix24ValueKind.DateTime => SyncIssueReason.BadDate,
                Bitrix24ValueKind.MultiField => SyncIssueReason.BadMultiField,
                _ => SyncIssueReason.BadValue,
            },
            format.Field,
            format.Value,
            format.Message),
        _ => new(SyncIssueReason.Unreadable, null, null, $"{ex.GetType().Name}: {ex.Message}"),
    };

    /// <summary>
    /// Maps one row. Mapping is pure (no I/O), so whatever it throws is the row's fault: the row is returned as
    /// skipped, never thrown, and one bad record cannot stop a sync or the worker that re-reads it.
    /// </summary>
    public static (T? Record, SkippedRow? Skip) TryMap<T>(Bitrix24Row row, Func<Bitrix24Row, T> map, Func<T, SkippedRow?>? validate)
        where T : class
    {
        try
        {
            var record = map(row);
            return validate?.Invoke(record) is { } problem ? (null, problem) : (record, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            return (null, From(ex));
        }
    }

    /// <summary>What an administrator knows the record by (a deal's title, a contact's name), or null; never throws.</summary>
    public static string? TitleOf(SyncEntity entity, Bitrix24Row row)
    {
        try
        {
            var title = entity switch
            {
                SyncEntity.Contacts or SyncEntity.Employees => string.Join(' ', new[] { row.String("NAME"), row.String("LAST_NAME") }.Where(s => s is not null)),
                SyncEntity.Activities => row.String("SUBJECT"),
                SyncEntity.Tasks => row.String("title") ?? row.String("TITLE"),
                SyncEntity.Pipelines => row.String("name"),
                SyncEntity.Currencies => row.String("CURRENCY"),
                _ => row.String("TITLE") ?? row.String("NAME"),
            };
            return string.IsNullOrWhiteSpace(title) ? null : Cut(title, SyncIssue.TitleLength);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static string? Cut(string? text, int length) => text is null || text.Length <= length ? text : text[..(length - 1)] + "…";
}
