using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Loyalty.Web.Sandbox.Data;

/// <summary>
/// A row as the JSON document stored in the sandbox file: typed values (numbers as numbers, instants as Unix
/// seconds — the portal keeps no fractions), nulls left out. This is storage, not the wire format; the wire format is <see cref="RowFormatter"/>'s job.
/// </summary>
internal static class RowDocument
{
    private const string CustomKey = "$uf";

    public static string Serialize(EntitySchema schema, Row row) => Encoding.UTF8.GetString(SerializeToUtf8(schema, row));

    public static byte[] SerializeToUtf8(EntitySchema schema, Row row)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var field in schema.Fields)
            {
                if (row[field] is not { } value)
                {
                    continue;
                }

                writer.WritePropertyName(field.Name);
                WriteValue(writer, value);
            }

            if (row.Custom is { Count: > 0 } custom)
            {
                writer.WriteStartObject(CustomKey);
                foreach (var (name, value) in custom)
                {
                    writer.WritePropertyName(name);
                    WriteNode(writer, value);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static Row Deserialize(EntitySchema schema, long id, ReadOnlyMemory<byte> document)
    {
        var row = new Row(schema, id);
        using var json = JsonDocument.Parse(document, Values.StoredJson);
        foreach (var property in json.RootElement.EnumerateObject())
        {
            if (property.NameEquals(CustomKey))
            {
                row.Custom = [];
                foreach (var custom in property.Value.EnumerateObject())
                {
                    row.Custom[custom.Name] = JsonNode.Parse(custom.Value.GetRawText(), documentOptions: Values.StoredJson);
                }

                continue;
            }

            if (schema.Find(property.Name) is { } field && field.Name != "ID")
            {
                row[field] = ReadValue(field.Kind, property.Value);
            }
        }

        return row;
    }

    private static void WriteValue(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case long l:
                writer.WriteNumberValue(l);
                break;
            case decimal d:
                writer.WriteNumberValue(d);
                break;
            case DateTimeOffset t:
                writer.WriteNumberValue(t.ToUnixTimeSeconds());
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case long[] list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    writer.WriteNumberValue(item);
                }

                writer.WriteEndArray();
                break;
            case string[] texts:
                writer.WriteStartArray();
                foreach (var item in texts)
                {
                    writer.WriteStringValue(item);
                }

                writer.WriteEndArray();
                break;
            case MultiValue[] multi:
                writer.WriteStartArray();
                foreach (var item in multi)
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("ID", item.Id);
                    writer.WriteString("TYPE_ID", item.TypeId);
                    writer.WriteString("VALUE_TYPE", item.ValueType);
                    writer.WriteString("VALUE", item.Value);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                break;
            case JsonNode node:
                node.WriteTo(writer);
                break;
            default:
                throw new InvalidOperationException($"Cannot store a {value.GetType().Name}.");
        }
    }

    private static void WriteNode(Utf8JsonWriter writer, JsonNode? node)
    {
        if (node is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            node.WriteTo(writer);
        }
    }

    private static object? ReadValue(FieldKind kind, JsonElement value) => kind switch
    {
        _ when value.ValueKind == JsonValueKind.Null => null,
        FieldKind.Int => value.GetInt64(),
        FieldKind.Number => value.GetInt64(),
        FieldKind.Money => value.GetDecimal(),
        FieldKind.DateTime or FieldKind.Date => DateTimeOffset.FromUnixTimeSeconds(value.GetInt64()),
        FieldKind.Text => value.GetString(),
        FieldKind.Bool => value.GetBoolean(),
        FieldKind.IntList => value.EnumerateArray().Select(e => e.GetInt64()).ToArray(),
        FieldKind.TextList => value.EnumerateArray().Select(e => e.GetString() ?? "").ToArray(),
        FieldKind.Multi => value.EnumerateArray()
            .Select(e => new MultiValue(e.GetProperty("ID").GetInt64(), e.GetProperty("TYPE_ID").GetString()!, e.GetProperty("VALUE_TYPE").GetString()!, e.GetProperty("VALUE").GetString()!))
            .ToArray(),
        FieldKind.Json => JsonNode.Parse(value.GetRawText(), documentOptions: Values.StoredJson),
        _ => throw new InvalidOperationException($"Unknown field kind {kind}."),
    };
}
