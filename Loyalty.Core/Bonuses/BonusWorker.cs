using Loyalty.Core.Bitrix24;
using Loyalty.Core.Sync;
using Loyalty.Core.WriteBack;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Loyalty.Core.Bonuses;

/// <summary>
/// Runs the bonus pass shortly after the mirror changes (a sync chunk, an event re-read) and at least every
/// 20 seconds, then sends what is due to Bitrix24: a won deal shows in the customer's balance, and in the
/// contact's fields in Bitrix24, well within a minute.
/// </summary>
internal sealed class BonusWorker(
    BonusProcessor processor, CrmWriteBackOutbox outbox, SyncMonitor monitor, IOptions<SyncOptions> options, TimeProvider time, ILogger<BonusWorker> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(20);

    private readonly SemaphoreSlim _signal = new(0, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        monitor.MirrorChanged += OnMirrorChanged;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await _signal.WaitAsync(Interval, stoppingToken);
                    // Gather a burst of changes (a sync writes chunk after chunk) into one pass.
                    await Task.Delay(TimeSpan.FromMilliseconds(500), time, stoppingToken);
                    await processor.ProcessAsync(stoppingToken);
                    await outbox.SendDueAsync(stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex) when (ex is Bitrix24Exception or HttpRequestException or InvalidOperationException or Microsoft.EntityFrameworkCore.DbUpdateException)
                {
                    logger.LogWarning(ex, "The bonus pass failed; it runs again shortly");
                    await Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken);
                }
            }
        }
        finally
        {
            monitor.MirrorChanged -= OnMirrorChanged;
        }
    }

    private void OnMirrorChanged(MirrorChange change)
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }
}
