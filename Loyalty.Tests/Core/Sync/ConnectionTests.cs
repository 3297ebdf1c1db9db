using System.Net;
using Loyalty.Core.Bitrix24;
using Loyalty.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Core.Sync;

/// <summary>The connection settings: secrets kept encrypted and masked, and "Test connection" against a portal over HTTP.</summary>
public sealed class ConnectionTests
{
    [Fact]
    public async Task TestConnectionNamesThePortalTheUserAndTheScopes()
    {
        await using var portal = new SyncPortal();
        portal.Start();

        var result = await portal.Services.GetRequiredService<ConnectionTester>().TestAsync();

        Assert.True(result.Ok, result.Error);
        Assert.Equal("127.0.0.1", result.Portal);
        Assert.Contains("(ID 1)", result.User);
        Assert.Contains("crm", result.Scopes);
    }

    [Fact]
    public async Task AWrongWebhookSecretIsReportedWithThePortalsErrorCode()
    {
        await using var sandbox = new SyncPortal();
        sandbox.Start();
        await using var real = new PortalFactory
        {
            Settings =
            {
                ["Bitrix24:Mode"] = "Webhook",
                ["Bitrix24:WebhookUrl"] = new Uri(sandbox.BaseAddress, "/sandbox/rest/1/wrong-secret/").ToString(),
                ["Bitrix24:MaxRetries"] = "0",
            },
        };

        var result = await real.Services.GetRequiredService<ConnectionTester>().TestAsync();

        Assert.False(result.Ok);
        Assert.Equal("INVALID_CREDENTIALS", result.ErrorCode);
    }

    [Theory]
    [InlineData("Sandbox", true, "SandboxEndpoint")]
    [InlineData("Webhook", false, "ConfiguredEndpoint")]
    public async Task EachModeRegistersOneEndpointOfItsOwn(string mode, bool sandbox, string endpoint)
    {
        await using var portal = new PortalFactory { Settings = { ["Bitrix24:Mode"] = mode, ["Bitrix24:WebhookUrl"] = "https://example.bitrix24.ru/rest/1/secret/" } };

        var endpoints = portal.Services.GetServices<IBitrix24Endpoint>().ToList();

        Assert.Single(endpoints);
        Assert.Equal(sandbox, portal.Services.GetRequiredService<PortalMode>().IsSandbox);
        Assert.Equal(endpoint, endpoints[0].GetType().Name);
    }

    [Fact]
    public async Task AWebhookSavedInThePortalIsStoredEncryptedShownMaskedAndUsedOverTheConfiguredOne()
    {
        await using var sandbox = new SyncPortal();
        sandbox.Start();
        await using var real = new PortalFactory
        {
            Settings =
            {
                ["Bitrix24:Mode"] = "Webhook",
                ["Bitrix24:WebhookUrl"] = new Uri(sandbox.BaseAddress, "/sandbox/rest/1/wrong-secret/").ToString(),
            },
        };
        var settings = real.Services.GetRequiredService<ConnectionSettings>();
        var good = new Uri(sandbox.BaseAddress, "/sandbox/rest/1/sandbox/").ToString();

        await settings.SaveAsync(ConnectionSettings.WebhookUrlKey, good, "Анна");

        var state = await settings.StateAsync(ConnectionSettings.WebhookUrlKey);
        Assert.Equal($"http://{sandbox.BaseAddress.Authority}/sandbox/rest/1/sa••••/", state.Masked);
        Assert.Equal("Анна", state.UpdatedBy);
        Assert.DoesNotContain("/rest/1/sandbox/", RawSecrets(real.DatabasePath));
        Assert.True((await real.Services.GetRequiredService<ConnectionTester>().TestAsync()).Ok);

        // Cleared, the configured (wrong) webhook applies again.
        await settings.SaveAsync(ConnectionSettings.WebhookUrlKey, "", "Анна");
        Assert.True((await settings.StateAsync(ConnectionSettings.WebhookUrlKey)).FromConfiguration);
    }

    [Fact]
    public async Task ANewApplicationTokenReplacesTheOldOneForEvents()
    {
        await using var portal = new SyncPortal();
        portal.Start();
        using var http = new HttpClient { BaseAddress = portal.BaseAddress };
        await portal.Services.GetRequiredService<ConnectionSettings>().SaveAsync(ConnectionSettings.ApplicationTokenKey, "fresh-token-123", "test");

        var old = await http.PostAsync("/api/bitrix24/events", Event("sandbox-app-token"));
        var fresh = await http.PostAsync("/api/bitrix24/events", Event("fresh-token-123"));

        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact]
    public async Task AgainstARealPortalWithoutATokenEveryEventIsRefused()
    {
        await using var real = new PortalFactory
        {
            Settings = { ["Bitrix24:Mode"] = "Webhook", ["Bitrix24:WebhookUrl"] = "https://example.bitrix24.ru/rest/1/abc123/" },
        };
        using var client = real.CreateClient();

        var response = await client.PostAsync("/api/bitrix24/events", Event("sandbox-app-token"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static FormUrlEncodedContent Event(string token) => new(new Dictionary<string, string>
    {
        ["event"] = "ONCRMDEALUPDATE",
        ["data[FIELDS][ID]"] = "1",
        ["auth[application_token]"] = token,
    });

    private static string RawSecrets(string databasePath)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT group_concat(ProtectedValue, '|') FROM PortalSecrets";
        return command.ExecuteScalar() as string ?? "";
    }
}
