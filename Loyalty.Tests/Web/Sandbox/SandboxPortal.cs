using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Web.Sandbox;

/// <summary>
/// The real portal in Sandbox mode, served by Kestrel on 127.0.0.1 and a free port, on a temporary folder,
/// with a small demo company, no live mode, no outbound events and no rate limit unless a test asks for them.
/// Tests talk to it with a plain <see cref="HttpClient"/> and System.Text.Json, as any Bitrix24 client would.
/// </summary>
public class SandboxPortal : WebApplicationFactory<Program>
{
    /// <summary>A fixed "now" for the generated history, so tests can assert dates against it.</summary>
    public static readonly DateTimeOffset Anchor = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    private readonly bool _ownsFolder;
    private HttpClient? _client;

    public SandboxPortal(IDictionary<string, string?>? settings = null, string? folder = null)
    {
        _ownsFolder = folder is null;
        Folder = folder ?? Directory.CreateTempSubdirectory("loyalty-sandbox-").FullName;
        Settings = new Dictionary<string, string?>
        {
            ["Database:Path"] = Path.Combine(Folder, "loyalty.db"),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Bitrix24:Mode"] = "Sandbox",
            ["Sandbox:AnchorUtc"] = Anchor.ToString("O", CultureInfo.InvariantCulture),
            ["Sandbox:Live:Enabled"] = "false",
            ["Sandbox:Events:Enabled"] = "false",
            ["Sandbox:RateLimit:RequestsPerSecond"] = "0",
            // The portal's own scheduled sync would share the sandbox's bucket and journal with the test.
            ["Sync:Enabled"] = "false",
            ["Sandbox:Company:Managers"] = "6",
            ["Sandbox:Company:Departments"] = "3",
            ["Sandbox:Company:Contacts"] = "40",
            ["Sandbox:Company:Leads"] = "30",
            ["Sandbox:Company:Deals"] = "30",
            ["Sandbox:Company:Activities"] = "60",
            ["Sandbox:Company:Tasks"] = "20",
            ["Sandbox:Company:HistoryDays"] = "120",
            ["Sandbox:Smtp:Port"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            Settings[key] = value;
        }

        UseKestrel(0);
    }

    public Dictionary<string, string?> Settings { get; }

    public string Folder { get; }

    /// <summary>The portal's address, e.g. http://127.0.0.1:41234/; starts the server on first use.</summary>
    public Uri Address
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.EndsWith('/') ? address : address + "/");
        }
    }

    /// <summary>A plain client on the portal's address (not the test server's in-memory handler).</summary>
    public HttpClient Http => _client ??= new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The journal of write-backs, read with the webhook secret as a script without a sign-in would.</summary>
    public static string Journal(string? method = null) =>
        "sandbox/journal?secret=sandbox" + (method is null ? "" : "&method=" + Uri.EscapeDataString(method));

    /// <summary>Empties the journal in place: clearing it over HTTP is an administrator's action (JournalEndpointTests).</summary>
    public void ClearJournal()
    {
        var store = Services.GetRequiredService<Loyalty.Web.Sandbox.Data.SandboxStore>();
        store.Write(() =>
        {
            store.ClearJournal();
            return 0;
        });
    }

    public static string Rest(string method, string? query = null, string user = "1", string secret = "sandbox") =>
        $"sandbox/rest/{user}/{secret}/{method}" + (query is null ? "" : "?" + query);

    /// <summary>GETs a method with a query string written as a client would (brackets left for the client to encode).</summary>
    public Task<Reply> GetAsync(string method, string? query = null) => SendAsync(new HttpRequestMessage(HttpMethod.Get, Rest(method, Encode(query))));

    public Task<Reply> PostFormAsync(string method, string form) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, Rest(method)) { Content = new StringContent(Encode(form)!, Encoding.UTF8, "application/x-www-form-urlencoded") });

    public Task<Reply> PostJsonAsync(string method, object body) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, Rest(method)) { Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json") });

    /// <summary>
    /// Defines a user field through REST as an app does (<c>crm.{entity}.userfield.add</c>): the demo company starts
    /// without any, and a record keeps only values of defined fields. Returns the field's id.
    /// </summary>
    public async Task<long> AddUserFieldAsync(string entity, string fieldName, string type = "string", bool multiple = false)
    {
        var reply = await PostJsonAsync($"crm.{entity}.userfield.add", new
        {
            fields = new { FIELD_NAME = fieldName, USER_TYPE_ID = type, MULTIPLE = multiple ? "Y" : "N", LABEL = fieldName },
        });
        return reply.Status == HttpStatusCode.OK ? reply.Result.GetInt64() : throw new InvalidOperationException($"{fieldName} was not created: {reply}");
    }

    /// <summary>Defines the field unless the entity already has it: for fixtures shared by several tests.</summary>
    public async Task EnsureUserFieldAsync(string entity, string fieldName, string type = "string")
    {
        var existing = await PostJsonAsync($"crm.{entity}.userfield.list", new { filter = new { FIELD_NAME = fieldName } });
        if (existing.Result.GetArrayLength() == 0)
        {
            await AddUserFieldAsync(entity, fieldName, type);
        }
    }

    public async Task<Reply> SendAsync(HttpRequestMessage request)
    {
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Reply(response.StatusCode, response.Content.Headers.ContentType?.ToString(), text);
    }

    /// <summary>Percent-encodes the parts of "a[b]=c&amp;d=e" the way HttpClient users do with Uri.EscapeDataString.</summary>
    public static string? Encode(string? query) =>
        query is null
            ? null
            : string.Join('&', query.Split('&').Select(pair =>
            {
                // The key ends at the first "=" after its brackets: "filter[>=ID]=10" is key "filter[>=ID]".
                var bracket = pair.IndexOf("]=", StringComparison.Ordinal);
                var equals = bracket >= 0 ? bracket + 1 : pair.IndexOf('=');
                return equals < 0
                    ? Uri.EscapeDataString(pair)
                    : Uri.EscapeDataString(pair[..equals]) + "=" + Uri.EscapeDataString(pair[(equals + 1)..]);
            }));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        _client?.Dispose();
        base.Dispose(disposing);
        if (disposing && _ownsFolder)
        {
            DeleteFolder(Folder);
        }
    }

    public static void DeleteFolder(string folder)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finishing background task; the OS temp cleaner takes it.
        }
    }
}

/// <summary>An HTTP answer of the sandbox: status, content type and the parsed JSON body.</summary>
public sealed class Reply(HttpStatusCode status, string? contentType, string text)
{
    private JsonElement? _json;

    public HttpStatusCode Status { get; } = status;

    public string? ContentType { get; } = contentType;

    public string Text { get; } = text;

    // A parameter at the sandbox's 64-level limit is 67 levels deep in the journal: past System.Text.Json's default.
    public JsonElement Json => _json ??= JsonDocument.Parse(Text, new JsonDocumentOptions { MaxDepth = 256 }).RootElement;

    public JsonElement Result => Json.GetProperty("result");

    public string? Error => Json.TryGetProperty("error", out var error) ? error.GetString() : null;

    public string? ErrorDescription => Json.TryGetProperty("error_description", out var description) ? description.GetString() : null;

    public override string ToString() => $"{(int)Status} {Text}";
}
