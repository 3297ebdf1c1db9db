namespace Loyalty.Core.Bitrix24;

/// <summary>
/// Exponential back-off with full jitter: before retry n (0-based) wait a uniformly random time in
/// [0, min(<see cref="MaxDelay"/>, <see cref="BaseDelay"/> × 2ⁿ)]. Jitter keeps several workers that failed together
/// from retrying together; the random source is injectable so tests can pin it.
/// </summary>
internal sealed class Bitrix24Backoff(Func<double> nextUnit)
{
    public static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    public Bitrix24Backoff()
        : this(Random.Shared.NextDouble)
    {
    }

    public TimeSpan Delay(int retry)
    {
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Clamp(retry, 0, 20)));
        return TimeSpan.FromMilliseconds(ceiling * Math.Clamp(nextUnit(), 0, 1));
    }
}
