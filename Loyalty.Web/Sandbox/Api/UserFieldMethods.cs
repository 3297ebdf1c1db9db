using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Loyalty.Web.Sandbox.Data;

namespace Loyalty.Web.Sandbox.Api;

/// <summary>
/// crm.{contact|deal|lead}.userfield.list / get / add / update / delete (§5.13; b24restdocs
/// crm/contacts/userfield/*). Reading is for anyone; adding, changing and deleting are for an administrator.
/// Errors are the documented ones: HTTP 400 with an empty code ("Access denied.", "ID is not defined or invalid.")
/// or ERROR_CORE / ERROR_NOT_FOUND.
/// </summary>
internal sealed partial class UserFieldMethods(SandboxStore store, SandboxOptions options)
{
    private const string Prefix = "UF_CRM_";

    /// <summary>What list may filter on (exact matches only) and order by.</summary>
    private static readonly string[] ListKeys =
        ["ID", "FIELD_NAME", "USER_TYPE_ID", "XML_ID", "SORT", "MULTIPLE", "MANDATORY", "SHOW_FILTER", "SHOW_IN_LIST", "EDIT_IN_LIST", "IS_SEARCHABLE"];

    public void Register(SandboxMethods methods)
    {
        foreach (var (prefix, table) in new[] { ("crm.contact", store.Contacts), ("crm.deal", store.Deals), ("crm.lead", store.Leads) })
        {
            var entityId = table.Schema.UserFieldEntity!;
            methods.Add($"{prefix}.userfield.list", call => store.Read(() => List(table, call)));
            methods.Add($"{prefix}.userfield.get", call => store.Read(() => new MethodResult(Find(entityId, call).Describe())));
            methods.Add($"{prefix}.userfield.add", call => Add(entityId, call), writes: true);
            methods.Add($"{prefix}.userfield.update", call => Update(entityId, call), writes: true);
            methods.Add($"{prefix}.userfield.delete", call => Delete(entityId, call), writes: true);
        }
    }

    private static MethodResult List(EntityTable table, MethodCall call)
    {
        var filter = PhpParams.Get(call.Parameters, "filter", "FILTER");
        var order = PhpParams.Get(call.Parameters, "order", "ORDER");
        if (filter is not null and not JsonObject)
        {
            throw RestError.Classic("Parameter 'filter' must be array.");
        }

        if (order is not null and not JsonObject)
        {
            throw RestError.Classic("Parameter 'order' must be array.");
        }

        string? language = null;
        IEnumerable<JsonObject> rows = table.UserFields.Select(f => f.Describe());
        foreach (var (key, value) in (JsonObject?)filter ?? [])
        {
            if (string.Equals(key, "LANG", StringComparison.OrdinalIgnoreCase))
            {
                language = Values.Text(value)?.Trim().ToLowerInvariant();
            }
            else if (ListKeys.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) is { } name)
            {
                var wanted = Values.Text(value) ?? "";
                rows = rows.Where(r => string.Equals(Values.Text(r[name]) ?? "", wanted, StringComparison.OrdinalIgnoreCase)).ToList();
            }
        }

        var ordering = ((JsonObject?)order ?? []).Select(p => (Key: ListKeys.FirstOrDefault(k => string.Equals(k, p.Key, StringComparison.OrdinalIgnoreCase)),
            Descending: string.Equals(Values.Text(p.Value)?.Trim(), "DESC", StringComparison.OrdinalIgnoreCase))).Where(o => o.Key is not null).ToList();
        if (ordering.Count == 0)
        {
            ordering = [("SORT", false), ("ID", false)];
        }

        var sorted = rows.ToList();
        sorted.Sort((a, b) =>
        {
            foreach (var (key, descending) in ordering)
            {
                var (x, y) = (Values.Text(a[key!]) ?? "", Values.Text(b[key!]) ?? "");
                var compared = key is "ID" or "SORT" ? (Values.Long(x) ?? 0).CompareTo(Values.Long(y) ?? 0) : string.CompareOrdinal(x, y);
                if (compared != 0)
                {
                    return descending ? -compared : compared;
                }
            }

            return 0;
        });

