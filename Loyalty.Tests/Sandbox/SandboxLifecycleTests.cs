using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Loyalty.Tests.Sandbox;

/// <summary>The sandbox across its life: the same seed gives the same company, data survives a restart, changes send events, live mode moves deals.</summary>
public sealed class SandboxLifecycleTests
{
    [Fact]
    public async Task TheSameSeedAndAnchorGiveTheSameCompanyAndAnotherSeedDoesNot()
    {
        await using var first = new SandboxPortal();
        await using var second = new SandboxPortal();
        await using var other = new SandboxPortal(new Dictionary<string, string?> { ["Sandbox:Seed"] = "7" });

        foreach (var query in new[] { "select[]=*&select[]=UF_*", "select[]=*&start=50", "order[DATE_MODIFY]=DESC&select[]=*" })
        {
            Assert.Equal(Result(await first.GetAsync("crm.deal.list", query)), Result(await second.GetAsync("crm.deal.list", query)));
        }

        var contacts = "select[]=*&select[]=PHONE&select[]=EMAIL";
        Assert.Equal(Result(await first.GetAsync("crm.contact.list", contacts)), Result(await second.GetAsync("crm.contact.list", contacts)));
        Assert.Equal(Result(await first.GetAsync("user.get")), Result(await second.GetAsync("user.get")));
        Assert.NotEqual(Result(await first.GetAsync("crm.deal.list", "select[]=*")), Result(await other.GetAsync("crm.deal.list", "select[]=*")));
    }

    [Fact]
    public async Task AWriteNestedToTheParameterLimitIsReadBackAfterARestart()
    {
        // 64 levels make rows and journal entries deeper than System.Text.Json's default of 64, which the file is read with.
        var folder = Directory.CreateTempSubdirectory("loyalty-sandbox-deep-").FullName;
        var key = "fields[UF_CRM_DEEP]" + string.Concat(Enumerable.Repeat("[a]", 63));
        try
        {
            long dealId;
            await using (var before = new SandboxPortal(folder: folder))
            {
                await before.AddUserFieldAsync("deal", "UF_CRM_DEEP");
                before.ClearJournal();
                var added = await before.PostFormAsync("crm.deal.add", $"fields[TITLE]=Deep&{key}=bottom");
                Assert.Equal(HttpStatusCode.OK, added.Status);
                dealId = added.Result.GetInt64();
            }

            await using var after = new SandboxPortal(folder: folder);
            var deal = await after.GetAsync("crm.deal.get", $"id={dealId}");
            var journal = await after.SendAsync(new HttpRequestMessage(HttpMethod.Get, SandboxPortal.Journal()));

            Assert.Equal("Deep", deal.Result.GetProperty("TITLE").GetString());
            Assert.Contains("bottom", deal.Result.GetProperty("UF_CRM_DEEP").GetRawText(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, journal.Status);
            Assert.Equal("crm.deal.add", Assert.Single(journal.Json.EnumerateArray()).GetProperty("method").GetString());
        }
        finally
        {
            SandboxPortal.DeleteFolder(folder);
        }
    }

    [Fact]
    public async Task DataAndTheJournalSurviveARestartWithoutRegeneratingTheCompany()
    {
        var folder = Directory.CreateTempSubdirectory("loyalty-sandbox-restart-").FullName;
        try
        {
            long dealId;
            string firstDeal;
            await using (var before = new SandboxPortal(folder: folder))
            {
                await before.AddUserFieldAsync("deal", "UF_CRM_MARK");
                dealId = (await before.PostJsonAsync("crm.deal.add", new { fields = new { TITLE = "Пережить перезапуск", UF_CRM_MARK = "kept" } })).Result.GetInt64();
                await before.PostFormAsync("crm.contact.update", "id=1&fields[NAME]=Изменённое имя");
                firstDeal = Result(await before.GetAsync("crm.deal.get", "id=1"));
            }

            // A different anchor and seed now would regenerate a different company if the file were ignored.
            await using var after = new SandboxPortal(new Dictionary<string, string?> { ["Sandbox:Seed"] = "99", ["Sandbox:AnchorUtc"] = "2030-01-01T00:00:00Z" }, folder);
            var deal = (await after.GetAsync("crm.deal.get", $"id={dealId}")).Result;
            Assert.Equal("Пережить перезапуск", deal.GetProperty("TITLE").GetString());
            Assert.Equal("kept", deal.GetProperty("UF_CRM_MARK").GetString());
            Assert.Equal("Изменённое имя", (await after.GetAsync("crm.contact.get", "id=1")).Result.GetProperty("NAME").GetString());
            Assert.Equal(firstDeal, Result(await after.GetAsync("crm.deal.get", "id=1")));
            var journal = (await after.SendAsync(new HttpRequestMessage(HttpMethod.Get, SandboxPortal.Journal()))).Json;
            Assert.Equal(["crm.deal.userfield.add", "crm.deal.add", "crm.contact.update"], journal.EnumerateArray().Select(e => e.GetProperty("method").GetString()));
            var next = (await after.PostFormAsync("crm.deal.add", "fields[TITLE]=Next")).Result.GetInt64();
            Assert.Equal(dealId + 1, next);
        }
        finally
        {
            SandboxPortal.DeleteFolder(folder);
        }
    }

    [Fact]
    public async Task ChangesPostBitrixStyleFormEventsToTheConfiguredUrl()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var portal = new SandboxPortal(new Dictionary<string, string?>
        {
            ["Sandbox:Events:Enabled"] = "true",
            ["Sandbox:Events:Url"] = receiver.Url,
            ["Bitrix24:ApplicationToken"] = "token-from-settings",
        });

        await portal.PostFormAsync("crm.deal.update", "id=4&fields[STAGE_ID]=WON");
        var leadId = (await portal.PostFormAsync("crm.lead.add", "fields[TITLE]=С сайта")).Result.GetInt64();

        var update = await receiver.WaitForAsync("ONCRMDEALUPDATE");
        Assert.Equal("4", update["data[FIELDS][ID]"]);
        Assert.Equal("token-from-settings", update["auth[application_token]"]);
        Assert.Equal(new Uri(portal.Address.ToString()).Authority, update["auth[domain]"]);
        Assert.EndsWith("/sandbox/rest/", update["auth[client_endpoint]"]);
        Assert.Matches("^[0-9a-f]{32}$", update["auth[member_id]"]);
        Assert.Matches(@"^\d+$", update["event_handler_id"]);
        Assert.True(long.Parse(update["ts"], CultureInfo.InvariantCulture) > 0);
        Assert.False(update.ContainsKey("auth[access_token]"), "outgoing webhooks never carry tokens");
        var add = await receiver.WaitForAsync("ONCRMLEADADD");
        Assert.Equal(leadId.ToString(CultureInfo.InvariantCulture), add["data[FIELDS][ID]"]);
    }

