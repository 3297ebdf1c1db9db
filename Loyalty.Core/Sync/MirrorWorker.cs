using Loyalty.Core.Portal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Loyalty.Core.Sync;

/// <summary>
/// A program's worker that runs its pass shortly after the mirror changes (a sync chunk, an event re-read) and at least
/// every 20 seconds, while the sync is on: the bonus program's and the promoter program's.
/// </summary>
public abstract class MirrorWorker(SyncMonitor monitor, IOptions<SyncOptions> options, WorkerStatus status, TimeProvider time, ILogger logger)
    : ResilientWorker(status, time, logger)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(20);

    private readonly WakeSignal _signal = new();

    private readonly TimeProvider _time = time;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Enabled)
        {
            monitor.MirrorChanged += OnMirrorChanged;
        }

        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        monitor.MirrorChanged -= OnMirrorChanged;
        return base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _signal.Dispose();
        base.Dispose();
    }

    /// <summary>One pass over what the mirror's changes brought.</summary>
    protected abstract Task PassAsync(CancellationToken stoppingToken);

    protected sealed override async Task<bool> RunOnceAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return false;
        }

        await _signal.WaitAsync(Interval, stoppingToken);
        // Gather a burst of changes (a sync writes chunk after chunk) into one pass.
        await Task.Delay(TimeSpan.FromMilliseconds(500), _time, stoppingToken);
        await PassAsync(stoppingToken);
        return true;
    }

    private void OnMirrorChanged(MirrorChange change) => _signal.Set();
}
