using System.Globalization;
using System.Text.Json;

namespace Loyalty.Core.Promoters;

/// <summary>
/// Reads one user field out of a mirror row's <c>UserFields</c> JSON (as Bitrix24 sent it), tolerantly: numbers may come
/// as strings or numbers, booleans as <c>"1"</c>/<c>"0"</c>, <c>"Y"</c>/<c>"N"</c> or JSON booleans. Never throws.
/// </summary>
public static class CrmFieldValues
{
    /// <summary>The field's boolean value; null when the field is absent (Bitrix24 did not send it) or unreadable.</summary>
    public static bool? Boolean(string? userFields, string code) => Read(userFields, code, e => e.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False or JsonValueKind.Null => false,
        JsonValueKind.Number => e.TryGetInt64(out var n) ? n != 0 : null,
        JsonValueKind.String => e.GetString()?.Trim().ToUpperInvariant() switch
        {
            "1" or "Y" or "TRUE" => true,
            "0" or "N" or "FALSE" or "" => false,
            _ => (bool?)null,
        },
        _ => null,
    });

    /// <summary>The field's whole-number value (a contact ID); null when absent, empty or not a positive number.</summary>
    public static long? Id(string? userFields, string code) => Read(userFields, code, e =>
    {
        long? value = e.ValueKind switch
        {
            JsonValueKind.Number => e.TryGetInt64(out var n) ? n : e.TryGetDouble(out var d) && d == Math.Floor(d) && d is > 0 and < long.MaxValue ? (long)d : null,
            JsonValueKind.String => long.TryParse(e.GetString()?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s
                : decimal.TryParse(e.GetString()?.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var m) && m == decimal.Truncate(m) && m is > 0 and < long.MaxValue ? (long)m : null,
            _ => null,
        };
        return value is > 0 ? value : null;
    });

    /// <summary>The field's text; null when absent or not text.</summary>
    public static string? Text(string? userFields, string code) => Read(userFields, code, e => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.GetRawText(),
        _ => null,
    });

    private static T? Read<T>(string? userFields, string code, Func<JsonElement, T?> read)
    {
        if (string.IsNullOrEmpty(userFields))
        {
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(userFields);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty(code, out var value))
            {
                return default;
            }

            // A multiple field arrives as an array: its first value.
            if (value.ValueKind == JsonValueKind.Array)
            {
                value = value.EnumerateArray().FirstOrDefault();
            }

            return read(value);
        }
        catch (JsonException)
        {
            return default;
        }
    }
}
