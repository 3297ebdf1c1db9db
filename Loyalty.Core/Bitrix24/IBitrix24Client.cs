using System.Text.Json;

namespace Loyalty.Core.Bitrix24;

/// <summary>
/// The Bitrix24 REST client: one call, a batch of up to 50 calls, or a whole list read with the fast
/// "ID greater than the last ID, start=-1" cursor chained through <c>batch</c>. Errors surface as
/// <see cref="Bitrix24Exception"/> subclasses carrying the portal's error code.
/// </summary>
public interface IBitrix24Client
{
    /// <summary>Calls one method and returns its <c>result</c>.</summary>
    Task<JsonElement> CallAsync(string method, IReadOnlyDictionary<string, object?>? parameters = null, CancellationToken ct = default);

    /// <summary>Runs up to 50 commands in one <c>batch</c> request; sub-command errors come back per command, not thrown.</summary>
    Task<Bitrix24BatchResult> BatchAsync(IReadOnlyList<Bitrix24Command> commands, bool halt = false, CancellationToken ct = default);

    /// <summary>
    /// Reads every row of a list method in ascending ID order, as pages of raw rows. Rows are read through
    /// <see cref="Bitrix24Row"/>, which tolerates what the portal really sends.
    /// </summary>
    IAsyncEnumerable<IReadOnlyList<JsonElement>> ListAsync(Bitrix24ListRequest request, CancellationToken ct = default);
}

/// <summary>One command of a batch: a name, a method and its parameters (PHP-style arrays allowed as nested dictionaries and lists).</summary>
public sealed record Bitrix24Command(string Name, string Method, IReadOnlyDictionary<string, object?>? Parameters = null);

/// <summary>What a batch returned, per command name. Commands that failed are in <see cref="Errors"/>.</summary>
public sealed record Bitrix24BatchResult(
    IReadOnlyDictionary<string, JsonElement> Results,
    IReadOnlyDictionary<string, Bitrix24Exception> Errors,
    IReadOnlyDictionary<string, int> Totals,
    IReadOnlyDictionary<string, int> Nexts);

/// <summary>
/// A list read. <paramref name="Method"/> e.g. <c>crm.deal.list</c>; <paramref name="Filter"/> keys keep their
/// operator prefixes (<c>"&gt;DATE_MODIFY"</c>); <paramref name="Select"/> names the fields (multifields and
/// <c>UF_*</c> must be named explicitly). <paramref name="ItemsKey"/> is set for methods whose result wraps the
/// rows (<c>"tasks"</c> for tasks.task.list, <c>"categories"</c> for crm.category.list); <paramref name="IdField"/>
/// is the row's id key as returned (<c>"ID"</c>, or <c>"id"</c> for tasks), <paramref name="IdFilterField"/> the
/// id name used in filter and order (<c>"ID"</c> everywhere in classic methods).
/// <paramref name="UseIdCursor"/> false means plain offset paging (for methods without the cursor, e.g. user.get).
/// </summary>
public sealed record Bitrix24ListRequest(
    string Method,
    IReadOnlyDictionary<string, object?>? Filter = null,
    IReadOnlyList<string>? Select = null,
    string? ItemsKey = null,
    string IdField = "ID",
    string IdFilterField = "ID",
    bool UseIdCursor = true,
    IReadOnlyDictionary<string, object?>? ExtraParameters = null);
