using Loyalty.Core.Data;
using Loyalty.Core.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
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
    TimeProvider time,
    ILogger<GamificationWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _signal = new(0, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        monitor.MirrorChanged += OnMirrorChanged;
        try
        {
            if (options.Value.CreateExamples)
            {
                await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
                await GamificationDefaults.EnsureAsync(db, time.GetUtcNow().UtcDateTime, stoppingToken);
            }

            if (!sync.Value.Enabled)
            {
                return;
            }

            await RunAsync(full: true, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                await _signal.WaitAsync(Interval, stoppingToken);
                // Gather a burst of changes (a running sync writes chunk after chunk) into one pass. A change outside a
                // sync (an event's re-read: a deal just won) goes at once: waiting here would spend the whole budget of
                // "fact → board on the screen" (200 ms) before the pass even starts. Changes that come during a pass
                // leave the signal set, so they get one more pass right after it.
                if (monitor.IsRunning)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200), time, stoppingToken);
                }
                await RunAsync(full: false, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            monitor.MirrorChanged -= OnMirrorChanged;
        }
    }

    private async Task RunAsync(bool full, CancellationToken ct)
    {
        try
        {
            _ = full ? await pipeline.RunFullAsync(ct) : await pipeline.RunIncrementalAsync(ct);
        }
        catch (Exception ex) when (ex is InvalidOperationException or DbUpdateException or Ledger.LedgerException or Microsoft.Data.Sqlite.SqliteException)
        {
            logger.LogWarning(ex, "The gamification pass failed; it runs again shortly");
            await Task.Delay(TimeSpan.FromSeconds(5), time, ct);
        }
    }

    private void OnMirrorChanged(MirrorChange change)
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
