using System.Globalization;
using System.Text.Json.Nodes;
using Loyalty.Web.Sandbox.Changes;
using Loyalty.Web.Sandbox.Data;

namespace Loyalty.Web.Sandbox.Api;

/// <summary>crm.contact.*, crm.lead.*, crm.deal.*, crm.activity.* and the reference lists (pipelines, stages, currencies).</summary>
internal sealed class CrmMethods(SandboxStore store, SandboxCrm crm)
{
    /// <summary>crm.status.list rows, kept in a table of their own so that filter, order and select work as on any list.</summary>
    private static readonly EntitySchema StatusSchema = new("statuses",
    [
        ("ID", FieldKind.Int, true, null), ("ENTITY_ID", FieldKind.Text, false, null), ("STATUS_ID", FieldKind.Text, false, null),
        ("NAME", FieldKind.Text, false, null), ("NAME_INIT", FieldKind.Text, false, null), ("SORT", FieldKind.Int, false, null),
        ("SYSTEM", FieldKind.Text, false, null), ("CATEGORY_ID", FieldKind.Int, false, null), ("COLOR", FieldKind.Text, false, null),
        ("SEMANTICS", FieldKind.Text, false, null), ("EXTRA", FieldKind.Json, false, null),
    ]);

    private readonly EntityTable _statuses = StatusTable();

    public void Register(SandboxMethods methods)
    {
        foreach (var (prefix, table) in new[] { ("crm.contact", store.Contacts), ("crm.lead", store.Leads), ("crm.deal", store.Deals) })
        {
            methods.Add($"{prefix}.list", call => List(table, call));
            methods.Add($"{prefix}.get", call => Get(table, call));
            methods.Add($"{prefix}.add", call => Add(table, call), writes: true);
            methods.Add($"{prefix}.update", call => Update(table, call), writes: true);
            methods.Add($"{prefix}.delete", call => Delete(table, call), writes: true);
        }

        methods.Add("crm.activity.list", call => List(store.Activities, call));
        methods.Add("crm.activity.get", call => Get(store.Activities, call));
        methods.Add("crm.activity.delete", call => Delete(store.Activities, call), writes: true);
        methods.Add("crm.category.list", CategoryList);
        methods.Add("crm.status.list", StatusList);
        methods.Add("crm.currency.list", _ => CurrencyList());
    }

    private MethodResult List(EntityTable table, MethodCall call) => store.Read(() => RunList(table, call, store.Time));

    /// <summary>The classic list contract (§3.1): filter, order, select, start; 50 rows, total and next.</summary>
    public static MethodResult RunList(EntityTable table, MethodCall call, PortalTime time, Func<JsonObject, JsonObject>? shape = null)
    {
        var parameters = call.Parameters;
        var filter = DefinedFieldsOnly(table, PhpParams.Get(parameters, "filter", "arFilter"));
        var order = DefinedFieldsOnly(table, PhpParams.Get(parameters, "order", "arOrder"));
        var select = PhpParams.Get(parameters, "select", "arSelect");
        var start = ListQuery.ParseStart(PhpParams.Get(parameters, "start"));
        var conditions = Condition.Parse(table.Schema, filter, call.Now, time);
        var ordering = ListQuery.ParseOrder(table.Schema, order, call.Now);
        var selection = Selection.Parse(table.Schema, select);
        var page = ListQuery.Run(table, conditions, ordering, start, time);
        var rows = new JsonArray([.. page.Rows.Select(r => (JsonNode)(shape ?? (o => o))(RowFormatter.Format(table, selection, r, time, call.Now)))]);
        return new MethodResult(rows, page.Total, page.Next);
    }

