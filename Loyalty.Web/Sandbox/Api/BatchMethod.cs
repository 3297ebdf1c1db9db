using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Loyalty.Web.Sandbox.Data;

namespace Loyalty.Web.Sandbox.Api;

/// <summary>
/// <c>batch</c> (§3.3): up to 50 commands run in order, each "method?query"; later commands may use earlier results
/// through <c>$result[cmd][field]…</c>. The batch answers 200 whatever its commands do, with per-command maps —
/// lists when the commands were a list (<c>cmd[]=…</c> or <c>cmd[0]</c>, <c>cmd[1]</c>…), as PHP encodes them (§5.13, inferred).
/// </summary>
internal sealed partial class BatchMethod(SandboxMethods methods, PortalTime time, TimeProvider clock)
{
    public const int MaxCommands = 50;

    public void Register(SandboxMethods table) => table.Add(SandboxMethods.Batch, Run);

    private MethodResult Run(MethodCall call)
    {
        var halt = Values.Bool(Values.Text(PhpParams.Get(call.Parameters, "halt"))) == true;
        var commands = PhpParams.Get(call.Parameters, "cmd") switch
        {
            JsonObject map => map.Select(p => (Name: p.Key, Command: Values.Text(p.Value) ?? "")).ToList(),
            JsonArray list => list.Select((n, i) => (Name: i.ToString(CultureInfo.InvariantCulture), Command: Values.Text(n) ?? "")).ToList(),
            _ => [],
        };

        // Both refusals come before anything runs, so a refused batch changes nothing.
        if (commands.Count > MaxCommands)
        {
            throw new RestError(StatusCodes.Status400BadRequest, "ERROR_BATCH_LENGTH_EXCEEDED", "Max batch length exceeded");
        }

        if (commands.Any(c => string.Equals(MethodName(c.Command), SandboxMethods.Batch, StringComparison.OrdinalIgnoreCase)))
        {
            throw new RestError(StatusCodes.Status405MethodNotAllowed, "ERROR_BATCH_METHOD_NOT_ALLOWED", "Method is not allowed for batch usage");
        }

        var results = new JsonObject();
        var errors = new JsonObject();
        var totals = new JsonObject();
        var nexts = new JsonObject();
        var times = new JsonObject();
        foreach (var (name, command) in commands)
        {
            var started = clock.GetUtcNow();
            var timestamp = clock.GetTimestamp();
            try
            {
                var question = command.IndexOf('?', StringComparison.Ordinal);
                var parameters = PhpParams.ParseQuery(question < 0 ? "" : command[(question + 1)..]);
                Resolve(parameters, results, totals, nexts);
                var result = methods.Invoke(MethodName(command), call with { Parameters = parameters, Now = started });
                results[name] = result.Result;
                if (result.Total is { } total)
                {
                    totals[name] = total;
                }

                if (result.Next is { } next)
                {
                    nexts[name] = next;
                }
            }
            catch (RestError error)
            {
                errors[name] = Envelope.Error(error.Code, error.Description);
            }

            times[name] = Envelope.Time(time, started, clock.GetUtcNow(), clock.GetElapsedTime(timestamp));
            if (halt && errors.ContainsKey(name))
            {
                break;
            }
        }

        return new MethodResult(new JsonObject
        {
            ["result"] = Envelope.PhpArray(results),
            ["result_error"] = Envelope.PhpArray(errors),
            ["result_total"] = Envelope.PhpArray(totals),
            ["result_next"] = Envelope.PhpArray(nexts),
            ["result_time"] = Envelope.PhpArray(times),
        });
    }

    private static string MethodName(string command)
    {
        var question = command.IndexOf('?', StringComparison.Ordinal);
        var method = (question < 0 ? command : command[..question]).Trim();
        return method.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? method[..^5] : method;
    }

    /// <summary>
    /// Replaces <c>$result[cmd][key]…</c> (and <c>$result_total[cmd]</c>, <c>$result_next[cmd]</c>) in every
    /// parameter value. A value that is exactly one reference takes the referenced value whole (a list stays a list);
    /// inside a longer string it is replaced by its text.
    /// A reference that cannot be resolved — an unknown or failed command, a missing key, a row index past the end
    /// of a shorter page such as <c>$result[list][49][ID]</c> on a 30-row page — makes that command fail with
    /// ERROR_BATCH_REFERENCE in result_error instead of silently running with an empty or literal value, which on the
    /// real portal could turn "get row 49" into "get everything" without anyone noticing.
    /// </summary>
    private static void Resolve(JsonNode node, JsonObject results, JsonObject totals, JsonObject nexts)
    {
        switch (node)
        {
            case JsonObject map:
                foreach (var (key, value) in map.ToList())
                {
                    if (Substitute(value, results, totals, nexts) is { } replaced)
                    {
                        map[key] = replaced;
                    }
                    else if (value is not null)
                    {
                        Resolve(value, results, totals, nexts);
                    }
                }

                break;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    if (Substitute(list[i], results, totals, nexts) is { } replaced)
                    {
                        list[i] = replaced;
                    }
                    else if (list[i] is { } item)
                    {
                        Resolve(item, results, totals, nexts);
                    }
                }

                break;
        }
    }

    private static JsonNode? Substitute(JsonNode? value, JsonObject results, JsonObject totals, JsonObject nexts)
    {
        if (value is not JsonValue || Values.Text(value) is not { } text || !text.Contains("$result", StringComparison.Ordinal))
        {
            return null;
        }

        var whole = Reference().Match(text);
        if (whole.Success && whole.Length == text.Length)
        {
            return Lookup(whole, results, totals, nexts)?.DeepClone() ?? JsonValue.Create("");
        }

        return JsonValue.Create(Reference().Replace(text, m => Values.Text(Lookup(m, results, totals, nexts)) ?? ""));
    }

    private static JsonNode? Lookup(Match reference, JsonObject results, JsonObject totals, JsonObject nexts)
    {
        var segments = reference.Groups[2].Captures.Select(c => c.Value).ToList();
        var source = reference.Groups[1].Value switch
        {
            "result_total" => totals,
            "result_next" => nexts,
            _ => results,
        };
        if (!source.TryGetPropertyValue(segments[0], out var current))
        {
            throw Unresolved(reference.Value, $"command \"{segments[0]}\" has no result");
        }

        foreach (var segment in segments.Skip(1))
        {
            current = current switch
            {
                JsonObject map when map.TryGetPropertyValue(segment, out var child) => child,
                JsonArray list when int.TryParse(segment, out var index) && index >= 0 && index < list.Count => list[index],
                _ => throw Unresolved(reference.Value, $"\"{segment}\" does not exist"),
            };
        }

        return current;
    }

    private static RestError Unresolved(string reference, string why) =>
        new(StatusCodes.Status400BadRequest, "ERROR_BATCH_REFERENCE", $"Cannot resolve {reference}: {why}");

    [GeneratedRegex(@"\$(result_total|result_next|result)(?:\[([^\[\]]*)\])+", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();
}
