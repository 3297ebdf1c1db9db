using System.Collections.Concurrent;

namespace Loyalty.Core.Gamification;

/// <summary>A badge a participant holds, as a leaderboard row shows it.</summary>
public sealed record HeldBadge(long BadgeId, string Name, string Icon, BadgeLevel Level);

/// <summary>One row of a leaderboard: place and movement, who, the score and what each criterion gave.</summary>
public sealed record LeaderboardRow(
    long ParticipantId,
    string Name,
    string Initials,
    string? PhotoUrl,
    string? Department,
    int? Rank,
    int? PreviousRank,
    decimal Score,
    IReadOnlyList<CriterionScore> Criteria,
    IReadOnlyList<HeldBadge> Badges)
{
    /// <summary>Places gained since the row's last change of rank: positive up, negative down, null when new or unranked.</summary>
    public int? Movement => Rank is { } now && PreviousRank is { } before ? before - now : null;
}

/// <summary>A rating's results for one period, as every open page shows them.</summary>
public sealed record Leaderboard(RatingDefinition Rating, Period Period, bool Closed, DateTime? CalculatedAt, IReadOnlyList<LeaderboardRow> Rows, long Revision)
{
    /// <summary>The rows the rating shows: its top N of the ranked (all when N is 0), then nobody else.</summary>
    public IReadOnlyList<LeaderboardRow> Shown => Rating.TopN > 0 ? Rows.Where(r => r.Rank is { } rank && rank <= Rating.TopN).ToList() : Rows;

    public LeaderboardRow? Leader => Rows.FirstOrDefault(r => r.Rank == 1);
}

/// <summary>
/// The live leaderboards: the latest board of every rating period that was calculated or read, in memory, and an
/// event that tells open pages a board changed. Pages read boards from here — a change costs one recalculation,
/// not one database query per open browser.
/// </summary>
public sealed class LeaderboardHub
{
    private readonly ConcurrentDictionary<(long RatingId, string PeriodKey), Leaderboard> _boards = new();
    private readonly ConcurrentDictionary<long, byte> _badgeHolders = new();
    private long _revision;

    /// <summary>Raised after a board was replaced: (rating ID, period key).</summary>
    public event Action<long, string>? Changed;

    /// <summary>Raised for a notice worth showing at once (a new badge, a new leader).</summary>
    public event Action<GamificationNotice>? Noticed;

    public Leaderboard? Find(long ratingId, string periodKey) => _boards.TryGetValue((ratingId, periodKey), out var board) ? board : null;

    internal long NextRevision() => Interlocked.Increment(ref _revision);

    internal void Publish(Leaderboard board)
    {
        _boards[(board.Rating.Id, board.Period.Key)] = board;
        Changed?.Invoke(board.Rating.Id, board.Period.Key);
    }

    /// <summary>Keeps a board read from the database without telling anyone (nothing changed).</summary>
    internal void Remember(Leaderboard board) => _boards.TryAdd((board.Rating.Id, board.Period.Key), board);

    internal void Forget(long ratingId)
    {
        foreach (var key in _boards.Keys.Where(k => k.RatingId == ratingId))
        {
            _boards.TryRemove(key, out _);
        }

        Changed?.Invoke(ratingId, "");
    }

    internal void Notify(GamificationNotice notice) => Noticed?.Invoke(notice);

    /// <summary>The badge pass awarded or revoked badges of these employees (saved): the next boards read their badges again.</summary>
    internal void BadgeHoldersChanged(IEnumerable<long> employeeIds)
    {
        foreach (var id in employeeIds)
        {
            _badgeHolders.TryAdd(id, 0);
        }
    }

    /// <summary>The employees whose badges changed since the last call.</summary>
    internal IReadOnlyCollection<long> TakeBadgeHolders()
    {
        var taken = new List<long>();
        foreach (var id in _badgeHolders.Keys)
        {
            if (_badgeHolders.TryRemove(id, out _))
            {
                taken.Add(id);
            }
        }

        return taken;
    }
}
