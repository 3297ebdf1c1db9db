using Loyalty.Core.Portal;
using Loyalty.Core.Sync;
using Loyalty.Core.WriteBack;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Loyalty.Core.Promoters;

/// <summary>
/// Runs the promoter pass shortly after the mirror changes (a sync chunk, an event re-read) and at least every 20
/// seconds: the contacts' promoter flags switched in Bitrix24, then the commissions of the new CRM facts, then the
/// write-backs that are due (codes and links, timeline comments).
/// </summary>
internal sealed class PromoterWorker(
    PromoterRegistry registry, PromoterCommissions commissions, CrmWriteBackOutbox outbox, SyncMonitor monitor, IOptions<SyncOptions> options,
    WorkerStatus status, TimeProvider time, ILogger<PromoterWorker> logger)
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

    protected override async Task<bool> RunOnceAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return false;
        }

        await _signal.WaitAsync(Interval, stoppingToken);
        // Gather a burst of changes (a sync writes chunk after chunk) into one pass.
        await Task.Delay(TimeSpan.FromMilliseconds(500), _time, stoppingToken);
        await registry.ApplyCrmFlagsAsync(stoppingToken);
        await commissions.ProcessAsync(stoppingToken);
        await outbox.SendDueAsync(stoppingToken);
        return true;
    }

    private void OnMirrorChanged(MirrorChange change) => _signal.Set();
}
