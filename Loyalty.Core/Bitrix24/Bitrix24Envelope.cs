using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Loyalty.Core.Bitrix24;

/// <summary>
/// The part of a successful answer the client uses (§2.2): <c>result</c>, the lifted <c>total</c>/<c>next</c>, and
/// <c>time.operating_reset_at</c> for the per-method operating limit.
/// </summary>
internal sealed record Bitrix24Envelope(JsonElement Result, int? Total, int? Next, DateTimeOffset? OperatingResetAt)
{
    private const int SnippetLength = 200;

    /// <summary>Reads a body; throws the typed exception for an error envelope and a transport error for anything that is not the protocol.</summary>
    public static Bitrix24Envelope Parse(byte[] body, int httpStatus)
    {
        JsonElement root;
        try
        {
            root = JsonSerializer.Deserialize<JsonElement>(body);
        }
        catch (JsonException e)
        {
            // Proxies and load balancers answer 302/403/502 with HTML; the portal itself always answers JSON.
            throw new Bitrix24TransportException(
                $"The portal answered HTTP {httpStatus} with a body that is not JSON: \"{Snippet(body)}\"", httpStatus, e);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new Bitrix24TransportException($"The portal answered HTTP {httpStatus} with JSON that is not an object: \"{Snippet(body)}\"", httpStatus);
        }

        var hasResult = root.TryGetProperty("result", out var result);
        if (Bitrix24Errors.FromErrorObject(root, httpStatus, hasResult) is { } error)
        {
            throw error;
        }

        if (!hasResult)
        {
            throw new Bitrix24TransportException($"The portal answered HTTP {httpStatus} without result or error: \"{Snippet(body)}\"", httpStatus);
        }

        return new Bitrix24Envelope(
            result,
            ReadInt(root, "total"),
            ReadInt(root, "next"),
            root.TryGetProperty("time", out var time) ? ReadResetAt(time) : null);
    }

    /// <summary>An int sent as a number or a numeric string; anything else reads as null.</summary>
    public static int? ReadInt(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number when element.TryGetInt32(out var number) => number,
        JsonValueKind.String when int.TryParse(element.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => number,
        _ => null,
    };

    /// <summary>
    /// <c>operating_reset_at</c> is a unix time in the server source but a date string on one doc page (§2.2);
    /// both are accepted. Absent (no load limiter on the portal) reads as null.
    /// </summary>
    public static DateTimeOffset? ReadResetAt(JsonElement time)
    {
        if (time.ValueKind != JsonValueKind.Object || !time.TryGetProperty("operating_reset_at", out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds))
        {
            return FromUnix(seconds);
        }

        if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 } text)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out seconds))
        {
            return FromUnix(seconds);
        }

        // A hint for when to come back, not data: a string without an offset is taken as UTC.
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment)
            ? moment
            : null;
    }

    private static int? ReadInt(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? ReadInt(value) : null;

    private static DateTimeOffset? FromUnix(double seconds) =>
        seconds is > 0 and < 253402300799 ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000)) : null;

    private static string Snippet(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, SnippetLength * 2));
        var collapsed = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return collapsed.Length > SnippetLength ? collapsed[..SnippetLength] + "…" : collapsed;
    }
}

/// <summary>Error code → exception type (§4.3). Codes mix cases, so every comparison ignores case.</summary>
internal static class Bitrix24Errors
{
    public const string QueryLimitExceeded = "QUERY_LIMIT_EXCEEDED";
    public const string OperationTimeLimit = "OPERATION_TIME_LIMIT";
    public const string ExpiredToken = "expired_token";

