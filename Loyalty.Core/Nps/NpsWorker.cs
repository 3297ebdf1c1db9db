using Loyalty.Core.Notifications;
using Loyalty.Core.Portal;
using Loyalty.Core.Sync;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Loyalty.Core.Nps;

/// <summary>
/// Runs the NPS pass shortly after the mirror changes and at least every 20 seconds (so a 2-minute delay fires
/// without a CRM change): the default template on a fresh start, the rules' new surveys, the due surveys, then wakes the outbox.
/// </summary>
internal sealed class NpsWorker(
    NpsTemplateStore templates, NpsSurveys surveys, NotificationOutbox outbox, SyncMonitor monitor, IOptions<SyncOptions> options,
    WorkerStatus status, TimeProvider time, ILogger<NpsWorker> logger)
    : MirrorWorker(monitor, options, status, time, logger)
{
    private bool _seeded;

    protected override async Task PassAsync(CancellationToken stoppingToken)
    {
        if (!_seeded)
        {
            await templates.EnsureDefaultAsync(stoppingToken);
            _seeded = true;
        }

        await surveys.ScheduleFromRulesAsync(stoppingToken);
        if (await surveys.SendDueAsync(stoppingToken) > 0)
        {
            outbox.Wake();
        }
    }
}
