using Loyalty.Core.Portal;

namespace Loyalty.Core.Promoters;

/// <summary>The lead outbox's wake-up: a recorded submission wakes the worker at once instead of at its next poll.</summary>
public sealed class ReferralOutbox : IDisposable
{
    public WakeSignal Signal { get; } = new();

    public void Wake() => Signal.Set();

    public void Dispose() => Signal.Dispose();
}
