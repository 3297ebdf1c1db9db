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
                r.Id, r.Name, person?.Initials ?? Initials(r.Name), person?.PhotoUrl, department, r.Rank,
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
    /// <summary>The held badges of <paramref name="employeeIds"/> (null: of everyone).</summary>
    public static async Task<Dictionary<long, List<HeldBadge>>> LoadAsync(LoyaltyDbContext db, IReadOnlyCollection<long>? employeeIds, CancellationToken ct)
    {
        if (employeeIds is { Count: 0 })
        {
            return [];
        }

        var awards = db.BadgeAwards.AsNoTracking().Where(a => a.RevokedAt == null);
        if (employeeIds is not null)
        {
            awards = awards.Where(a => employeeIds.Contains(a.EmployeeId));
        }

        // A repeatable badge is held once per period: one row per holder, badge and level (the newest) is all a board shows.
        var held = await awards
            .GroupBy(a => new { a.EmployeeId, a.BadgeId, a.Level })
            .Select(g => new { g.Key.EmployeeId, g.Key.BadgeId, g.Key.Level, AwardedAt = g.Max(a => a.AwardedAt) })
            .ToListAsync(ct);
        var badges = await db.Badges.AsNoTracking().Where(b => b.Active).Select(b => new { b.Id, b.Name, b.Icon }).ToDictionaryAsync(b => b.Id, ct);
        return held
            .Where(a => badges.ContainsKey(a.BadgeId))
            .GroupBy(a => a.EmployeeId)
            .ToDictionary(g => g.Key, g => g.GroupBy(a => a.BadgeId)
                .Select(b => b.OrderByDescending(a => a.Level).ThenByDescending(a => a.AwardedAt).First())
                .OrderByDescending(a => a.AwardedAt).Take(5)
                .Select(a => new HeldBadge(a.BadgeId, badges[a.BadgeId].Name, badges[a.BadgeId].Icon, a.Level)).ToList());
    }

    /// <summary>What the boards show of the badges themselves: when it changes, every holder's badges are read again.</summary>
    public static async Task<string> StampAsync(LoyaltyDbContext db, CancellationToken ct)
    {
        var badges = await db.Badges.AsNoTracking().OrderBy(b => b.Id).Select(b => new { b.Id, b.Active, b.Name, b.Icon }).ToListAsync(ct);
        return string.Join('\n', badges.Select(b => $"{b.Id}:{b.Active}:{b.Icon}:{b.Name}"));
    }
}
