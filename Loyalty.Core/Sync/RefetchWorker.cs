using Loyalty.Core.Portal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Loyalty.Core.Sync;

/// <summary>
/// Re-reads what events pointed at, shortly after they arrive (and every 30 s for anything left over). A failed round
/// (Bitrix24 unreachable, the database busy) leaves the entities pending and is retried with a back-off; a record that
/// cannot be mapped never fails a round: the re-read skips it into the sync issues.
/// </summary>
internal sealed class RefetchWorker(
    EventInbox inbox, CrmSync sync, IOptions<SyncOptions> options, WorkerStatus status, TimeProvider time, ILogger<RefetchWorker> logger)
    : ResilientWorker(status, time, logger)
{
    private readonly TimeProvider _time = time;

    protected override async Task<bool> RunOnceAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return false;
        }

        await inbox.WaitAsync(TimeSpan.FromSeconds(30), stoppingToken);
        // A short pause gathers a burst of events (a bulk edit) into one batch.
        await Task.Delay(TimeSpan.FromMilliseconds(300), _time, stoppingToken);
        while (await sync.RefetchPendingAsync(stoppingToken) > 0)
        {
        }

        return true;
    }
}
