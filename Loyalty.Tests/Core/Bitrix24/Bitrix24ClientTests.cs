using System.Text.Json;
using Loyalty.Core.Bitrix24;
using Loyalty.Tests.Core.Bitrix24.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Loyalty.Tests.Core.Bitrix24;

public sealed class Bitrix24ClientTests
{
    [Fact]
    public async Task CallPostsJsonToTheMethodUnderTheWebhookAndReturnsTheResult()
    {
        using var harness = new Bitrix24Harness();
        harness.Portal.Enqueue("crm.deal.get", FakeResponse.Ok("""{"ID":"37","TITLE":"Deal","OPPORTUNITY":"1500.00","LEAD_ID":null}"""));

        var result = await harness.Client.CallAsync("crm.deal.get", new Dictionary<string, object?> { ["id"] = 37 });

        var request = Assert.Single(harness.Portal.Requests);
        Assert.Equal("POST", request.HttpMethod);
        Assert.Equal(new Uri("https://example.bitrix24.ru/rest/1/secret/crm.deal.get.json"), request.Uri);
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        Assert.Equal("""{"id":37}""", request.Body);
        Assert.Equal(1500.00m, new Bitrix24Row(result).Decimal("OPPORTUNITY"));
    }

    [Fact]
    public async Task ErrorAnswerSurfacesAsTheTypedException()
    {
        using var harness = new Bitrix24Harness();
        harness.Portal.Enqueue("crm.deal.get", FakeResponse.Error(400, string.Empty, "Not found"));

        var error = await Assert.ThrowsAsync<Bitrix24NotFoundException>(() => harness.Client.CallAsync("crm.deal.get", new Dictionary<string, object?> { ["id"] = 999 }));

        Assert.Equal(400, error.HttpStatus);
    }

    [Theory]
    [InlineData("crm.deal.list?x=1")]
    [InlineData("../../crm.deal.list")]
    [InlineData("")]
    public async Task MethodNamesThatCouldEscapeThePathAreRefusedBeforeSending(string method)
    {
        using var harness = new Bitrix24Harness();

        await Assert.ThrowsAsync<ArgumentException>(() => harness.Client.CallAsync(method));

        Assert.Empty(harness.Portal.Requests);
    }

    [Fact]
    public async Task MovedPortalIsATransportErrorNamingTheNewHostButNotTheSecret()
    {
        using var harness = new Bitrix24Harness();
        harness.Portal.Enqueue("crm.deal.get", new FakeResponse(302, "<html>Moved</html>", "text/html", Location: "https://new.bitrix24.ru/rest/1/secret/crm.deal.get.json"));

        var error = await Assert.ThrowsAsync<Bitrix24TransportException>(() => harness.Client.CallAsync("crm.deal.get"));

        Assert.Equal(302, error.HttpStatus);
        Assert.Contains("https://new.bitrix24.ru", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, harness.Portal.CountOf("crm.deal.get"));
    }

