using System.Runtime.CompilerServices;
using Loyalty.Core.Sync;
using Loyalty.Tests.TestSupport;

namespace Loyalty.Tests.Core.Sync;

/// <summary>The sync reads the next pages while it writes the current ones: <c>CrmSync.ReadAheadAsync</c>.</summary>
public sealed class ReadAheadTests
{
    [Fact]
    public async Task ItemsArriveInOrderAndTheSourceRunsAheadOfTheConsumer()
    {
        var produced = 0;
        var received = new List<int>();
        await foreach (var item in CrmSync.ReadAheadAsync(ct => Numbers(10, () => produced++, ct), 3, default))
        {
            if (item == 0)
            {
                // While the consumer still works on the first item, the source has read further.
                await Eventually.TrueAsync(() => Volatile.Read(ref produced) >= 4, "the source to read ahead");
            }

            received.Add(item);
        }

        Assert.Equal(Enumerable.Range(0, 10), received);
    }

    [Fact]
    public async Task TheSourcesFailureReachesTheConsumerAfterTheItemsReadBeforeIt()
    {
        var received = new List<int>();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var item in CrmSync.ReadAheadAsync(ct => Failing(2, ct), 10, default))
            {
                received.Add(item);
            }
        });

        Assert.Equal("the portal went away", error.Message);
        Assert.Equal([0, 1], received);
    }

    [Fact]
    public async Task AConsumerThatFailsStopsTheSourceAndWaitsForItToEnd()
    {
        var source = new SourceProbe();

        await Assert.ThrowsAsync<TimeoutException>(async () =>
        {
            await foreach (var item in CrmSync.ReadAheadAsync(source.EndlessAsync, 2, default))
            {
                if (item == 1)
                {
                    throw new TimeoutException("the database is locked");
                }
            }
        });

        Assert.True(source.Ended);
        Assert.True(source.Cancelled);
    }

    [Fact]
    public async Task CancellingTheConsumerStopsItAndTheSource()
    {
        var source = new SourceProbe();
        using var stop = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var item in CrmSync.ReadAheadAsync(source.OneThenWaitAsync, 2, stop.Token))
            {
                await stop.CancelAsync();
            }
        });

        Assert.True(source.Ended);
        Assert.True(source.Cancelled);
    }

    private static async IAsyncEnumerable<int> Numbers(int count, Action produced, [EnumeratorCancellation] CancellationToken ct)
    {
        for (var i = 0; i < count; i++)
        {
            await Task.Yield();
            ct.ThrowIfCancellationRequested();
            produced();
            yield return i;
        }
    }

    private static async IAsyncEnumerable<int> Failing(int before, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var item in Numbers(before, () => { }, ct))
        {
            yield return item;
        }

        throw new InvalidOperationException("the portal went away");
    }


    private sealed class SourceProbe
    {
        public bool Ended { get; private set; }

        public bool Cancelled { get; private set; }

        public async IAsyncEnumerable<int> EndlessAsync([EnumeratorCancellation] CancellationToken ct)
        {
            try
            {
                for (var i = 0; ; i++)
                {
                    await Task.Yield();
                    ct.ThrowIfCancellationRequested();
                    yield return i;
                }
            }
            finally
            {
                Cancelled = ct.IsCancellationRequested;
                Ended = true;
            }
        }

        public async IAsyncEnumerable<int> OneThenWaitAsync([EnumeratorCancellation] CancellationToken ct)
        {
            try
            {
                yield return 0;
                await Task.Delay(Timeout.InfiniteTimeSpan, ct);
                yield return 1;
            }
            finally
            {
                Cancelled = ct.IsCancellationRequested;
                Ended = true;
            }
        }
    }
}
