using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;

namespace Loyalty.Web.Sandbox.Mail;

/// <summary>
/// <c>/sandbox/sms/sms/send</c>, <c>/sandbox/sms/sms/status</c>, <c>/sandbox/sms/my/balance</c> (GET or a POSTed form):
/// SMS.ru's HTTP API below the sandbox, so the portal's SMS client is pointed at <c>…/sandbox/sms/</c> instead of
/// <c>https://sms.ru/</c>. Parameters as SMS.ru takes them (<c>api_id</c>, <c>to</c>, <c>msg</c>, <c>from</c>,
/// <c>sms_id</c>, <c>json=1</c>); like SMS.ru it answers 200 with its own status code, JSON with <c>json=1</c> and lines
/// without. A body over 64 KB is 413 and a malformed one 400, as JSON.
/// </summary>
internal static class SmsRuEndpoint
{
    public const string Prefix = "/sandbox/sms";
    public const long MaxBodyBytes = 64 * 1024;

    private static readonly FormOptions Limits = new()
    {
        ValueCountLimit = 50,
        KeyLengthLimit = 64,
        ValueLengthLimit = 16 * 1024,
        MultipartBodyLengthLimit = MaxBodyBytes,
        BufferBodyLengthLimit = MaxBodyBytes,
    };

    public static void Map(WebApplication app)
    {
        string[] verbs = [HttpMethods.Get, HttpMethods.Post];
        app.MapMethods(Prefix + "/{group}/{method}", verbs, HandleAsync);
        app.Map(Prefix + "/{**rest}", (HttpContext context) => WriteAsync(context, SmsRuGateway.Error(211, "Метод не найден"), json: true));
    }

    private static async Task HandleAsync(HttpContext context, string group, string method, SmsRuGateway gateway)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, "REQUEST_ENTITY_TOO_LARGE", $"The body may be at most {MaxBodyBytes} bytes");
            return;
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in context.Request.Query)
        {
            parameters[key] = value.ToString();
        }

        if (HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType)
        {
            try
            {
                var form = await context.Request.ReadFormAsync(Limits, context.RequestAborted);
                foreach (var (key, value) in form)
                {
                    parameters[key] = value.ToString();
                }
            }
            catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
            {
                await RefuseAsync(context, StatusCodes.Status400BadRequest, "INVALID_REQUEST", "The form body is malformed or over its limits");
                return;
            }
        }

        var json = parameters.GetValueOrDefault("json") == "1";
        var apiId = parameters.GetValueOrDefault("api_id");
        var answer = (group + "/" + method).ToLowerInvariant() switch
        {
            "sms/send" => gateway.Send(apiId, parameters.GetValueOrDefault("to"), parameters.GetValueOrDefault("msg"), parameters.GetValueOrDefault("from")),
            "sms/status" => gateway.Status(apiId, parameters.GetValueOrDefault("sms_id")),
            "my/balance" => gateway.BalanceOf(apiId),
            _ => SmsRuGateway.Error(211, "Метод не найден"),
        };
        await WriteAsync(context, answer, json);
    }

    private static Task WriteAsync(HttpContext context, JsonObject answer, bool json)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        if (json)
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            return context.Response.WriteAsync(answer.ToJsonString(JsonOptions));
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(SmsRuGateway.Text(answer));
    }

    private static Task RefuseAsync(HttpContext context, int status, string error, string description)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(new JsonObject { ["error"] = error, ["error_description"] = description }.ToJsonString());
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };
}
