using Loyalty.Tests.TestSupport;
using Loyalty.Core.Portal;
using Microsoft.Extensions.Logging.Abstractions;

namespace Loyalty.Tests.Core.Portal;

/// <summary>A background worker's loop outlives its failures: it backs off, reports them, and goes on.</summary>
public sealed class ResilientWorkerTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(9, 256)]
    [InlineData(10, 300)]
    [InlineData(1000, 300)]
    public void TheBackOffDoublesUpToFiveMinutes(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), ResilientWorker.RetryDelay(failures));

    [Fact]
    public async Task ALoopWhoseRoundThrowsOnceKeepsGoingAndClearsItsFailure()
    {
        var status = new WorkerStatus();
        var failures = new List<WorkerFailure>();
        status.Changed += () =>
        {
            lock (failures)
            {
                failures.AddRange(status.Failing);
            }
        };
        using var worker = new FlakyWorker(status, failFirst: 1, succeedThenStop: 5);

        await worker.StartAsync(CancellationToken.None);
        await worker.Done.WaitAsync(Deadline);
        await worker.StopAsync(CancellationToken.None);

        Assert.Equal(5, worker.Succeeded);
        var failure = Assert.Single(failures);
        Assert.Equal(nameof(FlakyWorker), failure.Worker);
        Assert.Equal(1, failure.Failures);
        Assert.Contains("the dependency is down", failure.Error, StringComparison.Ordinal);
        // The next good round cleared it: nothing is shown as failing any more.
        Assert.Empty(status.Failing);
    }

    [Fact]
    public async Task AFailureThatRepeatsStaysVisibleWithItsCount()
    {
        var status = new WorkerStatus();
        using var worker = new FlakyWorker(status, failFirst: int.MaxValue, succeedThenStop: 1);

        await worker.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => status.Failing is [{ Failures: >= 3 }], "three failures in a row", Deadline, TimeSpan.FromMilliseconds(10));

        await worker.StopAsync(CancellationToken.None);

        var failing = Assert.Single(status.Failing);
        Assert.Equal(nameof(FlakyWorker), failing.Worker);
        Assert.True(failing.RetryAt >= failing.LastFailedAt);
    }

    /// <summary>Fails its first rounds (a dependency that is down), then succeeds some rounds and stops; no wait between rounds in a test.</summary>
    private sealed class FlakyWorker(WorkerStatus status, int failFirst, int succeedThenStop)
        : ResilientWorker(status, TimeProvider.System, NullLogger.Instance)
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _failures;

        public int Succeeded { get; private set; }

        public Task Done => _done.Task;

        protected override TimeSpan Backoff(int failures) => TimeSpan.Zero;

        protected override async Task<bool> RunOnceAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            if (_failures < failFirst)
            {
                _failures++;
                throw new InvalidOperationException("the dependency is down");
            }

            if (++Succeeded < succeedThenStop)
            {
                return true;
            }

            _done.TrySetResult();
            return false;
        }
    }
}
