using Loyalty.Core.Gamification;

namespace Loyalty.Web.Components.Pages.Leaderboards;

/// <summary>A board's address, and what changed between two readings of it.</summary>
public static class LeaderboardAddress
{
    /// <summary><c>/leaderboards/7</c>, <c>/leaderboards/7?period=2026-11&amp;kiosk=true</c>: no period follows the current one.</summary>
    public static string Of(long ratingId, string? periodKey, bool kiosk)
    {
        var query = new List<string>();
        if (periodKey is not null)
        {
            query.Add("period=" + Uri.EscapeDataString(periodKey));
        }

        if (kiosk)
        {
            query.Add("kiosk=true");
        }

        return $"/leaderboards/{ratingId}" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
    }

    /// <summary>Rows whose place or score differs from the board shown before (they flash once).</summary>
    public static HashSet<long> ChangedRows(Leaderboard? before, Leaderboard after)
    {
        if (before is null || before.Period.Key != after.Period.Key)
        {
            return [];
        }

        var old = before.Rows.ToDictionary(r => r.ParticipantId);
        return after.Rows.Where(r => !old.TryGetValue(r.ParticipantId, out var was) || was.Rank != r.Rank || was.Score != r.Score)
            .Select(r => r.ParticipantId).ToHashSet();
    }
}
