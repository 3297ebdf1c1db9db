using System.Diagnostics;
using System.Net;
using Loyalty.Web.Sandbox.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Web.Sandbox;

/// <summary>The leaky bucket and the injected faults: what a resilient client has to survive.</summary>
public sealed class SandboxLimitTests
{
    [Fact]
    public async Task AFullBucketAnswers503AndABatchCountsAsOneRequest()
    {
        await using var portal = new SandboxPortal(new Dictionary<string, string?>
        {
            ["Sandbox:RateLimit:RequestsPerSecond"] = "0.01",
            ["Sandbox:RateLimit:BucketSize"] = "3",
        });

        var batch = await portal.PostJsonAsync("batch", new { cmd = Enumerable.Range(0, 20).ToDictionary(i => $"c{i}", _ => "crm.deal.list?start=-1") });
        var second = await portal.GetAsync("profile");
        var third = await portal.GetAsync("scope");
        var fourth = await portal.GetAsync("profile");

        Assert.Equal(HttpStatusCode.OK, batch.Status);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(HttpStatusCode.OK, third.Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, fourth.Status);
        Assert.Equal("QUERY_LIMIT_EXCEEDED", fourth.Error);
        Assert.Equal("Too many requests", fourth.ErrorDescription);
        // The journal is the test's window, not part of the portal: never limited.
        Assert.Equal(HttpStatusCode.OK, (await portal.Http.GetAsync(SandboxPortal.Journal())).StatusCode);
    }

    [Theory]
    [InlineData("QueryLimitExceededRate", HttpStatusCode.ServiceUnavailable, "QUERY_LIMIT_EXCEEDED")]
    [InlineData("ServerErrorRate", HttpStatusCode.InternalServerError, "INTERNAL_SERVER_ERROR")]
    [InlineData("ExpiredTokenRate", HttpStatusCode.Unauthorized, "expired_token")]
    public async Task AnInjectedFaultFailsTheCallWithoutChangingData(string rate, HttpStatusCode status, string code)
    {
        await using var portal = new SandboxPortal(new Dictionary<string, string?> { [$"Sandbox:Faults:{rate}"] = "1.0" });

        var update = await portal.PostFormAsync("crm.deal.update", "id=1&fields[TITLE]=Changed under a fault");
        var read = await portal.GetAsync("crm.deal.get", "id=1");

        Assert.Equal(status, update.Status);
        Assert.Equal(code, update.Error);
        Assert.Equal(status, read.Status);
        var store = portal.Services.GetRequiredService<SandboxStore>();
        Assert.NotEqual("Changed under a fault", store.Read(() => (string?)store.Deals.Find(1)!["TITLE"]));
        Assert.Empty((await portal.SendAsync(new HttpRequestMessage(HttpMethod.Get, SandboxPortal.Journal()))).Json.EnumerateArray());
    }

    [Fact]
    public async Task ASlowResponseStillAnswersAfterTheConfiguredDelay()
    {
        await using var portal = new SandboxPortal(new Dictionary<string, string?>
        {
            ["Sandbox:Faults:SlowResponseRate"] = "1.0",
            ["Sandbox:Faults:SlowResponseMs"] = "400",
        });
        _ = portal.Address;

        var watch = Stopwatch.StartNew();
        var reply = await portal.GetAsync("crm.deal.get", "id=1");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.True(watch.ElapsedMilliseconds >= 400, $"answered after {watch.ElapsedMilliseconds} ms");
    }
}
