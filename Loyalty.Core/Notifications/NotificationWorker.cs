using Loyalty.Core.Portal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Loyalty.Core.Notifications;

/// <summary>
/// Sends the outbox as soon as a notice is queued (the outbox's wake signal) and otherwise every
/// <see cref="NotificationOptions.PollSeconds"/>, for retries that come due. A failing round is retried by
/// <see cref="ResilientWorker"/>; a failing channel only fails its notices. A Quartz job is the safety net.
/// </summary>
internal sealed class NotificationWorker(NotificationSender sender, NotificationOutbox outbox, ChannelSettings settings, IOptions<NotificationOptions> options,
    WorkerStatus status, TimeProvider time, ILogger<NotificationWorker> logger)
    : ResilientWorker(status, time, logger)
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        settings.Changed += outbox.Wake;
        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        settings.Changed -= outbox.Wake;
        return base.StopAsync(cancellationToken);
    }

    protected override async Task<bool> RunOnceAsync(CancellationToken stoppingToken)
    {
        await outbox.Signal.WaitAsync(TimeSpan.FromSeconds(Math.Max(1, options.Value.PollSeconds)), stoppingToken);
        await sender.SendDueAsync(stoppingToken);
        return true;
    }
}
