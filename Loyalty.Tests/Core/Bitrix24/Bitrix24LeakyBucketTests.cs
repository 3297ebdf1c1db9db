using Loyalty.Core.Bitrix24;
using Loyalty.Tests.Core.Bitrix24.Support;

namespace Loyalty.Tests.Core.Bitrix24;

public sealed class Bitrix24LeakyBucketTests
{
    private static readonly FakeResponse Deal = FakeResponse.Ok("""{"ID":"1"}""");

    [Fact]
    public async Task FiftyRequestsPassAtOnceAndTheFiftyFirstWaitsHalfASecondAtTwoPerSecond()
    {
        using var harness = new Bitrix24Harness(options => (options.RequestsPerSecond, options.BucketSize) = (2, 50));
        harness.Portal.Enqueue("crm.deal.get", Enumerable.Repeat(Deal, 52).ToArray());

        for (var i = 0; i < 50; i++)
        {
            await harness.Client.CallAsync("crm.deal.get");
        }

        Assert.Empty(harness.Time.Delays);

        await harness.Client.CallAsync("crm.deal.get");
        Assert.Equal([TimeSpan.FromMilliseconds(500)], harness.Time.Delays);

        await harness.Client.CallAsync("crm.deal.get");
        Assert.Equal([TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500)], harness.Time.Delays);
    }

    [Fact]
    public async Task TheBucketDrainsWithTimeSoAPauseAllowsAnotherBurst()
    {
        var time = new SteppingTimeProvider(DateTimeOffset.UnixEpoch);
        var bucket = new Bitrix24LeakyBucket(Options(5, 250), time);

        for (var i = 0; i < 250; i++)
        {
            await bucket.WaitAsync(CancellationToken.None);
        }

        time.Advance(TimeSpan.FromSeconds(10));
        for (var i = 0; i < 50; i++)
        {
            await bucket.WaitAsync(CancellationToken.None);
        }

        Assert.Empty(time.Delays);
        await bucket.WaitAsync(CancellationToken.None);
        Assert.Equal([TimeSpan.FromMilliseconds(200)], time.Delays);
    }

    [Fact]
    public void ConcurrentCallersQueueBehindEachOtherInsteadOfWakingTogether()
    {
        var time = new HoldingTimeProvider();
        var bucket = new Bitrix24LeakyBucket(Options(2, 1), time);

        // Nobody's wait ends here, so all four are waiting at once.
        var waits = Enumerable.Range(0, 4).Select(_ => bucket.WaitAsync(CancellationToken.None)).ToList();

        Assert.True(waits[0].IsCompletedSuccessfully);
        Assert.Equal([TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(1500)], time.DueTimes);
    }

    [Fact]
    public async Task ZeroRequestsPerSecondTurnsTheLimiterOff()
    {
        using var harness = new Bitrix24Harness(options => (options.RequestsPerSecond, options.BucketSize) = (0, 1));
        harness.Portal.Enqueue("crm.deal.get", Enumerable.Repeat(Deal, 200).ToArray());

        for (var i = 0; i < 200; i++)
        {
            await harness.Client.CallAsync("crm.deal.get");
        }

        Assert.Empty(harness.Time.Delays);
    }

    [Fact]
    public async Task QueryLimitFromThePortalFillsOurBucketSoTheRetryIsPaced()
    {
        // Other apps on the same IP filled the portal's bucket; ours was empty. Jitter 0 leaves only the limiter's wait.
        using var harness = new Bitrix24Harness(options => (options.RequestsPerSecond, options.BucketSize) = (2, 50), jitter: 0);
        harness.Portal.Enqueue("crm.deal.get", FakeResponse.Error(503, "QUERY_LIMIT_EXCEEDED", "Too many requests"), Deal);

        await harness.Client.CallAsync("crm.deal.get");

        Assert.Equal([TimeSpan.FromMilliseconds(500)], harness.Time.Delays);
    }

    [Fact]
    public async Task ABatchOfFiftyCommandsCountsAsOneRequest()
    {
        using var harness = new Bitrix24Harness(options => (options.RequestsPerSecond, options.BucketSize) = (2, 50));
        harness.Portal.Fill(2_501);

        await foreach (var page in harness.Client.ListAsync(new Bitrix24ListRequest("crm.deal.list")))
        {
            Assert.NotEmpty(page);
        }

        Assert.Empty(harness.Time.Delays);
    }

    [Fact]
    public void OneBucketAndOneClientServeTheWholeProcess()
    {
        using var harness = new Bitrix24Harness(options => (options.RequestsPerSecond, options.BucketSize) = (2, 50));

        Assert.Same(harness.Get<Bitrix24LeakyBucket>(), harness.Get<Bitrix24LeakyBucket>());
        Assert.Same(harness.Get<IBitrix24Client>(), harness.Client);
    }

    private static Microsoft.Extensions.Options.IOptions<Bitrix24Options> Options(double rate, int size) =>
        Microsoft.Extensions.Options.Options.Create(new Bitrix24Options { RequestsPerSecond = rate, BucketSize = size });

    /// <summary>A clock whose timers never fire: shows what several waiters asked for while all are waiting.</summary>
    private sealed class HoldingTimeProvider : TimeProvider
    {
        public List<TimeSpan> DueTimes { get; } = [];

        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UnixEpoch;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            DueTimes.Add(dueTime);
            return new NeverTimer();
        }

        private sealed class NeverTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
