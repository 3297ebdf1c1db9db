using Loyalty.Core.Data;
using Loyalty.Core.Portal;
using Loyalty.Core.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Loyalty.Core.Bitrix24.UserFields;

/// <summary>
/// Checks the portal's user fields once the host has started (creating what is missing), then again every few
/// minutes while writes wait for a field, and hourly otherwise (a field deleted in Bitrix24 is noticed). A failing
/// check is retried by <see cref="ResilientWorker"/> and never stops the host. Runs with the sync (<c>Sync:Enabled</c>).
/// </summary>
internal sealed class UserFieldWorker(
    UserFieldProvisioner provisioner,
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    IHostApplicationLifetime lifetime,
    IOptions<SyncOptions> options,
    WorkerStatus status,
    TimeProvider time,
    ILogger<UserFieldWorker> logger) : ResilientWorker(status, time, logger)
{
    /// <summary>While writes wait for a field, the fields are listed again at most this often.</summary>
    public static readonly TimeSpan WaitingRecheck = TimeSpan.FromMinutes(3);

    public static readonly TimeSpan RegularRecheck = TimeSpan.FromHours(1);

    private static readonly TimeSpan Tick = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _time = time;

    private DateTime? _lastRun;

    protected override async Task<bool> RunOnceAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return false;
        }

        if (_lastRun is null)
        {
            // The sandbox answers on this host's own address: wait until it listens.
            await WhenStartedAsync(stoppingToken);
        }
        else
        {
            await Task.Delay(Tick, _time, stoppingToken);
            var since = _time.GetUtcNow().UtcDateTime - _lastRun.Value;
            if (!IsDue(since, since >= WaitingRecheck && since < RegularRecheck && await WritesWaitAsync(stoppingToken)))
            {
                return true;
            }
        }

        var result = await provisioner.ProvisionAsync(stoppingToken);
        _lastRun = result.CheckedAt;
        return true;
    }

    /// <summary>Whether to list the fields again, <paramref name="since"/> the last check: hourly, or every few minutes while writes wait.</summary>
    internal static bool IsDue(TimeSpan since, bool writesWait) => since >= RegularRecheck || (writesWait && since >= WaitingRecheck);

    private async Task<bool> WritesWaitAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.CrmWriteBacks.AnyAsync(w => w.SentAt == null && w.WaitingFor != null, ct);
    }

    private async Task WhenStartedAsync(CancellationToken ct)
    {
        if (lifetime.ApplicationStarted.IsCancellationRequested)
        {
            return;
        }

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await using var onStopping = ct.Register(() => started.TrySetCanceled(ct));
        await started.Task;
    }
}
