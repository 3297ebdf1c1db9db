using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Loyalty.Core.Identity;

/// <summary>
/// Counts wrong passwords per account <b>and</b> client address and refuses that pair once it reaches
/// <see cref="AccountLockoutOptions.MaxFailedSignIns"/>, until <see cref="AccountLockoutOptions.LockoutMinutes"/>
/// pass after its last failure. It replaces Identity's lockout, which is per account only and so let anyone who
/// knows an address lock its owner out. Unknown addresses are counted exactly like known ones.
/// Kept in memory: a single-node portal; a restart forgets the counts (see docs/decisions).
/// </summary>
public sealed class SignInThrottle(IOptions<AccountLockoutOptions> options, TimeProvider time)
{
    /// <summary>Pairs remembered at most; beyond it expired pairs are dropped, then the stalest.</summary>
    internal const int Capacity = 50_000;

    private readonly ConcurrentDictionary<(string Account, string Client), Failures> _failures = new();

    private TimeSpan Window => TimeSpan.FromMinutes(options.Value.LockoutMinutes);

    /// <summary>True when this client address may not try this account now.</summary>
    public bool IsRefused(string email, string client) =>
        _failures.TryGetValue(Key(email, client), out var failures)
        && !Expired(failures)
        && failures.Count >= options.Value.MaxFailedSignIns;

    /// <summary>Counts a wrong password; returns true when this failure makes the pair refused.</summary>
    public bool RecordFailure(string email, string client)
    {
        if (_failures.Count >= Capacity)
        {
            Prune();
        }

        var now = time.GetUtcNow();
        var updated = _failures.AddOrUpdate(
            Key(email, client),
            _ => new Failures(1, now),
            (_, old) => Expired(old) ? new Failures(1, now) : new Failures(old.Count + 1, now));
        return updated.Count >= options.Value.MaxFailedSignIns;
    }

    /// <summary>A right password from this address clears its count for the account.</summary>
    public void Forget(string email, string client) => _failures.TryRemove(Key(email, client), out _);

    private static (string, string) Key(string email, string client) => (email.Trim().ToUpperInvariant(), client);

    private bool Expired(Failures failures) => time.GetUtcNow() - failures.LastUtc >= Window;

    private void Prune()
    {
        foreach (var (key, failures) in _failures)
        {
            if (Expired(failures))
            {
                _failures.TryRemove(key, out _);
            }
        }

        // Still full of live pairs (a flood from many addresses): forget the stalest half rather than grow.
        if (_failures.Count >= Capacity)
        {
            foreach (var (key, _) in _failures.OrderBy(p => p.Value.LastUtc).Take(Capacity / 2).ToList())
            {
                _failures.TryRemove(key, out _);
            }
        }
    }

    private sealed record Failures(int Count, DateTimeOffset LastUtc);
}
