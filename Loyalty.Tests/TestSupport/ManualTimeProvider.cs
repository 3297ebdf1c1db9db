namespace Loyalty.Tests.TestSupport;

/// <summary>
/// A clock that stands still until a test moves it. With <paramref name="manualTimers"/> its timers fire only when it
/// is moved past their time; without, timers run on real time, since components (MudBlazor's debounced inputs) wait
/// on this provider's timers and a test that never moves the clock must still see them fire.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset utcNow, bool manualTimers = false) : TimeProvider
{
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _utcNow = utcNow;

    public override DateTimeOffset GetUtcNow() => _utcNow;

    public void Advance(TimeSpan by)
    {
        List<ManualTimer> due;
        lock (_timers)
        {
            _utcNow += by;
            due = _timers.Where(t => t.Due is { } at && at <= _utcNow).ToList();
        }

        foreach (var timer in due)
        {
            timer.Fire(_utcNow);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (!manualTimers)
        {
            return System.CreateTimer(callback, state, dueTime, period);
        }

        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        lock (_timers)
        {
            _timers.Add(timer);
        }

        return timer;
    }

    private sealed class ManualTimer(ManualTimeProvider time, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period;

        public DateTimeOffset? Due { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            Due = dueTime == Timeout.InfiniteTimeSpan ? null : time._utcNow + dueTime;
            return true;
        }

        /// <summary>Fires once however far the clock moved (as a late timer does), then waits for its next period.</summary>
        public void Fire(DateTimeOffset now)
        {
            Due = _period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero ? null : now + _period;
            callback(state);
        }

        public void Dispose()
        {
            Due = null;
            lock (time._timers)
            {
                time._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
