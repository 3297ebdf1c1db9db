using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace Loyalty.Web.Sandbox.Api;

/// <summary>
/// Request parameters as PHP sees them: <c>filter[&gt;DATE_MODIFY]=…</c>, <c>select[]=ID</c> and
/// <c>fields[PHONE][0][VALUE]=…</c> become nested maps and lists. Query, form and JSON bodies all end up in one
/// <see cref="JsonObject"/> (query first, body over it), so every method reads one tree.
/// </summary>
/// <remarks>
/// The parser is an anonymous entry point, so it is bounded the way PHP bounds <c>parse_str</c>, and every limit is
/// checked before the work it saves: pairs are counted while the text is split, a key's length and depth before its
/// brackets are followed. PHP drops what is over its limits with a warning; the sandbox refuses the request with a
/// clear error instead, so that a client which would lose parameters on a real portal finds out here.
/// Work is linear in the input: the tree is built in <see cref="PhpArray"/>s (a list turning into a map only
/// flips a flag, the next free index is kept, not searched for) and converted to JSON once at the end.
/// </remarks>
internal static class PhpParams
{
    /// <summary>Bracket levels in one key: PHP's <c>max_input_nesting_level</c> default.</summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// Pairs in one query string or body: PHP's <c>max_input_vars</c> default. The portal's own client sends JSON
    /// bodies (not counted, bounded by size and depth), and a batch command's query holds a few dozen pairs, so
    /// 1,000 leaves it ample room; a batch's 50 <c>cmd[…]</c> entries sent as a form fit too.
    /// </summary>
    public const int MaxVars = 1000;

    /// <summary>Characters in one decoded key; real keys (<c>filter[&gt;=DATE_MODIFY]</c>, <c>UF_CRM_…</c>) are tens.</summary>
    public const int MaxKeyLength = 1024;

    /// <summary>
    /// Bytes in one request body. The portal's largest request, a batch of 50 commands, is tens of kilobytes;
    /// PHP's own <c>post_max_size</c> (8 MB) would only let a hostile body cost more memory and time.
    /// </summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>Parses a query string or a form-urlencoded body; refuses it (400) when over a limit.</summary>
    public static JsonObject ParseQuery(string? query)
    {
        var root = new PhpArray(isList: false);
        if (string.IsNullOrEmpty(query))
        {
            return (JsonObject)root.ToJson();
        }

        var start = 0;
        while (start < query.Length && query[start] == '?')
        {
            start++;
        }

        var pairs = 0;
        while (start <= query.Length)
        {
            var end = query.IndexOf('&', start);
            if (end < 0)
            {
                end = query.Length;
            }

            if (end > start)
            {
                if (++pairs > MaxVars)
                {
                    throw TooManyVars();
                }

                var part = query.AsSpan(start, end - start);
                var equals = part.IndexOf('=');
                var key = WebUtility.UrlDecode(equals < 0 ? part.ToString() : part[..equals].ToString());
                var value = equals < 0 ? "" : WebUtility.UrlDecode(part[(equals + 1)..].ToString());
                Assign(root, key, value);
            }

            start = end + 1;
        }

        return (JsonObject)root.ToJson();
    }

    /// <summary>Builds the tree from pairs already split (a multipart form); the same limits apply.</summary>
    public static JsonObject FromPairs(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var root = new PhpArray(isList: false);
        var count = 0;
        foreach (var (key, value) in pairs)
        {
            if (++count > MaxVars)
            {
                throw TooManyVars();
            }

            Assign(root, key, value);
        }

        return (JsonObject)root.ToJson();
    }

