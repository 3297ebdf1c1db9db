namespace Loyalty.Core.Portal;

/// <summary>
/// Wakes a background worker that otherwise polls: any number of <see cref="Set"/> calls before the worker waits
/// again collapse into one wake-up, and a set that comes during a round leaves the signal set, so the changes it
/// announces get one more round right after. <see cref="WaitAsync"/> returns when set, or when the interval passes.
/// </summary>
public sealed class WakeSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>Wakes the waiting worker, or the next wait; safe from any thread, never throws.</summary>
    public void Set()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already set: one wake-up stands for all.
        }
        catch (ObjectDisposedException)
        {
            // The worker has stopped.
        }
    }

    /// <summary>Waits for <see cref="Set"/> or <paramref name="interval"/>; true when it was set.</summary>
    public Task<bool> WaitAsync(TimeSpan interval, CancellationToken ct) => _signal.WaitAsync(interval, ct);

    public void Dispose() => _signal.Dispose();
}
