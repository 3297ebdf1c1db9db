using System.Text.Json;
using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Portal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Loyalty.Core.Gamification;

/// <summary>What a recalculation of one rating period did.</summary>
public sealed record RatingRecalculation(long RatingId, string PeriodKey, int Participants, int RowsWritten, long? LeaderBefore, long? LeaderAfter)
{
    public bool LeaderChanged => LeaderAfter is not null && LeaderAfter != LeaderBefore;
}

/// <summary>
/// Computes ratings and stores their results per rating and period, so pages read them without recomputing.
/// A full recalculation aggregates the period for everyone; an incremental one re-reads only the employees a
/// change touched and ranks again from the figures it keeps in memory (the normalisation against the best needs
/// everyone's figures, which a full pass leaves behind). Either way only rows that changed are written, and the
/// new board is published to <see cref="LeaderboardHub"/> for the open pages. One recalculation runs at a time.
/// </summary>
public sealed class RatingCalculator(IDbContextFactory<LoyaltyDbContext> dbFactory, LeaderboardHub hub, PortalClock clock, ILogger<RatingCalculator> logger)
{
    private const int DailyTop = 10;

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Per rating period: everyone's figures and the rows as last written.</summary>
    private readonly Dictionary<(long RatingId, string PeriodKey), PeriodState> _states = [];

    /// <summary>The badges every employee holds, as the boards show them; reloaded in full on a full pass or when a badge itself changed, else only for the holders the badge pass names.</summary>
    private Dictionary<long, List<HeldBadge>>? _held;

    private string? _badgesStamp;

    private sealed class PeriodState(int version, Dictionary<long, Dictionary<Metric, MetricTotal>> totals, Dictionary<long, RatingResult> rows)
    {
        public int Version { get; } = version;

        public Dictionary<long, Dictionary<Metric, MetricTotal>> Totals { get; } = totals;

        public Dictionary<long, RatingResult> Rows { get; } = rows;
    }

    /// <summary>What one call reads once for all the ratings it recalculates: the employees and departments, and the badges they hold.</summary>
    private sealed class Pass
    {
        public ParticipantDirectory? People { get; set; }

        public IReadOnlyDictionary<long, List<HeldBadge>>? Badges { get; set; }
    }

    public Task<IReadOnlyList<RatingRecalculation>> RecalculateCurrentAsync(CancellationToken ct = default) => GatedAsync(async () =>
    {
        var done = new List<RatingRecalculation>();
        var pass = new Pass();
        foreach (var rating in await ActiveRatingsAsync(ct))
        {
            foreach (var period in await OpenPeriodsAsync(rating, ct))
            {
                done.Add(await RecalculateCoreAsync(rating, period, null, pass, ct));
            }
        }

        return (IReadOnlyList<RatingRecalculation>)done;
    }, ct);

