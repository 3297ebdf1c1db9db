using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Loyalty.Web.Sandbox.Data;

/// <summary>Conversions between what clients send (strings or JSON scalars), what is stored, and what is compared.</summary>
internal static class Values
{
    /// <summary>
    /// How deep stored and returned JSON may nest. Parameters are refused past 65 levels (PhpParams.MaxDepth); a
    /// row, a journal entry and a response envelope wrap them in a few more, and System.Text.Json's default of 64
    /// would fail to read back or write what was accepted.
    /// </summary>
    public const int MaxJsonDepth = 256;

    public static readonly JsonDocumentOptions StoredJson = new() { MaxDepth = MaxJsonDepth };

    /// <summary>
    /// A parameter as text. Query strings and forms only carry strings; JSON bodies may carry numbers and booleans,
    /// which PHP would turn into "123" and "1"/"" — here booleans become Y/N, the portal's own flag spelling.
    /// </summary>
    public static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => "Y",
            JsonValueKind.False => "N",
            JsonValueKind.Null => null,
            _ => value.ToJsonString(),
        },
        _ => node.ToJsonString(),
    };

    /// <summary>The items of a PHP array: a JSON array, the values of an object (<c>select[0]=…</c>), or one scalar.</summary>
    public static IEnumerable<JsonNode?> Items(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => array,
        JsonObject map => map.Select(p => p.Value),
        _ => [node],
    };

    public static decimal? Decimal(string? text) =>
        decimal.TryParse(text?.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static long? Long(string? text)
    {
        if (long.TryParse(text?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        // "12.0" from a client that sends every number as a float.
        return Decimal(text) is { } d && d == decimal.Truncate(d) && d is >= long.MinValue and <= long.MaxValue ? (long)d : null;
    }

    public static bool? Bool(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "Y" or "TRUE" or "1" => true,
        "N" or "FALSE" or "0" or "" => false,
        _ => null,
    };

    /// <summary>A value from <c>fields</c> turned into its stored form; null when it is empty or cannot be read.</summary>
    public static object? Coerce(FieldKind kind, JsonNode? node, PortalTime time)
    {
        var text = Text(node);
        return kind switch
        {
            FieldKind.Int or FieldKind.Number => Long(text),
            FieldKind.Money => Decimal(text) is { } money ? Math.Round(money, 2, MidpointRounding.AwayFromZero) : null,
            FieldKind.DateTime => time.Parse(text) is { } instant ? DateTimeOffset.FromUnixTimeSeconds(instant.ToUnixTimeSeconds()) : null,
            FieldKind.Date => time.Parse(text) is { } date ? time.LocalMidnight(date) : null,
            FieldKind.Text => text,
            FieldKind.Bool => Bool(text),
            FieldKind.IntList => Items(node).Select(n => Long(Text(n))).OfType<long>().ToArray(),
            FieldKind.TextList => Items(node).Select(Text).OfType<string>().ToArray(),
            FieldKind.Json => node?.DeepClone(),
            _ => null,
        };
    }

    /// <summary>The comparable scalars of a stored value: several for lists and multifields, none for null.</summary>
    public static IEnumerable<object> Scalars(object? value)
    {
        switch (value)
        {
            case null:
                yield break;
            case long l:
                yield return (decimal)l;
                break;
            case decimal or DateTimeOffset or bool:
                yield return value;
                break;
            case string s:
                yield return s;
                break;
            case long[] list:
                foreach (var item in list)
                {
                    yield return (decimal)item;
                }

                break;
            case string[] texts:
                foreach (var item in texts)
                {
                    yield return item;
                }

                break;
            case MultiValue[] multi:
                foreach (var item in multi)
                {
                    yield return item.Value;
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (Text(item) is { } text)
                    {
                        yield return text;
                    }
                }

                break;
            case JsonNode node:
                if (Text(node) is { } nodeText)
                {
                    yield return nodeText;
                }

                break;
        }
    }

    /// <summary>A filter value in the form <see cref="Compare"/> expects for the field's kind; null if it cannot be read.</summary>
    public static object? Operand(FieldKind kind, string text, PortalTime time) => kind switch
    {
        FieldKind.Int or FieldKind.Money or FieldKind.Number or FieldKind.IntList => Decimal(text),
        FieldKind.DateTime or FieldKind.Date => time.Parse(text),
        FieldKind.Bool => Bool(text),
        _ => text,
    };

    /// <summary>
    /// Orders two scalars of one field: numbers numerically, instants as instants, strings case-insensitively
    /// (MySQL's default collation). User fields hold strings, so they are compared as numbers or dates when both sides read as such.
    /// </summary>
    public static int Compare(object a, object b, PortalTime time)
    {
        switch (a, b)
        {
            case (decimal x, decimal y):
                return x.CompareTo(y);
            case (DateTimeOffset x, DateTimeOffset y):
                return x.UtcTicks.CompareTo(y.UtcTicks);
            case (bool x, bool y):
                return x.CompareTo(y);
            case (string x, string y):
                if (Decimal(x) is { } dx && Decimal(y) is { } dy)
                {
                    return dx.CompareTo(dy);
                }

                if (LooksLikeDate(x) && LooksLikeDate(y) && time.Parse(x) is { } tx && time.Parse(y) is { } ty)
                {
                    return tx.UtcTicks.CompareTo(ty.UtcTicks);
                }

                return string.Compare(x, y, StringComparison.OrdinalIgnoreCase);
            default:
                return string.Compare(a.ToString(), b.ToString(), StringComparison.OrdinalIgnoreCase);
        }
    }

    public static bool Equal(object a, object b, PortalTime time) =>
        (a is string x && b is string y && string.Equals(x, y, StringComparison.OrdinalIgnoreCase)) || Compare(a, b, time) == 0;

    private static bool LooksLikeDate(string text) => text.Length >= 10 && char.IsAsciiDigit(text[0]) && char.IsAsciiDigit(text[3]);
}
