using System.Net;
using Loyalty.Core.Bitrix24;
using Loyalty.Tests.Core.Bitrix24.Support;
using Microsoft.Extensions.Logging;

namespace Loyalty.Tests.Core.Bitrix24;

public sealed class Bitrix24RetryTests
{
    private static readonly FakeResponse TooManyRequests = FakeResponse.Error(503, "QUERY_LIMIT_EXCEEDED", "Too many requests");
    private static readonly FakeResponse Deal = FakeResponse.Ok("""{"ID":"1"}""");

    [Fact]
    public async Task QueryLimitTwiceThenSuccessSucceedsAfterThreeCallsLoggingEachRetryWithTheCode()
    {
        using var harness = new Bitrix24Harness();
        harness.Portal.Enqueue("crm.deal.get", TooManyRequests, TooManyRequests, Deal);

        var result = await harness.Client.CallAsync("crm.deal.get", new Dictionary<string, object?> { ["id"] = 1 });

        Assert.Equal(1, new Bitrix24Row(result).Long("ID"));
        Assert.Equal(3, harness.Portal.CountOf("crm.deal.get"));
        var retries = harness.Logs.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
        Assert.Equal(2, retries.Count);
        Assert.All(retries, m => Assert.Contains("QUERY_LIMIT_EXCEEDED", m, StringComparison.Ordinal));
    }

