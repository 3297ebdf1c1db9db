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
        var filter = Absent(PhpParams.Get(call.Parameters, "filter", "FILTER"));
        var order = Absent(PhpParams.Get(call.Parameters, "order", "ORDER"));
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

        var name = UserFieldChanges.FullName(givenName!);
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
                Settings = UserFieldChanges.DefaultSettings(type!),
            };
            new UserFieldChanges(store).Apply(field, fields, added: true);
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
            // Changed on a copy: a refusal half-way (a duplicate XML_ID in LIST) leaves the definition as it was.
            var current = Find(entityId, call);
            var field = UserField.FromDocument(current.Id, current.ToDocument());
            new UserFieldChanges(store).Apply(field, fields, added: false);
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

    /// <summary>An empty array or an empty value (<c>filter=</c>) is no filter, as PHP's empty() sees it.</summary>
    private static JsonNode? Absent(JsonNode? node) => node is JsonArray { Count: 0 } || (node is JsonValue && Values.Text(node) is "" or null) ? null : node;

    private static JsonNode? Get(JsonObject fields, string key) => fields.TryGetPropertyValue(key, out var value) ? value : null;

    private static JsonObject Fields(MethodCall call) =>
        PhpParams.Get(call.Parameters, "fields") as JsonObject ?? throw RestError.Classic("Parameter 'fields' must be array.");

    private static RestError AccessDenied() => RestError.Classic("Access denied.");

    public static RestError Core(string description) => new(StatusCodes.Status400BadRequest, "ERROR_CORE", description);

    [GeneratedRegex("^UF_CRM_[A-Z0-9_]+$", RegexOptions.CultureInvariant)]
    private static partial Regex NameCharacters();
}
