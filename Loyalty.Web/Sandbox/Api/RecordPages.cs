using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Loyalty.Web.Sandbox.Data;

namespace Loyalty.Web.Sandbox.Api;

/// <summary>
/// The sandbox's record cards, at the paths Bitrix24 opens them (<c>/crm/deal/details/{id}/</c>,
/// <c>/company/personal/user/{id}/</c>, <c>/company/personal/user/{user}/tasks/task/view/{id}/</c>) below
/// <c>/sandbox</c>, so that the portal's CRM links work in sandbox mode too. Read-only: the record's fields as the
/// REST API sends them, in a plain table, for anyone signed in to the portal.
/// </summary>
internal static class RecordPages
{
    public static void Map(WebApplication app)
    {
        var pages = app.MapGroup("/sandbox").RequireAuthorization();
        pages.MapGet("/crm/{kind}/details/{id:long}/", (string kind, long id, SandboxStore store, TimeProvider clock) => kind switch
        {
            "deal" => Card(store, store.Deals, id, clock),
            "lead" => Card(store, store.Leads, id, clock),
            "contact" => Card(store, store.Contacts, id, clock),
            _ => Results.NotFound(),
        });
        pages.MapGet("/company/personal/user/{id:long}/", (long id, SandboxStore store, TimeProvider clock) => Card(store, store.Users, id, clock));
        pages.MapGet("/company/personal/user/{userId:long}/tasks/task/view/{id:long}/",
            (long id, SandboxStore store, TimeProvider clock) => Card(store, store.Tasks, id, clock));
    }

    private static IResult Card(SandboxStore store, EntityTable table, long id, TimeProvider clock)
    {
        var fields = store.Read(() => table.Find(id) is { } row
            ? RowFormatter.Format(table, Selection.Everything(table.Schema), row, store.Time, clock.GetUtcNow(), omitNulls: true)
            : null);
        return fields is null ? Results.NotFound() : Results.Content(Html(TitleOf(table.Schema, id, fields), fields), "text/html; charset=utf-8");
    }

    private static string TitleOf(EntitySchema schema, long id, JsonObject fields)
    {
        var title = Text(fields["TITLE"]) ?? Text(fields["title"])
            ?? string.Join(' ', new[] { Text(fields["NAME"]), Text(fields["LAST_NAME"]) }.Where(s => !string.IsNullOrEmpty(s)));
        return string.IsNullOrWhiteSpace(title) ? $"{schema.Name} {id.ToString(CultureInfo.InvariantCulture)}" : title;
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string Html(string title, JsonObject fields)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(WebUtility.HtmlEncode(title)).Append(" · Bitrix24 sandbox</title></head><body>")
            .Append("<p>Bitrix24 sandbox</p><h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1><table>");
        foreach (var (name, value) in fields)
        {
            var shown = value is JsonValue ? value.ToString() : value?.ToJsonString(Envelope.Json);
            html.Append("<tr><th scope=\"row\">").Append(WebUtility.HtmlEncode(name)).Append("</th><td>")
                .Append(WebUtility.HtmlEncode(shown ?? "")).Append("</td></tr>");
        }

        return html.Append("</table></body></html>").ToString();
    }
}
