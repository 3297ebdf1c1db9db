using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Ledger;
using Loyalty.Core.Portal;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Gamification;

/// <summary>A rating in the list of leaderboards: its definition, its current period and who leads it.</summary>
public sealed record RatingSummary(RatingDefinition Rating, Period Current, string? LeaderName, decimal? LeaderScore, int Participants);

/// <summary>A period of a rating that has results, for browsing closed periods.</summary>
public sealed record RatingPeriodSummary(Period Period, bool Closed, DateTime? CalculatedAt, string? LeaderName);

/// <summary>
/// One line of the chart: a participant's score at the end of each day of the period, or of each hour of a day's
/// period (<c>At</c>: the portal-local end of the bucket's day, or the hour it closes).
/// </summary>
public sealed record ScoreSeries(long ParticipantId, string Name, IReadOnlyList<(DateTime At, decimal Score)> Points);

/// <summary>
/// What the gamification pages read: leaderboards (from <see cref="LeaderboardHub"/>, else from the stored results,
/// else computed once), the periods with results, the chart, and the ratings themselves (with their editing).
/// </summary>
public sealed class GamificationQueries(IDbContextFactory<LoyaltyDbContext> dbFactory, LeaderboardHub hub, RatingCalculator calculator, PortalClock clock, TimeProvider time)
{
    public async Task<IReadOnlyList<RatingDefinition>> RatingsAsync(bool includeInactive = false, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Ratings.AsNoTracking().Where(r => includeInactive || r.Active).OrderBy(r => r.Sort).ThenBy(r => r.Id).ToListAsync(ct);
        return rows.Select(RatingDefinition.From).ToList();
    }

    public async Task<RatingDefinition?> RatingAsync(long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Ratings.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        return row is null ? null : RatingDefinition.From(row);
    }

    /// <summary>Every active rating with its current period's leader (from the stored results: one query per rating).</summary>
    public async Task<IReadOnlyList<RatingSummary>> SummariesAsync(CancellationToken ct = default)
    {
        var list = new List<RatingSummary>();
        foreach (var rating in await RatingsAsync(false, ct))
        {
            var current = Periods.Containing(rating.Period, clock.UtcNow, clock.Zone);
            var board = await LeaderboardAsync(rating.Id, current.Key, ct);
            var leader = board?.Leader;
            list.Add(new RatingSummary(rating, current, leader?.Name, leader?.Score, board?.Rows.Count(r => r.Rank is not null) ?? 0));
        }

        return list;
    }

