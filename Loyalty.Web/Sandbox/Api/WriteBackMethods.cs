using System.Text.Json.Nodes;
using Loyalty.Web.Sandbox.Changes;
using Loyalty.Web.Sandbox.Data;

namespace Loyalty.Web.Sandbox.Api;

/// <summary>What the app only writes: timeline comments (§5.10) and system notifications (§5.11).</summary>
internal sealed class WriteBackMethods(SandboxStore store, SandboxCrm crm)
{
    public void Register(SandboxMethods methods)
    {
        methods.Add("crm.timeline.comment.add", AddComment, writes: true);
        methods.Add("im.notify.system.add", Notify, writes: true);
    }

    private MethodResult AddComment(MethodCall call)
    {
        // Since crm 23.100.0 only the lowercase "fields" is read; FIELDS is not found at all (§2.1, §5.10).
        if (!call.Parameters.TryGetPropertyValue("fields", out var node) || node is not JsonObject fields)
        {
            throw new RestError(StatusCodes.Status400BadRequest, "INVALID_ARG_VALUE", "Could not find value for parameter {fields}");
        }

        var entityId = Values.Long(Values.Text(fields["ENTITY_ID"]));
        var entityType = Values.Text(fields["ENTITY_TYPE"])?.Trim().ToLowerInvariant();
        if (entityId is not > 0 || string.IsNullOrEmpty(entityType))
        {
            throw new RestError(StatusCodes.Status400BadRequest, "100", "Required fields not provided: ENTITY_ID, ENTITY_TYPE");
        }

        var comment = Values.Text(fields["COMMENT"]);
        if (string.IsNullOrWhiteSpace(comment))
        {
            throw new RestError(StatusCodes.Status400BadRequest, "INVALID_ARG_VALUE", "Empty comment");
        }

        var id = store.Write(() =>
        {
            var owner = entityType switch
            {
                "deal" => store.Deals.Find(entityId.Value),
                "lead" => store.Leads.Find(entityId.Value),
                "contact" => store.Contacts.Find(entityId.Value),
                _ => null,
            };
            if (owner is null)
            {
                throw new RestError(StatusCodes.Status400BadRequest, "OWNER_NOT_FOUND", "Owner of the element not found");
            }

            return crm.AddTimelineComment(entityId.Value, entityType, comment, call.UserId);
        });
        return new MethodResult(JsonValue.Create(id));
    }

    private MethodResult Notify(MethodCall call)
    {
        var userId = Values.Long(Values.Text(PhpParams.Get(call.Parameters, "USER_ID")));
        if (userId is not > 0)
        {
            throw new RestError(StatusCodes.Status400BadRequest, "USER_ID_EMPTY", "User ID can't be empty");
        }

        var message = Values.Text(PhpParams.Get(call.Parameters, "MESSAGE"));
        if (string.IsNullOrWhiteSpace(message))
        {
            throw new RestError(StatusCodes.Status400BadRequest, "MESSAGE_EMPTY", "Message can't be empty");
        }

        var id = store.Write(() =>
        {
            if (store.Users.Find(userId.Value) is null)
            {
                throw new RestError(StatusCodes.Status400BadRequest, "USER_ID_EMPTY", "User ID can't be empty");
            }

            return crm.AddNotification(userId.Value, message, Values.Text(PhpParams.Get(call.Parameters, "MESSAGE_OUT")),
                Values.Text(PhpParams.Get(call.Parameters, "TAG")), Values.Text(PhpParams.Get(call.Parameters, "SUB_TAG")), call.UserId);
        });
        return new MethodResult(JsonValue.Create(id));
    }
}
