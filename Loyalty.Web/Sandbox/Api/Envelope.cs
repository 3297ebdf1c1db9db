using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Loyalty.Web.Sandbox.Data;

namespace Loyalty.Web.Sandbox.Api;

/// <summary>The response envelope (§2.2, §2.3) and its JSON settings.</summary>
internal static class Envelope
{
    public const string ContentType = "application/json; charset=utf-8";

    /// <summary>Cyrillic and "+" of phone numbers stay readable, as in the portal's own output.</summary>
    public static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = Values.MaxJsonDepth };

    /// <summary>
    /// <c>time</c>: float seconds for start/finish/duration/processing, ISO strings with the server's offset for the
    /// dates, and the limiter's <c>operating</c> pair as the cloud adds them.
    /// </summary>
    public static JsonObject Time(PortalTime time, DateTimeOffset start, DateTimeOffset finish, TimeSpan processing) => new()
    {
        ["start"] = Unix(start),
        ["finish"] = Unix(finish),
        ["duration"] = Unix(finish) - Unix(start),
        ["processing"] = processing.TotalSeconds,
        ["date_start"] = time.Format(start),
        ["date_finish"] = time.Format(finish),
        ["operating_reset_at"] = start.ToUnixTimeSeconds() + 600,
        ["operating"] = 0,
    };

    public static JsonObject Success(MethodResult result, JsonObject time)
    {
        var body = new JsonObject { ["result"] = result.Result };
        if (result.Total is { } total)
        {
            body["total"] = total;
        }

        if (result.Next is { } next)
        {
            body["next"] = next;
        }

        body["time"] = time;
        return body;
    }

    public static JsonObject Error(string code, string description) => new() { ["error"] = code, ["error_description"] = description };

    /// <summary>
    /// A PHP array as <c>json_encode</c> writes it: a JSON list when its keys are 0, 1, … n−1 in that order (an empty
    /// array included: <c>[]</c> even where a map is meant, §3.3, §7.4), an object otherwise. PHP turns the key "0"
    /// into the integer 0, so <c>cmd[0]</c>, <c>cmd[1]</c> make a list just as a JSON list of commands does.
    /// </summary>
    public static JsonNode PhpArray(JsonObject map)
    {
        var index = 0;
        foreach (var key in map.Select(p => p.Key))
        {
            if (key != index.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                return map;
            }

            index++;
        }

        return new JsonArray([.. map.Select(p => p.Value?.DeepClone())]);
    }

    private static double Unix(DateTimeOffset instant) => (instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerSecond;
}
