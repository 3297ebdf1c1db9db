using System.Globalization;
using System.Text.Json;

namespace Loyalty.Core.Bitrix24;

/// <summary>What a field's value should have been: the sync names it, in the reader's language, for a skipped record.</summary>
public enum Bitrix24ValueKind
{
    Value,
    Number,
    WholeNumber,
    Flag,
    DateTime,
    WholeNumberList,
    MultiField,
    Id,
    Code,
    Amount,
}

/// <summary>A value in a row could not be read as the type the field must have.</summary>
public sealed class Bitrix24FormatException(string field, string value, string expected, Bitrix24ValueKind kind = Bitrix24ValueKind.Value)
    : FormatException($"Field {field} = \"{value}\" is not {expected}.")
{
    public string Field { get; } = field;

    public string Value { get; } = value;

    public Bitrix24ValueKind Kind { get; } = kind;
}

/// <summary>One PHONE / EMAIL / WEB / IM entry.</summary>
public sealed record Bitrix24MultiField(string Value, string? ValueType);

/// <summary>
/// Reads one row the way Bitrix24 really sends it: numbers as strings or numbers, <c>""</c> or null for
/// nothing, <c>Y</c>/<c>N</c> or JSON booleans, ISO dates with the portal's offset, multifield arrays.
/// A missing, null or empty value reads as null; a value of the wrong shape throws
/// <see cref="Bitrix24FormatException"/> naming the field.
/// </summary>
public readonly struct Bitrix24Row(JsonElement element)
{
    public JsonElement Raw { get; } = element;

    // No thousands separators: with them the invariant culture would read a Russian "1,5" as 15.
    private const NumberStyles NumberFormat = NumberStyles.Float;

    public string? String(string key) => Value(key) switch
    {
        { ValueKind: JsonValueKind.String } v => v.GetString() is { Length: > 0 } s ? s : null,
        { ValueKind: JsonValueKind.Number } v => v.GetRawText(),
        { ValueKind: JsonValueKind.True } => "Y",
        { ValueKind: JsonValueKind.False } => "N",
        // PHP sends an empty array as [] even where a scalar belongs (§7.4); a non-empty one is the wrong shape.
        { ValueKind: JsonValueKind.Array } v when v.GetArrayLength() == 0 => null,
        { ValueKind: JsonValueKind.Object } v when !v.EnumerateObject().Any() => null,
        { } v => throw new Bitrix24FormatException(key, v.GetRawText(), "a single value"),
        null => null,
    };

    public long? Long(string key) => String(key) is { } text ? ParseLong(key, text) : null;

    public decimal? Decimal(string key)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        return decimal.TryParse(text, NumberFormat, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new Bitrix24FormatException(key, text, "a number", Bitrix24ValueKind.Number);
    }

    public bool? Bool(string key)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        if (text is "1" || text.Equals("Y", StringComparison.OrdinalIgnoreCase) || text.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (text is "0" || text.Equals("N", StringComparison.OrdinalIgnoreCase) || text.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        throw new Bitrix24FormatException(key, text, "Y or N", Bitrix24ValueKind.Flag);
    }

    /// <summary>A date-time with offset, as UTC. A value without an offset is refused rather than guessed.</summary>
    public DateTime? Utc(string key)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) && HasOffset(text)
            ? value.UtcDateTime
            : throw new Bitrix24FormatException(key, text, "an ISO 8601 date-time with offset", Bitrix24ValueKind.DateTime);
    }

    /// <summary>
    /// A list of ids such as <c>UF_DEPARTMENT</c>: an array of numbers or numeric strings, a PHP keyed array
    /// (<c>{"0":1,"3":5}</c>), a single value, or nothing (<c>""</c>, null, <c>false</c>, <c>[]</c>).
    /// </summary>
    public IReadOnlyList<long> LongList(string key)
    {
        IEnumerable<JsonElement> items;
        switch (Value(key))
        {
            case null:
            case { ValueKind: JsonValueKind.False }:
                return [];
            case { ValueKind: JsonValueKind.Array or JsonValueKind.Object } many:
                items = Entries(many);
                break;
            default:
                return Long(key) is { } single ? [single] : [];
        }

        var list = new List<long>();
        foreach (var item in items)
        {
            var text = item.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => item.GetString(),
                JsonValueKind.Number => item.GetRawText(),
                _ => throw new Bitrix24FormatException(key, item.GetRawText(), "a list of whole numbers", Bitrix24ValueKind.WholeNumberList),
            };
            if (!string.IsNullOrEmpty(text))
            {
                list.Add(ParseLong(key, text));
            }
        }

        return list;
    }

    /// <summary>A JSON list's items, or a PHP keyed array's values (<c>{"0": …, "1": …}</c>), which PHP sends for the same list.</summary>
    private static IEnumerable<JsonElement> Entries(JsonElement listOrMap) =>
        listOrMap.ValueKind == JsonValueKind.Array ? listOrMap.EnumerateArray() : listOrMap.EnumerateObject().Select(p => p.Value);

    /// <summary>
    /// PHONE / EMAIL / WEB / IM: a list of <c>{VALUE, VALUE_TYPE}</c> entries (or a PHP keyed array of them); nothing
    /// (absent, null, <c>""</c>, <c>false</c>, <c>[]</c>) is an empty list. Any other shape — a bare string, an entry
    /// that is not an object, a VALUE that is not a single value — is refused rather than half-read.
    /// </summary>
    public IReadOnlyList<Bitrix24MultiField> Multi(string key)
    {
        IEnumerable<JsonElement> items;
        switch (Value(key))
        {
            case null:
            case { ValueKind: JsonValueKind.False }:
            case { ValueKind: JsonValueKind.String } empty when empty.GetString() is "":
                return [];
            case { ValueKind: JsonValueKind.Array or JsonValueKind.Object } many:
                items = Entries(many);
                break;
            case { } other:
                throw new Bitrix24FormatException(key, other.GetRawText(), "a list of {VALUE, VALUE_TYPE} entries", Bitrix24ValueKind.MultiField);
        }

        var list = new List<Bitrix24MultiField>();
        foreach (var item in items)
        {
            if (item.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new Bitrix24FormatException(key, item.GetRawText(), "a {VALUE, VALUE_TYPE} entry", Bitrix24ValueKind.MultiField);
            }

            var row = new Bitrix24Row(item);
            string? value, valueType;
            try
            {
                value = row.String("VALUE") ?? row.String("value");
                valueType = row.String("VALUE_TYPE") ?? row.String("valueType");
            }
            catch (Bitrix24FormatException)
            {
                throw new Bitrix24FormatException(key, item.GetRawText(), "a {VALUE, VALUE_TYPE} entry", Bitrix24ValueKind.MultiField);
            }

            if (value is not null)
            {
                list.Add(new Bitrix24MultiField(value, valueType));
            }
        }

        return list;
    }

    // "37", 37, and "37.00" (some numeric ids arrive with decimals) all read as 37; "37.5" does not.
    private static long ParseLong(string key, string text)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        if (decimal.TryParse(text, NumberFormat, CultureInfo.InvariantCulture, out var number)
            && number == decimal.Truncate(number) && number is >= long.MinValue and <= long.MaxValue)
        {
            return (long)number;
        }

        throw new Bitrix24FormatException(key, text, "a whole number", Bitrix24ValueKind.WholeNumber);
    }

    private JsonElement? Value(string key) =>
        Raw.ValueKind == JsonValueKind.Object && Raw.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
}
