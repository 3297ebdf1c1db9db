using System.Globalization;
using System.Text.Json.Nodes;

namespace Loyalty.Web.Sandbox.Data;

/// <summary>What a <c>select</c> asked for (§5.2, §7.8): "*" is every standard field but not user fields or multifields.</summary>
internal sealed class Selection
{
    public required HashSet<string> Fields { get; init; }

    public required IReadOnlyList<string> CustomNames { get; init; }

    public bool AllCustom { get; init; }

    /// <summary>Every standard field, every user field and every multifield: what <c>*.get</c> returns.</summary>
    public static Selection Everything(EntitySchema schema) => new()
    {
        Fields = [.. schema.Fields.Select(f => f.Name)],
        CustomNames = [],
        AllCustom = schema.CustomFields,
    };

    /// <summary>An absent or empty select means "*" plus "UF_*" on the CRM entities (§5.2) and every field elsewhere.</summary>
    public static Selection Parse(EntitySchema schema, JsonNode? select)
    {
        var names = Values.Items(select).Select(Values.Text).OfType<string>().Select(n => n.Trim()).Where(n => n.Length > 0).ToList();
        if (names.Count == 0)
        {
            names = ["*", "UF_*"];
        }

        var fields = new HashSet<string>(StringComparer.Ordinal) { "ID" };
        var custom = new List<string>();
        var allCustom = false;
        foreach (var name in names)
        {
            if (name == "*")
            {
                fields.UnionWith(schema.Fields.Where(f => f.Kind != FieldKind.Multi).Select(f => f.Name));
            }
            else if (name == "UF_*")
            {
                allCustom = schema.CustomFields;
            }
            else if (schema.Find(name) is not null)
            {
                fields.Add(name);
            }
            else if (schema.CustomFields && name.StartsWith("UF_", StringComparison.Ordinal) && !custom.Contains(name))
            {
                custom.Add(name);
            }
        }

        return new Selection { Fields = fields, CustomNames = custom, AllCustom = allCustom };
    }
}

/// <summary>Rows as the classic methods send them (§5, §7): the typing rules live here and nowhere else.</summary>
internal static class RowFormatter
{
    /// <summary>A stored value, or a computed one: a task's STATUS (subStatus) turns −1 "overdue" once its deadline passes.</summary>
    public static object? Read(EntitySchema schema, Row row, FieldDef field, DateTimeOffset now)
    {
        if (ReferenceEquals(schema, Schemas.Task) && field.Name == "STATUS")
        {
            var real = row[schema["REAL_STATUS"]] as long?;
            return real is 1 or 2 or 3 && row[schema["DEADLINE"]] is DateTimeOffset deadline && deadline < now ? -1L : real;
        }

        return row[field];
    }

    public static JsonObject Format(EntityTable table, Selection selection, Row row, PortalTime time, DateTimeOffset now, bool omitNulls = false)
    {
        var schema = table.Schema;
        var result = new JsonObject();
        foreach (var field in schema.Fields)
        {
            if (field.Kind == FieldKind.Multi || !selection.Fields.Contains(field.Name))
            {
                continue;
            }

            var value = Wire(field.Kind, Read(schema, row, field, now), time);
            if (value is not null || !omitNulls)
            {
                result[field.Wire] = value;
            }
        }

        // Only fields defined for the entity exist; a selected name that is not one is left out, as the portal leaves it.
        foreach (var field in table.UserFields)
        {
            if (selection.AllCustom || selection.CustomNames.Contains(field.FieldName, StringComparer.Ordinal))
            {
                result[field.FieldName] = UserFieldValues.Classic(field, row.Custom?.GetValueOrDefault(field.FieldName));
            }
        }

        // A multifield appears only when named and only when the record has entries (the portal attaches them row by row).
        foreach (var field in schema.Fields)
        {
            if (field.Kind == FieldKind.Multi && selection.Fields.Contains(field.Name) && row[field] is MultiValue[] { Length: > 0 } multi)
            {
                result[field.Wire] = Wire(field.Kind, multi, time);
            }
        }

        return result;
    }

    public static JsonNode? Wire(FieldKind kind, object? value, PortalTime time) => value switch
    {
        null => null,
        long l when kind is FieldKind.Number => JsonValue.Create(l),
        long l => JsonValue.Create(l.ToString(CultureInfo.InvariantCulture)),
        decimal d => JsonValue.Create(d.ToString("0.00", CultureInfo.InvariantCulture)),
        DateTimeOffset t => JsonValue.Create(time.Format(t)),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        long[] list => new JsonArray([.. list.Select(i => (JsonNode)JsonValue.Create(i))]),
        string[] texts => new JsonArray([.. texts.Select(t => (JsonNode)JsonValue.Create(t))]),
        MultiValue[] multi => new JsonArray([.. multi.Select(m => (JsonNode)new JsonObject
        {
            ["ID"] = m.Id.ToString(CultureInfo.InvariantCulture),
            ["VALUE_TYPE"] = m.ValueType,
            ["VALUE"] = m.Value,
            ["TYPE_ID"] = m.TypeId,
        })]),
        JsonNode node => node.DeepClone(),
        _ => JsonValue.Create(value.ToString()),
    };
}
