using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Loyalty.Web.Sandbox.Data;

namespace Loyalty.Web.Sandbox.Api;

/// <summary>
/// <c>/sandbox/rest/{userId}/{secret}/{method}</c>: the webhook URL of the emulated portal. In order: the rate
/// limit, the webhook credentials, injected faults, the method, its parameters; then the envelope.
/// </summary>
internal sealed class SandboxEndpoint(
    SandboxOptions options,
    SandboxStore store,
    SandboxMethods methods,
    LeakyBucket bucket,
    FaultInjector faults,
    TimeProvider clock,
    ILogger<SandboxEndpoint> logger)
{
    public async Task HandleAsync(HttpContext context, string userId, string secret, string method)
    {
        var started = clock.GetUtcNow();
        try
        {
            if (!bucket.TryTake())
            {
                throw new RestError(StatusCodes.Status503ServiceUnavailable, "QUERY_LIMIT_EXCEEDED", "Too many requests");
            }

            var user = Authenticate(userId, secret);
            switch (faults.Draw())
            {
                case Fault.QueryLimitExceeded:
                    throw new RestError(StatusCodes.Status503ServiceUnavailable, "QUERY_LIMIT_EXCEEDED", "Too many requests");
                case Fault.ServerError:
                    throw new RestError(StatusCodes.Status500InternalServerError, "INTERNAL_SERVER_ERROR", "Internal server error");
                case Fault.ExpiredToken:
                    throw new RestError(StatusCodes.Status401Unauthorized, "expired_token", "The access token provided has expired.");
                case Fault.SlowResponse:
                    await Task.Delay(TimeSpan.FromMilliseconds(options.Faults.SlowResponseMs), clock, context.RequestAborted);
                    break;
            }

            var name = method.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? method[..^5] : method;
            if (!methods.Exists(name))
            {
                throw RestError.MethodNotFound();
            }

            var parameters = await ReadParametersAsync(context.Request);
            var callStarted = clock.GetTimestamp();
            var result = methods.Invoke(name, new MethodCall(parameters, user, started));
            var processing = clock.GetElapsedTime(callStarted);
            await WriteAsync(context, StatusCodes.Status200OK, Envelope.Success(result, Envelope.Time(store.Time, started, clock.GetUtcNow(), processing)));
        }
        catch (RestError error)
        {
            await WriteAsync(context, error.Status, Envelope.Error(error.Code, error.Description));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away during a slow response.
        }
        catch (Exception e)
        {
            logger.LogError(e, "Bitrix24 sandbox failed on {Method}", method);
            await WriteAsync(context, StatusCodes.Status500InternalServerError, Envelope.Error("INTERNAL_SERVER_ERROR", "Internal server error"));
        }
    }

    /// <summary><c>/sandbox/rest/{method}</c> without a webhook path: the OAuth form, which this sandbox does not issue tokens for.</summary>
    public async Task HandleWithoutWebhookAsync(HttpContext context)
    {
        JsonObject parameters;
        try
        {
            parameters = await ReadParametersAsync(context.Request);
        }
        catch (RestError error)
        {
            await WriteAsync(context, error.Status, Envelope.Error(error.Code, error.Description));
            return;
        }

        var answer = PhpParams.Get(parameters, "auth") is null
            ? Envelope.Error("NO_AUTH_FOUND", "Wrong authorization data")
            : Envelope.Error("invalid_token", "Unable to get application by token");
        await WriteAsync(context, StatusCodes.Status401Unauthorized, answer);
    }

    public static Task NotFoundAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status404NotFound, Envelope.Error("ERROR_METHOD_NOT_FOUND", "Method not found!"));

    public static async Task WriteAsync(HttpContext context, int status, JsonNode body)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, Envelope.Json);
        context.Response.StatusCode = status;
        context.Response.ContentType = Envelope.ContentType;
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    private long Authenticate(string userId, string secret)
    {
        var id = Values.Long(userId);
        var active = id is > 0 && store.Read(() => store.Users.Find(id.Value)?["ACTIVE"] is true);
        if (!active || !string.Equals(secret, options.Secret, StringComparison.Ordinal))
        {
            throw new RestError(StatusCodes.Status401Unauthorized, "INVALID_CREDENTIALS", "Invalid request credentials");
        }

        return id!.Value;
    }

    /// <summary>Query string, then the body over it: form-urlencoded, multipart or JSON (§2.1).</summary>
    private static async Task<JsonObject> ReadParametersAsync(HttpRequest request)
    {
        var parameters = PhpParams.ParseQuery(request.QueryString.Value);
        if (!HttpMethods.IsPost(request.Method) && !HttpMethods.IsPut(request.Method))
        {
            return parameters;
        }

        var contentType = request.ContentType ?? "";
        if (contentType.Contains("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            var body = new JsonObject();
            foreach (var (key, values) in form)
            {
                foreach (var value in values)
                {
                    PhpParams.Assign(body, key, value ?? "");
                }
            }

            PhpParams.Merge(parameters, body);
            return parameters;
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        if (string.IsNullOrWhiteSpace(text))
        {
            return parameters;
        }

        if (contentType.Contains("json", StringComparison.OrdinalIgnoreCase) || text.TrimStart().StartsWith('{'))
        {
            JsonNode? json;
            try
            {
                json = JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                throw new RestError(StatusCodes.Status400BadRequest, "INVALID_REQUEST", "The request body is not valid JSON");
            }

            if (json is JsonObject map)
            {
                PhpParams.Merge(parameters, map);
            }

            return parameters;
        }

        // Form-urlencoded read by hand: the framework's form collection would not keep the order of keys,
        // and order[DATE_MODIFY]=ASC&order[ID]=ASC means something different from the reverse.
        PhpParams.Merge(parameters, PhpParams.ParseQuery(text));
        return parameters;
    }
}
