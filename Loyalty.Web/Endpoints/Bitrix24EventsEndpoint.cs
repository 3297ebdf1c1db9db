using System.Security.Cryptography;
using System.Text;
using Loyalty.Core.Bitrix24;
using Loyalty.Core.Sync;

namespace Loyalty.Web.Endpoints;

/// <summary>
/// <c>POST /api/bitrix24/events</c>: Bitrix24's outbound events (form-encoded PHP arrays). The application
/// token is checked in constant time; the payload's fields are never trusted — the named entity is queued
/// to be re-read — and the answer is immediate (Bitrix24 drops slow handlers' events).
/// </summary>
internal static class Bitrix24EventsEndpoint
{
    public const string Path = "/api/bitrix24/events";

    public static WebApplication MapBitrix24Events(this WebApplication app)
    {
        app.MapPost(Path, HandleAsync).AllowAnonymous().DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpRequest request, EventInbox inbox, ConnectionSettings connection, ILoggerFactory loggers)
    {
        if (!request.HasFormContentType)
        {
            return Results.BadRequest("Expected a form-encoded Bitrix24 event.");
        }

        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        if (!TokenMatches(form["auth[application_token]"].ToString(), await connection.ApplicationTokenAsync(request.HttpContext.RequestAborted)))
        {
            return Results.Unauthorized();
        }

        var eventName = form["event"].ToString();
        var id = form["data[FIELDS][ID]"].ToString();
        if (string.IsNullOrEmpty(id))
        {
            id = form["data[FIELDS_AFTER][ID]"].ToString();
        }

        if (EventInbox.EntityOf(eventName) is not { } entity || !CrmSync.CanRefetch(entity))
        {
            // Acknowledged and ignored: an event the mirror does not follow is not an error.
            return Results.Ok();
        }

        if (!long.TryParse(id, out var entityId) || entityId <= 0)
        {
            return Results.BadRequest($"Event {eventName} carries no valid data[FIELDS][ID].");
        }

        await inbox.EnqueueAsync(entity, entityId, eventName, request.HttpContext.RequestAborted);
        loggers.CreateLogger(typeof(Bitrix24EventsEndpoint)).LogDebug("Event {Event} for {Entity} {Id} queued", eventName, entity, entityId);
        return Results.Ok();
    }

    private static bool TokenMatches(string given, string? expected)
    {
        if (string.IsNullOrEmpty(expected) || string.IsNullOrEmpty(given))
        {
            return false;
        }

        // Hashing first gives equal lengths, so the comparison's time says nothing about the token.
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }
}
