using System.Collections.Frozen;

namespace Loyalty.Web.Sandbox.Data;

/// <summary>How a field is stored in memory and how it travels on the wire.</summary>
internal enum FieldKind
{
    /// <summary>Stored as <see cref="long"/>, sent as a string ("37").</summary>
    Int,

    /// <summary>Stored as <see cref="decimal"/>, sent as a string with two decimals ("19999.99").</summary>
    Money,

    /// <summary>Stored as a UTC <see cref="DateTimeOffset"/>, sent as ISO 8601 with the portal's offset.</summary>
    DateTime,

    /// <summary>A date-only field, stored as local midnight and sent as a datetime (CLOSEDATE, BEGINDATE).</summary>
    Date,

    /// <summary>Stored and sent as a string (also Y/N flags and stage ids).</summary>
    Text,

    /// <summary>A real JSON boolean (user.get ACTIVE).</summary>
    Bool,

    /// <summary>An array of JSON numbers (user.get UF_DEPARTMENT).</summary>
    IntList,

    /// <summary>A real JSON number (department.get SORT).</summary>
    Number,

    /// <summary>A multifield (PHONE, EMAIL, WEB, IM): a list of <see cref="MultiValue"/>.</summary>
    Multi,

    /// <summary>Any JSON (user fields, SETTINGS), stored as a JSON node.</summary>
    Json,

    /// <summary>An array of strings (tasks' UF_CRM_TASK).</summary>
    TextList,
}

/// <summary>One multifield entry; the id is portal-wide, as in Bitrix24's b_crm_field_multi table.</summary>
internal sealed record MultiValue(long Id, string TypeId, string ValueType, string Value);

internal sealed class FieldDef(string name, FieldKind kind, bool readOnly, string wire, int slot)
{
    public string Name { get; } = name;

    public FieldKind Kind { get; } = kind;

    /// <summary>Set by the portal itself; silently ignored in <c>fields</c> like any unknown key.</summary>
    public bool ReadOnly { get; } = readOnly;

    /// <summary>The key in responses: the same as <see cref="Name"/> except for tasks (camelCase).</summary>
    public string Wire { get; } = wire;

    public int Slot { get; } = slot;
}

internal sealed class EntitySchema
{
    private readonly FrozenDictionary<string, FieldDef> _byName;

    public EntitySchema(string name, IEnumerable<(string Name, FieldKind Kind, bool ReadOnly, string? Wire)> fields, string? userFieldEntity = null)
    {
        Name = name;
        Fields = [.. fields.Select((f, i) => new FieldDef(f.Name, f.Kind, f.ReadOnly, f.Wire ?? f.Name, i))];
        // Field names inside filter/select/fields are case-sensitive on the real portal, so they are here too.
        _byName = Fields.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);
        UserFieldEntity = userFieldEntity;
    }

    /// <summary>The table name in the sandbox file and the entity's name in logs.</summary>
    public string Name { get; }

    public IReadOnlyList<FieldDef> Fields { get; }

    /// <summary>The ENTITY_ID of this entity's user fields (<c>CRM_DEAL</c>…); null when it has none.</summary>
    public string? UserFieldEntity { get; }

    /// <summary>Whether the entity has user fields: only those defined through crm.*.userfield.add are stored (§5.13).</summary>
    public bool CustomFields => UserFieldEntity is not null;

    public FieldDef? Find(string name) => _byName.GetValueOrDefault(name);

    public FieldDef this[string name] => _byName[name];
}
