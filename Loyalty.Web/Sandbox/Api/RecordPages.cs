using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Loyalty.Core.Identity;
using Loyalty.Web.Sandbox.Changes;
using Loyalty.Web.Sandbox.Data;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

namespace Loyalty.Web.Sandbox.Api;

/// <summary>
/// The sandbox's record cards, at the paths Bitrix24 opens them (<c>/crm/deal/details/{id}/</c>,
/// <c>/company/personal/user/{id}/</c>, <c>/company/personal/user/{user}/tasks/task/view/{id}/</c>) below
/// <c>/sandbox</c>, so that the portal's CRM links work in sandbox mode too. Read-only: the record's fields as the
/// REST API sends them, in a plain table, for anyone signed in to the portal. An administrator also gets the two
/// actions a manager takes in Bitrix24 that the portal only watches: converting a lead (contact + deal) and moving a
/// deal to a stage (won included); both make the same changes and events as the portal's REST methods.
/// </summary>
internal static class RecordPages
{
    public static void Map(WebApplication app)
    {
        var pages = app.MapGroup("/sandbox").RequireAuthorization();
        pages.MapGet("/crm/{kind}/details/{id:long}/", (HttpContext context, string kind, long id, SandboxStore store, TimeProvider clock) => kind switch
        {
            "deal" => Card(store, store.Deals, id, clock, Actions(context, store, store.Deals, id)),
            "lead" => Card(store, store.Leads, id, clock, Actions(context, store, store.Leads, id)),
            "contact" => Card(store, store.Contacts, id, clock),
            _ => Results.NotFound(),
        });
        // Form posts: the anti-forgery token is checked because they bind the form ([FromForm]).
        pages.MapPost("/crm/lead/details/{id:long}/convert", (long id, [FromForm(Name = "confirm")] string? confirm, SandboxStore store, SandboxCrm crm, SandboxOptions options) =>
            Act(store, () =>
            {
                var lead = store.Leads.Find(id);
                return lead is null ? null : $"/sandbox/crm/deal/details/{crm.ConvertLead(lead, options.WebhookUserId).DealId}/";
            }))
            .RequireAuthorization(Policies.Administration);
        pages.MapPost("/crm/deal/details/{id:long}/stage", (long id, [FromForm(Name = "STAGE_ID")] string? stageId, SandboxStore store, SandboxCrm crm, SandboxOptions options) =>
            Act(store, () =>
            {
                var deal = store.Deals.Find(id);
                if (deal is null)
                {
                    return null;
                }

                crm.MoveDeal(deal, stageId ?? "", options.WebhookUserId);
                return $"/sandbox/crm/deal/details/{id}/";
            }))
            .RequireAuthorization(Policies.Administration);
        pages.MapGet("/company/personal/user/{id:long}/", (long id, SandboxStore store, TimeProvider clock) => Card(store, store.Users, id, clock));
        pages.MapGet("/company/personal/user/{userId:long}/tasks/task/view/{id:long}/",
            (long id, SandboxStore store, TimeProvider clock) => Card(store, store.Tasks, id, clock));
    }

    private static IResult Card(SandboxStore store, EntityTable table, long id, TimeProvider clock, string actions = "")
    {
        var fields = store.Read(() => table.Find(id) is { } row
            ? RowFormatter.Format(table, Selection.Everything(table.Schema), row, store.Time, clock.GetUtcNow(), omitNulls: true)
            : null);
        return fields is null ? Results.NotFound() : Results.Content(Html(TitleOf(table.Schema, id, fields), fields, actions), "text/html; charset=utf-8");
    }

    /// <summary>The change inside the store's write lock; a refusal (a closed lead, a foreign stage) is a 400 with its message.</summary>
    private static IResult Act(SandboxStore store, Func<string?> change)
    {
        try
        {
            var next = store.Write(change);
            return next is null ? Results.NotFound() : Results.Redirect(next, permanent: false, preserveMethod: false);
        }
        catch (RestError error)
        {
            return Results.Content("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Bitrix24 sandbox</title></head><body><p>"
                + WebUtility.HtmlEncode(error.Message) + "</p></body></html>", "text/html; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
        }
    }

    /// <summary>The forms of a lead's or deal's card for an administrator: convert an open lead; move a deal to any stage of its pipeline.</summary>
    private static string Actions(HttpContext context, SandboxStore store, EntityTable table, long id)
    {
        if (!context.User.IsInRole(Roles.Administrator))
        {
            return "";
        }

        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        var hidden = $"<input type=\"hidden\" name=\"{WebUtility.HtmlEncode(tokens.FormFieldName)}\" value=\"{WebUtility.HtmlEncode(tokens.RequestToken)}\" />";
        var html = new StringBuilder();
        store.Read(() =>
        {
            if (table.Find(id) is not { } row)
            {
                return 0;
            }

            if (table == store.Leads && (string?)row["STATUS_SEMANTIC_ID"] is not ("S" or "F"))
            {
                html.Append($"<form method=\"post\" action=\"/sandbox/crm/lead/details/{id}/convert\">").Append(hidden)
                    .Append("<input type=\"hidden\" name=\"confirm\" value=\"1\" />")
                    .Append("<button type=\"submit\" data-testid=\"sandbox-convert\">Convert: contact + deal</button></form>");
            }
            else if (table == store.Deals)
            {
                var pipeline = Reference.PipelineById((long)row["CATEGORY_ID"]!) ?? Reference.Pipelines[0];
                html.Append($"<form method=\"post\" action=\"/sandbox/crm/deal/details/{id}/stage\">").Append(hidden)
                    .Append("<label>Stage <select name=\"STAGE_ID\" data-testid=\"sandbox-stage\">");
                foreach (var stage in pipeline.Stages)
                {
                    var selected = stage.StatusId == (string?)row["STAGE_ID"] ? " selected" : "";
                    html.Append($"<option value=\"{WebUtility.HtmlEncode(stage.StatusId)}\"{selected}>{WebUtility.HtmlEncode(stage.Name)}</option>");
                }

                html.Append("</select></label> <button type=\"submit\" data-testid=\"sandbox-move\">Move</button></form>");
            }

            return 0;
        });
        return html.ToString();
    }

    private static string TitleOf(EntitySchema schema, long id, JsonObject fields)
    {
        var title = Text(fields["TITLE"]) ?? Text(fields["title"])
            ?? string.Join(' ', new[] { Text(fields["NAME"]), Text(fields["LAST_NAME"]) }.Where(s => !string.IsNullOrEmpty(s)));
        return string.IsNullOrWhiteSpace(title) ? $"{schema.Name} {id.ToString(CultureInfo.InvariantCulture)}" : title;
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string Html(string title, JsonObject fields, string actions)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(WebUtility.HtmlEncode(title)).Append(" · Bitrix24 sandbox</title></head><body>")
            .Append("<p>Bitrix24 sandbox</p><h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1>").Append(actions).Append("<table>");
        foreach (var (name, value) in fields)
        {
            var shown = value is JsonValue ? value.ToString() : value?.ToJsonString(Envelope.Json);
            html.Append("<tr><th scope=\"row\">").Append(WebUtility.HtmlEncode(name)).Append("</th><td>")
                .Append(WebUtility.HtmlEncode(shown ?? "")).Append("</td></tr>");
        }

        return html.Append("</table></body></html>").ToString();
    }
}