        var result = language is null
            ? sorted
            : [.. sorted.Select(r => table.FindUserField((string)r["FIELD_NAME"]!)!.Describe(language))];
        return new MethodResult(new JsonArray([.. result.Select(r => (JsonNode)r)]), result.Count);
    }

    private MethodResult Add(string entityId, MethodCall call)
    {
        RequireAdministrator();
        var fields = Fields(call);
        var givenName = Values.Text(Get(fields, "FIELD_NAME"))?.Trim();
        var type = Values.Text(Get(fields, "USER_TYPE_ID"))?.Trim();
        var missing = new List<string>();
        if (string.IsNullOrEmpty(givenName))
        {
            missing.Add("The 'FIELD_NAME' field is not found.");
        }

        if (string.IsNullOrEmpty(type))
        {
            missing.Add("The 'USER_TYPE_ID' field is not found.");
        }

        if (missing.Count > 0)
        {
            // The portal collects these and joins them with a line break (crm-contact-userfield-add.md, "Error Handling").
            throw RestError.Classic(string.Join('\n', missing));
        }

        var name = FullName(givenName!);
        if (name.Length > options.UserFieldNameMaxLength)
        {
            throw Core($"Field name is too long (more than {options.UserFieldNameMaxLength} characters).");
        }

        if (!NameCharacters().IsMatch(name))
        {
            throw Core("Field name contains invalid characters. Allowed characters are: A-Z, 0-9 and _.");
        }

        if (!UserFieldValues.Types.Contains(type!))
        {
            throw Core("Incorrect custom type specified.");
        }

        var id = store.Write(() =>
        {
            if (store.UserFields.Any(f => f.EntityId == entityId && f.FieldName == name))
            {
                // Undocumented: the docs list no error for a taken name. The portal's user field API refuses it in its
                // own checks; this answer is the same shape as the documented ERROR_CORE ones, with a clear description.
                throw Core($"A user field with the code {name} already exists for {entityId}.");
            }

            var field = new UserField
            {
                Id = store.TakeUserFieldId(),
                EntityId = entityId,
                FieldName = name,
                UserTypeId = type!,
                // Fields of type boolean cannot be multiple.
                Multiple = type != "boolean" && Values.Bool(Values.Text(Get(fields, "MULTIPLE"))) == true,
                Settings = DefaultSettings(type!),
            };
            Change(field, fields, added: true);
            store.SaveUserField(field);
            return field.Id;
        });
        return new MethodResult(JsonValue.Create(id));
    }

    private MethodResult Update(string entityId, MethodCall call)
    {
        RequireAdministrator();
        var fields = Fields(call);
        store.Write(() =>
        {
            var field = Find(entityId, call);
            Change(field, fields, added: false);
            store.SaveUserField(field);
            return 0;
        });
        return new MethodResult(JsonValue.Create(true));
    }

    private MethodResult Delete(string entityId, MethodCall call)
    {
        RequireAdministrator();
        store.Write(() =>
        {
            store.RemoveUserField(Find(entityId, call));
            return 0;
        });
        return new MethodResult(JsonValue.Create(true));
    }

    /// <summary>The parts add and update share; FIELD_NAME, USER_TYPE_ID and MULTIPLE cannot change after add.</summary>
    private void Change(UserField field, JsonObject fields, bool added)
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
                throw Core($"List item with XML_ID={xmlId} already exists.");
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

    private UserField Find(string entityId, MethodCall call)
    {
        var id = CrmMethods.Id(call);
        var field = store.UserFields.FirstOrDefault(f => f.Id == id)
            ?? throw new RestError(StatusCodes.Status400BadRequest, "ERROR_NOT_FOUND", $"The entity with ID '{id}' is not found.");
        // A field of another entity is refused, not found (crm-contact-userfield-get.md, "Access denied").
        return field.EntityId == entityId ? field : throw AccessDenied();
    }

    private void RequireAdministrator()
    {
        if (!options.WebhookUserIsAdmin)
        {
            throw AccessDenied();
        }
    }

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

    private static JsonObject DefaultSettings(string type) => type switch
    {
        "string" => new JsonObject { ["SIZE"] = 20, ["ROWS"] = 1, ["REGEXP"] = "", ["MIN_LENGTH"] = 0, ["MAX_LENGTH"] = 0, ["DEFAULT_VALUE"] = "" },
        "integer" => new JsonObject { ["SIZE"] = 20, ["MIN_VALUE"] = 0, ["MAX_VALUE"] = 0, ["DEFAULT_VALUE"] = null },
        "double" => new JsonObject { ["PRECISION"] = 2, ["SIZE"] = 20, ["MIN_VALUE"] = 0, ["MAX_VALUE"] = 0, ["DEFAULT_VALUE"] = null },
        "boolean" => new JsonObject { ["DEFAULT_VALUE"] = 0, ["DISPLAY"] = "CHECKBOX", ["LABEL"] = new JsonArray("", ""), ["LABEL_CHECKBOX"] = "" },
        "enumeration" => new JsonObject { ["DISPLAY"] = "LIST", ["LIST_HEIGHT"] = 1, ["CAPTION_NO_VALUE"] = "", ["SHOW_NO_VALUE"] = "Y" },
        _ => [],
    };

    private static bool? Flag(JsonObject fields, string key) => Values.Bool(Values.Text(Get(fields, key)));

    private static JsonNode? Get(JsonObject fields, string key) => fields.TryGetPropertyValue(key, out var value) ? value : null;

    private static JsonObject Fields(MethodCall call) =>
        PhpParams.Get(call.Parameters, "fields") as JsonObject ?? throw RestError.Classic("Parameter 'fields' must be array.");

    private static RestError AccessDenied() => RestError.Classic("Access denied.");

    private static RestError Core(string description) => new(StatusCodes.Status400BadRequest, "ERROR_CORE", description);

    [GeneratedRegex("^UF_CRM_[A-Z0-9_]+$", RegexOptions.CultureInvariant)]
    private static partial Regex NameCharacters();
}
