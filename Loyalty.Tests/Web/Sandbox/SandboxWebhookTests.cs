using System.Net;
using System.Text;
using System.Text.Json;
using Loyalty.Tests.Sandbox;
using Loyalty.Tests.TestSupport;

namespace Loyalty.Tests.Web.Sandbox;

/// <summary>The webhook as a real portal holds it: bound to its user, limited to its scopes, served under /rest too.</summary>
public sealed class SandboxWebhookTests(WriteSandbox portal) : IClassFixture<WriteSandbox>
{
    [Theory]
    [InlineData("rest/1/sandbox/profile", HttpStatusCode.OK, null)]
    [InlineData("rest/1/sandbox/crm.deal.get.json?id=1", HttpStatusCode.OK, null)]
    [InlineData("sandbox/rest/1/sandbox/profile.json", HttpStatusCode.OK, null)]
    [InlineData("rest/2/sandbox/profile", HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS")]
    [InlineData("sandbox/rest/2/sandbox/profile", HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS")]
    [InlineData("rest/1/wrong/profile", HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS")]
    [InlineData("rest/crm.deal.list", HttpStatusCode.Unauthorized, "NO_AUTH_FOUND")]
    [InlineData("rest/crm.deal.list?auth=abc", HttpStatusCode.Unauthorized, "invalid_token")]
    [InlineData("rest/1/sandbox/crm.deal.fly", HttpStatusCode.NotFound, "ERROR_METHOD_NOT_FOUND")]
    [InlineData("rest/1/sandbox/a/b", HttpStatusCode.NotFound, "ERROR_METHOD_NOT_FOUND")]
    public async Task TheWebhookIsServedUnderRestAsOnARealPortalAndBelongsToOneUser(string path, HttpStatusCode status, string? error)
    {
        var reply = await portal.SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

        Assert.Equal(status, reply.Status);
        Assert.Equal("application/json; charset=utf-8", reply.ContentType);
        Assert.Equal(error, reply.Error);
    }

    [Fact]
    public async Task AFormPostUnderRestNeedsNoAntiforgeryTokenAndChangesTheRecord()
    {
        var form = new StringContent("id=2&fields[COMMENTS]=from /rest", Encoding.UTF8, "application/x-www-form-urlencoded");

        var reply = await portal.SendAsync(new HttpRequestMessage(HttpMethod.Post, "rest/1/sandbox/crm.deal.update.json") { Content = form });

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("from /rest", (await portal.GetAsync("crm.deal.get", "id=2")).Result.GetProperty("COMMENTS").GetString());
    }

    [Fact]
    public async Task ABatchOfListedCommandsAnswersListsAsPhpEncodesThem()
    {
        var reply = await portal.PostFormAsync("batch", "cmd[]=crm.deal.get?id=1&cmd[]=crm.deal.list?select[]=ID&cmd[]=crm.deal.get?id=0");

        var result = reply.Result;
        Assert.Equal(JsonValueKind.Array, result.GetProperty("result").ValueKind);
        Assert.Equal(2, result.GetProperty("result").GetArrayLength());
        Assert.Equal("1", result.GetProperty("result")[0].GetProperty("ID").GetString());
        Assert.Equal(JsonValueKind.Array, result.GetProperty("result_time").ValueKind);
        Assert.Equal(3, result.GetProperty("result_time").GetArrayLength());
        // Keys that are not 0..n−1 in order stay an object, as json_encode leaves them.
        Assert.Equal(JsonValueKind.Object, result.GetProperty("result_total").ValueKind);
        Assert.True(result.GetProperty("result_total").GetProperty("1").GetInt32() > 0);
        Assert.Equal("ID is not defined or invalid.", result.GetProperty("result_error").GetProperty("2").GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task IndexedAndJsonListedCommandsAreListsAndNamedOnesStayObjects()
    {
        var indexed = (await portal.PostFormAsync("batch", "cmd[0]=crm.deal.get?id=1&cmd[1]=crm.deal.get?id=2")).Result;
        var json = (await portal.PostJsonAsync("batch", new { cmd = new[] { "crm.deal.get?id=1", "crm.contact.list?select[]=ID" } })).Result;
        var named = (await portal.PostJsonAsync("batch", new { cmd = new Dictionary<string, string> { ["deal"] = "crm.deal.get?id=1" } })).Result;

        Assert.Equal(JsonValueKind.Array, indexed.GetProperty("result").ValueKind);
        Assert.Equal("2", indexed.GetProperty("result")[1].GetProperty("ID").GetString());
        Assert.Equal(JsonValueKind.Array, json.GetProperty("result").ValueKind);
        Assert.Equal(JsonValueKind.Array, json.GetProperty("result_error").ValueKind);
        Assert.Equal(0, json.GetProperty("result_error").GetArrayLength());
        Assert.Equal(JsonValueKind.Object, named.GetProperty("result").ValueKind);
        Assert.Equal("1", named.GetProperty("result").GetProperty("deal").GetProperty("ID").GetString());
        Assert.Equal(JsonValueKind.Array, named.GetProperty("result_total").ValueKind);
    }
}

/// <summary>Webhooks configured otherwise than the default: another user, fewer scopes; and no /rest outside sandbox mode.</summary>
public sealed class SandboxWebhookOptionTests
{
    [Fact]
    public async Task AWebhookOfFewerScopesRefusesTheOtherScopesMethodsInABatchToo()
    {
        await using var portal = new SandboxPortal(new Dictionary<string, string?> { ["Sandbox:Scopes:0"] = "crm", ["Sandbox:Scopes:1"] = "user" });

        var scope = await portal.GetAsync("scope");
        var tasks = await portal.GetAsync("tasks.task.list");
        var deals = await portal.GetAsync("crm.deal.list", "select[]=ID");
        var batch = await portal.PostJsonAsync("batch", new { cmd = new Dictionary<string, string> { ["d"] = "crm.deal.get?id=1", ["n"] = "im.notify.system.add?USER_ID=1&MESSAGE=x" } });

        Assert.Equal(["crm", "user"], scope.Result.EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(HttpStatusCode.Unauthorized, tasks.Status);
        Assert.Equal("insufficient_scope", tasks.Error);
        Assert.Equal("The request requires higher privileges than provided by the webhook token", tasks.ErrorDescription);
        Assert.Equal(HttpStatusCode.OK, deals.Status);
        Assert.Equal("1", batch.Result.GetProperty("result").GetProperty("d").GetProperty("ID").GetString());
        Assert.Equal("insufficient_scope", batch.Result.GetProperty("result_error").GetProperty("n").GetProperty("error").GetString());
    }

    [Fact]
    public async Task AWebhookOfAnotherUserActsAsThatUserAndRefusesTheFirst()
    {
        await using var portal = new SandboxPortal(new Dictionary<string, string?> { ["Sandbox:WebhookUserId"] = "2", ["Sandbox:WebhookUserIsAdmin"] = "false" });

        var own = await portal.SendAsync(new HttpRequestMessage(HttpMethod.Get, SandboxPortal.Rest("profile", user: "2")));
        var first = await portal.SendAsync(new HttpRequestMessage(HttpMethod.Get, SandboxPortal.Rest("profile", user: "1")));
        var added = await portal.SendAsync(new HttpRequestMessage(HttpMethod.Post, SandboxPortal.Rest("crm.lead.add", "fields[TITLE]=Mine", user: "2")));

        Assert.Equal("2", own.Result.GetProperty("ID").GetString());
        Assert.Equal(JsonValueKind.False, own.Result.GetProperty("ADMIN").ValueKind);
        Assert.Equal("INVALID_CREDENTIALS", first.Error);
        var lead = await portal.SendAsync(new HttpRequestMessage(HttpMethod.Get, SandboxPortal.Rest("crm.lead.get", $"id={added.Result.GetInt64()}", user: "2")));
        Assert.Equal("2", lead.Result.GetProperty("CREATED_BY_ID").GetString());
    }

    [Fact]
    public async Task AgainstARealPortalNothingIsServedUnderRest()
    {
        await using var portal = new PortalFactory { Settings = { ["Bitrix24:Mode"] = "Webhook", ["Bitrix24:WebhookUrl"] = "https://example.bitrix24.ru/rest/1/secret/" } };
        using var client = portal.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/rest/1/sandbox/profile");

        // Not found, or (before the first administrator exists) sent to /setup like any other path: never an answer of the sandbox.
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.Redirect });
        Assert.NotEqual("application/json", response.Content.Headers.ContentType?.MediaType);
    }
}
