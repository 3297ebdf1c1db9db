using Loyalty.Core.Bitrix24;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Loyalty.Core.Sync;

/// <summary>Re-reads what events pointed at, shortly after they arrive (and every 30 s for anything left over).</summary>
internal sealed class RefetchWorker(EventInbox inbox, CrmSync sync, IOptions<SyncOptions> options, TimeProvider time, ILogger<RefetchWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await inbox.WaitAsync(TimeSpan.FromSeconds(30), stoppingToken);
                // A short pause gathers a burst of events (a bulk edit) into one batch.
                await Task.Delay(TimeSpan.FromMilliseconds(300), time, stoppingToken);
                while (await sync.RefetchPendingAsync(stoppingToken) > 0)
                {
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is Bitrix24Exception or HttpRequestException or InvalidOperationException)
            {
                logger.LogWarning(ex, "Re-reading entities named by events failed; they stay pending");
                await Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken);
            }
        }
    }
}
