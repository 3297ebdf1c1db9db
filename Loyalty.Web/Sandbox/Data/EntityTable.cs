using System.Text.Json.Nodes;

namespace Loyalty.Web.Sandbox.Data;

/// <summary>
/// One record. Standard fields live in slots indexed by <see cref="FieldDef.Slot"/> (long, decimal, DateTimeOffset,
/// string, bool, long[], MultiValue[], JsonNode or string[] by kind); user fields (UF_*) live by name in <see cref="Custom"/>.
/// </summary>
internal sealed class Row(EntitySchema schema, long id)
{
    public long Id { get; } = id;

    public EntitySchema Schema { get; } = schema;

    public object?[] Values { get; } = NewValues(schema, id);

    public Dictionary<string, JsonNode?>? Custom { get; set; }

    public object? this[FieldDef field]
    {
        get => Values[field.Slot];
        set => Values[field.Slot] = value;
    }

    public object? this[string field]
    {
        get => Values[Schema[field].Slot];
        set => Values[Schema[field].Slot] = value;
    }

    private static object?[] NewValues(EntitySchema schema, long id)
    {
        var values = new object?[schema.Fields.Count];
        values[schema["ID"].Slot] = id;
        return values;
    }
}

/// <summary>
/// The rows of one entity type, kept in ascending ID order (IDs only grow, as on the real portal), so that the
/// "ID cursor" iteration clients are told to use (§3.1) is a binary search plus a short scan.
/// </summary>
internal sealed class EntityTable(EntitySchema schema)
{
    private readonly List<Row> _rows = [];
    private readonly Dictionary<long, Row> _byId = [];
    private List<UserField> _userFields = [];

    public EntitySchema Schema { get; } = schema;

    public IReadOnlyList<Row> Rows => _rows;

    /// <summary>The user fields defined for this entity, in SORT then ID order: what <c>UF_*</c> in select returns.</summary>
    public IReadOnlyList<UserField> UserFields => _userFields;

    public long NextId { get; set; } = 1;

    public int Count => _rows.Count;

    public Row? Find(long id) => _byId.GetValueOrDefault(id);

    public Row NewRow() => new(Schema, NextId++);

    public void Insert(Row row)
    {
        if (_rows.Count == 0 || _rows[^1].Id < row.Id)
        {
            _rows.Add(row);
        }
        else
        {
            var index = LowerBound(row.Id);
            _rows.Insert(index, row);
        }

        _byId[row.Id] = row;
        NextId = Math.Max(NextId, row.Id + 1);
    }

    public bool Remove(long id)
    {
        if (!_byId.Remove(id))
        {
            return false;
        }

        _rows.RemoveAt(LowerBound(id));
        return true;
    }

    public UserField? FindUserField(string name) => _userFields.Find(f => string.Equals(f.FieldName, name, StringComparison.Ordinal));

    /// <summary>Replaced whole when a field is added, changed or deleted, so a reader holding the old list is not disturbed.</summary>
    public void SetUserFields(IEnumerable<UserField> fields) => _userFields = [.. fields.OrderBy(f => f.Sort).ThenBy(f => f.Id)];

    /// <summary>The index of the first row whose ID is at least <paramref name="id"/>.</summary>
    public int LowerBound(long id)
    {
        int low = 0, high = _rows.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_rows[mid].Id < id)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