    /// <summary>
    /// The board of a rating's period (its current one when <paramref name="periodKey"/> is null or not one of its keys):
    /// the live one if kept, else the stored results, else — for a period that has none yet — computed now.
    /// Null for an unknown or inactive rating, or a period that has not started.
    /// </summary>
    public async Task<Leaderboard?> LeaderboardAsync(long ratingId, string? periodKey, CancellationToken ct = default)
    {
        var rating = await RatingAsync(ratingId, ct);
        if (rating is null)
        {
            return null;
        }

        var period = Periods.Parse(rating.Period, periodKey, clock.Zone) ?? Periods.Containing(rating.Period, clock.UtcNow, clock.Zone);
        if (period.StartUtc > clock.UtcNow)
        {
            return null;
        }

        if (hub.Find(ratingId, period.Key) is { } live && live.Rating.Version == rating.Version)
        {
            return live;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var periodRow = await db.RatingPeriods.AsNoTracking().FirstOrDefaultAsync(p => p.RatingId == ratingId && p.Key == period.Key, ct);
        if (periodRow is null || periodRow.RatingVersion != rating.Version)
        {
            if (!rating.Active || periodRow?.ClosedAt is not null)
            {
                return null;
            }

            await calculator.RecalculateAsync(ratingId, period, ct);
            return hub.Find(ratingId, period.Key);
        }

        var stored = await db.RatingResults.AsNoTracking().Where(r => r.RatingPeriodId == periodRow.Id).ToDictionaryAsync(r => r.ParticipantId, ct);
        var people = await ParticipantDirectory.LoadAsync(db, ct);
        var participants = stored.Values.Select(r => new Participant(r.ParticipantId, NameOf(rating, people, r.ParticipantId), RatingCalculator.ReadTotals(r.TotalsJson))).ToList();
        var ranked = RatingMath.Rank(rating.Criteria, participants, rating.Threshold);
        var badges = rating.Scope == RatingScope.Team ? [] : await HeldBadges.LoadAsync(db, null, ct);
        var board = LeaderboardBuilder.Build(rating, period, periodRow, ranked, stored, people, badges, hub.NextRevision());
        hub.Remember(board);
        return board;
    }

    /// <summary>
    /// Every period of the rating that can have data, newest first: from the one holding the mirror's first won deal or
    /// completed activity to the current one, cut in the portal's time zone; closed ones are final. At most
    /// <paramref name="count"/> (a daily rating over years would make an endless list).
    /// </summary>
    public async Task<IReadOnlyList<RatingPeriodSummary>> PeriodsAsync(long ratingId, int count = 400, CancellationToken ct = default)
    {
        var rating = await RatingAsync(ratingId, ct);
        if (rating is null)
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var firstWon = await db.Deals.Where(d => d.Semantics == StageSemantics.Success && d.WonAt != null && d.DeletedAt == null).MinAsync(d => d.WonAt, ct);
        var firstDone = await db.Activities.Where(a => a.Completed && a.EndTime != null && a.DeletedAt == null).MinAsync(a => a.EndTime, ct);
        var rows = await db.RatingPeriods.AsNoTracking().Where(p => p.RatingId == ratingId).ToDictionaryAsync(p => p.Key, ct);
        var people = await ParticipantDirectory.LoadAsync(db, ct);

        var now = clock.UtcNow;
        var earliest = new[] { firstWon, firstDone }.Concat(rows.Values.Select(r => (DateTime?)r.StartUtc)).Where(t => t is not null && t <= now).Min() ?? now;
        var list = new List<RatingPeriodSummary>();
        for (var period = Periods.Containing(rating.Period, now, clock.Zone); list.Count < count && period.EndUtc > earliest; period = Periods.Previous(period, clock.Zone))
        {
            rows.TryGetValue(period.Key, out var row);
            list.Add(new RatingPeriodSummary(period, row?.ClosedAt is not null, row?.CalculatedAt, row?.LeaderId is { } id ? NameOf(rating, people, id) : null));
        }

        return list;
    }

    /// <summary>
    /// The score of the period's leading participants (now) at the end of each day, as kept by the recalculations; on
    /// a day's period, at the end of each hour so far, computed from the mirror (the day's figures up to that hour).
    /// </summary>
    public async Task<IReadOnlyList<ScoreSeries>> ChartAsync(long ratingId, string periodKey, int top = 5, CancellationToken ct = default)
    {
        var rating = await RatingAsync(ratingId, ct);
        if (rating is null)
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var periodRow = await db.RatingPeriods.AsNoTracking().FirstOrDefaultAsync(p => p.RatingId == ratingId && p.Key == periodKey, ct);
        if (periodRow is null)
        {
            return [];
        }

        var leaders = await db.RatingResults.AsNoTracking().Where(r => r.RatingPeriodId == periodRow.Id && r.Rank != null)
            .OrderBy(r => r.Rank).Take(top).Select(r => r.ParticipantId).ToListAsync(ct);
        var people = await ParticipantDirectory.LoadAsync(db, ct);
        if (rating.Period == PeriodKind.Day && Periods.Parse(PeriodKind.Day, periodKey, clock.Zone) is { } day)
        {
            var hourly = await HourlyAsync(db, rating, day, people, leaders.ToHashSet(), ct);
            return leaders.Select(id => new ScoreSeries(id, NameOf(rating, people, id),
                hourly.Where(h => h.Scores.ContainsKey(id)).Select(h => (h.At, h.Scores[id])).ToList())).ToList();
        }

        var points = await db.RatingDailyScores.AsNoTracking().Where(s => s.RatingPeriodId == periodRow.Id && leaders.Contains(s.ParticipantId))
            .OrderBy(s => s.Day).ToListAsync(ct);
        return leaders.Select(id => new ScoreSeries(id, NameOf(rating, people, id),
            points.Where(p => p.ParticipantId == id).Select(p => (p.Day.ToDateTime(TimeOnly.MinValue), p.Score / 100m)).ToList())).ToList();
    }

    /// <summary>
    /// The leaders' scores at the end of each hour of <paramref name="day"/> that has begun: the day's figures up to
    /// that hour, ranked as the board ranks them (the share against the best needs everyone's figures at that hour).
    /// </summary>
    private async Task<List<(DateTime At, Dictionary<long, decimal> Scores)>> HourlyAsync(
        LoyaltyDbContext db, RatingDefinition rating, Period day, ParticipantDirectory people, HashSet<long> leaders, CancellationToken ct)
    {
        var buckets = new List<(DateTime, Dictionary<long, decimal>)>();
        var now = clock.UtcNow;
        for (var start = day.StartUtc; start < day.EndUtc && start < now; start = start.AddHours(1))
        {
            var end = start.AddHours(1);
            var totals = await MetricQueries.PerEmployeeAsync(db, new MetricRequest(day.StartUtc, end, rating.MetricsNeeded, rating.PipelineIds), ct);
            var ranked = RatingMath.Rank(rating.Criteria, people.Participants(rating, totals), rating.Threshold);
            buckets.Add((clock.ToPortal(end), ranked.Where(r => r.Rank is not null && leaders.Contains(r.Id)).ToDictionary(r => r.Id, r => r.Score)));
        }

        return buckets;
    }

    /// <summary>Creates or changes a rating; refused with <see cref="RatingInvalidException"/>. An edit starts its results afresh.</summary>
    public async Task<RatingDefinition> SaveRatingAsync(RatingDefinition definition, string actor, CancellationToken ct = default)
    {
        var errors = RatingValidator.Validate(definition);
        if (errors.Count > 0)
        {
            throw new RatingInvalidException(errors);
        }

        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        Rating rating;
        if (definition.Id == 0)
        {
            rating = db.Ratings.Add(new Rating { CreatedAt = now, Version = 1 }).Entity;
        }
        else
        {
            rating = await db.Ratings.FirstOrDefaultAsync(r => r.Id == definition.Id, ct) ?? throw new RatingInvalidException([new("Id", "Rating_Error_NotFound")]);
            rating.Version++;
        }

        definition.ApplyTo(rating);
        rating.UpdatedAt = now;
        rating.UpdatedBy = actor;
        await db.SaveChangesAsync(ct);
        await calculator.ForgetAsync(rating.Id, ct);
        return RatingDefinition.From(rating);
    }

    /// <summary>The employee's points balance (the ledger's cached balance).</summary>
    public async Task<long> PointsBalanceAsync(long employeeId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.LedgerAccounts.AsNoTracking().Where(a => a.Kind == AccountKind.EmployeePoints && a.OwnerId == employeeId).Select(a => a.Balance).FirstOrDefaultAsync(ct);
    }

    public async Task<IReadOnlyList<GamificationNotice>> RecentNoticesAsync(int count = 20, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.GamificationNotices.AsNoTracking().OrderByDescending(n => n.Id).Take(count).ToListAsync(ct);
    }

    /// <summary>The employees' names for notices (which speak to the employee, so the feed says whom).</summary>
    public async Task<IReadOnlyDictionary<long, string>> EmployeeNamesAsync(IReadOnlyCollection<long> ids, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var people = await ParticipantDirectory.LoadAsync(db, ct);
        return ids.Distinct().ToDictionary(id => id, id => people.FindPerson(id)?.Name ?? $"#{id}");
    }

    private static string NameOf(RatingDefinition rating, ParticipantDirectory people, long id) =>
        rating.Scope == RatingScope.Team ? people.FindTeam(id)?.Name ?? $"#{id}" : people.FindPerson(id)?.Name ?? $"#{id}";
}
