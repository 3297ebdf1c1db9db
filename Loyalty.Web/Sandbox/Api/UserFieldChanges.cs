using System.Globalization;
using System.Text.Json.Nodes;
using Loyalty.Web.Sandbox.Data;

namespace Loyalty.Web.Sandbox.Api;

/// <summary>
/// What crm.*.userfield.add and update do to a definition (b24restdocs crm-contact-userfield-add.md / -update.md):
/// the name completed with its prefix, settings merged over the type's defaults, labels by language, enumeration items.
/// </summary>
internal sealed class UserFieldChanges(SandboxStore store)
{
    private const string Prefix = "UF_CRM_";

    /// <summary>
    /// The code as the portal completes it: upper case, <c>UF_</c> becomes <c>UF_CRM_</c>, anything else gets
    /// <c>UF_CRM_</c> in front; a name already starting with <c>UF_CRM_</c> stays as it is.
    /// </summary>
    public static string FullName(string given)
    {
        var name = given.ToUpperInvariant();
        return name.StartsWith(Prefix, StringComparison.Ordinal) ? name
            : name.StartsWith("UF_", StringComparison.Ordinal) ? Prefix + name[3..]
            : Prefix + name;
    }

    public static JsonObject DefaultSettings(string type) => type switch
    {
        "string" => new JsonObject { ["SIZE"] = 20, ["ROWS"] = 1, ["REGEXP"] = "", ["MIN_LENGTH"] = 0, ["MAX_LENGTH"] = 0, ["DEFAULT_VALUE"] = "" },
        "integer" => new JsonObject { ["SIZE"] = 20, ["MIN_VALUE"] = 0, ["MAX_VALUE"] = 0, ["DEFAULT_VALUE"] = null },
        "double" => new JsonObject { ["PRECISION"] = 2, ["SIZE"] = 20, ["MIN_VALUE"] = 0, ["MAX_VALUE"] = 0, ["DEFAULT_VALUE"] = null },
        "boolean" => new JsonObject { ["DEFAULT_VALUE"] = 0, ["DISPLAY"] = "CHECKBOX", ["LABEL"] = new JsonArray("", ""), ["LABEL_CHECKBOX"] = "" },
        "enumeration" => new JsonObject { ["DISPLAY"] = "LIST", ["LIST_HEIGHT"] = 1, ["CAPTION_NO_VALUE"] = "", ["SHOW_NO_VALUE"] = "Y" },
        _ => [],
    };

    /// <summary>The parts add and update share; FIELD_NAME, USER_TYPE_ID and MULTIPLE cannot change after add.</summary>
    public void Apply(UserField field, JsonObject fields, bool added)
    {
        if (Get(fields, "XML_ID") is { } xmlId)
        {
            field.XmlId = Values.Text(xmlId);
        }

        if (Values.Long(Values.Text(Get(fields, "SORT"))) is > 0 and var sort)
        {
            field.Sort = sort;
        }

        field.Mandatory = Flag(fields, "MANDATORY") ?? field.Mandatory;
        field.ShowInList = Flag(fields, "SHOW_IN_LIST") ?? field.ShowInList;
        field.EditInList = Flag(fields, "EDIT_IN_LIST") ?? field.EditInList;
        field.IsSearchable = Flag(fields, "IS_SEARCHABLE") ?? field.IsSearchable;
        if (Values.Text(Get(fields, "SHOW_FILTER"))?.Trim().ToUpperInvariant() is { Length: > 0 } showFilter)
        {
            // Y is stored as the filter kind the type uses; the docs' list shows E (exact) and I (interval) next to N.
            field.ShowFilter = showFilter is "Y" ? "E" : showFilter is "N" or "E" or "I" or "S" ? showFilter : field.ShowFilter;
        }

        if (Get(fields, "SETTINGS") is JsonObject settings)
        {
            // "The field only overwrites the passed values."
            foreach (var (key, value) in settings)
            {
                field.Settings[key] = value?.DeepClone();
            }
        }

        ChangeLabels(field, fields, added);
        if (field.UserTypeId == "enumeration" && Get(fields, "LIST") is { } list)
        {
            ChangeList(field, list);
        }
    }

    /// <summary>
    /// A label is a string (for every language) or a map by language; LABEL fills every label and language not given
    /// (crm-contact-userfield-add.md, "LABEL").
    /// </summary>
    private static void ChangeLabels(UserField field, JsonObject fields, bool added)
    {
        var fallback = Values.Text(Get(fields, "LABEL") is JsonValue label ? label : null);
        foreach (var key in UserField.LabelKeys)
        {
            var given = Get(fields, key);
            if (given is null && (fallback is null || !added))
            {
                continue;
            }

            var texts = field.Labels.TryGetValue(key, out var existing) ? existing : new Dictionary<string, string>(StringComparer.Ordinal);
            if (given is JsonObject map)
            {
                foreach (var (language, text) in map)
                {
                    if (Values.Text(text) is { } value)
                    {
                        texts[language.ToLowerInvariant()] = value;
                    }
                }
            }

            var everywhere = given is JsonValue ? Values.Text(given) : null;
            foreach (var language in UserField.Languages)
            {
                if (everywhere is not null)
                {
                    texts[language] = everywhere;
                }
                else if (fallback is not null && !texts.ContainsKey(language))
                {
                    texts[language] = fallback;
                }
            }

            field.Labels[key] = texts;
        }
    }

    /// <summary>Enumeration items: one with ID changes that item (DEL=Y deletes it), one without ID is added.</summary>
    private void ChangeList(UserField field, JsonNode list)
    {
        foreach (var item in Values.Items(list).OfType<JsonObject>())
        {
            var value = Values.Text(Get(item, "VALUE"))?.Trim();
            var id = Values.Long(Values.Text(Get(item, "ID")));
            var existing = id is null ? null : field.List.OfType<JsonObject>().FirstOrDefault(e => Values.Long(Values.Text(e["ID"])) == id);
            if (existing is not null && Values.Text(Get(item, "DEL")) == "Y")
            {
                field.List.Remove(existing);
                continue;
            }

            var xmlId = Values.Text(Get(item, "XML_ID"));
            if (xmlId is not null && field.List.OfType<JsonObject>().Any(e => e != existing && Values.Text(e["XML_ID"]) == xmlId))
            {
                throw UserFieldMethods.Core($"List item with XML_ID={xmlId} already exists.");
            }

            if (existing is null && string.IsNullOrEmpty(value))
            {
                continue;
            }

            var target = existing ?? new JsonObject { ["ID"] = store.TakeEnumItemId().ToString(CultureInfo.InvariantCulture) };
            target["VALUE"] = value ?? Values.Text(target["VALUE"]);
            target["SORT"] = (Values.Long(Values.Text(Get(item, "SORT"))) ?? Values.Long(Values.Text(target["SORT"])) ?? 500).ToString(CultureInfo.InvariantCulture);
            target["DEF"] = Values.Bool(Values.Text(Get(item, "DEF"))) is { } isDefault ? (isDefault ? "Y" : "N") : Values.Text(target["DEF"]) ?? "N";
            target["XML_ID"] = xmlId ?? Values.Text(target["XML_ID"]) ?? Guid.NewGuid().ToString("N");
            if (existing is null)
            {
                field.List.Add(target);
            }
        }
    }

    private static bool? Flag(JsonObject fields, string key) => Values.Bool(Values.Text(Get(fields, key)));

    private static JsonNode? Get(JsonObject fields, string key) => fields.TryGetPropertyValue(key, out var value) ? value : null;
}
