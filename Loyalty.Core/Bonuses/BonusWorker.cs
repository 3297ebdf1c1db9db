using Loyalty.Core.Portal;
using Loyalty.Core.Sync;
using Loyalty.Core.WriteBack;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Loyalty.Core.Bonuses;

/// <summary>
/// Runs the bonus pass shortly after the mirror changes (a sync chunk, an event re-read) and at least every
/// 20 seconds, then sends what is due to Bitrix24: a won deal shows in the customer's balance, and in the
/// contact's fields in Bitrix24, well within a minute.
/// </summary>
internal sealed class BonusWorker(
    BonusProcessor processor, CrmWriteBackOutbox outbox, SyncMonitor monitor, IOptions<SyncOptions> options, WorkerStatus status, TimeProvider time, ILogger<BonusWorker> logger)
    : MirrorWorker(monitor, options, status, time, logger)
{
    protected override async Task PassAsync(CancellationToken stoppingToken)
    {
        await processor.ProcessAsync(stoppingToken);
        await outbox.SendDueAsync(stoppingToken);
    }
}
