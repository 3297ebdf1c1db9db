namespace Loyalty.Web.Sandbox.Api;

/// <summary>
/// The portal's request limiter (§4.1): every request adds one to a bucket that drains at a fixed rate; a request
/// that would overflow it is refused. One bucket for the whole sandbox, as the real one is per portal.
/// </summary>
internal sealed class LeakyBucket(SandboxRateLimitOptions options, TimeProvider clock)
{
    private readonly Lock _lock = new();
    private double _level;
    private long _drainedAt = clock.GetTimestamp();

    public bool TryTake()
    {
        if (options.RequestsPerSecond <= 0)
        {
            return true;
        }

        lock (_lock)
        {
            var now = clock.GetTimestamp();
            _level = Math.Max(0, _level - (clock.GetElapsedTime(_drainedAt, now).TotalSeconds * options.RequestsPerSecond));
            _drainedAt = now;
            if (_level + 1 > options.BucketSize)
            {
                return false;
            }

            _level += 1;
            return true;
        }
    }
}
