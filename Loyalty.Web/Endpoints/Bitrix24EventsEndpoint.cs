using System.Security.Cryptography;
using System.Text;
using Loyalty.Core.Bitrix24;
using Loyalty.Core.Sync;
using Microsoft.AspNetCore.Http.Features;

namespace Loyalty.Web.Endpoints;

/// <summary>
/// <c>POST /api/bitrix24/events</c>: Bitrix24's outbound events (form-encoded PHP arrays). The application
/// token is checked in constant time; the payload's fields are never trusted — the named entity is queued
/// to be re-read — and the answer is immediate (Bitrix24 drops slow handlers' events).
/// </summary>
internal static class Bitrix24EventsEndpoint
{
    public const string Path = "/api/bitrix24/events";

    /// <summary>
    /// A real event is under 1 KB (event, ts, data[FIELDS][ID], a handful of auth[…] fields); 64 KB and 100 fields
    /// leave room for Bitrix24 adding fields, and nothing an anonymous caller sends costs more than that to read.
    /// </summary>
    private const int MaxBodyBytes = 64 * 1024;

    private static readonly FormOptions Limits = new()
    {
        ValueCountLimit = 100,
        KeyLengthLimit = 256,
        ValueLengthLimit = MaxBodyBytes,
        MultipartBodyLengthLimit = MaxBodyBytes,
        BufferBodyLengthLimit = MaxBodyBytes,
        MultipartHeadersLengthLimit = 4 * 1024,
    };

    public static WebApplication MapBitrix24Events(this WebApplication app)
    {
        app.MapPost(Path, HandleAsync).AllowAnonymous().DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpRequest request, EventInbox inbox, ConnectionSettings connection, ILoggerFactory loggers)
    {
        if (!request.HasFormContentType)
        {
            return Error(StatusCodes.Status400BadRequest, "INVALID_REQUEST", "Expected a form-encoded Bitrix24 event.");
        }

        var (form, refusal) = await ReadFormAsync(request);
        if (form is null)
        {
            return refusal!;
        }

        if (!TokenMatches(form["auth[application_token]"].ToString(), await connection.ApplicationTokenAsync(request.HttpContext.RequestAborted)))
        {
            return Error(StatusCodes.Status401Unauthorized, "INVALID_TOKEN", "The application token does not match.");
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
            return Error(StatusCodes.Status400BadRequest, "INVALID_REQUEST", $"Event {eventName} carries no valid data[FIELDS][ID].");
        }

        await inbox.EnqueueAsync(entity, entityId, eventName, request.HttpContext.RequestAborted);
        loggers.CreateLogger(typeof(Bitrix24EventsEndpoint)).LogDebug("Event {Event} for {Entity} {Id} queued", eventName, entity, entityId);
        return Results.Ok();
    }

    /// <summary>
    /// The form within <see cref="Limits"/>, or the answer refusing it: 413 for a body over
    /// the size limit (smaller will do), 400 for anything malformed or over the field limits (no boundary, a
    /// broken part, too many fields), as a JSON error and never the framework's exception.
    /// </summary>
    private static async Task<(IFormCollection? Form, IResult? Refusal)> ReadFormAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, TooLarge());
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            // Kestrel refuses a chunked body as soon as it passes the limit, and stops draining there.
            sizeLimit.MaxRequestBodySize = MaxBodyBytes;
        }

        try
        {
            return (await request.ReadFormAsync(Limits, request.HttpContext.RequestAborted), null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge());
        }
        catch (InvalidDataException e) when (e.Message.Contains("length limit", StringComparison.OrdinalIgnoreCase))
        {
            // The form reader's own size limits (a value or a multipart body over MaxBodyBytes).
            return (null, TooLarge());
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            return (null, Error(StatusCodes.Status400BadRequest, "INVALID_REQUEST", "The event is not a well-formed form: " + e.Message));
        }
    }

    private static IResult TooLarge() =>
        Error(StatusCodes.Status413PayloadTooLarge, "REQUEST_ENTITY_TOO_LARGE", $"An event is at most {MaxBodyBytes} bytes.");

    private static IResult Error(int status, string code, string description) =>
        Results.Json(new Dictionary<string, string> { ["error"] = code, ["error_description"] = description }, statusCode: status);

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
