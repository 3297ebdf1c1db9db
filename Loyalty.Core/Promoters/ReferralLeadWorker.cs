using Loyalty.Core.Portal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Loyalty.Core.Promoters;

/// <summary>
/// Sends referral leads as soon as a submission is recorded (the outbox's wake signal) and otherwise every
/// <see cref="ReferralOptions.PollSeconds"/> — the safety net for retries that come due and for submissions recorded
/// while the worker was busy. A failing round is retried by <see cref="ResilientWorker"/>.
/// </summary>
internal sealed class ReferralLeadWorker(ReferralLeadSender sender, ReferralOutbox outbox, IOptions<ReferralOptions> options, WorkerStatus status, TimeProvider time,
    ILogger<ReferralLeadWorker> logger)
    : ResilientWorker(status, time, logger)
{
    private bool _started;

    protected override async Task<bool> RunOnceAsync(CancellationToken stoppingToken)
    {
        if (_started)
        {
            await outbox.Signal.WaitAsync(TimeSpan.FromSeconds(Math.Max(1, options.Value.PollSeconds)), stoppingToken);
        }

        // The first round sends what a previous run left at once.
        _started = true;
        await sender.SendDueAsync(stoppingToken);
        return true;
    }
}
