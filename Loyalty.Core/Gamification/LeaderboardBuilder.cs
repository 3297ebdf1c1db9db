using Loyalty.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Gamification;

internal static class LeaderboardBuilder
{
    public static Leaderboard Build(
        RatingDefinition rating, Period period, RatingPeriod periodRow, IReadOnlyList<RankedParticipant> ranked, IReadOnlyDictionary<long, RatingResult> rows,
        ParticipantDirectory people, IReadOnlyDictionary<long, List<HeldBadge>> badges, long revision)
    {
        var list = ranked.Select(r =>
        {
            var team = rating.Scope == RatingScope.Team;
            var person = team ? null : people.FindPerson(r.Id);
            var department = team ? people.DepartmentName(people.FindTeam(r.Id)?.ParentId) : people.DepartmentName(person?.DepartmentId);
            return new LeaderboardRow(
                r.Id, r.Name, Initials(r.Name), person?.PhotoUrl, department, r.Rank,
                rows.TryGetValue(r.Id, out var row) ? row.PreviousRank : null, r.Score, r.Criteria,
                badges.TryGetValue(r.Id, out var held) ? held : []);
        }).ToList();
        return new Leaderboard(rating, period, periodRow.ClosedAt is not null, periodRow.CalculatedAt, list, revision);
    }

    /// <summary>"Анна Петрова" → "АП"; one word → its first letter.</summary>
    public static string Initials(string name)
    {
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(w => char.IsLetter(w[0])).ToList();
        return words.Count switch
        {
            0 => "?",
            1 => char.ToUpperInvariant(words[0][0]).ToString(),
            _ => string.Concat(char.ToUpperInvariant(words[0][0]), char.ToUpperInvariant(words[^1][0])),
        };
    }
}

/// <summary>The badges each employee holds now (not revoked), highest level per badge, newest first, at most five.</summary>
internal static class HeldBadges
{
    public static async Task<Dictionary<long, List<HeldBadge>>> LoadAsync(LoyaltyDbContext db, IReadOnlyCollection<long> employeeIds, DateTime now, CancellationToken ct)
    {
        if (employeeIds.Count == 0)
        {
            return [];
        }

        var awards = await db.BadgeAwards.AsNoTracking()
            .Where(a => a.RevokedAt == null && employeeIds.Contains(a.EmployeeId))
            .Join(db.Badges.Where(b => b.Active), a => a.BadgeId, b => b.Id, (a, b) => new { a.EmployeeId, a.BadgeId, a.Level, a.AwardedAt, b.Name, b.Icon })
            .ToListAsync(ct);
        return awards
            .GroupBy(a => a.EmployeeId)
            .ToDictionary(g => g.Key, g => g.GroupBy(a => a.BadgeId)
                .Select(b => b.OrderByDescending(a => a.Level).ThenByDescending(a => a.AwardedAt).First())
                .OrderByDescending(a => a.AwardedAt).Take(5)
                .Select(a => new HeldBadge(a.BadgeId, a.Name, a.Icon, a.Level)).ToList());
    }
}