    /// <summary>
    /// Body over query: both may carry parts of one <c>filter</c>. Nodes move from <paramref name="source"/>
    /// (which is left partly emptied) instead of being copied. The recursion follows maps present in both trees,
    /// and every tree that reaches here is bounded by <see cref="MaxDepth"/> (forms) or the JSON reader's depth.
    /// </summary>
    public static void Merge(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source.ToList())
        {
            if (value is JsonObject sourceMap && target[key] is JsonObject targetMap)
            {
                Merge(targetMap, sourceMap);
            }
            else
            {
                source.Remove(key);
                target[key] = value;
            }
        }
    }

    /// <summary>A top-level parameter, its name matched without regard to case (classic methods accept filter/FILTER/Filter, §2.1).</summary>
    public static JsonNode? Get(JsonObject parameters, params string[] names)
    {
        foreach (var name in names)
        {
            if (parameters.TryGetPropertyValue(name, out var exact))
            {
                return exact;
            }
        }

        foreach (var (key, value) in parameters)
        {
            if (names.Any(n => string.Equals(n, key, StringComparison.OrdinalIgnoreCase)))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>Puts one <c>key=value</c> pair into the tree, following PHP's rules for bracketed keys.</summary>
    private static void Assign(PhpArray root, string key, string value)
    {
        if (key.Length > MaxKeyLength)
        {
            throw new RestError(StatusCodes.Status400BadRequest, "INVALID_REQUEST", $"A parameter name is longer than {MaxKeyLength} characters");
        }

        var bracket = key.IndexOf('[', StringComparison.Ordinal);
        var name = bracket < 0 ? key : key[..bracket];
        if (name.Length == 0)
        {
            return;
        }

        var segments = new List<string>();
        var position = bracket;
        while (position >= 0 && position < key.Length && key[position] == '[')
        {
            var close = key.IndexOf(']', position);
            if (close < 0)
            {
                break;
            }

            if (segments.Count == MaxDepth)
            {
                throw new RestError(
                    StatusCodes.Status400BadRequest, "INVALID_REQUEST", $"A parameter is nested deeper than {MaxDepth} levels (PHP max_input_nesting_level)");
            }

            segments.Add(key[(position + 1)..close]);
            position = close + 1;
        }

        var container = root;
        var current = name;
        foreach (var segment in segments)
        {
            if (container.Get(current) is not PhpArray child)
            {
                // A missing key or a scalar in the way: PHP replaces it with a new array.
                child = new PhpArray(isList: segment.Length == 0);
                container.Set(current, child);
            }

            container = child;
            current = segment;
        }

        container.Set(current, value);
    }

    private static RestError TooManyVars() =>
        new(StatusCodes.Status400BadRequest, "INVALID_REQUEST", $"The request carries more than {MaxVars} parameters (PHP max_input_vars)");

    /// <summary>
    /// A PHP array while it is being built: ordered keys to strings or arrays. One made by <c>x[]=</c> stays a list
    /// (a <see cref="JsonArray"/>) while it only receives appends and its own indexes; any other key makes it a map,
    /// keeping the numeric keys it had, as PHP does.
    /// </summary>
    private sealed class PhpArray(bool isList)
    {
        private readonly OrderedDictionary<string, object> _items = new(StringComparer.Ordinal);
        private bool _isList = isList;

        // PHP's next free integer key: one past the largest integer key so far (0 when only names were used).
        private long? _next;

        public object? Get(string key)
        {
            if (key.Length == 0)
            {
                return null; // "[]" always appends
            }

            if (_isList)
            {
                return int.TryParse(key, CultureInfo.InvariantCulture, out var index) && index >= 0 && index < _items.Count ? _items.GetAt(index).Value : null;
            }

            return _items.TryGetValue(key, out var item) ? item : null;
        }

        public void Set(string key, object value)
        {
            if (_isList)
            {
                var count = _items.Count;
                if (key.Length == 0 || key == count.ToString(CultureInfo.InvariantCulture))
                {
                    _items.Add(count.ToString(CultureInfo.InvariantCulture), value);
                    return;
                }

                if (int.TryParse(key, CultureInfo.InvariantCulture, out var index) && index >= 0 && index < count)
                {
                    _items.SetAt(index, value);
                    return;
                }

                // The keys so far are 0…count-1, so the next free index is known without looking at them.
                _isList = false;
                _next = count == 0 ? null : count;
            }

            if (key.Length == 0)
            {
                key = (_next ?? 0).ToString(CultureInfo.InvariantCulture);
            }

            _items[key] = value;
            var candidate = int.TryParse(key, CultureInfo.InvariantCulture, out var number) ? number + 1L : 0;
            _next = _next is { } next ? Math.Max(next, candidate) : candidate;
        }

        /// <summary>The JSON form; recursion is bounded by <see cref="MaxDepth"/>, checked as keys came in.</summary>
        public JsonNode ToJson()
        {
            if (_isList)
            {
                var list = new JsonArray();
                foreach (var (_, item) in _items)
                {
                    list.Add(Convert(item));
                }

                return list;
            }

            var map = new JsonObject();
            foreach (var (key, item) in _items)
            {
                map[key] = Convert(item);
            }

            return map;
        }

        private static JsonNode? Convert(object item) => item is PhpArray array ? array.ToJson() : JsonValue.Create((string)item);
    }
}
