using System.Collections.Concurrent;
using System.Globalization;

namespace Loyalty.Core.Bitrix24;

/// <summary>
/// The per-method "operating" limit (§4.2): once the portal answers OPERATION_TIME_LIMIT for a method, that method
/// stays blocked on our side until <c>time.operating_reset_at</c> of its last successful answer (or
/// <see cref="DefaultBlock"/> when none is known), and calls to it fail at once with the time left instead of
/// hammering a portal that will refuse them for minutes. Other methods are unaffected, as on the portal.
/// </summary>
internal sealed class Bitrix24OperatingLimits(TimeProvider time)
{
    /// <summary>How long a method is left alone when the portal gave no reset time.</summary>
    public static readonly TimeSpan DefaultBlock = TimeSpan.FromMinutes(5);

    // The limit is a sliding 10-minute window; a remembered reset further away than that is stale or wrong.
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    private readonly TimeProvider _time = time;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _resetAt = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _blockedUntil = new(StringComparer.OrdinalIgnoreCase);

    public void Observe(string method, DateTimeOffset? resetAt)
    {
        if (resetAt is { } at)
        {
            _resetAt[method] = at;
        }
    }

    /// <summary>Blocks <paramref name="method"/> and returns the exception to surface, with the time left.</summary>
    public Bitrix24LimitException Block(string method, Bitrix24Exception refusal)
    {
        var now = _time.GetUtcNow();
        var until = _resetAt.TryGetValue(method, out var resetAt) && resetAt > now && resetAt - now <= Window
            ? resetAt
            : now + DefaultBlock;
        _blockedUntil.AddOrUpdate(method, until, (_, previous) => previous > until ? previous : until);
        return new Bitrix24LimitException(refusal.Code, refusal.Description, refusal.HttpStatus, until - now);
    }

    /// <summary>The refusal for the first of <paramref name="methods"/> still blocked, or null.</summary>
    public Bitrix24LimitException? Refusal(IEnumerable<string> methods)
    {
        var now = _time.GetUtcNow();
        foreach (var method in methods)
        {
            if (_blockedUntil.TryGetValue(method, out var until))
            {
                if (until > now)
                {
                    var at = until.UtcDateTime.ToString("HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                    return new Bitrix24LimitException(
                        Bitrix24Errors.OperationTimeLimit,
                        $"{method} is blocked by the portal's operation time limit until {at}; not called.",
                        429,
                        until - now);
                }

                _blockedUntil.TryRemove(KeyValuePair.Create(method, until));
            }
        }

        return null;
    }
}
