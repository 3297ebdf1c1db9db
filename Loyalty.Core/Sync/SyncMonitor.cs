namespace Loyalty.Core.Sync;

/// <summary>Where the running sync is, for the live progress bar.</summary>
public sealed record SyncProgress(long RunId, SyncKind Kind, SyncEntity? Entity, int EntityIndex, int EntityCount, long Read, long Changed, DateTime StartedAt);

/// <summary>
/// The one place that knows whether a sync is running (one at a time per process; Quartz adds the same
/// rule per job) and how far it got. Pages subscribe to <see cref="Changed"/>; it carries no UI types.
/// Mirror writes from a sync and from event re-reads go through <see cref="WriteLock"/>, one at a time.
/// </summary>
public sealed class SyncMonitor
{
    private readonly SemaphoreSlim _run = new(1, 1);

    public SemaphoreSlim WriteLock { get; } = new(1, 1);

    public SyncProgress? Current { get; private set; }

    /// <summary>Raised on progress, on start and on finish (then <see cref="Current"/> is null).</summary>
    public event Action? Changed;

    public bool IsRunning => Current is not null;

    internal bool TryBegin() => _run.Wait(0);

    internal void Report(SyncProgress progress)
    {
        Current = progress;
        Changed?.Invoke();
    }

    internal void End()
    {
        Current = null;
        _run.Release();
        Changed?.Invoke();
    }

    /// <summary>Raised after mirror rows or facts were written (sync or events): programs recalculate, pages refresh.</summary>
    public event Action<MirrorChange>? MirrorChanged;

    internal void ReportMirrorChange(MirrorChange change) => MirrorChanged?.Invoke(change);
}

public sealed record MirrorChange(SyncEntity Entity, int Rows, int Facts);

/// <summary>A sync was asked for while another one runs.</summary>
public sealed class SyncAlreadyRunningException() : InvalidOperationException("A sync is already running.");
