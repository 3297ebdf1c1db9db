using System.Globalization;
using System.Text.Json;

namespace Loyalty.Core.Bitrix24;

/// <summary>A value in a row could not be read as the type the field must have.</summary>
public sealed class Bitrix24FormatException(string field, string value, string expected)
    : FormatException($"Field {field} = \"{value}\" is not {expected}.")
{
    public string Field { get; } = field;

    public string Value { get; } = value;
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

    public string? String(string key) => Value(key) switch
    {
        { ValueKind: JsonValueKind.String } v => v.GetString() is { Length: > 0 } s ? s : null,
        { ValueKind: JsonValueKind.Number } v => v.GetRawText(),
        { ValueKind: JsonValueKind.True } => "Y",
        { ValueKind: JsonValueKind.False } => "N",
        _ => null,
    };

    public long? Long(string key)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        // "37", 37, and "37.00" (some numeric ids arrive with decimals) all read as 37.
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) && number == decimal.Truncate(number))
        {
            return (long)number;
        }

        throw new Bitrix24FormatException(key, text, "a whole number");
    }

    public decimal? Decimal(string key)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        return decimal.TryParse(text, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new Bitrix24FormatException(key, text, "a number");
    }

    public bool? Bool(string key) => String(key) switch
    {
        null => null,
        "Y" or "y" or "1" or "true" or "True" => true,
        "N" or "n" or "0" or "false" or "False" => false,
        var other => throw new Bitrix24FormatException(key, other, "Y or N"),
    };

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
            : throw new Bitrix24FormatException(key, text, "an ISO 8601 date-time with offset");
    }

    public IReadOnlyList<long> LongList(string key)
    {
        var value = Value(key);
        if (value is not { ValueKind: JsonValueKind.Array } array)
        {
            return Long(key) is { } single ? [single] : [];
        }

        var list = new List<long>();
        foreach (var item in array.EnumerateArray())
        {
            var text = item.ValueKind == JsonValueKind.String ? item.GetString() : item.GetRawText();
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            list.Add(long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id)
                ? id
                : throw new Bitrix24FormatException(key, text, "a list of whole numbers"));
        }

        return list;
    }

    public IReadOnlyList<Bitrix24MultiField> Multi(string key)
    {
        if (Value(key) is not { ValueKind: JsonValueKind.Array } array)
        {
            return [];
        }

        var list = new List<Bitrix24MultiField>();
        foreach (var item in array.EnumerateArray())
        {
            var row = new Bitrix24Row(item);
            if ((row.String("VALUE") ?? row.String("value")) is { } value)
            {
                list.Add(new Bitrix24MultiField(value, row.String("VALUE_TYPE") ?? row.String("valueType")));
            }
        }

        return list;
    }

    private JsonElement? Value(string key) =>
        Raw.ValueKind == JsonValueKind.Object && Raw.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
}