    /// <summary>
    /// Recalculates one rating period in full (a rating's edit, a page asking for a period never computed). A period
    /// older than the open ones is closed at once: it ended long ago, and nothing follows it any more.
    /// </summary>
    public Task<RatingRecalculation> RecalculateAsync(long ratingId, Period period, CancellationToken ct = default) => GatedAsync(async () =>
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Ratings.AsNoTracking().FirstOrDefaultAsync(r => r.Id == ratingId, ct) ?? throw new InvalidOperationException($"Rating {ratingId} does not exist.");
        var rating = RatingDefinition.From(row);
        var result = await RecalculateCoreAsync(rating, period, null, new Pass(), ct);
        var open = await OpenPeriodsAsync(rating, ct);
        if (period.EndUtc <= open.Min(p => p.StartUtc))
        {
            var periodRow = await db.RatingPeriods.FirstAsync(p => p.RatingId == ratingId && p.Key == period.Key, ct);
            periodRow.ClosedAt ??= clock.UtcNow;
            await db.SaveChangesAsync(ct);
            _states.Remove((ratingId, period.Key));
            if (hub.Find(ratingId, period.Key) is { } board)
            {
                hub.Publish(board with { Closed = true, Revision = hub.NextRevision() });
            }
        }

        return result;
    }, ct);

    /// <summary>Recalculates, for the employees that changed, each open period of each active rating that holds one of the changes.</summary>
    public Task<IReadOnlyList<RatingRecalculation>> IncrementalAsync(IReadOnlyList<EmployeeChange> changes, CancellationToken ct = default) => GatedAsync(async () =>
    {
        var done = new List<RatingRecalculation>();
        if (changes.Count == 0)
        {
            return (IReadOnlyList<RatingRecalculation>)done;
        }

        var pass = new Pass();
        foreach (var rating in await ActiveRatingsAsync(ct))
        {
            var open = await OpenPeriodsAsync(rating, ct);
            foreach (var group in changes.GroupBy(c => Periods.Containing(rating.Period, c.At, clock.Zone)))
            {
                // Only the open periods follow changes: the current one and the previous one until it is closed. Older
                // periods (an initial sync brings a year of facts) are computed when someone opens them, and closed then.
                var period = group.Key;
                if (open.Any(p => p.Key == period.Key))
                {
                    done.Add(await RecalculateCoreAsync(rating, period, group.Select(c => c.EmployeeId).ToHashSet(), pass, ct));
                }
            }
        }

        return (IReadOnlyList<RatingRecalculation>)done;
    }, ct);

    /// <summary>
    /// Closes every period that ended at least <paramref name="grace"/> ago (late syncs still count until then) once a
    /// sync that started after that has succeeded: a last full recalculation, then its results are final. Returns the
    /// periods closed, for the rank badges.
    /// </summary>
    public Task<IReadOnlyList<(RatingDefinition Rating, Period Period)>> CloseEndedAsync(TimeSpan grace, CancellationToken ct = default) => GatedAsync(async () =>
    {
        var closed = new List<(RatingDefinition, Period)>();
        foreach (var rating in await ActiveRatingsAsync(ct))
        {
            var current = Periods.Containing(rating.Period, clock.UtcNow, clock.Zone);
            var previous = Periods.Previous(current, clock.Zone);
            if (previous.EndUtc + grace > clock.UtcNow)
            {
                continue;
            }

            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var row = await db.RatingPeriods.FirstOrDefaultAsync(p => p.RatingId == rating.Id && p.Key == previous.Key, ct);
            if (row?.ClosedAt is not null)
            {
                continue;
            }

            // Final means complete: a sync that started after the period (and its grace) has brought everything in.
            var settledAt = previous.EndUtc + grace;
            if (!await db.SyncRuns.AnyAsync(r => r.Status == Sync.SyncStatus.Succeeded && r.StartedAt >= settledAt, ct))
            {
                continue;
            }

            await RecalculateCoreAsync(rating, previous, null, new Pass(), ct);
            row = await db.RatingPeriods.FirstAsync(p => p.RatingId == rating.Id && p.Key == previous.Key, ct);
            row.ClosedAt = clock.UtcNow;
            await db.SaveChangesAsync(ct);
            _states.Remove((rating.Id, previous.Key));
            if (hub.Find(rating.Id, previous.Key) is { } board)
            {
                hub.Publish(board with { Closed = true, Revision = hub.NextRevision() });
            }

            closed.Add((rating, previous));
            logger.LogInformation("Rating {Rating} closed its period {Period}", rating.Name, previous.Key);
        }

        return (IReadOnlyList<(RatingDefinition, Period)>)closed;
    }, ct);

    /// <summary>Drops what is kept of a rating (edited or deleted): its next calculation starts afresh.</summary>
    public async Task ForgetAsync(long ratingId, CancellationToken ct = default)
    {
        await GatedAsync(() =>
        {
            foreach (var key in _states.Keys.Where(k => k.RatingId == ratingId).ToList())
            {
                _states.Remove(key);
            }

            hub.Forget(ratingId);
            return Task.FromResult(0);
        }, ct);
    }

    private async Task<T> GatedAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            return await work();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<List<RatingDefinition>> ActiveRatingsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ratings = await db.Ratings.AsNoTracking().Where(r => r.Active).OrderBy(r => r.Sort).ThenBy(r => r.Id).ToListAsync(ct);
        return ratings.Select(RatingDefinition.From).ToList();
    }

    /// <summary>The current period, and the previous one while it is not closed.</summary>
    private async Task<List<Period>> OpenPeriodsAsync(RatingDefinition rating, CancellationToken ct)
    {
        var current = Periods.Containing(rating.Period, clock.UtcNow, clock.Zone);
        var previous = Periods.Previous(current, clock.Zone);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var previousRow = await db.RatingPeriods.AsNoTracking().FirstOrDefaultAsync(p => p.RatingId == rating.Id && p.Key == previous.Key, ct);
        return previousRow is { ClosedAt: null } ? [previous, current] : [current];
    }

    private async Task<RatingRecalculation> RecalculateCoreAsync(RatingDefinition rating, Period period, IReadOnlySet<long>? employees, Pass pass, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var periodRow = await db.RatingPeriods.FirstOrDefaultAsync(p => p.RatingId == rating.Id && p.Key == period.Key, ct);
        if (periodRow is null)
        {
            periodRow = db.RatingPeriods.Add(new RatingPeriod { RatingId = rating.Id, Key = period.Key, StartUtc = period.StartUtc, EndUtc = period.EndUtc }).Entity;
            await db.SaveChangesAsync(ct);
        }

        var stateKey = (rating.Id, period.Key);
        if (employees is null || !_states.TryGetValue(stateKey, out var state) || state.Version != rating.Version)
        {
            // A full pass: everyone's figures, and the rows as stored.
            var all = await MetricQueries.PerEmployeeAsync(db, new MetricRequest(period.StartUtc, period.EndUtc, rating.MetricsNeeded, rating.PipelineIds), ct);
            var stored = await db.RatingResults.AsNoTracking().Where(r => r.RatingPeriodId == periodRow.Id).ToDictionaryAsync(r => r.ParticipantId, ct);
            state = new PeriodState(rating.Version, all, stored);
            _states[stateKey] = state;
        }
        else
        {
            var fresh = await MetricQueries.PerEmployeeAsync(db, new MetricRequest(period.StartUtc, period.EndUtc, rating.MetricsNeeded, rating.PipelineIds, employees), ct);
            foreach (var employee in employees)
            {
                if (fresh.TryGetValue(employee, out var totals))
                {
                    state.Totals[employee] = totals;
                }
                else
                {
                    state.Totals.Remove(employee);
                }
            }
        }

        var people = pass.People ??= await ParticipantDirectory.LoadAsync(db, ct);
        var participants = people.Participants(rating, state.Totals);
        var ranked = RatingMath.Rank(rating.Criteria, participants, rating.Threshold);
        var byId = participants.ToDictionary(p => p.Id);

        var now = clock.UtcNow;
        var leaderBefore = state.Rows.Values.FirstOrDefault(r => r.Rank == 1)?.ParticipantId;
        var written = 0;
        var seen = new HashSet<long>();
        var inserts = new List<RatingResult>();
        foreach (var row in ranked)
        {
            seen.Add(row.Id);
            var score = (int)decimal.Round(row.Score * 100);
            if (state.Rows.TryGetValue(row.Id, out var had))
            {
                // An incremental pass re-read only the employees it names: everyone else's totals are the ones written.
                var unchanged = employees is not null && rating.Scope != RatingScope.Team && !employees.Contains(row.Id);
                var totalsJson = unchanged ? had.TotalsJson : TotalsJson(byId[row.Id]);
                if (had.Rank == row.Rank && had.Score == score && had.TotalsJson == totalsJson)
                {
                    continue;
                }

                var updated = new RatingResult
                {
                    RatingPeriodId = periodRow.Id, ParticipantId = row.Id, Rank = row.Rank, Score = score, TotalsJson = totalsJson, UpdatedAt = now,
                    PreviousRank = had.Rank != row.Rank ? had.Rank : had.PreviousRank,
                };
                db.RatingResults.Update(updated);
                state.Rows[row.Id] = updated;
            }
            else
            {
                var added = new RatingResult { RatingPeriodId = periodRow.Id, ParticipantId = row.Id, Rank = row.Rank, Score = score, TotalsJson = TotalsJson(byId[row.Id]), UpdatedAt = now };
                inserts.Add(added);
                state.Rows[row.Id] = added;
            }

            written++;
        }

        foreach (var gone in state.Rows.Keys.Where(id => !seen.Contains(id)).ToList())
        {
            db.RatingResults.Remove(new RatingResult { RatingPeriodId = periodRow.Id, ParticipantId = gone });
            state.Rows.Remove(gone);
            written++;
        }

        periodRow.CalculatedAt = now;
        periodRow.RatingVersion = rating.Version;
        periodRow.Participants = ranked.Count(r => r.Rank is not null);
        var leaderAfter = ranked.FirstOrDefault(r => r.Rank == 1)?.Id;
        periodRow.LeaderId = leaderAfter;
        await UpsertDailyAsync(db, periodRow.Id, period, ranked, now, ct);
        await SaveAsync(db, inserts, ct);

        var badges = rating.Scope == RatingScope.Team ? new Dictionary<long, List<HeldBadge>>() : pass.Badges ??= await HeldBadgesAsync(db, reload: employees is null, ct);
        hub.Publish(LeaderboardBuilder.Build(rating, period, periodRow, ranked, state.Rows, people, badges, hub.NextRevision()));
        return new RatingRecalculation(rating.Id, period.Key, periodRow.Participants, written, leaderBefore, leaderAfter);
    }

    /// <summary>
    /// The changes and the new rows in one transaction. A period's first calculation adds a row per participant (2,000
    /// and more): through one prepared INSERT, as the sync writes, they cost a fraction of the change tracker's.
    /// </summary>
    private static async Task SaveAsync(LoyaltyDbContext db, List<RatingResult> inserts, CancellationToken ct)
    {
        if (inserts.Count == 0)
        {
            await db.SaveChangesAsync(ct);
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await using (var insert = await Sync.InsertCommand<RatingResult>.CreateAsync(db, null, ct))
        {
            foreach (var row in inserts)
            {
                await insert.ExecuteAsync(row, ct);
            }
        }

        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// The badges everyone holds, kept between passes: a full pass (or a badge renamed, switched off, given another
    /// icon) reads them all again; otherwise only the holders whose awards changed since (as the badge pass tells
    /// <see cref="LeaderboardHub"/>). Reading every award for 2,000 employees on each change was most of an
    /// incremental recalculation.
    /// </summary>
    private async Task<IReadOnlyDictionary<long, List<HeldBadge>>> HeldBadgesAsync(LoyaltyDbContext db, bool reload, CancellationToken ct)
    {
        var changed = hub.TakeBadgeHolders();
        var stamp = await HeldBadges.StampAsync(db, ct);
        // Many holders at once (a full badge pass): one read of everything beats a list of thousands of IDs.
        if (reload || _held is null || stamp != _badgesStamp || changed.Count > 200)
        {
            _held = await HeldBadges.LoadAsync(db, null, ct);
            _badgesStamp = stamp;
        }
        else if (changed.Count > 0)
        {
            var fresh = await HeldBadges.LoadAsync(db, changed, ct);
            foreach (var employee in changed)
            {
                if (fresh.TryGetValue(employee, out var held))
                {
                    _held[employee] = held;
                }
                else
                {
                    _held.Remove(employee);
                }
            }
        }

        return _held;
    }

    /// <summary>Today's (or, for a past period, its last day's) scores of the leading participants, for the chart.</summary>
    private async Task UpsertDailyAsync(LoyaltyDbContext db, long periodId, Period period, IReadOnlyList<RankedParticipant> ranked, DateTime now, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.ToPortal(now));
        var day = today > period.LastDay ? period.LastDay : today < period.FirstDay ? period.FirstDay : today;
        var existing = await db.RatingDailyScores.Where(s => s.RatingPeriodId == periodId && s.Day == day).ToDictionaryAsync(s => s.ParticipantId, ct);
        var top = ranked.Where(r => r.Rank is <= DailyTop).ToList();
        foreach (var row in top)
        {
            var score = (int)decimal.Round(row.Score * 100);
            if (existing.Remove(row.Id, out var had))
            {
                had.Score = score;
                had.Rank = row.Rank!.Value;
            }
            else
            {
                db.RatingDailyScores.Add(new RatingDailyScore { RatingPeriodId = periodId, Day = day, ParticipantId = row.Id, Score = score, Rank = row.Rank!.Value });
            }
        }

        db.RatingDailyScores.RemoveRange(existing.Values);
    }

    internal static string TotalsJson(Participant participant) =>
        JsonSerializer.Serialize(participant.Totals.OrderBy(t => t.Key).ToDictionary(t => t.Key.ToString(), t => new[] { t.Value.Sum, t.Value.Count }));

    internal static Dictionary<Metric, MetricTotal> ReadTotals(string json)
    {
        var raw = JsonSerializer.Deserialize<Dictionary<string, long[]>>(json) ?? [];
        var totals = new Dictionary<Metric, MetricTotal>();
        foreach (var (name, pair) in raw)
        {
            if (Enum.TryParse<Metric>(name, out var metric) && pair.Length == 2)
            {
                totals[metric] = new MetricTotal(pair[0], pair[1]);
            }
        }

        return totals;
    }
}
