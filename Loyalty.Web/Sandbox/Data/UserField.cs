using System.Globalization;
using System.Text.Json.Nodes;

namespace Loyalty.Web.Sandbox.Data;

/// <summary>
/// A user field (<c>UF_CRM_…</c>) defined on contacts, deals or leads (PROTOCOL §5.13): what
/// <c>crm.*.userfield.add</c> created. A record holds values only for the fields defined for its entity.
/// </summary>
internal sealed class UserField
{
    /// <summary>The label keys, each a string or a per-language map on the way in and a per-language map when stored.</summary>
    public static readonly IReadOnlyList<string> LabelKeys = ["EDIT_FORM_LABEL", "LIST_COLUMN_LABEL", "LIST_FILTER_LABEL", "ERROR_MESSAGE", "HELP_MESSAGE"];

    /// <summary>The languages a portal fills a label in when it is given as one string (the docs' example lists these).</summary>
    public static readonly IReadOnlyList<string> Languages = ["ru", "en", "de", "ua", "kz", "by", "pl", "br", "fr", "la", "sc", "tc", "ja", "vn", "id", "ms", "th", "tr", "it", "ar"];

    public required long Id { get; init; }

    /// <summary><c>CRM_CONTACT</c>, <c>CRM_DEAL</c> or <c>CRM_LEAD</c>.</summary>
    public required string EntityId { get; init; }

    /// <summary>The whole name, <c>UF_CRM_…</c>.</summary>
    public required string FieldName { get; init; }

    public required string UserTypeId { get; init; }

    public string? XmlId { get; set; }

    public long Sort { get; set; } = 100;

    public bool Multiple { get; init; }

    public bool Mandatory { get; set; }

    public string ShowFilter { get; set; } = "N";

    public bool ShowInList { get; set; }

    public bool EditInList { get; set; } = true;

    public bool IsSearchable { get; set; }

    public JsonObject Settings { get; set; } = [];

    /// <summary>Label key → language → text; a key nobody gave is absent (sent as null).</summary>
    public Dictionary<string, Dictionary<string, string>> Labels { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The items of an enumeration: ID, VALUE, SORT, DEF, XML_ID.</summary>
    public JsonArray List { get; set; } = [];

    /// <summary>crm.item's name: <c>UF_CRM_LOY_BALANCE</c> → <c>ufCrmLoyBalance</c> (§5.13).</summary>
    public string CamelName => CamelCase(FieldName);

    public static string CamelCase(string name)
    {
        var parts = name.Split('_', StringSplitOptions.RemoveEmptyEntries);
        return string.Concat(parts.Select((p, i) => i == 0
            ? p.ToLowerInvariant()
            : char.ToUpperInvariant(p[0]) + p[1..].ToLowerInvariant()));
    }

    /// <summary>
    /// The description as crm.*.userfield.get and list answer it: numbers as strings, flags Y/N, labels as maps by
    /// language, or in one language when <paramref name="language"/> is given (list's <c>filter[LANG]</c>).
    /// </summary>
    public JsonObject Describe(string? language = null)
    {
        var description = new JsonObject
        {
            ["ID"] = Id.ToString(CultureInfo.InvariantCulture),
            ["ENTITY_ID"] = EntityId,
            ["FIELD_NAME"] = FieldName,
            ["USER_TYPE_ID"] = UserTypeId,
            ["XML_ID"] = XmlId,
            ["SORT"] = Sort.ToString(CultureInfo.InvariantCulture),
            ["MULTIPLE"] = Flag(Multiple),
            ["MANDATORY"] = Flag(Mandatory),
            ["SHOW_FILTER"] = ShowFilter,
            ["SHOW_IN_LIST"] = Flag(ShowInList),
            ["EDIT_IN_LIST"] = Flag(EditInList),
            ["IS_SEARCHABLE"] = Flag(IsSearchable),
            // PHP's empty array: [] rather than {} (§7.4).
            ["SETTINGS"] = Settings.Count == 0 ? new JsonArray() : Settings.DeepClone(),
        };
        foreach (var key in LabelKeys)
        {
            description[key] = Labels.TryGetValue(key, out var texts) && texts.Count > 0
                ? language is null
                    ? new JsonObject(texts.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)JsonValue.Create(t.Value))))
                    : texts.GetValueOrDefault(language) is { } text ? JsonValue.Create(text) : null
                : null;
        }

        if (UserTypeId == "enumeration")
        {
            description["LIST"] = List.DeepClone();
        }

        return description;
    }

    /// <summary>The label a reader sees in one language: the given one, else English, else any.</summary>
    public string? Label(string key, string language) =>
        Labels.TryGetValue(key, out var texts) && texts.Count > 0
            ? texts.GetValueOrDefault(language) ?? texts.GetValueOrDefault("en") ?? texts.Values.First()
            : null;

    /// <summary>The stored form: the description with every label as a map.</summary>
    public JsonObject ToDocument() => Describe();

    public static UserField FromDocument(long id, JsonObject document)
    {
        var field = new UserField
        {
            Id = id,
            EntityId = (string)document["ENTITY_ID"]!,
            FieldName = (string)document["FIELD_NAME"]!,
            UserTypeId = (string)document["USER_TYPE_ID"]!,
            XmlId = (string?)document["XML_ID"],
            Sort = Values.Long(Values.Text(document["SORT"])) ?? 100,
            Multiple = Values.Text(document["MULTIPLE"]) == "Y",
            Mandatory = Values.Text(document["MANDATORY"]) == "Y",
            ShowFilter = Values.Text(document["SHOW_FILTER"]) ?? "N",
            ShowInList = Values.Text(document["SHOW_IN_LIST"]) == "Y",
            EditInList = Values.Text(document["EDIT_IN_LIST"]) != "N",
            IsSearchable = Values.Text(document["IS_SEARCHABLE"]) == "Y",
            Settings = document["SETTINGS"] as JsonObject is { } settings ? (JsonObject)settings.DeepClone() : [],
            List = document["LIST"] as JsonArray is { } list ? (JsonArray)list.DeepClone() : [],
        };
        foreach (var key in LabelKeys)
        {
            if (document[key] is JsonObject texts)
            {
                field.Labels[key] = texts.Where(t => Values.Text(t.Value) is not null).ToDictionary(t => t.Key, t => Values.Text(t.Value)!, StringComparer.Ordinal);
            }
        }

        return field;
    }

    private static string Flag(bool value) => value ? "Y" : "N";
}
