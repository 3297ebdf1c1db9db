using System.Globalization;
using System.Text.Json.Nodes;

namespace Loyalty.Web.Sandbox.Data;

/// <summary>The user field definitions (§5.13), kept beside the records in the sandbox file. Changes run inside <see cref="Write{T}"/>.</summary>
internal sealed partial class SandboxStore
{
    private const string UserFieldKey = "next:userfields";
    private const string EnumItemKey = "next:enum";

    private long _nextUserFieldId = 1;

    /// <summary>The table of the entity whose user fields carry this ENTITY_ID (CRM_CONTACT…), or null.</summary>
    public EntityTable? UserFieldTable(string entityId) => Tables.Values.FirstOrDefault(t => t.Schema.UserFieldEntity == entityId);

    public IEnumerable<UserField> UserFields => Tables.Values.SelectMany(t => t.UserFields);

    public long TakeUserFieldId()
    {
        var id = _nextUserFieldId++;
        _file.SetMeta(UserFieldKey, _nextUserFieldId.ToString(CultureInfo.InvariantCulture));
        return id;
    }

    /// <summary>Ids of enumeration items: one sequence for the portal, as in its b_user_field_enum table.</summary>
    public long TakeEnumItemId()
    {
        var id = long.Parse(_file.GetMeta(EnumItemKey) ?? "1", CultureInfo.InvariantCulture);
        _file.SetMeta(EnumItemKey, (id + 1).ToString(CultureInfo.InvariantCulture));
        return id;
    }

    /// <summary>Adds or replaces a field definition on its entity, written through to the file.</summary>
    public void SaveUserField(UserField field)
    {
        var table = UserFieldTable(field.EntityId)!;
        table.SetUserFields(table.UserFields.Where(f => f.Id != field.Id).Append(field));
        _file.Upsert(SandboxFile.UserFieldsTable, field.Id, field.ToDocument().ToJsonString());
    }

    /// <summary>Deletes a field and, as the portal drops its column, every record's value of it.</summary>
    public void RemoveUserField(UserField field)
    {
        var table = UserFieldTable(field.EntityId)!;
        table.SetUserFields(table.UserFields.Where(f => f.Id != field.Id));
        _file.Delete(SandboxFile.UserFieldsTable, field.Id);
        foreach (var row in table.Rows)
        {
            if (row.Custom?.Remove(field.FieldName) == true)
            {
                Save(table, row);
            }
        }
    }

    /// <summary>
    /// The field definitions, then the records' values checked against them. A file written before user fields had to
    /// be defined (any UF_* was stored) still loads: values of fields its entity does not define are dropped, and the
    /// record is written back without them, because a real portal has no column for them — creating the field later
    /// starts it empty there too.
    /// </summary>
    private void LoadUserFields()
    {
        var fields = _file.ReadAll(SandboxFile.UserFieldsTable)
            .Select(d => UserField.FromDocument(d.Id, JsonNode.Parse(d.Document, documentOptions: Values.StoredJson)!.AsObject()))
            .ToList();
        foreach (var table in Tables.Values.Where(t => t.Schema.CustomFields))
        {
            table.SetUserFields(fields.Where(f => f.EntityId == table.Schema.UserFieldEntity));
            foreach (var row in table.Rows)
            {
                var stale = row.Custom?.Keys.Where(name => table.FindUserField(name) is null).ToList();
                if (stale is { Count: > 0 })
                {
                    stale.ForEach(name => row.Custom!.Remove(name));
                    Save(table, row);
                }
            }
        }

        _nextUserFieldId = Math.Max(long.Parse(_file.GetMeta(UserFieldKey) ?? "1", CultureInfo.InvariantCulture), fields.Count == 0 ? 1 : fields.Max(f => f.Id) + 1);
    }
}