    /// <summary>
    /// A filter or order without the user fields the entity does not define: an unknown name is ignored like any
    /// unknown field (§7.11) instead of matching nothing.
    /// </summary>
    private static JsonNode? DefinedFieldsOnly(EntityTable table, JsonNode? node)
    {
        if (!table.Schema.CustomFields || node is not JsonObject map)
        {
            return node;
        }

        return new JsonObject(map
            .Where(p => Condition.Split(p.Key).Name is var name && (!name.StartsWith("UF_", StringComparison.Ordinal) || table.FindUserField(name) is not null))
            .Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
    }

    private MethodResult Get(EntityTable table, MethodCall call)
    {
        var id = Id(call);
        return store.Read(() =>
        {
            var row = table.Find(id) ?? throw RestError.NotFound();
            return new MethodResult(RowFormatter.Format(table, Selection.Everything(table.Schema), row, store.Time, call.Now));
        });
    }

    private MethodResult Add(EntityTable table, MethodCall call)
    {
        var fields = Fields(call);
        var id = store.Write(() => crm.Add(table, fields, call.UserId));
        return new MethodResult(JsonValue.Create(id));
    }

    private MethodResult Update(EntityTable table, MethodCall call)
    {
        var id = Id(call);
        var fields = Fields(call);
        store.Write(() =>
        {
            var row = table.Find(id) ?? throw RestError.NotFound();
            crm.Update(table, row, fields, call.UserId);
            return 0;
        });
        return new MethodResult(JsonValue.Create(true));
    }

    private MethodResult Delete(EntityTable table, MethodCall call)
    {
        var id = Id(call);
        store.Write(() => crm.Delete(table, id) ? 0 : throw RestError.NotFound());
        return new MethodResult(JsonValue.Create(true));
    }

    private static MethodResult CategoryList(MethodCall call)
    {
        var entityType = Values.Long(Values.Text(PhpParams.Get(call.Parameters, "entityTypeId")));
        if (entityType != 2)
        {
            // Only deals have pipelines in this portal; any other type is answered like an unknown smart process.
            throw new RestError(StatusCodes.Status400BadRequest, "NOT_FOUND", "SPA not found");
        }

        var categories = new JsonArray([.. Reference.Pipelines.Select(p => (JsonNode)new JsonObject
        {
            ["id"] = p.Id,
            ["name"] = p.Name,
            ["sort"] = p.Sort,
            ["entityTypeId"] = 2,
            ["isDefault"] = p.Id == 0 ? "Y" : "N",
            ["originId"] = "",
            ["originatorId"] = "",
        })]);
        return new MethodResult(new JsonObject { ["categories"] = categories }, Reference.Pipelines.Count);
    }

    private MethodResult StatusList(MethodCall call) =>
        RunList(_statuses, call, store.Time, row =>
        {
            // EXTRA exists only for stage-like lists (deal stages, lead statuses), §5.6.
            if (row["EXTRA"] is null)
            {
                row.Remove("EXTRA");
            }

            return row;
        });

    private static MethodResult CurrencyList()
    {
        var rows = new JsonArray([.. Reference.Currencies.Select(c => (JsonNode)new JsonObject
        {
            ["CURRENCY"] = c.Code,
            ["AMOUNT_CNT"] = "1",
            ["AMOUNT"] = c.Amount,
            ["SORT"] = c.Sort.ToString(CultureInfo.InvariantCulture),
            ["BASE"] = c.Base ? "Y" : "N",
            ["FULL_NAME"] = c.Name,
            ["LID"] = "ru",
            ["FORMAT_STRING"] = c.Format,
            ["DEC_POINT"] = ".",
            ["THOUSANDS_SEP"] = " ",
            ["DECIMALS"] = "2",
        })]);
        return new MethodResult(rows, Reference.Currencies.Count);
    }

    private static EntityTable StatusTable()
    {
        var table = new EntityTable(StatusSchema);
        void Add(string entityId, string statusId, string name, int sort, long? category, string? color, Stage? stage)
        {
            var row = table.NewRow();
            row["ENTITY_ID"] = entityId;
            row["STATUS_ID"] = statusId;
            row["NAME"] = name;
            row["NAME_INIT"] = statusId.Contains("UC_", StringComparison.Ordinal) ? "" : name;
            row["SORT"] = (long)sort;
            row["SYSTEM"] = stage is null || statusId.Contains("UC_", StringComparison.Ordinal) ? "N" : "Y";
            row["CATEGORY_ID"] = category;
            row["COLOR"] = color;
            row["SEMANTICS"] = stage is null || stage.Semantic == 'P' ? null : stage.Semantic.ToString();
            row["EXTRA"] = stage is null ? null : new JsonObject { ["SEMANTICS"] = stage.ExtraSemantics, ["COLOR"] = stage.Color };
            table.Insert(row);
        }

        foreach (var pipeline in Reference.Pipelines)
        {
            foreach (var stage in pipeline.Stages)
            {
                Add(pipeline.EntityId, stage.StatusId, stage.Name, stage.Sort, pipeline.Id == 0 ? null : pipeline.Id, stage.Color, stage);
            }
        }

        foreach (var status in Reference.LeadStatuses)
        {
            Add("STATUS", status.StatusId, status.Name, status.Sort, null, status.Color, status);
        }

        var sort = 10;
        foreach (var source in Reference.Sources)
        {
            Add("SOURCE", source.StatusId, source.Name, sort += 10, null, null, null);
        }

        sort = 10;
        foreach (var type in Reference.DealTypes)
        {
            Add("DEAL_TYPE", type.StatusId, type.Name, sort += 10, null, null, null);
        }

        return table;
    }

    /// <summary><c>id</c>/<c>ID</c>: a positive integer, else "ID is not defined or invalid." (§5.2).</summary>
    public static long Id(MethodCall call, params string[] names)
    {
        var id = Values.Long(Values.Text(PhpParams.Get(call.Parameters, names.Length == 0 ? ["id"] : names)));
        return id is > 0 ? id.Value : throw RestError.InvalidId();
    }

    private static JsonObject Fields(MethodCall call) =>
        PhpParams.Get(call.Parameters, "fields") as JsonObject ?? throw RestError.Classic("Parameter 'fields' must be array.");
}
