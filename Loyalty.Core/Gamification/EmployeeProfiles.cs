using Loyalty.Core.Data;
using Loyalty.Core.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Gamification;

/// <summary>An employee's place in one active rating's current period; <see cref="Rank"/> null when not ranked (below the threshold or absent).</summary>
public sealed record EmployeeRank(long RatingId, string RatingName, PeriodKind PeriodKind, string PeriodKey, int? Rank, decimal? Score, int Ranked);

/// <summary>Who an employee is and where they stand: the points balance, the badges (revoked ones included) and the ranks.</summary>
public sealed record EmployeeProfile(
    long Id,
    string Name,
    string Initials,
    string? PhotoUrl,
    string? Position,
    string? Department,
    bool Active,
    long PointsBalance,
    IReadOnlyList<EmployeeAward> Awards,
    IReadOnlyList<EmployeeRank> Ranks);

/// <summary>
/// A line of an employee's points history. <see cref="Trigger"/> is what the points processor wrote as the entry's
/// comment (a <see cref="PointTrigger"/>, or "DealUnwon"/"DealAmountChanged" for corrections); <see cref="SourceType"/>
/// and <see cref="SourceId"/> name the CRM record the fact was about (<c>deal</c> 12 for <c>deal:12:won:…</c>), <see cref="SourceName"/>
/// what people call it (a title or subject from the mirror). <see cref="Reason"/> and <see cref="ReasonArgs"/> are the entry's reason.
/// </summary>
public sealed record PointsLine(
    long Id, DateTime OccurredAt, EntryKind Kind, long Amount, string? Trigger, string? SourceType, long? SourceId, long? DealId, string? DealTitle, string Actor,
    string? SourceName = null, string? Reason = null, string? ReasonArgs = null);

public sealed record PointsPage(IReadOnlyList<PointsLine> Rows, int Total);

/// <summary>What the employee profile reads: the person from the CRM mirror, the points ledger, the badges and the leaderboards.</summary>
public sealed class EmployeeProfiles(IDbContextFactory<LoyaltyDbContext> dbFactory, GamificationQueries queries, BadgeGallery gallery)
{
    /// <summary>The profile; null for an unknown (or deleted) employee.</summary>
    public async Task<EmployeeProfile?> ProfileAsync(long employeeId, CancellationToken ct = default)
    {
        Crm.Employee? person;
        string? department;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            person = await db.Employees.AsNoTracking().FirstOrDefaultAsync(e => e.Id == employeeId && e.DeletedAt == null, ct);
            if (person is null)
            {
                return null;
            }

            department = person.DepartmentId is { } d ? await db.Departments.AsNoTracking().Where(x => x.Id == d).Select(x => x.Name).FirstOrDefaultAsync(ct) : null;
        }

        var name = BadgeGallery.NameOf(person.FirstName, person.LastName, person.Id);
        var balance = await queries.PointsBalanceAsync(employeeId, ct);
        var awards = await gallery.AwardsOfAsync(employeeId, ct);
        var ranks = await RanksAsync(employeeId, ct);
        return new EmployeeProfile(person.Id, name, LeaderboardBuilder.Initials(name), person.PhotoUrl, person.Position, department, person.Active, balance, awards, ranks);
    }

    /// <summary>The employee's points entries, newest first, a page at a time.</summary>
    public async Task<PointsPage> PointsHistoryAsync(long employeeId, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var account = await db.LedgerAccounts.AsNoTracking().Where(a => a.Kind == AccountKind.EmployeePoints && a.OwnerId == employeeId).Select(a => (long?)a.Id).FirstOrDefaultAsync(ct);
        if (account is not { } accountId)
        {
            return new PointsPage([], 0);
        }

        var entries = db.LedgerEntries.AsNoTracking().Where(e => e.AccountId == accountId);
        var total = await entries.CountAsync(ct);
        var rows = await entries
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Skip(skip).Take(take)
            .LeftJoin(db.Deals, e => e.DealId, d => (long?)d.Id, (e, d) => new { Entry = e, DealTitle = d!.Title })
            .ToListAsync(ct);
        var sources = rows.Select(r => SourceOf(r.Entry.SourceKey)).ToList();
        var titles = await Crm.CrmTitles.OfAsync(db, sources.Where(s => s.Type is not null).Select(s => (s.Type!, s.Id!.Value)), ct);
        return new PointsPage(rows.Select((r, i) =>
        {
            var (type, id) = sources[i];
            var name = type is not null && titles.TryGetValue((type, id!.Value), out var title) ? title : null;
            return new PointsLine(r.Entry.Id, r.Entry.OccurredAt, r.Entry.Kind, r.Entry.Amount, r.Entry.Comment, type, id, r.Entry.DealId, r.DealTitle, r.Entry.Actor,
                name, r.Entry.Reason, r.Entry.ReasonArgs);
        }).OrderByDescending(l => l.OccurredAt).ThenByDescending(l => l.Id).ToList(), total);
    }

    /// <summary>"deal:12:won:…" → (deal, 12); a key of another shape names nothing.</summary>
    internal static (string? Type, long? Id) SourceOf(string sourceKey)
    {
        var parts = sourceKey.Split(':');
        return parts.Length >= 2 && parts[0] is "deal" or "lead" or "activity" or "task" or "contact"
            && long.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? (parts[0], id)
            : (null, null);
    }

    /// <summary>The employee's row on each active employee rating's current board (team ratings rank departments, not people).</summary>
    private async Task<IReadOnlyList<EmployeeRank>> RanksAsync(long employeeId, CancellationToken ct)
    {
        var ranks = new List<EmployeeRank>();
        foreach (var rating in await queries.RatingsAsync(false, ct))
        {
            if (rating.Scope == RatingScope.Team || await queries.LeaderboardAsync(rating.Id, null, ct) is not { } board)
            {
                continue;
            }

            var row = board.Rows.FirstOrDefault(r => r.ParticipantId == employeeId);
            if (row is null && rating.Scope == RatingScope.Area)
            {
                // Not in the area: the rating is none of this employee's business.
                continue;
            }

            ranks.Add(new EmployeeRank(rating.Id, rating.Name, rating.Period, board.Period.Key, row?.Rank, row?.Rank is null ? null : row.Score, board.Rows.Count(r => r.Rank is not null)));
        }

        return ranks;
    }
}
