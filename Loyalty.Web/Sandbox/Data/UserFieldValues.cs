using System.Globalization;
using System.Text.Json.Nodes;

namespace Loyalty.Web.Sandbox.Data;

/// <summary>
/// A user field's value by its USER_TYPE_ID: stored as the classic methods send it (strings: <c>"5"</c>,
/// <c>"12.5"</c>, boolean <c>"1"</c>/<c>"0"</c>, ISO dates, money <c>"100.50|RUB"</c>; lists for multiple fields),
/// and turned into crm.item's typed JSON on the way out there (§5.12: numbers as numbers, booleans Y/N).
/// </summary>
internal static class UserFieldValues
{
    /// <summary>The types crm.*.userfield.add accepts (the docs' list, custom types aside).</summary>
    public static readonly IReadOnlySet<string> Types = new HashSet<string>(StringComparer.Ordinal)
    {
        "string", "integer", "double", "boolean", "datetime", "date", "money", "url", "address", "enumeration", "file",
        "employee", "crm_status", "iblock_section", "iblock_element", "crm",
    };

    /// <summary>A value from <c>fields</c> in its stored form; a multiple field keeps the readable items of a list.</summary>
    public static JsonNode? Coerce(UserField field, JsonNode? node, PortalTime time)
    {
        if (field.Multiple)
        {
            return new JsonArray([.. Values.Items(node).Select(item => Scalar(field, item, time)).OfType<string>().Select(s => (JsonNode)JsonValue.Create(s))]);
        }

        // A list sent to a single field: PHP reads its first item.
        return Scalar(field, node is JsonArray or JsonObject ? Values.Items(node).FirstOrDefault() : node, time) is { } text ? JsonValue.Create(text) : null;
    }

    /// <summary>The classic form: the stored value; unset is null, or an empty list for a multiple field.</summary>
    public static JsonNode? Classic(UserField field, JsonNode? stored) =>
        stored?.DeepClone() ?? (field.Multiple ? new JsonArray() : null);

    /// <summary>crm.item's form: integers and doubles as numbers, booleans as Y/N, the rest as strings.</summary>
    public static JsonNode? Item(UserField field, JsonNode? stored)
    {
        if (field.Multiple)
        {
            return new JsonArray([.. Values.Items(stored).Select(v => ItemScalar(field, Values.Text(v)))]);
        }

        return ItemScalar(field, Values.Text(stored));
    }

    private static JsonNode? ItemScalar(UserField field, string? text) => text is null
        ? null
        : field.UserTypeId switch
        {
            "integer" or "employee" or "enumeration" or "file" when Values.Long(text) is { } number => JsonValue.Create(number),
            "double" when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
            "boolean" => JsonValue.Create(text == "1" ? "Y" : "N"),
            _ => JsonValue.Create(text),
        };

    private static string? Scalar(UserField field, JsonNode? node, PortalTime time)
    {
        if (node is JsonValue value && value.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False)
        {
            return field.UserTypeId == "boolean" ? (value.GetValueKind() == System.Text.Json.JsonValueKind.True ? "1" : "0") : null;
        }

        var text = Values.Text(node)?.Trim();
        if (text is null || (text.Length == 0 && field.UserTypeId != "boolean"))
        {
            return null;
        }

        return field.UserTypeId switch
        {
            "integer" or "employee" or "enumeration" or "file" => Values.Long(text)?.ToString(CultureInfo.InvariantCulture),
            // Rounded to the field's PRECISION (default 2) and written without trailing zeros, as the database gives it back.
            "double" => Values.Decimal(text) is { } number
                ? Math.Round(number, (int)Math.Clamp(Values.Long(Values.Text(field.Settings["PRECISION"])) ?? 2, 0, 12), MidpointRounding.AwayFromZero)
                    .ToString("0.############", CultureInfo.InvariantCulture)
                : null,
            // Y, true and any positive number are yes; everything else (N, 0, "") is no.
            "boolean" => Values.Bool(text) == true || Values.Decimal(text) > 0 ? "1" : "0",
            "datetime" => time.Parse(text) is { } instant ? time.Format(instant) : null,
            "date" => time.Parse(text) is { } day ? time.Format(time.LocalMidnight(day))[..10] : null,
            "money" => Money(text),
            _ => text,
        };
    }

    /// <summary>"100.5|RUB", "100.5" (the portal's base currency) → "100.50|RUB".</summary>
    private static string? Money(string text)
    {
        var parts = text.Split('|', 2);
        return Values.Decimal(parts[0]) is { } amount
            ? amount.ToString("0.00", CultureInfo.InvariantCulture) + "|" + (parts.Length == 2 && parts[1].Trim().Length > 0 ? parts[1].Trim().ToUpperInvariant() : "RUB")
            : null;
    }
}
