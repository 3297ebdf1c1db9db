using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Loyalty.Core.Bitrix24;

/// <summary>
/// <see cref="IBitrix24Client"/> over HTTP: every call is a JSON POST to <c>{base}{method}.json</c>, paced by the
/// shared <see cref="Bitrix24LeakyBucket"/>, retried with back-off on transient failures, and refused early while
/// the portal's operating limit blocks the method (<see cref="Bitrix24OperatingLimits"/>).
/// </summary>
internal sealed partial class Bitrix24Client(
    IHttpClientFactory httpClientFactory,
    IBitrix24Authenticator authenticator,
    Bitrix24LeakyBucket bucket,
    Bitrix24OperatingLimits operatingLimits,
    Bitrix24Backoff backoff,
    IOptions<Bitrix24Options> options,
    TimeProvider time,
    ILogger<Bitrix24Client> logger) : IBitrix24Client
{
    /// <summary>The portal's fixed page size (§3.1).</summary>
    public const int PageSize = 50;

    /// <summary>The most commands one batch may hold (§3.3).</summary>
    public const int MaxBatchCommands = 50;

    private const string BatchMethod = "batch";

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private static readonly Bitrix24BatchResult EmptyBatch = new(
        new Dictionary<string, JsonElement>(), new Dictionary<string, Bitrix24Exception>(),
        new Dictionary<string, int>(), new Dictionary<string, int>());

    private readonly int _maxRetries = Math.Max(0, options.Value.MaxRetries);

    public async Task<JsonElement> CallAsync(string method, IReadOnlyDictionary<string, object?>? parameters = null, CancellationToken ct = default)
    {
        ValidateMethod(method);
        var envelope = await SendAsync(method, parameters, [method], ct);
        return envelope.Result;
    }

    public async Task<Bitrix24BatchResult> BatchAsync(IReadOnlyList<Bitrix24Command> commands, bool halt = false, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(commands);
        if (commands.Count == 0)
        {
            return EmptyBatch;
        }

        if (commands.Count > MaxBatchCommands)
        {
            throw new ArgumentException($"A batch holds at most {MaxBatchCommands} commands, not {commands.Count}.", nameof(commands));
        }

        var cmd = new Dictionary<string, object?>(commands.Count, StringComparer.Ordinal);
        foreach (var command in commands)
        {
            ValidateMethod(command.Method);
            if (!CommandNamePattern().IsMatch(command.Name))
            {
                throw new ArgumentException($"Batch command name \"{command.Name}\" must be letters, digits and '_' (it is used in $result[...] references).", nameof(commands));
            }

            if (!cmd.TryAdd(command.Name, $"{command.Method}?{Bitrix24Parameters.ToPhpQuery(command.Parameters)}"))
            {
                throw new ArgumentException($"Batch command name \"{command.Name}\" is used twice.", nameof(commands));
            }
        }

        var parameters = new Dictionary<string, object?> { ["halt"] = halt ? 1 : 0, ["cmd"] = cmd };
        var methods = commands.Select(c => c.Method).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        var envelope = await SendAsync(BatchMethod, parameters, methods, ct);
        return ReadBatch(envelope.Result, commands);
    }

    public IAsyncEnumerable<IReadOnlyList<JsonElement>> ListAsync(Bitrix24ListRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ValidateMethod(request.Method);
        foreach (var key in request.ExtraParameters?.Keys ?? [])
        {
            if (key.Equals("filter", StringComparison.OrdinalIgnoreCase) || key.Equals("start", StringComparison.OrdinalIgnoreCase)
                || (request.UseIdCursor && (key.Equals("order", StringComparison.OrdinalIgnoreCase) || key.Equals("select", StringComparison.OrdinalIgnoreCase))))
            {
                throw new ArgumentException($"ExtraParameters must not set \"{key}\": ListAsync sets it from the request.", nameof(request));
            }
        }

        return request.UseIdCursor ? ListByIdAsync(request, ct) : ListByOffsetAsync(request, ct);
    }

    /// <summary>
    /// The fast cursor (§3.1, §3.3): ascending ID, <c>start=-1</c> (no COUNT query), and 50 list commands chained in
    /// one batch, each asking for IDs above the last row of the command before it.
    /// </summary>
    private async IAsyncEnumerable<IReadOnlyList<JsonElement>> ListByIdAsync(Bitrix24ListRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        var cursorKey = ">" + request.IdFilterField;
        var (filter, lastId) = SplitCursor(request.Filter, cursorKey);
        var select = SelectWithId(request.Select, request.IdFilterField);
        var rowPath = request.ItemsKey is null ? string.Empty : $"[{request.ItemsKey}]";

        while (true)
        {
            var commands = new Bitrix24Command[MaxBatchCommands];
            for (var k = 0; k < commands.Length; k++)
            {
                // The first command starts from the last ID we saw; each later one from row 49 of the one before,
                // resolved by the portal while it runs the batch (commands run in order).
                object cursor = k == 0 ? lastId : $"$result[{CommandName(k - 1)}]{rowPath}[{PageSize - 1}][{request.IdField}]";
                commands[k] = new Bitrix24Command(CommandName(k), request.Method, ListParameters(request, filter, cursorKey, cursor, select));
            }

            // halt: once a command fails the rest are not run; they would only be reading past the end anyway.
            var batch = await BatchAsync(commands, halt: true, ct);
            for (var k = 0; k < commands.Length; k++)
            {
                ct.ThrowIfCancellationRequested();
                var page = PageOf(batch, CommandName(k), request.ItemsKey);
                if (page.Count > 0)
                {
                    var pageLastId = new Bitrix24Row(page[^1]).Long(request.IdField)
                        ?? throw new Bitrix24TransportException(
                            $"{request.Method} returned a row without {request.IdField}; it must be selected for the ID cursor.", 200);

                    // A portal that ignored the filter or the order (a wrong IdFilterField, say) would serve the
                    // same page forever; stop before handing it out twice.
                    if (pageLastId <= lastId)
                    {
                        throw new Bitrix24TransportException(
                            $"{request.Method} did not honour \"{cursorKey}\" with ascending order: the cursor stayed at {lastId}.", 200);
                    }

                    yield return page;
                    lastId = pageLastId;
                }

                // A short page is the end. The commands after it referenced a row 49 that does not exist: the
                // portal then substitutes the deepest value it found (the whole page array, per its source) or
                // fails, so whatever they returned — rows, errors, nothing — is ignored here.
                if (page.Count < PageSize)
                {
                    yield break;
                }
            }
        }
    }

    /// <summary>
    /// Plain offset paging for methods without the ID cursor (e.g. user.get): one call for <c>total</c>, then the
    /// remaining offsets 50 at a time in batches. Offsets shift if rows are added or removed meanwhile (§3.1).
    /// </summary>
    private async IAsyncEnumerable<IReadOnlyList<JsonElement>> ListByOffsetAsync(Bitrix24ListRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        var first = await SendAsync(request.Method, OffsetParameters(request, 0), [request.Method], ct);
        var firstPage = Rows(first.Result, request.ItemsKey, request.Method);
        if (firstPage.Count > 0)
        {
            yield return firstPage;
        }

        if (firstPage.Count < PageSize)
        {
            yield break;
        }

        var total = first.Total ?? 0;
        for (var offset = PageSize; offset < total; offset += PageSize * MaxBatchCommands)
        {
            var count = Math.Min(MaxBatchCommands, (total - offset + PageSize - 1) / PageSize);
            var commands = new Bitrix24Command[count];
            for (var k = 0; k < count; k++)
            {
                commands[k] = new Bitrix24Command(CommandName(k), request.Method, OffsetParameters(request, offset + (k * PageSize)));
            }

            var batch = await BatchAsync(commands, halt: true, ct);
            for (var k = 0; k < count; k++)
            {
                ct.ThrowIfCancellationRequested();
                var page = PageOf(batch, CommandName(k), request.ItemsKey);
                if (page.Count == 0)
                {
                    // Rows were deleted since the count; there is nothing further.
                    yield break;
                }

                yield return page;
            }
        }
    }

    /// <summary>Sends one call with the limiter, the operating-limit guard, renewal of credentials and retries.</summary>
    private async Task<Bitrix24Envelope> SendAsync(
        string method, IReadOnlyDictionary<string, object?>? parameters, IReadOnlyCollection<string> limitedMethods, CancellationToken ct)
    {
        var retry = 0;
        var renewed = false;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (operatingLimits.Refusal(limitedMethods) is { } refusal)
            {
                throw refusal;
            }

            await bucket.WaitAsync(ct);
            ExceptionDispatchInfo failure;
            try
            {
                var target = await authenticator.GetTargetAsync(ct);
                var envelope = await SendOnceAsync(target, method, parameters, ct);
                if (method != BatchMethod)
                {
                    operatingLimits.Observe(method, envelope.OperatingResetAt);
                }

                return envelope;
            }
            catch (Bitrix24Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }

            var error = (Bitrix24Exception)failure.SourceException;
            if (error is Bitrix24AuthException refused && !renewed && await authenticator.RenewAsync(refused, ct))
            {
                renewed = true;
                continue;
            }

            if (Bitrix24Errors.Is(error, Bitrix24Errors.OperationTimeLimit))
            {
                Bitrix24LimitException? blocked = null;
                foreach (var limited in limitedMethods)
                {
                    var block = operatingLimits.Block(limited, error);
                    blocked ??= block;
                }

                LogBlocked(logger, method, blocked?.RetryAfter ?? Bitrix24OperatingLimits.DefaultBlock);
                throw blocked ?? new Bitrix24LimitException(error.Code, error.Description, error.HttpStatus, Bitrix24OperatingLimits.DefaultBlock);
            }

            if (!Bitrix24Errors.IsTransient(error) || retry >= _maxRetries)
            {
                failure.Throw();
            }

            if (Bitrix24Errors.Is(error, Bitrix24Errors.QueryLimitExceeded))
            {
                bucket.MarkFull();
            }

            var delay = backoff.Delay(retry);
            retry++;
            LogRetry(logger, method, error.Code, error.HttpStatus, retry, _maxRetries, delay.TotalMilliseconds);
            await Task.Delay(delay, time, ct);
        }
    }

    private async Task<Bitrix24Envelope> SendOnceAsync(
        Bitrix24Target target, string method, IReadOnlyDictionary<string, object?>? parameters, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(target.BaseUrl, method + ".json"));
        request.Content = new ByteArrayContent(Bitrix24Parameters.ToJson(parameters, target.AccessToken));
        request.Content.Headers.ContentType = JsonContentType;

        int status;
        byte[] body;
        try
        {
            var http = httpClientFactory.CreateClient(Bitrix24Registration.HttpClientName);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
            status = (int)response.StatusCode;
            if (status is >= 300 and < 400)
            {
                // Only the host: the rest of the new address repeats the webhook secret.
                var moved = response.Headers.Location is { IsAbsoluteUri: true } location ? location.GetLeftPart(UriPartial.Authority) : "(no location)";
                throw new Bitrix24TransportException($"The portal redirected {method} to {moved}; update the webhook URL.", status);
            }

            body = await response.Content.ReadAsByteArrayAsync(ct);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            // HttpClient reports its own time-out as a cancellation the caller did not ask for.
            throw new Bitrix24TransportException($"{method} timed out: {e.Message}", 0, e);
        }
        catch (HttpRequestException e)
        {
            throw new Bitrix24TransportException($"{method} could not reach the portal: {e.Message}", (int?)e.StatusCode ?? 0, e);
        }
        catch (IOException e)
        {
            throw new Bitrix24TransportException($"{method} lost the connection to the portal: {e.Message}", 0, e);
        }

        return Bitrix24Envelope.Parse(body, status);
    }

    /// <summary>
    /// The batch answer (§3.3): <c>result</c>, <c>result_error</c>, <c>result_total</c>, <c>result_next</c>,
    /// <c>result_time</c>, each a map by command name that PHP serializes as <c>[]</c> when empty.
    /// </summary>
    private Bitrix24BatchResult ReadBatch(JsonElement result, IReadOnlyList<Bitrix24Command> commands)
    {
        var methods = commands.ToDictionary(c => c.Name, c => c.Method, StringComparer.Ordinal);
        var results = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var errors = new Dictionary<string, Bitrix24Exception>(StringComparer.Ordinal);
        var totals = new Dictionary<string, int>(StringComparer.Ordinal);
        var nexts = new Dictionary<string, int>(StringComparer.Ordinal);

        foreach (var (name, value) in Entries(result, "result"))
        {
            results[name] = value;
        }

        foreach (var (name, value) in Entries(result, "result_error"))
        {
            // A command has no HTTP status of its own inside a batch; 0 says so.
            var error = Bitrix24Errors.FromErrorObject(value, 0) ?? new Bitrix24Exception(string.Empty, value.GetRawText(), 0);
            if (Bitrix24Errors.Is(error, Bitrix24Errors.OperationTimeLimit) && methods.TryGetValue(name, out var blockedMethod))
            {
                error = operatingLimits.Block(blockedMethod, error);
                LogBlocked(logger, blockedMethod, ((Bitrix24LimitException)error).RetryAfter ?? Bitrix24OperatingLimits.DefaultBlock);
            }

            errors[name] = error;
        }

        foreach (var (name, value) in Entries(result, "result_total"))
        {
            if (Bitrix24Envelope.ReadInt(value) is { } total)
            {
                totals[name] = total;
            }
        }

        foreach (var (name, value) in Entries(result, "result_next"))
        {
            if (Bitrix24Envelope.ReadInt(value) is { } next)
            {
                nexts[name] = next;
            }
        }

        foreach (var (name, value) in Entries(result, "result_time"))
        {
            if (methods.TryGetValue(name, out var method))
            {
                operatingLimits.Observe(method, Bitrix24Envelope.ReadResetAt(value));
            }
        }

        return new Bitrix24BatchResult(results, errors, totals, nexts);
    }

    /// <summary>
    /// The entries of one of the batch maps. An object maps names to values; an array appears when the map is empty
    /// (<c>[]</c>) or when PHP turned names 0, 1, 2… into a list, in which case the index is the name.
    /// </summary>
    private static IEnumerable<KeyValuePair<string, JsonElement>> Entries(JsonElement result, string key)
    {
        if (result.ValueKind != JsonValueKind.Object || !result.TryGetProperty(key, out var map))
        {
            yield break;
        }

        if (map.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in map.EnumerateObject())
            {
                yield return KeyValuePair.Create(property.Name, property.Value);
            }
        }
        else if (map.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in map.EnumerateArray())
            {
                yield return KeyValuePair.Create((index++).ToString(CultureInfo.InvariantCulture), item);
            }
        }
    }

    private static IReadOnlyList<JsonElement> PageOf(Bitrix24BatchResult batch, string name, string? itemsKey)
    {
        if (batch.Errors.TryGetValue(name, out var error))
        {
            throw error;
        }

        return batch.Results.TryGetValue(name, out var result)
            ? Rows(result, itemsKey, name)
            : throw new Bitrix24TransportException($"The batch answer has neither a result nor an error for {name}.", 200);
    }

    /// <summary>The rows of one list result, unwrapping <paramref name="itemsKey"/> (tasks, items, categories).</summary>
    private static List<JsonElement> Rows(JsonElement result, string? itemsKey, string source)
    {
        var rows = result;
        if (itemsKey is not null)
        {
            if (result.ValueKind == JsonValueKind.Array && result.GetArrayLength() == 0)
            {
                return [];
            }

            if (result.ValueKind != JsonValueKind.Object || !result.TryGetProperty(itemsKey, out rows))
            {
                throw new Bitrix24TransportException($"The result of {source} has no \"{itemsKey}\".", 200);
            }
        }

        switch (rows.ValueKind)
        {
            case JsonValueKind.Array:
                return [.. rows.EnumerateArray()];
            // PHP serializes an array with non-sequential keys as an object {"0":…, "2":…}.
            case JsonValueKind.Object:
                return [.. rows.EnumerateObject().Select(p => p.Value)];
            case JsonValueKind.Null:
                return [];
            default:
                throw new Bitrix24TransportException($"The result of {source} is not a list of rows.", 200);
        }
    }

    private static (Dictionary<string, object?> Filter, long LastId) SplitCursor(IReadOnlyDictionary<string, object?>? callerFilter, string cursorKey)
    {
        var filter = new Dictionary<string, object?>(StringComparer.Ordinal);
        long lastId = 0;
        foreach (var (key, value) in callerFilter ?? new Dictionary<string, object?>())
        {
            // A caller's own ">ID" is where to resume, not a second condition.
            if (key.Equals(cursorKey, StringComparison.OrdinalIgnoreCase))
            {
                lastId = value is null ? 0 : long.TryParse(Bitrix24Parameters.Scalar(value), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id)
                    ? id
                    : throw new ArgumentException($"Filter \"{key}\" must be a whole number.", nameof(callerFilter));
                continue;
            }

            filter[key] = value;
        }

        return (filter, lastId);
    }

    private static List<string>? SelectWithId(IReadOnlyList<string>? select, string idField)
    {
        if (select is null)
        {
            return null;
        }

        var list = select.ToList();
        // The cursor needs the ID of the last row; "*" includes it.
        if (!list.Any(f => f == "*" || f.Equals(idField, StringComparison.OrdinalIgnoreCase)))
        {
            list.Add(idField);
        }

        return list;
    }

    private static Dictionary<string, object?> ListParameters(
        Bitrix24ListRequest request, Dictionary<string, object?> filter, string cursorKey, object cursor, List<string>? select)
    {
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["filter"] = new Dictionary<string, object?>(filter, StringComparer.Ordinal) { [cursorKey] = cursor },
            ["order"] = new Dictionary<string, object?> { [request.IdFilterField] = "ASC" },
            ["start"] = -1,
        };
        if (select is not null)
        {
            parameters["select"] = select;
        }

        AddExtra(parameters, request.ExtraParameters);
        return parameters;
    }

    private static Dictionary<string, object?> OffsetParameters(Bitrix24ListRequest request, int start)
    {
        // Always a filter, even empty: user.get treats the whole query as the filter when FILTER is absent.
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["filter"] = request.Filter ?? new Dictionary<string, object?>(),
            ["start"] = start,
        };
        if (request.Select is not null)
        {
            parameters["select"] = request.Select;
        }

        AddExtra(parameters, request.ExtraParameters);
        return parameters;
    }

    private static void AddExtra(Dictionary<string, object?> parameters, IReadOnlyDictionary<string, object?>? extra)
    {
        foreach (var (key, value) in extra ?? new Dictionary<string, object?>())
        {
            parameters[key] = value;
        }
    }

    private static string CommandName(int index) => "c" + index.ToString(CultureInfo.InvariantCulture);

    private static void ValidateMethod(string method)
    {
        // The name becomes a URL path segment and the head of a batch command string.
        if (string.IsNullOrEmpty(method) || !MethodPattern().IsMatch(method))
        {
            throw new ArgumentException($"\"{method}\" is not a Bitrix24 method name.", nameof(method));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*$")]
    private static partial Regex MethodPattern();

    [GeneratedRegex("^[A-Za-z0-9_]+$")]
    private static partial Regex CommandNamePattern();

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Bitrix24 {Method} failed with {Code} (HTTP {Status}); retry {Retry} of {MaxRetries} in {DelayMs:F0} ms")]
    private static partial void LogRetry(ILogger logger, string method, string code, int status, int retry, int maxRetries, double delayMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "Bitrix24 {Method} is blocked by OPERATION_TIME_LIMIT; not calling it for {RetryAfter}")]
    private static partial void LogBlocked(ILogger logger, string method, TimeSpan retryAfter);
}
