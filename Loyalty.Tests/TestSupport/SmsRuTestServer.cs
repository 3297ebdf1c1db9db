using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Loyalty.Tests.TestSupport;

/// <summary>
/// Just enough of SMS.ru's HTTP API for the client's tests, on Kestrel at 127.0.0.1 and a free port:
/// <c>sms/send</c> (form or query: api_id, to, msg, json=1) and <c>my/balance</c>. <see cref="Code"/> picks the
/// status code a number gets (100 by default); the portal's sandbox builds the full emulation.
/// </summary>
public sealed class SmsRuTestServer : IAsyncDisposable
{
    public const string ApiId = "test-api-id";

    private readonly WebApplication _app;
    private int _ids;

    private SmsRuTestServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Accepted messages: number (without +) and text.</summary>
    public ConcurrentQueue<(string To, string Text, string SmsId)> Sent { get; } = new();

    /// <summary>The status code for a number; 100 sends it.</summary>
    public Func<string, int> Code { get; set; } = _ => 100;

    /// <summary>The request's own status code (200 for a wrong api_id is decided here too).</summary>
    public Func<int> RequestCode { get; set; } = () => 100;

    public decimal Balance { get; set; } = 123.45m;

    public static async Task<SmsRuTestServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new SmsRuTestServer(app);
        app.MapPost("/sms/send", async (HttpRequest request) => server.Send(await request.ReadFormAsync()));
        app.MapGet("/sms/send", (HttpRequest request) => server.Send(request.Query.ToDictionary(q => q.Key, q => q.Value)));
        app.MapGet("/my/balance", (string? api_id) => api_id == ApiId
            ? Results.Json(new { status = "OK", status_code = 100, balance = server.Balance })
            : Results.Json(new { status = "ERROR", status_code = 200, status_text = "Неправильный api_id" }));
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/";
        return server;
    }

    private IResult Send(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> values)
    {
        var form = values.ToDictionary(v => v.Key, v => v.Value.ToString());
        if (form.GetValueOrDefault("api_id") != ApiId)
        {
            return Results.Json(new { status = "ERROR", status_code = 200, status_text = "Неправильный api_id" });
        }

        if (RequestCode() is var requestCode and not 100)
        {
            return Results.Json(new { status = "ERROR", status_code = requestCode, status_text = "Ошибка " + requestCode.ToString(CultureInfo.InvariantCulture) });
        }

        var to = form.GetValueOrDefault("to") ?? "";
        var code = Code(to);
        if (code != 100)
        {
            return Results.Json(new { status = "OK", status_code = 100, sms = new Dictionary<string, object> { [to] = new { status = "ERROR", status_code = code, status_text = "Ошибка " + code.ToString(CultureInfo.InvariantCulture) } }, balance = Balance });
        }

        var id = $"000000-{Interlocked.Increment(ref _ids):D8}";
        Sent.Enqueue((to, form.GetValueOrDefault("msg") ?? "", id));
        return Results.Json(new { status = "OK", status_code = 100, sms = new Dictionary<string, object> { [to] = new { status = "OK", status_code = 100, sms_id = id } }, balance = Balance });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
