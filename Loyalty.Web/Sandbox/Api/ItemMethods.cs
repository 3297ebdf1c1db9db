using System.Text.Json.Nodes;
using Loyalty.Web.Sandbox.Data;

namespace Loyalty.Web.Sandbox.Api;

/// <summary>
/// crm.item.list and crm.item.get (§5.12; b24restdocs crm/universal/crm-item-list.md) for leads (1), deals (2) and
/// contacts (3): the same records as the classic methods under camelCase names (<c>UF_CRM_LOY_BALANCE</c> →
/// <c>ufCrmLoyBalance</c>), with JSON numbers for ids and amounts and ISO dates with the portal's offset; under
/// <c>result.items</c> / <c>result.item</c>. Filter, order and select take the camelCase names; the classic
/// machinery runs the query.
/// </summary>
internal sealed class ItemMethods(SandboxStore store)
{
    /// <summary>Names that are not the plain camelCase of the classic ones (the docs' object-fields lists).</summary>
    private static readonly Dictionary<string, string> Renamed = new(StringComparer.Ordinal)
    {
        ["DATE_CREATE"] = "createdTime", ["DATE_MODIFY"] = "updatedTime", ["CREATED_BY_ID"] = "createdBy", ["MODIFY_BY_ID"] = "updatedBy",
        ["MOVED_BY_ID"] = "movedBy", ["CLOSEDATE"] = "closedate", ["BEGINDATE"] = "begindate", ["OPPORTUNITY"] = "opportunity",
        ["COMMENTS"] = "comments", ["BIRTHDATE"] = "birthdate", ["TAX_VALUE"] = "taxValue",
        // A lead's status is its stage in crm.item (crm-item-get.md's example is a lead).
        ["STATUS_ID"] = "stageId", ["STATUS_SEMANTIC_ID"] = "stageSemanticId",
    };

    /// <summary>Links that crm.item sends as 0 when empty (crm-item-get.md: <c>"companyId": 0, "contactId": 0</c>).</summary>
    private static readonly HashSet<string> ZeroWhenEmpty = ["COMPANY_ID", "CONTACT_ID"];

    public void Register(SandboxMethods methods)
    {
        methods.Add("crm.item.list", List);
        methods.Add("crm.item.get", Get);
    }

    private MethodResult List(MethodCall call) => store.Read(() =>
    {
        var (table, originalUf) = Target(call);
        var names = Names(table, originalUf);
        var parameters = call.Parameters;
        var filter = Translate(PhpParams.Get(parameters, "filter"), names, "filter", keepPrefix: true);
        var order = Translate(PhpParams.Get(parameters, "order"), names, "order", keepPrefix: false);
        var select = Values.Items(PhpParams.Get(parameters, "select")).Select(Values.Text).OfType<string>().Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        var conditions = Condition.Parse(table.Schema, filter, call.Now, store.Time);
        var ordering = ListQuery.ParseOrder(table.Schema, order, call.Now);
        var page = ListQuery.Run(table, conditions, ordering, ListQuery.ParseStart(PhpParams.Get(parameters, "start")), store.Time);
        var wanted = select.Count == 0 || select.Contains("*") ? null : new HashSet<string>(select, StringComparer.Ordinal);
        var items = new JsonArray([.. page.Rows.Select(r => (JsonNode)Item(table, r, names, wanted, call.Now))]);
        return new MethodResult(new JsonObject { ["items"] = items }, page.Total, page.Next);
    });

    private MethodResult Get(MethodCall call) => store.Read(() =>
    {
        var (table, originalUf) = Target(call);
        var id = Values.Long(Values.Text(PhpParams.Get(call.Parameters, "id")));
        var row = (id is > 0 ? table.Find(id.Value) : null) ?? throw new RestError(StatusCodes.Status400BadRequest, "NOT_FOUND", "Element not found");
        return new MethodResult(new JsonObject { ["item"] = Item(table, row, Names(table, originalUf), null, call.Now) });
    });

