using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Loyalty.Web.Sandbox.Data;
using Microsoft.AspNetCore.Http.Features;

namespace Loyalty.Web.Sandbox.Api;

/// <summary>
/// <c>/rest/{userId}/{secret}/{method}</c> (also under <c>/sandbox</c>): the webhook URL of the emulated portal. In order: the rate
/// limit, the webhook credentials, injected faults, the method, its parameters; then the envelope. The body is read
/// only after the credentials (they are in the path), and never past the parser's limits (<see cref="PhpParams"/>).
/// </summary>
internal sealed class SandboxRestEndpoint(
    SandboxOptions options,
    SandboxStore store,
    SandboxMethods methods,
    LeakyBucket bucket,
    FaultInjector faults,
    TimeProvider clock,
    ILogger<SandboxRestEndpoint> logger)
{
    // A form's deepest key makes a tree of MaxDepth + 1 levels; a JSON body may be as deep, no deeper.
    private static readonly JsonDocumentOptions JsonBody = new() { MaxDepth = PhpParams.MaxDepth + 1, AllowDuplicateProperties = false };

    private static readonly FormOptions MultipartLimits = new()
    {
        ValueCountLimit = PhpParams.MaxVars,
        KeyLengthLimit = PhpParams.MaxKeyLength,
        ValueLengthLimit = PhpParams.MaxBodyBytes,
        MultipartBodyLengthLimit = PhpParams.MaxBodyBytes,
        BufferBodyLengthLimit = PhpParams.MaxBodyBytes,
    };

    // Invalid bytes become U+FFFD, as a lenient PHP reader would leave them, instead of failing the request.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

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

    /// <summary>
    /// The webhook is the pair (its user, its secret): the secret with another user's id is refused like a wrong
    /// secret, and so is the right pair once that user is deactivated (§1.1).
    /// </summary>
    private long Authenticate(string userId, string secret)
    {
        var id = Values.Long(userId);
        var active = id == options.WebhookUserId && store.Read(() => store.Users.Find(options.WebhookUserId)?["ACTIVE"] is true);
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

        var body = await ReadBodyAsync(request);
        var contentType = request.ContentType ?? "";
        if (request.HasFormContentType && contentType.Contains("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            PhpParams.Merge(parameters, await ReadMultipartAsync(request, body));
            return parameters;
        }

        var text = Utf8.GetString(body);
        if (text.StartsWith('\uFEFF'))
        {
            text = text[1..];
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return parameters;
        }

        if (contentType.Contains("json", StringComparison.OrdinalIgnoreCase) || text.TrimStart().StartsWith('{'))
        {
            JsonNode? json;
            try
            {
                json = JsonNode.Parse(text, documentOptions: JsonBody);
                RequireWellFormedStrings(Encoding.UTF8.GetBytes(text));
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                throw new RestError(
                    StatusCodes.Status400BadRequest, "INVALID_REQUEST", $"The request body is not valid JSON (or nests deeper than {JsonBody.MaxDepth} levels)");
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

    /// <summary>
    /// PHP's <c>json_decode</c> refuses an unpaired surrogate escape (<c>"\ud800"</c>); System.Text.Json accepts it and
    /// fails only when the string is read, deep in a method or while writing the answer. Reading every escaped string
    /// once here (linear, the body is bounded) turns that into the same 400 as any other invalid JSON.
    /// </summary>
    private static void RequireWellFormedStrings(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = JsonBody.MaxDepth });
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
            {
                _ = reader.GetString();
            }
        }
    }

    /// <summary>
    /// The body, read whole but never past <see cref="PhpParams.MaxBodyBytes"/>: a declared length over it is refused
    /// before a byte is read, a chunked body as soon as it passes it. 413 says "smaller will do"; the structural
    /// limits (depth, count, key length) answer 400, as a request that is wrong whatever its size.
    /// </summary>
    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength > PhpParams.MaxBodyBytes)
        {
            throw TooLarge();
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            // Kestrel stops reading (and draining) there too, instead of at its 30 MB default.
            sizeLimit.MaxRequestBodySize = PhpParams.MaxBodyBytes + 1L;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                if (buffer.Length + read > PhpParams.MaxBodyBytes)
                {
                    throw TooLarge();
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e)
        {
            throw e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? TooLarge()
                : new RestError(StatusCodes.Status400BadRequest, "INVALID_REQUEST", "The request body could not be read");
        }

        return buffer.ToArray();
    }

    /// <summary>The framework's multipart reader on the body already read, with the parser's own limits.</summary>
    private static async Task<JsonObject> ReadMultipartAsync(HttpRequest request, byte[] body)
    {
        request.Body = new MemoryStream(body, writable: false);
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(MultipartLimits, request.HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // No boundary, a broken part, a key or count over the limits: the reader's message says which, and nothing internal.
            throw new RestError(StatusCodes.Status400BadRequest, "INVALID_REQUEST", "The multipart body is malformed: " + e.Message);
        }

        return PhpParams.FromPairs(form.SelectMany(field => field.Value.Select(value => KeyValuePair.Create(field.Key, value ?? ""))));
    }

    private static RestError TooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, "REQUEST_ENTITY_TOO_LARGE", $"The request body is larger than {PhpParams.MaxBodyBytes} bytes");
}