    private static readonly FrozenSet<string> AuthCodes = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "expired_token", "invalid_token", "NO_AUTH_FOUND", "INVALID_CREDENTIALS", "insufficient_scope",
        "authorization_error", "METHOD_CONFIRM_WAITING");

    private static readonly FrozenSet<string> LimitCodes = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        QueryLimitExceeded, OperationTimeLimit, "OVERLOAD_LIMIT");

    private static readonly FrozenSet<string> NotFoundCodes = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "NOT_FOUND", "ERROR_METHOD_NOT_FOUND");

    private static readonly FrozenSet<string> AccessCodes = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "ACCESS_DENIED", "WRONG_AUTH_TYPE", "user_access_error", "PORTAL_DELETED");

    // Server-side failures worth another try; anything else with a code is the caller's problem.
    private static readonly FrozenSet<string> ServerFailureCodes = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "INTERNAL_SERVER_ERROR", "ERROR_UNEXPECTED_ANSWER");

    public static Bitrix24Exception Create(string code, string description, int httpStatus)
    {
        if (AuthCodes.Contains(code))
        {
            return new Bitrix24AuthException(code, description, httpStatus);
        }

        if (LimitCodes.Contains(code))
        {
            return new Bitrix24LimitException(code, description, httpStatus);
        }

        if (NotFoundCodes.Contains(code) || (code.Length == 0 && IsDescription(description, "Not found")))
        {
            return new Bitrix24NotFoundException(code, description, httpStatus);
        }

        // Classic CRM methods also refuse with an empty code and "Access denied." (§4.3 row "400 ''").
        if (AccessCodes.Contains(code) || (code.Length == 0 && IsDescription(description, "Access denied")))
        {
            return new Bitrix24AccessException(code, description, httpStatus);
        }

        return new Bitrix24Exception(code, description, httpStatus);
    }

    /// <summary>
    /// The error an object carries (a whole answer or one batch command's entry): <c>error</c> as a string — possibly
    /// empty — or the REST v3 object <c>{code, message}</c>, plus <c>error_description</c>. Null when there is none.
    /// </summary>
    public static Bitrix24Exception? FromErrorObject(JsonElement holder, int httpStatus, bool hasResult = false)
    {
        if (holder.ValueKind == JsonValueKind.String)
        {
            return Create(holder.GetString()!, string.Empty, httpStatus);
        }

        if (holder.ValueKind != JsonValueKind.Object || !holder.TryGetProperty("error", out var error))
        {
            return null;
        }

        var description = holder.TryGetProperty("error_description", out var text) && text.ValueKind == JsonValueKind.String
            ? text.GetString()!
            : string.Empty;
        switch (error.ValueKind)
        {
            // "" is a real error only without a result: classic CRM errors carry "" and a description (§2.3).
            case JsonValueKind.String when error.GetString() is { Length: > 0 } || !hasResult:
                return Create(error.GetString()!, description, httpStatus);
            case JsonValueKind.Object:
                var code = error.TryGetProperty("code", out var v3Code) && v3Code.ValueKind == JsonValueKind.String ? v3Code.GetString()! : string.Empty;
                var message = error.TryGetProperty("message", out var v3Message) && v3Message.ValueKind == JsonValueKind.String ? v3Message.GetString()! : description;
                return Create(code, message.Length > 0 ? message : description, httpStatus);
            default:
                return null;
        }
    }

    /// <summary>
    /// Whether another try may succeed: the request-rate limit, server failures (5xx, by code or by a non-JSON
    /// body) and calls that never got an answer. Never auth, not-found or access errors, and never
    /// OPERATION_TIME_LIMIT or OVERLOAD_LIMIT, whose blocks last minutes (§4.2) or until Bitrix lifts them.
    /// </summary>
    public static bool IsTransient(Bitrix24Exception error) => error switch
    {
        Bitrix24TransportException => error.HttpStatus is 0 or 408 or >= 500,
        Bitrix24LimitException => Is(error, QueryLimitExceeded),
        Bitrix24AuthException or Bitrix24NotFoundException or Bitrix24AccessException => false,
        _ => ServerFailureCodes.Contains(error.Code) || error.HttpStatus >= 500,
    };

    public static bool Is(Bitrix24Exception error, string code) => string.Equals(error.Code, code, StringComparison.OrdinalIgnoreCase);

    private static bool IsDescription(string description, string expected) =>
        description.Trim().TrimEnd('.', '!').Equals(expected, StringComparison.OrdinalIgnoreCase);
}
