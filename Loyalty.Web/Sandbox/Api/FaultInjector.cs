using Loyalty.Web.Sandbox.Generation;

namespace Loyalty.Web.Sandbox.Api;

internal enum Fault
{
    None,
    QueryLimitExceeded,
    ServerError,
    ExpiredToken,
    SlowResponse,
}

/// <summary>Draws, per REST call, whether it fails on purpose. Seeded, so a failing test run can be replayed.</summary>
internal sealed class FaultInjector(SandboxFaultOptions options)
{
    private readonly Lock _lock = new();
    private readonly SandboxRandom _random = new(options.Seed);

    public Fault Draw()
    {
        lock (_lock)
        {
            // Each configured fault gets its own draw, in a fixed order; an unset rate draws nothing.
            if (Hit(options.QueryLimitExceededRate))
            {
                return Fault.QueryLimitExceeded;
            }

            if (Hit(options.ServerErrorRate))
            {
                return Fault.ServerError;
            }

            if (Hit(options.ExpiredTokenRate))
            {
                return Fault.ExpiredToken;
            }

            return Hit(options.SlowResponseRate) ? Fault.SlowResponse : Fault.None;
        }
    }

    private bool Hit(double rate) => rate > 0 && _random.NextDouble() < rate;
}
