using System.Text.Json.Nodes;
using Loyalty.Web.Sandbox.Changes;
using Loyalty.Web.Sandbox.Data;

namespace Loyalty.Web.Sandbox.Api;

/// <summary>tasks.task.list/get/add (§5.9): UPPER_SNAKE in select/filter/order, camelCase string values out, under result.tasks / result.task.</summary>
internal sealed class TaskMethods(SandboxStore store, SandboxCrm crm)
{
    public void Register(SandboxMethods methods)
    {
        methods.Add("tasks.task.list", List);
        methods.Add("tasks.task.get", Get);
        methods.Add("tasks.task.add", Add, writes: true);
    }

    private MethodResult List(MethodCall call) => store.Read(() =>
    {
        var select = WithStatusPair(PhpParams.Get(call.Parameters, "select"));
        var parameters = (JsonObject)call.Parameters.DeepClone();
        parameters.Remove("select");
        parameters["select"] = select;
        var page = CrmMethods.RunList(store.Tasks, call with { Parameters = parameters }, store.Time, Shape);
        return new MethodResult(new JsonObject { ["tasks"] = page.Result }, page.Total, page.Next);
    });

    private MethodResult Get(MethodCall call)
    {
        var id = CrmMethods.Id(call, "taskId", "id");
        return store.Read(() =>
        {
            var row = store.Tasks.Find(id) ?? throw new RestError(StatusCodes.Status400BadRequest, "ERROR_CORE", "Задача не найдена или доступ к ней запрещён");
            var selection = Selection.Parse(Schemas.Task, WithStatusPair(PhpParams.Get(call.Parameters, "select")));
            return new MethodResult(new JsonObject { ["task"] = Shape(RowFormatter.Format(store.Tasks, selection, row, store.Time, call.Now)) });
        });
    }

    private MethodResult Add(MethodCall call)
    {
        var fields = PhpParams.Get(call.Parameters, "fields") as JsonObject
            ?? throw new RestError(StatusCodes.Status400BadRequest, "ERROR_CORE", "Не переданы поля задачи (fields)");
        return store.Write(() =>
        {
            var row = crm.AddTask(fields, call.UserId);
            var task = Shape(RowFormatter.Format(store.Tasks, Selection.Everything(Schemas.Task), row, store.Time, call.Now));
            return new MethodResult(new JsonObject { ["task"] = task });
        });
    }

    /// <summary>STATUS and REAL_STATUS come back together as subStatus and status, as the portal returns them.</summary>
    private static JsonNode? WithStatusPair(JsonNode? select)
    {
        var names = Values.Items(select).Select(Values.Text).OfType<string>().ToList();
        if (names.Contains("STATUS") != names.Contains("REAL_STATUS"))
        {
            names.Add(names.Contains("STATUS") ? "REAL_STATUS" : "STATUS");
        }

        return names.Count == 0 ? null : new JsonArray([.. names.Select(n => (JsonNode)JsonValue.Create(n))]);
    }

    /// <summary>The responsible and creator come with a small user card, like on the portal.</summary>
    private JsonObject Shape(JsonObject task)
    {
        if (task["responsibleId"]?.GetValue<string>() is { } responsible)
        {
            task["responsible"] = UserCard(responsible);
        }

        if (task["createdBy"]?.GetValue<string>() is { } creator)
        {
            task["creator"] = UserCard(creator);
        }

        return task;
    }

    private JsonObject UserCard(string id)
    {
        var user = Values.Long(id) is { } userId ? store.Users.Find(userId) : null;
        return new JsonObject
        {
            ["id"] = id,
            ["name"] = user is null ? "" : $"{user["NAME"]} {user["LAST_NAME"]}",
            ["link"] = $"/company/personal/user/{id}/",
            ["icon"] = "/bitrix/images/tasks/default_avatar.png",
            ["workPosition"] = (string?)user?["WORK_POSITION"] ?? "",
        };
    }
}
