using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Loyalty.Core.Identity;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Sandbox.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Web.Sandbox;

/// <summary>
/// <c>/sandbox/journal</c>: read by an administrator or with the webhook secret, cleared only by an administrator
/// with an anti-forgery token, and always serializable, whatever a write carried.
/// </summary>
public sealed partial class JournalEndpointTests(WriteSandbox portal) : IClassFixture<WriteSandbox>
{
    [Fact]
    public async Task TheJournalIsRefusedWithoutTheSecretOrASignIn()
    {
        var anonymous = await portal.SendAsync(new HttpRequestMessage(HttpMethod.Get, "sandbox/journal"));
        var wrongSecret = await portal.SendAsync(new HttpRequestMessage(HttpMethod.Get, "sandbox/journal?secret=guess"));
        var clear = await portal.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "sandbox/journal"));
        var clearWithSecret = await portal.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "sandbox/journal?secret=sandbox"));

        Assert.All([anonymous, wrongSecret, clear, clearWithSecret], reply =>
        {
            Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
            Assert.Equal("NO_AUTH_FOUND", reply.Error);
        });
        Assert.Equal(HttpStatusCode.OK, (await portal.SendAsync(new HttpRequestMessage(HttpMethod.Get, SandboxPortal.Journal()))).Status);
    }

    [Fact]
    public async Task AWriteNestedSeventyLevelsIsRefusedAndOneAtTheLimitIsJournaledAndShown()
    {
        var tooDeep = await portal.PostFormAsync("im.notify.system.add", "USER_ID=2&MESSAGE=deep&x" + Nest(70) + "=1");
        var atLimit = await portal.PostFormAsync("im.notify.system.add", "USER_ID=2&MESSAGE=at the limit&x" + Nest(64) + "=1");

        var journal = await portal.SendAsync(new HttpRequestMessage(HttpMethod.Get, SandboxPortal.Journal("im.notify.system.add")));

        Assert.Equal(HttpStatusCode.BadRequest, tooDeep.Status);
        Assert.Equal("INVALID_REQUEST", tooDeep.Error);
        Assert.Equal(HttpStatusCode.OK, atLimit.Status);
        Assert.Equal(HttpStatusCode.OK, journal.Status);
        var messages = journal.Json.EnumerateArray().Select(e => e.GetProperty("parameters").GetProperty("MESSAGE").GetString()).ToList();
        Assert.Contains("at the limit", messages);
        Assert.DoesNotContain("deep", messages);
    }

    [Fact]
    public async Task AnEntryTooDeepToShowIsMarkedAndTheRestOfTheJournalStillAnswers()
    {
        // As an entry written before parameters were bounded would be: deeper than any response may nest.
        var store = portal.Services.GetRequiredService<SandboxStore>();
        JsonNode deep = JsonValue.Create("bottom");
        for (var i = 0; i < Values.MaxJsonDepth + 10; i++)
        {
            deep = new JsonObject { ["b"] = deep };
        }

        store.Write(() =>
        {
            store.AppendJournal(SandboxPortal.Anchor, "crm.deep.add", new JsonObject { ["x"] = deep }, null);
            store.AppendJournal(SandboxPortal.Anchor, "crm.shallow.add", new JsonObject { ["x"] = "fine" }, true);
            return 0;
        });

        var journal = await portal.SendAsync(new HttpRequestMessage(HttpMethod.Get, SandboxPortal.Journal()));

        Assert.Equal(HttpStatusCode.OK, journal.Status);
        var entries = journal.Json.EnumerateArray().ToList();
        var marked = entries.Single(e => e.GetProperty("method").GetString() == "crm.deep.add");
        Assert.Contains("too deep", marked.GetProperty("error").GetString(), StringComparison.Ordinal);
        var shallow = entries.Single(e => e.GetProperty("method").GetString() == "crm.shallow.add");
        Assert.Equal("fine", shallow.GetProperty("parameters").GetProperty("x").GetString());
    }

    [Fact]
    public async Task OnlyASignedInAdministratorWithAnAntiforgeryTokenClearsTheJournal()
    {
        await portal.PostFormAsync("im.notify.system.add", "USER_ID=2&MESSAGE=before clearing");
        using var head = await SignedInAsync(DemoAccounts.All.Single(d => d.Role == Roles.SalesHead));
        using var admin = await SignedInAsync(DemoAccounts.All.Single(d => d.Role == Roles.Administrator));

        var headReads = await head.Http.GetAsync("sandbox/journal");
        var headClears = await head.Http.SendAsync(await WithTokenAsync(head, new HttpRequestMessage(HttpMethod.Delete, "sandbox/journal")));
        var adminReads = await admin.Http.GetAsync("sandbox/journal");
        var adminWithoutToken = await admin.Http.DeleteAsync("sandbox/journal");
        var stillThere = await portal.SendAsync(new HttpRequestMessage(HttpMethod.Get, SandboxPortal.Journal()));
        var adminClears = await admin.Http.SendAsync(await WithTokenAsync(admin, new HttpRequestMessage(HttpMethod.Delete, "sandbox/journal")));
        var after = await portal.SendAsync(new HttpRequestMessage(HttpMethod.Get, SandboxPortal.Journal()));

        Assert.Equal(HttpStatusCode.Forbidden, headReads.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, headClears.StatusCode);
        Assert.Equal(HttpStatusCode.OK, adminReads.StatusCode);
        Assert.Contains("before clearing", await adminReads.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, adminWithoutToken.StatusCode);
        Assert.Equal("INVALID_ANTIFORGERY_TOKEN", (string?)JsonNode.Parse(await adminWithoutToken.Content.ReadAsStringAsync())!["error"]);
        Assert.NotEmpty(stillThere.Json.EnumerateArray());
        Assert.Equal(HttpStatusCode.NoContent, adminClears.StatusCode);
        Assert.Empty(after.Json.EnumerateArray());
    }

    /// <summary>Raw brackets: PostFormAsync encodes the key as a client would.</summary>
    private static string Nest(int levels) => string.Concat(Enumerable.Repeat("[a]", levels));

    private async Task<FormClient> SignedInAsync(DemoAccounts.DemoAccount account)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        var client = new FormClient(new HttpClient(handler) { BaseAddress = portal.Address });
        var signIn = await client.SignInAsync(account.Email, account.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    /// <summary>The token a page of the signed-in user carries (the sign-out form's), sent as the header the anti-forgery service reads.</summary>
    private static async Task<HttpRequestMessage> WithTokenAsync(FormClient client, HttpRequestMessage request)
    {
        var page = await client.Http.GetStringAsync("/");
        var token = AntiforgeryInput().Match(page);
        Assert.True(token.Success, "the home page carries an anti-forgery token");
        request.Headers.Add("RequestVerificationToken", WebUtility.HtmlDecode(token.Groups["value"].Value));
        return request;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex AntiforgeryInput();
}
