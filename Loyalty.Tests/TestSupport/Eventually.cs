namespace Loyalty.Tests.TestSupport;

/// <summary>
/// The one way a test waits for something another thread or process does (decision 011): it polls a condition until it
/// holds or a deadline passes, then fails saying what it waited for. No fixed sleeps, no hand-written loops; bUnit's
/// <c>WaitForAssertion</c> stays the way for components, Playwright's own waits for pages.
/// </summary>
public static class Eventually
{
    /// <summary>Long enough for a busy 2-core CI machine; a passing test never waits this long.</summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Waits until <paramref name="probe"/> gives a value and returns it.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? deadline = null, TimeSpan? interval = null)
        where T : class
    {
        var limit = deadline ?? DefaultDeadline;
        var until = DateTime.UtcNow + limit;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Waited {limit.TotalSeconds:0.#} s for {what}.");
            }

            await Task.Delay(interval ?? DefaultInterval);
        }
    }

    /// <summary>Probes until <paramref name="done"/> holds for the probed value and returns it; a timeout names the last value seen.</summary>
    public static async Task<T> MatchAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? deadline = null, TimeSpan? interval = null)
    {
        var last = default(T);
        try
        {
            return (await ValueAsync(async () =>
            {
                last = await probe();
                return done(last) ? new Box<T>(last) : null;
            }, what, deadline, interval)).Value;
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message} Last seen: {last}", timeout);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    public static Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? deadline = null, TimeSpan? interval = null) =>
        ValueAsync<object>(async () => await condition() ? true : null, what, deadline, interval);

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? deadline = null, TimeSpan? interval = null) =>
        TrueAsync(() => Task.FromResult(condition()), what, deadline, interval);

    private sealed record Box<T>(T Value);
}
