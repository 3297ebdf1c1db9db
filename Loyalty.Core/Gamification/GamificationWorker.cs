using Loyalty.Core.Data;
using Loyalty.Core.Portal;
using Loyalty.Core.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Loyalty.Core.Gamification;

/// <summary>
/// Keeps the leaderboards live: at start the example ratings (once) and a full pass; then, shortly after every
/// mirror change (a sync chunk, an event re-read), the incremental pass — points, the touched ratings, badges —
/// whose boards reach the open pages at once through <see cref="LeaderboardHub"/>. At least every 30 seconds it
/// looks for facts anyway.
/// </summary>
internal sealed class GamificationWorker(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    GamificationPipeline pipeline,
    SyncMonitor monitor,
    IOptions<SyncOptions> sync,
    IOptions<GamificationOptions> options,
    WorkerStatus status,
    TimeProvider time,
    ILogger<GamificationWorker> logger) : ResilientWorker(status, time, logger)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private readonly WakeSignal _signal = new();

    private readonly TimeProvider _time = time;

    private bool _examplesDone;

    private bool _fullPassDone;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        monitor.MirrorChanged += OnMirrorChanged;
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
        if (!_examplesDone)
        {
            if (options.Value.CreateExamples)
            {
                await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
                await GamificationDefaults.EnsureAsync(db, _time.GetUtcNow().UtcDateTime, stoppingToken);
            }

            _examplesDone = true;
        }

        if (!sync.Value.Enabled)
        {
            return false;
        }

        if (!_fullPassDone)
        {
            await pipeline.RunFullAsync(stoppingToken);
            _fullPassDone = true;
            return true;
        }

        await _signal.WaitAsync(Interval, stoppingToken);
        // Gather a burst of changes (a running sync writes chunk after chunk) into one pass. A change outside a
        // sync (an event's re-read: a deal just won) goes at once: waiting here would spend the whole budget of
        // "fact → board on the screen" (200 ms) before the pass even starts. Changes that come during a pass
        // leave the signal set, so they get one more pass right after it.
        if (monitor.IsRunning)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), _time, stoppingToken);
        }

        await pipeline.RunIncrementalAsync(stoppingToken);
        return true;
    }

    private void OnMirrorChanged(MirrorChange change) => _signal.Set();
}
