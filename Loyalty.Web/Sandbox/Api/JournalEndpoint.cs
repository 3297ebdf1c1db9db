using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Loyalty.Core.Identity;
using Loyalty.Web.Sandbox.Data;
using Microsoft.AspNetCore.Antiforgery;

namespace Loyalty.Web.Sandbox.Api;

/// <summary>
/// <c>GET /sandbox/journal</c>: what the portal wrote back to the emulated Bitrix24, for an administrator or for
/// whoever holds the sandbox's webhook secret (<c>?secret=</c>, the same secret as in the REST path, so tests and
/// scripts read it without signing in). <c>DELETE /sandbox/journal</c> clears it: an administrator's action,
/// protected against forgery (header <c>RequestVerificationToken</c>).
/// </summary>
internal static class JournalEndpoint
{
    public const string Path = "/sandbox/journal";

    public static void Map(WebApplication app)
    {
        app.MapGet(Path, ReadAsync);
        app.MapDelete(Path, ClearAsync);
    }

    private static async Task ReadAsync(HttpContext context, SandboxStore store, SandboxOptions options, string? method, string? secret)
    {
        if (!context.User.IsInRole(Roles.Administrator) && !SecretMatches(secret, options.Secret))
        {
            await RefuseAsync(context, "Sign in as an administrator or pass the sandbox's webhook secret as ?secret=");
            return;
        }

        using var body = new MemoryStream();
        using (var writer = new Utf8JsonWriter(body, new JsonWriterOptions { Encoder = Envelope.Json.Encoder, MaxDepth = Values.MaxJsonDepth }))
        {
            writer.WriteStartArray();
            // Each entry is serialized on its own: one that cannot be (too deep, from an older file) shows as such
            // instead of failing the whole journal.
            var entries = store.Read(() => store.Journal
                .Where(e => method is null || string.Equals(e.Method, method, StringComparison.OrdinalIgnoreCase))
                .Select(e => Serialize(e, store.Time))
                .ToList());
            foreach (var entry in entries)
            {
                writer.WriteRawValue(entry, skipInputValidation: true);
            }

            writer.WriteEndArray();
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = Envelope.ContentType;
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body.GetBuffer().AsMemory(0, (int)body.Length), context.RequestAborted);
    }

    private static async Task ClearAsync(HttpContext context, SandboxStore store, IAntiforgery antiforgery)
    {
        if (!context.User.IsInRole(Roles.Administrator))
        {
            await RefuseAsync(context, "Only an administrator may clear the journal");
            return;
        }

        // Minimal APIs check anti-forgery only for endpoints that bind a form; this one reads nothing, so it checks here.
        try
        {
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            await SandboxRestEndpoint.WriteAsync(
                context, StatusCodes.Status400BadRequest, Envelope.Error("INVALID_ANTIFORGERY_TOKEN", "The anti-forgery token is missing or invalid"));
            return;
        }

        store.Write(() =>
        {
            store.ClearJournal();
            return 0;
        });
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static byte[] Serialize(JournalEntry entry, PortalTime time)
    {
        var node = new JsonObject
        {
            ["id"] = entry.Id,
            ["time"] = time.Format(entry.Time),
            ["method"] = entry.Method,
        };
        try
        {
            node["parameters"] = entry.Parameters.DeepClone();
            node["result"] = entry.Result?.DeepClone();
            return JsonSerializer.SerializeToUtf8Bytes(node, Envelope.Json);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            node["parameters"] = null;
            node["result"] = null;
            node["error"] = "This entry nests too deep to be shown";
            return JsonSerializer.SerializeToUtf8Bytes(node, Envelope.Json);
        }
    }

    /// <summary>401 for an anonymous caller, 403 for a signed-in one without the role; a JSON error either way.</summary>
    private static Task RefuseAsync(HttpContext context, string description) =>
        context.User.Identity?.IsAuthenticated == true
            ? SandboxRestEndpoint.WriteAsync(context, StatusCodes.Status403Forbidden, Envelope.Error("ACCESS_DENIED", description))
            : SandboxRestEndpoint.WriteAsync(context, StatusCodes.Status401Unauthorized, Envelope.Error("NO_AUTH_FOUND", description));

    private static bool SecretMatches(string? given, string expected) =>
        !string.IsNullOrEmpty(given) && !string.IsNullOrEmpty(expected)
        // Hashing first gives equal lengths, so the comparison's time says nothing about the secret.
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