    [Fact]
    public async Task BackOffDoublesFromOneSecondUnderTheFullJitterCeiling()
    {
        using var harness = new Bitrix24Harness(jitter: 1);
        harness.Portal.Enqueue("crm.deal.get", TooManyRequests, TooManyRequests, TooManyRequests, Deal);

        await harness.Client.CallAsync("crm.deal.get");

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], harness.Time.Delays);
    }

    [Fact]
    public void BackOffIsCappedAtThirtySecondsAndJitterScalesIt()
    {
        var full = new Bitrix24Backoff(() => 1);
        var half = new Bitrix24Backoff(() => 0.5);

        Assert.Equal(TimeSpan.FromSeconds(16), full.Delay(4));
        Assert.Equal(TimeSpan.FromSeconds(30), full.Delay(5));
        Assert.Equal(TimeSpan.FromSeconds(30), full.Delay(60));
        Assert.Equal(TimeSpan.FromSeconds(4), half.Delay(3));
    }

    [Theory]
    [InlineData(500, "INTERNAL_SERVER_ERROR")]
    [InlineData(500, "ERROR_UNEXPECTED_ANSWER")]
    [InlineData(503, "SOMETHING_NEW")]
    public async Task ServerFailureThenSuccessSucceedsOnTheSecondCall(int status, string code)
    {
        using var harness = new Bitrix24Harness();
        harness.Portal.Enqueue("crm.deal.get", FakeResponse.Error(status, code, "Internal error"), Deal);

        await harness.Client.CallAsync("crm.deal.get");

        Assert.Equal(2, harness.Portal.CountOf("crm.deal.get"));
    }

    [Fact]
    public async Task HtmlFromAFailingProxyIsRetried()
    {
        using var harness = new Bitrix24Harness();
        harness.Portal.Enqueue("crm.deal.get", FakeResponse.Html(502), Deal);

        await harness.Client.CallAsync("crm.deal.get");

        Assert.Equal(2, harness.Portal.CountOf("crm.deal.get"));
    }

    [Fact]
    public async Task HtmlWithAClientErrorStatusIsNotRetried()
    {
        using var harness = new Bitrix24Harness();
        harness.Portal.Enqueue("crm.deal.get", FakeResponse.Html(403));

        await Assert.ThrowsAsync<Bitrix24TransportException>(() => harness.Client.CallAsync("crm.deal.get"));

        Assert.Equal(1, harness.Portal.CountOf("crm.deal.get"));
    }

    [Fact]
    public async Task ConnectionFailureAndTimeOutAreRetriedAsTransportErrors()
    {
        using var harness = new Bitrix24Harness();
        harness.Portal.Enqueue(
            "crm.deal.get",
            FakeResponse.Failure(new HttpRequestException("Connection refused", null, null)),
            FakeResponse.Failure(new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout", new TimeoutException())),
            Deal);

        await harness.Client.CallAsync("crm.deal.get");

        Assert.Equal(3, harness.Portal.CountOf("crm.deal.get"));
    }

    [Fact]
    public async Task TimeOutsThatNeverEndFailAsTransportErrorsAfterTheRetries()
    {
        using var harness = new Bitrix24Harness(options => options.MaxRetries = 2);
        var timeout = FakeResponse.Failure(new TaskCanceledException("timeout", new TimeoutException()));
        harness.Portal.Enqueue("crm.deal.get", timeout, timeout, timeout);

        var error = await Assert.ThrowsAsync<Bitrix24TransportException>(() => harness.Client.CallAsync("crm.deal.get"));

        Assert.Equal(0, error.HttpStatus);
        Assert.Equal(3, harness.Portal.CountOf("crm.deal.get"));
    }

    [Fact]
    public async Task QueryLimitBeyondTheRetriesFailsWithALimitException()
    {
        using var harness = new Bitrix24Harness(options => options.MaxRetries = 3);
        harness.Portal.Enqueue("crm.deal.get", TooManyRequests, TooManyRequests, TooManyRequests, TooManyRequests, Deal);

        var error = await Assert.ThrowsAsync<Bitrix24LimitException>(() => harness.Client.CallAsync("crm.deal.get"));

        Assert.Equal("QUERY_LIMIT_EXCEEDED", error.Code);
        Assert.Equal(503, error.HttpStatus);
        Assert.Equal(4, harness.Portal.CountOf("crm.deal.get"));
    }

    [Fact]
    public async Task ZeroRetriesMeansOneAttempt()
    {
        using var harness = new Bitrix24Harness(options => options.MaxRetries = 0);
        harness.Portal.Enqueue("crm.deal.get", TooManyRequests, Deal);

        await Assert.ThrowsAsync<Bitrix24LimitException>(() => harness.Client.CallAsync("crm.deal.get"));

        Assert.Equal(1, harness.Portal.CountOf("crm.deal.get"));
    }

    [Theory]
    [InlineData(401, "INVALID_CREDENTIALS", typeof(Bitrix24AuthException))]
    [InlineData(401, "expired_token", typeof(Bitrix24AuthException))]
    [InlineData(401, "insufficient_scope", typeof(Bitrix24AuthException))]
    [InlineData(400, "", typeof(Bitrix24NotFoundException))]
    [InlineData(404, "ERROR_METHOD_NOT_FOUND", typeof(Bitrix24NotFoundException))]
    [InlineData(403, "ACCESS_DENIED", typeof(Bitrix24AccessException))]
    [InlineData(500, "PORTAL_DELETED", typeof(Bitrix24AccessException))]
    [InlineData(503, "OVERLOAD_LIMIT", typeof(Bitrix24LimitException))]
    [InlineData(400, "INVALID_ARG_VALUE", typeof(Bitrix24Exception))]
    public async Task RefusalsThatCannotChangeAreNotRetried(int status, string code, Type expected)
    {
        using var harness = new Bitrix24Harness();
        harness.Portal.Enqueue("crm.deal.get", FakeResponse.Error(status, code, "Not found"), Deal);

        var error = await Assert.ThrowsAnyAsync<Bitrix24Exception>(() => harness.Client.CallAsync("crm.deal.get"));

        Assert.IsType(expected, error);
        Assert.Equal(1, harness.Portal.CountOf("crm.deal.get"));
        Assert.Empty(harness.Time.Delays);
    }

    [Fact]
    public async Task OperationTimeLimitBlocksThatMethodUntilTheLastResetTimeAndOnlyThatMethod()
    {
        using var harness = new Bitrix24Harness();
        var reset = harness.Time.GetUtcNow().AddSeconds(120).ToUnixTimeSeconds();
        harness.Portal.Enqueue(
            "crm.deal.get",
            FakeResponse.Ok("""{"ID":"1"}""").WithTime($$"""{"operating":470.5,"operating_reset_at":{{reset}}}"""),
            FakeResponse.Error(429, "OPERATION_TIME_LIMIT", "Method is blocked due to operation time limit."),
            Deal);
        harness.Portal.Enqueue("crm.contact.get", FakeResponse.Ok("""{"ID":"7"}"""));

        await harness.Client.CallAsync("crm.deal.get");
        var blocked = await Assert.ThrowsAsync<Bitrix24LimitException>(() => harness.Client.CallAsync("crm.deal.get"));
        var stillBlocked = await Assert.ThrowsAsync<Bitrix24LimitException>(() => harness.Client.CallAsync("CRM.DEAL.GET"));
        await harness.Client.CallAsync("crm.contact.get");

        Assert.Equal(TimeSpan.FromSeconds(120), blocked.RetryAfter);
        Assert.Equal("OPERATION_TIME_LIMIT", stillBlocked.Code);
        Assert.Equal(TimeSpan.FromSeconds(120), stillBlocked.RetryAfter);
        Assert.Equal(2, harness.Portal.CountOf("crm.deal.get"));
        Assert.Equal(1, harness.Portal.CountOf("crm.contact.get"));
        Assert.Empty(harness.Time.Delays);

        harness.Time.Advance(TimeSpan.FromSeconds(121));
        await harness.Client.CallAsync("crm.deal.get");
        Assert.Equal(3, harness.Portal.CountOf("crm.deal.get"));
    }

    [Fact]
    public async Task OperationTimeLimitWithoutAKnownResetBlocksForFiveMinutes()
    {
        using var harness = new Bitrix24Harness();
        harness.Portal.Enqueue("crm.deal.list", FakeResponse.Error(429, "OPERATION_TIME_LIMIT", "Method is blocked due to operation time limit."));

        var error = await Assert.ThrowsAsync<Bitrix24LimitException>(() => harness.Client.CallAsync("crm.deal.list"));
        harness.Time.Advance(TimeSpan.FromMinutes(4));
        var later = await Assert.ThrowsAsync<Bitrix24LimitException>(() => harness.Client.CallAsync("crm.deal.list"));

        Assert.Equal(TimeSpan.FromMinutes(5), error.RetryAfter);
        Assert.Equal(TimeSpan.FromMinutes(1), later.RetryAfter);
        Assert.Equal(1, harness.Portal.CountOf("crm.deal.list"));
    }

    [Fact]
    public async Task OperationTimeLimitInsideABatchBlocksThatCommandsMethod()
    {
        using var harness = new Bitrix24Harness();
        harness.Portal.Enqueue("batch", FakeResponse.Ok("""
            {"result":{"a":{"ID":"1"}},
             "result_error":{"b":{"error":"OPERATION_TIME_LIMIT","error_description":"Method is blocked due to operation time limit."}},
             "result_total":[],"result_next":[],"result_time":[]}
            """));

        var batch = await harness.Client.BatchAsync([new("a", "crm.contact.get"), new("b", "crm.deal.list")]);
        var listing = await Assert.ThrowsAsync<Bitrix24LimitException>(async () =>
        {
            await foreach (var page in harness.Client.ListAsync(new Bitrix24ListRequest("crm.deal.list")))
            {
                Assert.Fail("A blocked method must not be listed.");
            }
        });

        Assert.Equal(TimeSpan.FromMinutes(5), Assert.IsType<Bitrix24LimitException>(batch.Errors["b"]).RetryAfter);
        Assert.NotNull(listing.RetryAfter);
        Assert.Single(harness.Portal.Requests);
    }

    [Fact]
    public async Task TheCallersCancellationIsNotMistakenForATimeOutNorRetried()
    {
        using var harness = new Bitrix24Harness();
        using var cancel = new CancellationTokenSource();
        harness.Portal.OnRequest = cancel.Cancel;
        harness.Portal.Enqueue("crm.deal.get", FakeResponse.Failure(new TaskCanceledException("canceled")), Deal);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.Client.CallAsync("crm.deal.get", ct: cancel.Token));

        Assert.Equal(1, harness.Portal.CountOf("crm.deal.get"));
    }

    [Fact]
    public async Task AnAlreadyCancelledCallIsNotSent()
    {
        using var harness = new Bitrix24Harness();
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.Client.CallAsync("crm.deal.get", ct: cancel.Token));

        Assert.Empty(harness.Portal.Requests);
    }

    [Fact]
    public async Task HttpStatusAloneDoesNotMakeAnErrorTheCodeDoes()
    {
        // 200 with an error envelope is still an error; 401 with a result would be a success.
        using var harness = new Bitrix24Harness();
        harness.Portal.Enqueue(
            "crm.deal.get",
            FakeResponse.Error((int)HttpStatusCode.OK, "ACCESS_DENIED", "Access denied!"),
            new FakeResponse(401, """{"result":{"ID":"1"}}"""));

        await Assert.ThrowsAsync<Bitrix24AccessException>(() => harness.Client.CallAsync("crm.deal.get"));
        var result = await harness.Client.CallAsync("crm.deal.get");

        Assert.Equal(1, new Bitrix24Row(result).Long("ID"));
    }
}

internal static class FakeResponseTimeExtensions
{
    /// <summary>The same answer with a <c>time</c> block that carries the operating limiter's fields.</summary>
    public static FakeResponse WithTime(this FakeResponse response, string timeJson)
    {
        var body = response.Body;
        var at = body.IndexOf(",\"time\":", StringComparison.Ordinal);
        return response with { Body = body[..at] + ",\"time\":" + timeJson + "}" };
    }
}
