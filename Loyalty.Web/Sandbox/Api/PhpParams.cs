using System.Net;
using System.Text.Json.Nodes;

namespace Loyalty.Web.Sandbox.Api;

/// <summary>
/// Request parameters as PHP sees them: <c>filter[&gt;DATE_MODIFY]=…</c>, <c>select[]=ID</c> and
/// <c>fields[PHONE][0][VALUE]=…</c> become nested maps and lists. Query, form and JSON bodies all end up in one
/// <see cref="JsonObject"/> (query first, body over it), so every method reads one tree.
/// </summary>
internal static class PhpParams
{
    public static JsonObject ParseQuery(string? query, JsonObject? into = null)
    {
        var root = into ?? [];
        if (string.IsNullOrEmpty(query))
        {
            return root;
        }

        foreach (var part in query.TrimStart('?').Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var key = WebUtility.UrlDecode(equals < 0 ? part : part[..equals]);
            var value = equals < 0 ? "" : WebUtility.UrlDecode(part[(equals + 1)..]);
            Assign(root, key, value);
        }

        return root;
    }

    /// <summary>Puts one <c>key=value</c> pair into the tree, following PHP's rules for bracketed keys.</summary>
    public static void Assign(JsonObject root, string key, string value)
    {
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

            segments.Add(key[(position + 1)..close]);
            position = close + 1;
        }

        JsonNode container = root;
        var current = name;
        foreach (var segment in segments)
        {
            var child = Get(container, current);
            if (child is not (JsonObject or JsonArray))
            {
                child = segment.Length == 0 ? new JsonArray() : new JsonObject();
                container = Set(container, current, child);
            }

            container = child;
            current = segment;
        }

        Set(container, current, JsonValue.Create(value));
    }

    /// <summary>Body over query, recursively: both may carry parts of one <c>filter</c>.</summary>
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
                target[key] = value?.DeepClone();
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

    private static JsonNode? Get(JsonNode container, string key) => container switch
    {
        _ when key.Length == 0 => null, // "[]" always appends
        JsonObject map => map[key],
        JsonArray list when int.TryParse(key, out var index) && index >= 0 && index < list.Count => list[index],
        _ => null,
    };

    /// <summary>Sets a key; returns the container, which becomes a map when a list receives a non-index key.</summary>
    private static JsonNode Set(JsonNode container, string key, JsonNode value)
    {
        if (container is JsonArray list)
        {
            if (key.Length == 0 || key == list.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                list.Add(value);
                return list;
            }

            if (int.TryParse(key, out var index) && index >= 0 && index < list.Count)
            {
                list[index] = value;
                return list;
            }

            // PHP arrays are maps: a list that receives a named key becomes one, keeping its numeric keys.
            var map = new JsonObject();
            for (var i = 0; i < list.Count; i++)
            {
                map[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = list[i]?.DeepClone();
            }

            Replace(list, map);
            map[key] = value;
            return map;
        }

        var obj = (JsonObject)container;
        if (key.Length == 0)
        {
            var next = obj.Select(p => int.TryParse(p.Key, out var n) ? n + 1 : 0).DefaultIfEmpty(0).Max();
            key = next.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        obj[key] = value;
        return obj;
    }

    private static void Replace(JsonNode old, JsonNode replacement)
    {
        switch (old.Parent)
        {
            case JsonObject parent:
                parent[old.GetPropertyName()] = replacement;
                break;
            case JsonArray parent:
                parent[old.GetElementIndex()] = replacement;
                break;
        }
    }
}
