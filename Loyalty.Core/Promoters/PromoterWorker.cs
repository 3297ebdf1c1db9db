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
    : MirrorWorker(monitor, options, status, time, logger)
{
    protected override async Task PassAsync(CancellationToken stoppingToken)
    {
        await registry.ApplyCrmFlagsAsync(stoppingToken);
        await commissions.ProcessAsync(stoppingToken);
        await outbox.SendDueAsync(stoppingToken);
    }
}
