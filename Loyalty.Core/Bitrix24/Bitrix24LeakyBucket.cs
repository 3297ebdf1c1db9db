using Microsoft.Extensions.Options;

namespace Loyalty.Core.Bitrix24;

/// <summary>
/// The portal's request-rate limit mirrored on our side (§4.1): a bucket of <see cref="Bitrix24Options.BucketSize"/>
/// that drains at <see cref="Bitrix24Options.RequestsPerSecond"/>. Every HTTP request (a batch is one) adds one;
/// a request that would overflow waits until it fits. One instance per process: the portal counts per portal and
/// source IP, so separate buckets per caller would only trip QUERY_LIMIT_EXCEEDED sooner.
/// </summary>
internal sealed class Bitrix24LeakyBucket
{
    private readonly TimeProvider _time;
    private readonly double _rate;
    private readonly double _capacity;
    private readonly Lock _lock = new();
    private double _level;
    private DateTimeOffset _updated;

    public Bitrix24LeakyBucket(IOptions<Bitrix24Options> options, TimeProvider time)
    {
        _time = time;
        _rate = options.Value.RequestsPerSecond;
        _capacity = Math.Max(1, options.Value.BucketSize);
        _updated = time.GetUtcNow();
    }

    public bool Enabled => _rate > 0;

    /// <summary>Waits until one more request fits, then counts it.</summary>
    public async ValueTask WaitAsync(CancellationToken ct)
    {
        if (!Enabled)
        {
            return;
        }

        TimeSpan wait;
        lock (_lock)
        {
            Drain();
            // The slot is reserved now, before waiting, so that concurrent callers queue behind each other
            // instead of all waking at the same instant; the level may exceed the capacity by the queue length.
            var overflow = _level + 1 - _capacity;
            wait = overflow > 0 ? TimeSpan.FromSeconds(overflow / _rate) : TimeSpan.Zero;
            _level += 1;
        }

        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await Task.Delay(wait, _time, ct);
        }
        catch (OperationCanceledException)
        {
            lock (_lock)
            {
                _level = Math.Max(0, _level - 1);
            }

            throw;
        }
    }

    /// <summary>
    /// The portal said QUERY_LIMIT_EXCEEDED: its bucket is full whatever ours thought (other apps on the same IP
    /// count too), so the next requests are paced at the drain rate.
    /// </summary>
    public void MarkFull()
    {
        if (!Enabled)
        {
            return;
        }

        lock (_lock)
        {
            Drain();
            _level = Math.Max(_level, _capacity);
        }
    }

    private void Drain()
    {
        var now = _time.GetUtcNow();
        var elapsed = (now - _updated).TotalSeconds;
        if (elapsed > 0)
        {
            _level = Math.Max(0, _level - (elapsed * _rate));
        }

        _updated = now;
    }
}