    [Fact]
    public async Task TheWebhookSecretNeverReachesTheLogs()
    {
        using var harness = new Bitrix24Harness();
        harness.Portal.Enqueue("crm.deal.get", FakeResponse.Error(503, "QUERY_LIMIT_EXCEEDED", "Too many requests"), FakeResponse.Ok("{}"));

        await harness.Client.CallAsync("crm.deal.get");

        Assert.NotEmpty(harness.Logs.Entries);
        Assert.All(harness.Logs.Entries, e => Assert.DoesNotContain("secret", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task BatchSendsNamedCommandStringsAndReadsResultsErrorsTotalsAndEmptyMapsAsArrays()
    {
        using var harness = new Bitrix24Harness();
        // Hand-written from PROTOCOL §3.3: result_next is empty and therefore [], one command failed.
        harness.Portal.Enqueue("batch", FakeResponse.Ok("""
            {"result":{"deals":[{"ID":"1"},{"ID":"2"}],"user":{"ID":"5","UF_DEPARTMENT":[1]}},
             "result_error":{"missing":{"error":"","error_description":"Not found"}},
             "result_total":{"deals":"2"},
             "result_next":[],
             "result_time":{"deals":{"start":1.0,"finish":1.1,"duration":0.1,"processing":0.1,"date_start":"2024-07-23T08:11:02+03:00","date_finish":"2024-07-23T08:11:02+03:00"}}}
            """));

        var batch = await harness.Client.BatchAsync(
        [
            new Bitrix24Command("deals", "crm.deal.list", new Dictionary<string, object?>
            {
                ["filter"] = new Dictionary<string, object?> { ["=STAGE_ID"] = "WON" },
                ["select"] = new[] { "ID" },
            }),
            new Bitrix24Command("user", "user.get", new Dictionary<string, object?> { ["ID"] = 5 }),
            new Bitrix24Command("missing", "crm.deal.get", new Dictionary<string, object?> { ["id"] = 999 }),
        ]);

        var body = Assert.Single(harness.Portal.Requests).Json;
        Assert.Equal(0, body.GetProperty("halt").GetInt32());
        Assert.Equal("crm.deal.list?filter%5B%3DSTAGE_ID%5D=WON&select%5B0%5D=ID", body.GetProperty("cmd").GetProperty("deals").GetString());
        Assert.Equal("user.get?ID=5", body.GetProperty("cmd").GetProperty("user").GetString());
        Assert.Equal("crm.deal.get?id=999", body.GetProperty("cmd").GetProperty("missing").GetString());

        Assert.Equal(2, batch.Results["deals"].GetArrayLength());
        Assert.Equal([1L], new Bitrix24Row(batch.Results["user"]).LongList("UF_DEPARTMENT"));
        Assert.False(batch.Results.ContainsKey("missing"));
        Assert.IsType<Bitrix24NotFoundException>(batch.Errors["missing"]);
        Assert.Equal(2, batch.Totals["deals"]);
        Assert.Empty(batch.Nexts);
    }

    [Fact]
    public async Task BatchWithHaltSendsHaltAndLeavesTheCommandsAfterTheErrorOut()
    {
        using var harness = new Bitrix24Harness();
        harness.Portal.Enqueue("batch", FakeResponse.Ok("""
            {"result":{"a":true},"result_error":{"b":{"error":"ACCESS_DENIED","error_description":"Access denied!"}},
             "result_total":[],"result_next":[],"result_time":[]}
            """));

        var batch = await harness.Client.BatchAsync(
            [new("a", "crm.deal.update"), new("b", "crm.deal.update"), new("c", "crm.deal.update")],
            halt: true);

        Assert.Equal(1, Assert.Single(harness.Portal.Requests).Json.GetProperty("halt").GetInt32());
        Assert.True(batch.Results["a"].GetBoolean());
        Assert.IsType<Bitrix24AccessException>(batch.Errors["b"]);
        Assert.False(batch.Results.ContainsKey("c") || batch.Errors.ContainsKey("c"));
    }

    [Fact]
    public async Task BatchThatPhpSentAsAListIsReadByIndex()
    {
        using var harness = new Bitrix24Harness();
        harness.Portal.Enqueue("batch", FakeResponse.Ok("""{"result":[5,6],"result_error":[],"result_total":[],"result_next":[],"result_time":[]}"""));

        var batch = await harness.Client.BatchAsync([new("0", "crm.lead.add"), new("1", "crm.lead.add")]);

        Assert.Equal(5, batch.Results["0"].GetInt32());
        Assert.Equal(6, batch.Results["1"].GetInt32());
    }

    [Fact]
    public async Task BatchOfMoreThanFiftyCommandsIsRefusedWithoutARequest()
    {
        using var harness = new Bitrix24Harness();
        var commands = Enumerable.Range(0, 51).Select(i => new Bitrix24Command($"c{i}", "crm.deal.get")).ToList();

        await Assert.ThrowsAsync<ArgumentException>(() => harness.Client.BatchAsync(commands));

        Assert.Empty(harness.Portal.Requests);
    }

    [Fact]
    public async Task BatchWholeRequestFailureIsThrown()
    {
        using var harness = new Bitrix24Harness();
        harness.Portal.Enqueue("batch", FakeResponse.Error(400, "ERROR_BATCH_LENGTH_EXCEEDED", "Max batch length exceeded"));

        var error = await Assert.ThrowsAsync<Bitrix24Exception>(() => harness.Client.BatchAsync([new("a", "crm.deal.get")]));

        Assert.Equal("ERROR_BATCH_LENGTH_EXCEEDED", error.Code);
    }

    [Theory]
    [InlineData("https://example.bitrix24.ru/rest/1/secret")]
    [InlineData("https://example.bitrix24.ru/rest/1/secret/")]
    [InlineData("  https://example.bitrix24.ru/rest/1/secret/ ")]
    public async Task DefaultEndpointIsTheConfiguredWebhookWithATrailingSlash(string configured)
    {
        using var harness = new Bitrix24Harness(options => options.WebhookUrl = configured);

        var url = await harness.Get<IBitrix24Endpoint>().GetWebhookUrlAsync();

        Assert.Equal("https://example.bitrix24.ru/rest/1/secret/", url.ToString());
    }

    [Fact]
    public async Task MissingWebhookUrlIsAConfigurationError()
    {
        using var harness = new Bitrix24Harness(options => options.WebhookUrl = null);

        await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Client.CallAsync("crm.deal.get"));
    }

    [Fact]
    public async Task AnEndpointRegisteredBeforeTheClientReplacesTheWebhook()
    {
        using var harness = new Bitrix24Harness(services: services => services.AddSingleton<IBitrix24Endpoint>(new FixedEndpoint("http://127.0.0.1:5000/sandbox/rest/1/s/")));
        harness.Portal.Enqueue("profile", FakeResponse.Ok("""{"ID":"1"}"""));

        await harness.Client.CallAsync("profile");

        Assert.Equal(new Uri("http://127.0.0.1:5000/sandbox/rest/1/s/profile.json"), Assert.Single(harness.Portal.Requests).Uri);
    }

    [Fact]
    public async Task RefusedCredentialsAreRenewedOnceAndTheCallRepeatedWithTheNewToken()
    {
        var authenticator = new RenewingAuthenticator();
        using var harness = new Bitrix24Harness(services: services => services.AddSingleton<IBitrix24Authenticator>(authenticator));
        harness.Portal.Enqueue(
            "crm.deal.get",
            FakeResponse.Error(401, "expired_token", "The access token provided has expired"),
            FakeResponse.Ok("""{"ID":"1"}"""));

        await harness.Client.CallAsync("crm.deal.get", new Dictionary<string, object?> { ["id"] = 1 });

        var requests = harness.Portal.Requests;
        Assert.Equal(["old", "new"], requests.Select(r => r.Json.GetProperty("auth").GetString()));
        Assert.Equal(1, authenticator.Renewals);
    }

    [Fact]
    public async Task CredentialsRefusedAgainAfterRenewalFailWithoutASecondRenewal()
    {
        var authenticator = new RenewingAuthenticator();
        using var harness = new Bitrix24Harness(services: services => services.AddSingleton<IBitrix24Authenticator>(authenticator));
        harness.Portal.Enqueue(
            "crm.deal.get",
            FakeResponse.Error(401, "expired_token", "The access token provided has expired"),
            FakeResponse.Error(401, "expired_token", "The access token provided has expired"));

        await Assert.ThrowsAsync<Bitrix24AuthException>(() => harness.Client.CallAsync("crm.deal.get"));

        Assert.Equal(2, harness.Portal.CountOf("crm.deal.get"));
        Assert.Equal(1, authenticator.Renewals);
    }

    [Fact]
    public void RegistrationIsIdempotentAndTheClientIsOneSharedInstance()
    {
        var services = new ServiceCollection();
        services.AddBitrix24Client();
        services.AddBitrix24Client();
        using var provider = services.BuildServiceProvider();

        Assert.Same(provider.GetRequiredService<IBitrix24Client>(), provider.GetRequiredService<IBitrix24Client>());
        Assert.Single(services, d => d.ServiceType == typeof(IBitrix24Client));
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void SandboxCanReplaceTheEndpointAfterRegistration()
    {
        var services = new ServiceCollection();
        services.AddBitrix24Client();
        var sandbox = new FixedEndpoint("http://127.0.0.1:5000/sandbox/rest/1/s/");
        services.Replace(ServiceDescriptor.Singleton<IBitrix24Endpoint>(sandbox));
        using var provider = services.BuildServiceProvider();

        Assert.Same(sandbox, provider.GetRequiredService<IBitrix24Endpoint>());
    }

    private sealed class FixedEndpoint(string url) : IBitrix24Endpoint
    {
        public Task<Uri> GetWebhookUrlAsync(CancellationToken ct = default) => Task.FromResult(new Uri(url));
    }

    /// <summary>What an OAuth strategy will look like: a token in the body, refreshed on expired_token.</summary>
    private sealed class RenewingAuthenticator : IBitrix24Authenticator
    {
        private string _token = "old";

        public int Renewals { get; private set; }

        public ValueTask<Bitrix24Target> GetTargetAsync(CancellationToken ct) =>
            ValueTask.FromResult(new Bitrix24Target(new Uri("https://example.bitrix24.ru/rest/"), _token));

        public ValueTask<bool> RenewAsync(Bitrix24AuthException refusal, CancellationToken ct)
        {
            if (!refusal.Code.Equals("expired_token", StringComparison.OrdinalIgnoreCase))
            {
                return ValueTask.FromResult(false);
            }

            Renewals++;
            _token = "new";
            return ValueTask.FromResult(true);
        }
    }
}
