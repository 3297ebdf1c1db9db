using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Loyalty.Core.Portal;

/// <summary>A background worker that is failing right now: how many rounds in a row, the last error, when it tries again.</summary>
public sealed record WorkerFailure(string Worker, int Failures, DateTime LastFailedAt, string Error, DateTime RetryAt);

/// <summary>
/// The background workers failing right now, for the Jobs page: a failure that repeats is logged and also shown to
/// an administrator, who otherwise would only notice that bonuses or ratings stopped moving.
/// </summary>
public sealed class WorkerStatus
{
    private readonly ConcurrentDictionary<string, WorkerFailure> _failing = new();

    public event Action? Changed;

    public IReadOnlyList<WorkerFailure> Failing => [.. _failing.Values.OrderBy(f => f.Worker, StringComparer.Ordinal)];

    internal void Failed(WorkerFailure failure)
    {
        _failing[failure.Worker] = failure;
        Changed?.Invoke();
    }

    internal void Recovered(string worker)
    {
        if (_failing.TryRemove(worker, out _))
        {
            Changed?.Invoke();
        }
    }
}

/// <summary>
/// A <see cref="BackgroundService"/> whose loop outlives its failures. Each round (<see cref="RunOnceAsync"/>: wait for
/// work, do it) that throws is logged, reported to <see cref="WorkerStatus"/> and retried after an exponential back-off
/// (1 s, 2 s, 4 s … capped at 5 minutes); the first round that succeeds clears it. Without this, .NET stops the whole
/// host when a background service throws, and a record that makes a worker throw stops the portal on every restart.
/// </summary>
public abstract class ResilientWorker(WorkerStatus status, TimeProvider time, ILogger logger) : BackgroundService
{
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxRetry = TimeSpan.FromMinutes(5);

    /// <summary>From this many failures in a row a failure is logged as an error rather than a warning.</summary>
    private const int PersistentFailures = 3;

    /// <summary>The wait before the next round after <paramref name="failures"/> failed rounds in a row (1 or more).</summary>
    public static TimeSpan RetryDelay(int failures) =>
        TimeSpan.FromMilliseconds(Math.Min(MaxRetry.TotalMilliseconds, FirstRetry.TotalMilliseconds * Math.Pow(2, Math.Clamp(failures - 1, 0, 30))));

    /// <summary>The name the log and the Jobs page use.</summary>
    protected virtual string WorkerName => GetType().Name;

    /// <summary>One round of the loop: wait for work (or a tick), then do it. False when the worker has nothing more to do.</summary>
    protected abstract Task<bool> RunOnceAsync(CancellationToken stoppingToken);

    /// <summary>The wait after a failed round; tests shorten it.</summary>
    protected virtual TimeSpan Backoff(int failures) => RetryDelay(failures);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            bool more;
            try
            {
                more = await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                var delay = Backoff(failures);
                var now = time.GetUtcNow().UtcDateTime;
                logger.Log(failures >= PersistentFailures ? LogLevel.Error : LogLevel.Warning, ex,
                    "{Worker} failed ({Failures} in a row); it tries again in {Delay}", WorkerName, failures, delay);
                status.Failed(new WorkerFailure(WorkerName, failures, now, $"{ex.GetType().Name}: {ex.Message}", now + delay));
                try
                {
                    await Task.Delay(delay, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            if (failures > 0)
            {
                logger.LogInformation("{Worker} works again after {Failures} failed round(s)", WorkerName, failures);
                failures = 0;
                status.Recovered(WorkerName);
            }

            if (!more)
            {
                return;
            }
        }
    }
}
