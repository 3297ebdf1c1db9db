using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Loyalty.Core.Bitrix24;

/// <summary>
/// Turns call parameters (scalars, nested dictionaries and lists) into what the portal reads: a JSON body for a
/// direct call, or a PHP-style query (<c>filter[&gt;ID]=5&amp;select[0]=ID</c>) for a command inside <c>batch</c>,
/// which the server feeds to <c>parse_str</c>. Both forms format scalars the same way: invariant culture, dates as
/// ISO 8601 with an explicit offset.
/// </summary>
internal static class Bitrix24Parameters
{
    private const string IsoFormat = "yyyy-MM-dd'T'HH:mm:sszzz";

    // The body is never embedded in HTML, so Cyrillic can travel as UTF-8 instead of \uXXXX escapes.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string ToPhpQuery(IReadOnlyDictionary<string, object?>? parameters)
    {
        var query = new StringBuilder();
        if (parameters is not null)
        {
            foreach (var (key, value) in parameters)
            {
                AppendPhp(query, key, value);
            }
        }

        return query.ToString();
    }

    public static byte[] ToJson(IReadOnlyDictionary<string, object?>? parameters, string? accessToken = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            if (parameters is not null)
            {
                foreach (var (key, value) in parameters)
                {
                    writer.WritePropertyName(key);
                    WriteJson(writer, value);
                }
            }

            // OAuth calls carry the token in the body (§1.2); webhook calls carry it in the URL and pass null.
            if (accessToken is not null)
            {
                writer.WriteString("auth", accessToken);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The text form of one scalar, shared by both encodings.</summary>
    public static string Scalar(object value) => value switch
    {
        string text => text,
        // What PHP's http_build_query writes; Bitrix24 Y/N fields want the strings "Y"/"N" from the caller.
        bool flag => flag ? "1" : "0",
        DateTimeOffset moment => moment.ToString(IsoFormat, CultureInfo.InvariantCulture),
        DateTime moment => WithOffset(moment).ToString(IsoFormat, CultureInfo.InvariantCulture),
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Enum member => member.ToString(),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static void AppendPhp(StringBuilder query, string key, object? value)
    {
        switch (value)
        {
            case null:
                // http_build_query drops nulls too; an empty value would be read as "" by the portal.
                return;
            case JsonElement element:
                AppendPhpJson(query, key, element);
                return;
            case string text:
                AppendPair(query, key, text);
                return;
            case IDictionary map:
                foreach (DictionaryEntry entry in map)
                {
                    AppendPhp(query, $"{key}[{Scalar(entry.Key)}]", entry.Value);
                }

                return;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                foreach (var (subKey, subValue) in pairs)
                {
                    AppendPhp(query, $"{key}[{subKey}]", subValue);
                }

                return;
            case IEnumerable list:
                // Explicit indexes, not "[]": with "[]" every key of an object inside a list would open a new
                // element (fields[PHONE][][VALUE]&fields[PHONE][][VALUE_TYPE] is two phones, not one).
                var index = 0;
                foreach (var item in list)
                {
                    AppendPhp(query, $"{key}[{index++}]", item);
                }

                return;
            default:
                AppendPair(query, key, Scalar(value));
                return;
        }
    }

    private static void AppendPhpJson(StringBuilder query, string key, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    AppendPhpJson(query, $"{key}[{property.Name}]", property.Value);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    AppendPhpJson(query, $"{key}[{index++}]", item);
                }

                break;
            case JsonValueKind.String:
                AppendPair(query, key, element.GetString()!);
                break;
            case JsonValueKind.Number:
                AppendPair(query, key, element.GetRawText());
                break;
            case JsonValueKind.True:
                AppendPair(query, key, "1");
                break;
            case JsonValueKind.False:
                AppendPair(query, key, "0");
                break;
        }
    }

    private static void AppendPair(StringBuilder query, string key, string value)
    {
        if (query.Length > 0)
        {
            query.Append('&');
        }

        // RFC 3986 escaping: brackets, '>', '%', '&', '+' (phones, offsets) and '$' (batch references) are all
        // escaped once; the server's parse_str decodes them before it resolves $result[...] references.
        query.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
    }

    private static void WriteJson(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int or long or short or sbyte or byte or ushort or uint:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong number:
                writer.WriteNumberValue(number);
                break;
            case decimal number:
                writer.WriteNumberValue(number);
                break;
            case double or float:
                var real = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (!double.IsFinite(real))
                {
                    throw new ArgumentException($"{real} cannot be sent to Bitrix24.", nameof(value));
                }

                writer.WriteNumberValue(real);
                break;
            case JsonElement element:
                element.WriteTo(writer);
                break;
            case IDictionary map:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in map)
                {
                    writer.WritePropertyName(Scalar(entry.Key));
                    WriteJson(writer, entry.Value);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                writer.WriteStartObject();
                foreach (var (key, item) in pairs)
                {
                    writer.WritePropertyName(key);
                    WriteJson(writer, item);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteJson(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(Scalar(value));
                break;
        }
    }

    private static DateTimeOffset WithOffset(DateTime moment) => moment.Kind switch
    {
        DateTimeKind.Utc => new DateTimeOffset(moment, TimeSpan.Zero),
        DateTimeKind.Local => new DateTimeOffset(moment),
        // §7.3: how the portal reads a date without an offset is unconfirmed (server or user time zone); refuse
        // to guess rather than shift a filter by a few hours.
        _ => throw new ArgumentException(
            $"The date {moment:O} has no time zone; pass a DateTimeOffset or a UTC DateTime to Bitrix24.", nameof(moment)),
    };
}