    private (EntityTable Table, bool OriginalUf) Target(MethodCall call)
    {
        var table = Values.Long(Values.Text(PhpParams.Get(call.Parameters, "entityTypeId"))) switch
        {
            1 => store.Leads,
            2 => store.Deals,
            3 => store.Contacts,
            // Companies and smart processes do not exist in this portal: answered like an unknown smart process.
            _ => throw new RestError(StatusCodes.Status400BadRequest, "NOT_FOUND", "SPA not found"),
        };
        return (table, Values.Bool(Values.Text(PhpParams.Get(call.Parameters, "useOriginalUfNames"))) == true);
    }

    /// <summary>The item name of every field (multifields aside: crm.item sends them as <c>fm</c>, not served here) → its classic name.</summary>
    private static Dictionary<string, string> Names(EntityTable table, bool originalUf)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in table.Schema.Fields.Where(f => f.Kind != FieldKind.Multi))
        {
            names[Renamed.GetValueOrDefault(field.Name) ?? UserField.CamelCase(field.Name)] = field.Name;
        }

        foreach (var field in table.UserFields)
        {
            names[originalUf ? field.FieldName : field.CamelName] = field.FieldName;
        }

        return names;
    }

    /// <summary>A camelCase filter or order as the classic query reads it; a name the entity lacks is refused (§4.3).</summary>
    private static JsonObject? Translate(JsonNode? node, Dictionary<string, string> names, string parameter, bool keepPrefix)
    {
        switch (node)
        {
            case null or JsonArray { Count: 0 }:
                return null;
            case not JsonObject:
                throw InvalidArgument($"Parameter '{parameter}' must be an object");
        }

        var translated = new JsonObject();
        foreach (var (key, value) in node.AsObject())
        {
            if (value is JsonObject || string.Equals(key, "logic", StringComparison.OrdinalIgnoreCase))
            {
                // Not emulated: refused plainly rather than answered with rows the portal would not return.
                throw InvalidArgument("Nested filters (logic: OR) are not supported by the sandbox");
            }

            var name = keepPrefix ? Condition.Split(key).Name : key;
            if (!names.TryGetValue(name, out var classic))
            {
                throw InvalidArgument($"Unknown field {name} in {parameter}");
            }

            translated[key[..^name.Length] + classic] = value?.DeepClone();
        }

        return translated;
    }

    private JsonObject Item(EntityTable table, Row row, Dictionary<string, string> names, HashSet<string>? wanted, DateTimeOffset now)
    {
        var item = new JsonObject();
        foreach (var (itemName, classic) in names)
        {
            if (wanted is not null && itemName != "id" && !wanted.Contains(itemName))
            {
                continue;
            }

            if (table.FindUserField(classic) is { } userField)
            {
                item[itemName] = UserFieldValues.Item(userField, row.Custom?.GetValueOrDefault(classic));
                continue;
            }

            var field = table.Schema[classic];
            item[itemName] = RowFormatter.Read(table.Schema, row, field, now) switch
            {
                null when ZeroWhenEmpty.Contains(classic) => JsonValue.Create(0L),
                null => null,
                long number => JsonValue.Create(number),
                decimal amount => JsonValue.Create((double)amount),
                var value => RowFormatter.Wire(field.Kind, value, store.Time),
            };
        }

        // The record's contacts as a list (crm.item's contactIds); this portal binds one contact per deal or lead.
        if (table.Schema.Find("CONTACT_ID") is { } contactField && (wanted is null || wanted.Contains("contactIds")))
        {
            item["contactIds"] = row[contactField] is long contact ? new JsonArray(contact) : new JsonArray();
        }

        if (wanted is null || wanted.Contains("entityTypeId"))
        {
            item["entityTypeId"] = table.Schema == Schemas.Lead ? 1 : table.Schema == Schemas.Deal ? 2 : 3;
        }

        return item;
    }

    private static RestError InvalidArgument(string description) => new(StatusCodes.Status400BadRequest, "INVALID_ARG_VALUE", description);
}