    [Fact]
    public async Task LiveModeKeepsAddingLeadsCallsAndWonDeals()
    {
        await using var portal = new SandboxPortal(new Dictionary<string, string?>
        {
            ["Sandbox:Live:Enabled"] = "true",
            ["Sandbox:Live:IntervalSeconds"] = "0.05",
            ["Sandbox:Company:Deals"] = "80",
        });
        _ = portal.Address; // started: live mode runs from here
        var since = DateTimeOffset.UtcNow.AddSeconds(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

        var won = await Waiting.ForAsync(async () =>
        {
            var reply = await portal.GetAsync("crm.deal.list", $"filter[STAGE_SEMANTIC_ID]=S&filter[>=MOVED_TIME]={since}&select[]=*");
            return reply.Result.GetArrayLength() > 0 ? reply : null;
        }, TimeSpan.FromSeconds(15), "a deal won by live mode");

        var deal = won.Result[0];
        Assert.Equal("Y", deal.GetProperty("CLOSED").GetString());
        Assert.True(DateTimeOffset.Parse(deal.GetProperty("DATE_MODIFY").GetString()!, CultureInfo.InvariantCulture) >= DateTimeOffset.Parse(since, CultureInfo.InvariantCulture));
        await Waiting.ForAsync(async () =>
        {
            var leads = await portal.GetAsync("crm.lead.list", $"filter[>=DATE_CREATE]={since}");
            return leads.Result.GetArrayLength() > 0 ? leads : null;
        }, TimeSpan.FromSeconds(15), "a new lead");
        await Waiting.ForAsync(async () =>
        {
            var calls = await portal.GetAsync("crm.activity.list", $"filter[TYPE_ID]=2&filter[>=CREATED]={since}");
            return calls.Result.GetArrayLength() > 0 ? calls : null;
        }, TimeSpan.FromSeconds(15), "a new call");
    }

    [Fact]
    public async Task WebhookModeMountsNoSandboxRoute()
    {
        await using var portal = new SandboxPortal(new Dictionary<string, string?>
        {
            ["Bitrix24:Mode"] = "Webhook",
            ["Bitrix24:WebhookUrl"] = "https://example.bitrix24.ru/rest/1/abc123/",
        });

        var routes = portal.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().Select(e => e.RoutePattern.RawText ?? "");
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = portal.Address };
        var reply = await http.GetAsync("sandbox/rest/1/sandbox/profile");

        Assert.DoesNotContain(routes, r => r.TrimStart('/').StartsWith("sandbox", StringComparison.OrdinalIgnoreCase));
        Assert.NotEqual(HttpStatusCode.OK, reply.StatusCode);
        Assert.DoesNotContain("\"result\"", await reply.Content.ReadAsStringAsync());
    }

    private static string Result(Reply reply)
    {
        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        return reply.Result.GetRawText();
    }

    /// <summary>A tiny HTTP server on 127.0.0.1 that records the form posts it receives.</summary>
    private sealed class EventReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<Dictionary<string, string>> _received = new();

        private EventReceiver(WebApplication app) => _app = app;

        public string Url => _app.Urls.First() + "/events";

        public static async Task<EventReceiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var receiver = new EventReceiver(app);
            app.MapPost("/events", async (HttpRequest request) =>
            {
                var form = await request.ReadFormAsync();
                receiver._received.Enqueue(form.ToDictionary(f => f.Key, f => f.Value.ToString()));
                return Results.Ok();
            });
            await app.StartAsync();
            return receiver;
        }

        public Task<Dictionary<string, string>> WaitForAsync(string eventName) =>
            Waiting.ForAsync(
                () => Task.FromResult(_received.FirstOrDefault(e => e.GetValueOrDefault("event") == eventName)),
                TimeSpan.FromSeconds(10),
                $"event {eventName}");

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
