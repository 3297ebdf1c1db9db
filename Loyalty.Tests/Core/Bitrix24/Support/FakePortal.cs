using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Loyalty.Tests.Core.Bitrix24.Support;

/// <summary>One request as the fake portal received it.</summary>
internal sealed record RecordedRequest(string HttpMethod, Uri Uri, string Method, string? ContentType, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

/// <summary>A canned answer: status and body, or an exception the handler throws instead of answering.</summary>
internal sealed record FakeResponse(int Status, string Body, string ContentType = "application/json", Exception? Throw = null, string? Location = null)
{
    public static FakeResponse Ok(string resultJson, string extra = "") =>
        new(200, $$$"""{"result":{{{resultJson}}}{{{extra}}},"time":{"start":1721722262.96,"finish":1721722262.98,"duration":0.02,"processing":0.01,"date_start":"2024-07-23T08:11:02+03:00","date_finish":"2024-07-23T08:11:02+03:00"}}""");

    public static FakeResponse Error(int status, string code, string description) =>
        new(status, JsonSerializer.Serialize(new { error = code, error_description = description }));

    public static FakeResponse Html(int status) =>
        new(status, "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>", "text/html");

    public static FakeResponse Failure(Exception exception) => new(0, string.Empty, Throw: exception);
}

/// <summary>
/// A hand-written stand-in for a Bitrix24 portal, behind an <see cref="HttpMessageHandler"/>. It records every
/// request and answers, in this order: a scripted response queued for the method; the in-memory list
/// (<see cref="ListMethod"/>, rows with IDs <see cref="Ids"/>, 50 per page, <c>&gt;ID</c> cursor, offsets, total);
/// <c>batch</c> over that list, with <c>$result[...]</c> references resolved the way the server source does it
/// (PHP-style query parsed, the reference walked, the deepest value found substituted when a step is missing);
/// otherwise ERROR_METHOD_NOT_FOUND. Empty batch maps are sent as <c>[]</c>, numbers as strings, as the portal does.
/// </summary>
internal sealed partial class FakePortal : HttpMessageHandler
{
    private const int PageSize = 50;
    private readonly Lock _lock = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly Dictionary<string, Queue<FakeResponse>> _scripts = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The list method served from memory.</summary>
    public string ListMethod { get; set; } = "crm.deal.list";

    /// <summary>The row IDs of the list, ascending.</summary>
    public List<long> Ids { get; } = [];

    /// <summary>For wrapped lists like tasks.task.list: the key rows sit under; rows then use camelCase <c>id</c>.</summary>
    public string? ItemsKey { get; set; }

    /// <summary>When a <c>&gt;ID</c> filter is not a number (an unresolved reference): answer an error instead of ignoring it.</summary>
    public bool FailOnBadCursor { get; set; }

    /// <summary>Ignores the <c>&gt;ID</c> filter altogether, like a method that does not know the field.</summary>
    public bool IgnoreCursor { get; set; }

    /// <summary>Runs as each request arrives, before it is answered (e.g. to cancel the caller mid-flight).</summary>
    public Action? OnRequest { get; set; }

    public void Fill(int count)
    {
        Ids.Clear();
        Ids.AddRange(Enumerable.Range(1, count).Select(i => (long)i));
    }

    public void Enqueue(string method, params FakeResponse[] responses)
    {
        lock (_lock)
        {
            if (!_scripts.TryGetValue(method, out var queue))
            {
                _scripts[method] = queue = new Queue<FakeResponse>();
            }

            foreach (var response in responses)
            {
                queue.Enqueue(response);
            }
        }
    }

    public int CountOf(string method) => Requests.Count(r => r.Method.Equals(method, StringComparison.OrdinalIgnoreCase));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var path = request.RequestUri!.AbsolutePath;
        var method = path[(path.LastIndexOf('/') + 1)..];
        method = method.EndsWith(".json", StringComparison.Ordinal) ? method[..^5] : method;

        FakeResponse? scripted = null;
        lock (_lock)
        {
            _requests.Add(new RecordedRequest(request.Method.Method, request.RequestUri, method, request.Content?.Headers.ContentType?.ToString(), body));
            if (_scripts.TryGetValue(method, out var queue) && queue.Count > 0)
            {
                scripted = queue.Dequeue();
            }
        }

        OnRequest?.Invoke();
        var answer = scripted ?? Answer(method, body);
        if (answer.Throw is not null)
        {
            throw answer.Throw;
        }

        var response = new HttpResponseMessage((HttpStatusCode)answer.Status)
        {
            Content = new StringContent(answer.Body, Encoding.UTF8, answer.ContentType),
        };
        response.Headers.Location = answer.Location is null ? null : new Uri(answer.Location);
        return response;
    }

    private FakeResponse Answer(string method, string body)
    {
        var parameters = FromJson(JsonNode.Parse(body));
        if (method.Equals("batch", StringComparison.OrdinalIgnoreCase))
        {
            return Batch(parameters);
        }

        if (method.Equals(ListMethod, StringComparison.OrdinalIgnoreCase))
        {
            var (result, error, total, next) = List(parameters);
            if (error is not null)
            {
                return new FakeResponse(400, error.ToJsonString());
            }

            var extra = (total is null ? string.Empty : $",\"total\":{total}") + (next is null ? string.Empty : $",\"next\":{next}");
            return FakeResponse.Ok(result!.ToJsonString(), extra);
        }

        return FakeResponse.Error(404, "ERROR_METHOD_NOT_FOUND", "Method not found!");
    }

    private (JsonNode? Result, JsonObject? Error, int? Total, int? Next) List(Dictionary<string, object> parameters)
    {
        var filter = parameters.GetValueOrDefault("filter") as Dictionary<string, object> ?? [];
        long after = 0;
        if (!IgnoreCursor && filter.TryGetValue(">ID", out var cursor))
        {
            if (cursor is string text && long.TryParse(text, CultureInfo.InvariantCulture, out var id))
            {
                after = id;
            }
            else if (FailOnBadCursor)
            {
                return (null, new JsonObject { ["error"] = string.Empty, ["error_description"] = "Parameter 'filter' must be array." }, null, null);
            }

            // Otherwise, like a portal handed an array where a number belongs: the condition is dropped and the
            // list starts over. The client must ignore this page.
        }

        var start = parameters.GetValueOrDefault("start") is string s ? int.Parse(s, CultureInfo.InvariantCulture) : 0;
        // Ids are ascending: the first one above the cursor is found by binary search, so 100k rows stay quick.
        var found = Ids.BinarySearch(after);
        var from = found >= 0 ? found + 1 : ~found;
        var matching = Ids.Count - from;
        var offset = Math.Min(Ids.Count, from + Math.Max(0, start));
        var page = Ids.GetRange(offset, Math.Min(PageSize, Ids.Count - offset)).Select(Row).ToArray();
        JsonNode rows = new JsonArray(page);
        JsonNode result = ItemsKey is null ? rows : new JsonObject { [ItemsKey] = rows };
        if (start < 0)
        {
            // start=-1: no COUNT, total 0, no next (§3.1).
            return (result, null, 0, null);
        }

        int? next = start + PageSize < matching ? start + PageSize : null;
        return (result, null, matching, next);
    }

    private JsonNode Row(long id) => ItemsKey is null
        ? new JsonObject { ["ID"] = id.ToString(CultureInfo.InvariantCulture), ["TITLE"] = $"Deal {id}", ["OPPORTUNITY"] = "1500.00" }
        : new JsonObject { ["id"] = id.ToString(CultureInfo.InvariantCulture), ["title"] = $"Task {id}" };

    private FakeResponse Batch(Dictionary<string, object> parameters)
    {
        var halt = parameters.GetValueOrDefault("halt") is "1" or "true";
        var commands = parameters.GetValueOrDefault("cmd") as Dictionary<string, object> ?? [];
        if (commands.Count > 50)
        {
            return FakeResponse.Error(400, "ERROR_BATCH_LENGTH_EXCEEDED", "Max batch length exceeded");
        }

        var results = new JsonObject();
        var errors = new JsonObject();
        var totals = new JsonObject();
        var nexts = new JsonObject();
        foreach (var (name, value) in commands)
        {
            var call = (string)value;
            var question = call.IndexOf('?', StringComparison.Ordinal);
            var method = question < 0 ? call : call[..question];
            var query = Resolve(ParseQuery(question < 0 ? string.Empty : call[(question + 1)..]), results);

            JsonObject? error;
            if (!method.Equals(ListMethod, StringComparison.OrdinalIgnoreCase))
            {
                error = new JsonObject { ["error"] = "ERROR_METHOD_NOT_FOUND", ["error_description"] = "Method not found!" };
            }
            else
            {
                var (result, listError, total, next) = List(query);
                error = listError;
                if (error is null)
                {
                    results[name] = result;
                    totals[name] = total;
                    if (next is not null)
                    {
                        nexts[name] = next;
                    }
                }
            }

            if (error is not null)
            {
                errors[name] = error;
                if (halt)
                {
                    break;
                }
            }
        }

        var batch = new JsonObject
        {
            ["result"] = PhpMap(results),
            ["result_error"] = PhpMap(errors),
            ["result_total"] = PhpMap(totals),
            ["result_next"] = PhpMap(nexts),
            ["result_time"] = new JsonArray(),
        };
        return FakeResponse.Ok(batch.ToJsonString());
    }

    // PHP's json_encode writes an empty array as [] even where a map is meant (§3.3).
    private static JsonNode PhpMap(JsonObject map) => map.Count == 0 ? new JsonArray() : map;

    /// <summary>Replaces every <c>$result[name][key]…</c> leaf with the value it points to, as CRestUtil::processBatchElement does.</summary>
    private static Dictionary<string, object> Resolve(Dictionary<string, object> query, JsonObject results)
    {
        var resolved = new Dictionary<string, object>();
        foreach (var (key, value) in query)
        {
            resolved[key] = value switch
            {
                Dictionary<string, object> nested => Resolve(nested, results),
                string text when text.StartsWith("$result[", StringComparison.Ordinal) => Walk(text, results),
                _ => value,
            };
        }

        return resolved;
    }

    private static object Walk(string reference, JsonObject results)
    {
        JsonNode? node = results;
        foreach (Match step in ReferenceStep().Matches(reference["$result".Length..]))
        {
            var key = step.Groups[1].Value;
            JsonNode? child = node switch
            {
                JsonObject o => o[key],
                JsonArray a when int.TryParse(key, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => null,
            };

            if (child is null)
            {
                // The server stops at the first missing step and substitutes what it reached so far.
                break;
            }

            node = child;
        }

        return node is JsonValue leaf ? (leaf.TryGetValue<string>(out var text) ? text : leaf.ToJsonString()) : FromJson(node);
    }

    [GeneratedRegex(@"\[([^\]]+)\]")]
    private static partial Regex ReferenceStep();

    /// <summary>PHP's parse_str, enough of it: <c>a[b][0]=v</c> into nested maps; <c>+</c> is a space.</summary>
    public static Dictionary<string, object> ParseQuery(string query)
    {
        var root = new Dictionary<string, object>();
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString((equals < 0 ? pair : pair[..equals]).Replace('+', ' '));
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            var bracket = key.IndexOf('[', StringComparison.Ordinal);
            var path = new List<string> { bracket < 0 ? key : key[..bracket] };
            if (bracket >= 0)
            {
                path.AddRange(ReferenceStepOrEmpty().Matches(key[bracket..]).Select(m => m.Groups[1].Value));
            }

            var map = root;
            for (var i = 0; i < path.Count; i++)
            {
                var segment = path[i].Length == 0 ? map.Count.ToString(CultureInfo.InvariantCulture) : path[i];
                if (i == path.Count - 1)
                {
                    map[segment] = value;
                }
                else
                {
                    if (map.GetValueOrDefault(segment) is not Dictionary<string, object> next)
                    {
                        map[segment] = next = new Dictionary<string, object>();
                    }

                    map = next;
                }
            }
        }

        return root;
    }

    [GeneratedRegex(@"\[([^\]]*)\]")]
    private static partial Regex ReferenceStepOrEmpty();

    /// <summary>A JSON body as PHP would see it: maps of strings.</summary>
    private static Dictionary<string, object> FromJson(JsonNode? node)
    {
        var map = new Dictionary<string, object>();
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    Add(map, key, value);
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    Add(map, i.ToString(CultureInfo.InvariantCulture), a[i]);
                }

                break;
        }

        return map;

        static void Add(Dictionary<string, object> map, string key, JsonNode? value)
        {
            switch (value)
            {
                case null:
                    break;
                case JsonObject or JsonArray:
                    map[key] = FromJson(value);
                    break;
                default:
                    map[key] = value.GetValueKind() switch
                    {
                        JsonValueKind.String => value.GetValue<string>(),
                        JsonValueKind.True => "1",
                        JsonValueKind.False => "0",
                        _ => value.ToJsonString(),
                    };
                    break;
            }
        }
    }
}
