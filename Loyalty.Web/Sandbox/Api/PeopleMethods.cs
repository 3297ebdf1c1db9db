using System.Text.Json.Nodes;
using Loyalty.Web.Sandbox.Data;

namespace Loyalty.Web.Sandbox.Api;

/// <summary>user.get, department.get, profile and scope (§5.7).</summary>
internal sealed class PeopleMethods(SandboxStore store, SandboxOptions options)
{
    /// <summary>Parameters of user.get/department.get that are not filter fields.</summary>
    private static readonly string[] Reserved = ["sort", "order", "start", "filter", "admin_mode", "auth", "select"];

    public void Register(SandboxMethods methods)
    {
        methods.Add("user.get", call => store.Read(() => PeopleList(store.Users, call, omitNulls: false)));
        methods.Add("department.get", call => store.Read(() => PeopleList(store.Departments, call, omitNulls: true)));
        methods.Add("profile", Profile);
        methods.Add("scope", _ => new MethodResult(new JsonArray([.. SandboxMethods.Scopes(options).Select(s => (JsonNode)JsonValue.Create(s))])));
    }

    /// <summary>
    /// user.get and department.get take their filter as FILTER or as top-level keys (<c>department.get?ID=5</c>),
    /// and their order as <c>sort</c> (a field) plus <c>order</c> (ASC/DESC).
    /// </summary>
    private MethodResult PeopleList(EntityTable table, MethodCall call, bool omitNulls)
    {
        var parameters = call.Parameters;
        var conditions = Condition.Parse(table.Schema, PhpParams.Get(parameters, "FILTER"), call.Now, store.Time, "FILTER");
        foreach (var (key, value) in parameters)
        {
            if (!Reserved.Contains(key, StringComparer.OrdinalIgnoreCase) && Condition.Create(table.Schema, key, value, call.Now, store.Time) is { } condition)
            {
                conditions.Add(condition);
            }
        }

        var orderNode = PhpParams.Get(parameters, "order");
        var ordering = orderNode is JsonObject
            ? ListQuery.ParseOrder(table.Schema, orderNode, call.Now)
            : [];
        if (ordering.Count == 0 && FieldAccess.Resolve(table.Schema, Values.Text(PhpParams.Get(parameters, "sort")) ?? "ID", call.Now) is { } sort)
        {
            ordering.Add((sort, string.Equals(Values.Text(orderNode)?.Trim(), "DESC", StringComparison.OrdinalIgnoreCase)));
        }

        var page = ListQuery.Run(table, conditions, ordering, ListQuery.ParseStart(PhpParams.Get(parameters, "start")), store.Time);
        var everything = Selection.Everything(table.Schema);
        var rows = new JsonArray([.. page.Rows.Select(r => (JsonNode)RowFormatter.Format(table, everything, r, store.Time, call.Now, omitNulls))]);
        return new MethodResult(rows, page.Total, page.Next);
    }

    private MethodResult Profile(MethodCall call) => store.Read(() =>
    {
        var user = store.Users.Find(call.UserId)!;
        var offset = store.Time.Zone.GetUtcOffset(call.Now);
        return new MethodResult(new JsonObject
        {
            ["ID"] = call.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ADMIN"] = options.WebhookUserIsAdmin,
            ["NAME"] = (string?)user["NAME"],
            ["LAST_NAME"] = (string?)user["LAST_NAME"],
            ["PERSONAL_GENDER"] = (string?)user["PERSONAL_GENDER"],
            ["PERSONAL_PHOTO"] = "",
            ["TIME_ZONE"] = "",
            ["TIME_ZONE_OFFSET"] = (long)offset.TotalSeconds,
        });
    });
}
