using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Portal;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Gamification;

/// <summary>A level of a badge as the gallery shows it: its threshold and how many employees hold it now.</summary>
public sealed record GalleryLevel(BadgeLevel Level, double Threshold, int Holders);

/// <summary>An active employee badge with what earns it (the rule's parts, for the web layer to put in words) and its holders.</summary>
public sealed record GalleryBadge(
    long Id,
    string Name,
    string Description,
    string Icon,
    string Category,
    BadgeRule Rule,
    Metric? Metric,
    PeriodKind? Period,
    long? RatingId,
    string? RatingName,
    bool Repeatable,
    IReadOnlyList<GalleryLevel> Levels,
    int Holders);

/// <summary>A level an employee holds: the latest award of it (its period, when and by whom) and how many periods it was earned in.</summary>
public sealed record EarnedLevel(BadgeLevel Level, long AwardId, string PeriodKey, DateTime AwardedAt, string AwardedBy, int Times);

/// <summary>
/// Where an employee stands on a badge: the value its rule measures now (the current period's for period badges, all
/// time for cumulative ones, the current rank for rank badges; null for manual ones) and the next level the value
/// does not reach yet, with the share of its threshold reached (0–1).
/// </summary>
public sealed record BadgeProgress(double Value, string? PeriodKey, BadgeLevel? NextLevel, double? NextThreshold, double Share);

/// <summary>One badge for one employee: the levels held (not revoked) and the progress.</summary>
public sealed record EmployeeBadgeState(long BadgeId, IReadOnlyList<EarnedLevel> Earned, BadgeProgress? Progress)
{
    public bool IsEarned => Earned.Count > 0;

    public EarnedLevel? Of(BadgeLevel level) => Earned.FirstOrDefault(e => e.Level == level);

    /// <summary>The highest level held, for the card's colour.</summary>
    public BadgeLevel? Highest => Earned.Count > 0 ? Earned.Max(e => e.Level) : null;
}

/// <summary>An employee a gallery or a dialog can be switched to.</summary>
public sealed record EmployeeOption(long Id, string Name, string? Department, string? PhotoUrl);

/// <summary>The gallery: every active employee badge; with an employee, their state on each.</summary>
public sealed record GalleryView(IReadOnlyList<GalleryBadge> Badges, EmployeeOption? Employee, IReadOnlyDictionary<long, EmployeeBadgeState> States);

/// <summary>One award of a badge, revoked or not, for the holders list and the profile.</summary>
public sealed record BadgeHolder(
    long AwardId,
    long BadgeId,
    long EmployeeId,
    string EmployeeName,
    string? PhotoUrl,
    BadgeLevel Level,
    string PeriodKey,
    DateTime AwardedAt,
    string AwardedBy,
    string? Reason,
    DateTime? RevokedAt,
    string? RevokedReason)
{
    public bool Revoked => RevokedAt is not null;
}

public sealed record HolderPage(IReadOnlyList<BadgeHolder> Rows, int Total);

/// <summary>An award on an employee's profile, with its badge.</summary>
public sealed record EmployeeAward(BadgeHolder Award, string BadgeName, string Icon, string Category, bool BadgeActive);

/// <summary>
/// The read model of the badge gallery: badges with their levels and holder counts, an employee's earned and locked
/// levels with the progress toward the next one, and a badge's holders. The number of queries does not grow with
/// badges or employees: one for the badges, one for the counts, and for an employee one per kind of figure (won
/// deals, all-time totals, each period kind's totals, each rank badge's rating).
/// </summary>
public sealed class BadgeGallery(IDbContextFactory<LoyaltyDbContext> dbFactory, GamificationQueries queries, PortalClock clock)
{
    private static readonly DateTime Beginning = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    // Names are Russian whatever the reader's language: sorted the Russian way, like the leaderboards.
    private static readonly StringComparer Names = StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("ru-RU"), ignoreCase: true);

    /// <summary>Every active employee badge (by category, then name) and, for <paramref name="employeeId"/>, their state.</summary>
    public async Task<GalleryView> GalleryAsync(long? employeeId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var badges = await LoadBadgesAsync(db, null, ct);
        var employee = employeeId is { } id ? await EmployeeAsync(db, id, ct) : null;
        var states = employee is null
            ? new Dictionary<long, EmployeeBadgeState>()
            : await StatesAsync(db, badges.Select(b => b.Badge).ToList(), employee.Id, ct);
        return new GalleryView(badges.Select(b => b.View).ToList(), employee, states);
    }

    /// <summary>One badge as the gallery shows it (active or not, for its holders page); null when unknown.</summary>
    public async Task<GalleryBadge?> BadgeAsync(long badgeId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await LoadBadgesAsync(db, badgeId, ct)).FirstOrDefault().View;
    }

    /// <summary>The badge's awards, held ones first, then newest first; revoked ones only when asked.</summary>
    public async Task<HolderPage> HoldersAsync(long badgeId, bool includeRevoked, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var awards = db.BadgeAwards.AsNoTracking().Where(a => a.BadgeId == badgeId && (includeRevoked || a.RevokedAt == null));
        var total = await awards.CountAsync(ct);
        var rows = await awards
            .LeftJoin(db.Employees, a => a.EmployeeId, e => e.Id, (a, e) => new { Award = a, FirstName = e!.FirstName, LastName = e.LastName, PhotoUrl = e.PhotoUrl })
            .OrderBy(x => x.Award.RevokedAt != null).ThenByDescending(x => x.Award.AwardedAt).ThenByDescending(x => x.Award.Id)
            .Skip(skip).Take(take)
            .ToListAsync(ct);
        return new HolderPage(rows.Select(r => ToHolder(r.Award, r.FirstName, r.LastName, r.PhotoUrl)).ToList(), total);
    }

    /// <summary>Every award an employee has had, revoked ones included, newest first, with its badge.</summary>
    public async Task<IReadOnlyList<EmployeeAward>> AwardsOfAsync(long employeeId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.BadgeAwards.AsNoTracking().Where(a => a.EmployeeId == employeeId)
            .Join(db.Badges, a => a.BadgeId, b => b.Id, (a, b) => new { Award = a, b.Name, b.Icon, b.Category, b.Active })
            .OrderByDescending(x => x.Award.AwardedAt).ThenByDescending(x => x.Award.Id)
            .ToListAsync(ct);
        var employee = await EmployeeAsync(db, employeeId, ct);
        return rows.Select(r => new EmployeeAward(ToHolder(r.Award, employee?.Name, null, employee?.PhotoUrl), r.Name, r.Icon, r.Category, r.Active)).ToList();
    }

    /// <summary>Employees (not deleted) whose name contains <paramref name="text"/>, in any case; active ones first.</summary>
    public async Task<IReadOnlyList<EmployeeOption>> SearchEmployeesAsync(string? text, int limit = 20, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Names are compared in .NET: SQLite's LIKE folds the case of Latin letters only, and "анна" must find "Анна".
        // A portal has a few thousand employees (ParticipantDirectory reads them all the same way).
        var people = await db.Employees.AsNoTracking().Where(e => e.DeletedAt == null)
            .Select(e => new { e.Id, e.FirstName, e.LastName, e.PhotoUrl, e.Active, Department = db.Departments.Where(d => d.Id == e.DepartmentId).Select(d => d.Name).FirstOrDefault() })
            .ToListAsync(ct);
        var words = (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return people
            .Select(p => (p.Active, Option: new EmployeeOption(p.Id, NameOf(p.FirstName, p.LastName, p.Id), p.Department, p.PhotoUrl)))
            .Where(p => words.All(w => p.Option.Name.Contains(w, StringComparison.CurrentCultureIgnoreCase)))
            .OrderByDescending(p => p.Active).ThenBy(p => p.Option.Name, Names)
            .Take(limit)
            .Select(p => p.Option)
            .ToList();
    }

    /// <summary>An employee for a picker (not deleted); null when unknown.</summary>
    public async Task<EmployeeOption?> EmployeeAsync(long employeeId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await EmployeeAsync(db, employeeId, ct);
    }

    internal static string NameOf(string first, string last, long id) =>
        string.Join(' ', new[] { first, last }.Where(s => s.Length > 0)) is { Length: > 0 } name ? name : $"#{id}";

    private static async Task<EmployeeOption?> EmployeeAsync(LoyaltyDbContext db, long id, CancellationToken ct)
    {
        var row = await db.Employees.AsNoTracking().Where(e => e.Id == id && e.DeletedAt == null)
            .Select(e => new { e.Id, e.FirstName, e.LastName, e.PhotoUrl, Department = db.Departments.Where(d => d.Id == e.DepartmentId).Select(d => d.Name).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        return row is null ? null : new EmployeeOption(row.Id, NameOf(row.FirstName, row.LastName, row.Id), row.Department, row.PhotoUrl);
    }

    /// <summary>The active employee badges (or the one asked for), with the holder count of each level in one grouped query.</summary>
    private static async Task<List<(Badge Badge, GalleryBadge View)>> LoadBadgesAsync(LoyaltyDbContext db, long? badgeId, CancellationToken ct)
    {
        var query = db.Badges.AsNoTracking().Where(b => b.Audience == BadgeAudience.Employee);
        query = badgeId is { } id ? query.Where(b => b.Id == id) : query.Where(b => b.Active);
        var badges = await query.ToListAsync(ct);
        if (badges.Count == 0)
        {
            return [];
        }

        var ids = badges.Select(b => b.Id).ToList();
        var held = db.BadgeAwards.Where(a => a.RevokedAt == null && ids.Contains(a.BadgeId));
        var perLevel = await held.GroupBy(a => new { a.BadgeId, a.Level })
            .Select(g => new { g.Key.BadgeId, g.Key.Level, Holders = g.Select(a => a.EmployeeId).Distinct().Count() })
            .ToListAsync(ct);
        var perBadge = await held.GroupBy(a => a.BadgeId)
            .Select(g => new { BadgeId = g.Key, Holders = g.Select(a => a.EmployeeId).Distinct().Count() })
            .ToDictionaryAsync(g => g.BadgeId, g => g.Holders, ct);
        var ratingIds = badges.Where(b => b.RatingId is not null).Select(b => b.RatingId!.Value).Distinct().ToList();
        var ratings = ratingIds.Count == 0 ? [] : await db.Ratings.AsNoTracking().Where(r => ratingIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, ct);

        return badges
            .OrderBy(b => b.Category, Names).ThenBy(b => b.Name, Names)
            .Select(b => (b, new GalleryBadge(
                b.Id, b.Name, b.Description, b.Icon, b.Category, b.Rule, b.Metric, b.Period, b.RatingId,
                b.RatingId is { } r ? ratings.GetValueOrDefault(r) : null, b.Repeatable,
                BadgeLevels.Of(b).Select(l => new GalleryLevel(l.Level, l.Threshold, perLevel.FirstOrDefault(p => p.BadgeId == b.Id && p.Level == l.Level)?.Holders ?? 0)).ToList(),
                perBadge.GetValueOrDefault(b.Id))))
            .ToList();
    }

    /// <summary>The employee's levels held and progress on each badge; the figures are read once per kind, not per badge.</summary>
    private async Task<Dictionary<long, EmployeeBadgeState>> StatesAsync(LoyaltyDbContext db, IReadOnlyList<Badge> badges, long employeeId, CancellationToken ct)
    {
        var ids = badges.Select(b => b.Id).ToList();
        var awards = await db.BadgeAwards.AsNoTracking().Where(a => a.EmployeeId == employeeId && a.RevokedAt == null && ids.Contains(a.BadgeId)).ToListAsync(ct);
        var earned = awards.GroupBy(a => a.BadgeId).ToDictionary(g => g.Key, g => g.GroupBy(a => a.Level)
            .Select(l => (Latest: l.OrderByDescending(a => a.AwardedAt).First(), Times: l.Count()))
            .Select(l => new EarnedLevel(l.Latest.Level, l.Latest.Id, l.Latest.PeriodKey, l.Latest.AwardedAt, l.Latest.AwardedBy, l.Times))
            .OrderBy(e => e.Level).ToList());

        var values = await ValuesAsync(db, badges, employeeId, ct);
        return badges.ToDictionary(b => b.Id, b =>
        {
            BadgeProgress? progress = null;
            if (values.TryGetValue(b.Id, out var v))
            {
                var next = BadgeLevels.Next(b, v.Value);
                progress = new BadgeProgress(v.Value, v.PeriodKey, next?.Level, next?.Threshold, next?.Progress ?? 1);
            }

            return new EmployeeBadgeState(b.Id, earned.GetValueOrDefault(b.Id) ?? [], progress);
        });
    }

    /// <summary>What each badge's rule measures for the employee now; manual badges measure nothing.</summary>
    private async Task<Dictionary<long, (double Value, string? PeriodKey)>> ValuesAsync(LoyaltyDbContext db, IReadOnlyList<Badge> badges, long employeeId, CancellationToken ct)
    {
        var values = new Dictionary<long, (double, string?)>();
        var now = clock.UtcNow;
        var only = new[] { employeeId };

        var firstDeal = badges.Where(b => b.Rule == BadgeRule.FirstWonDeal).ToList();
        if (firstDeal.Count > 0)
        {
            var won = await db.Deals.CountAsync(d => d.Semantics == StageSemantics.Success && d.DeletedAt == null && d.AssignedById == employeeId, ct);
            firstDeal.ForEach(b => values[b.Id] = (won, null));
        }

        var cumulative = badges.Where(b => b.Rule == BadgeRule.Cumulative && b.Metric is not null).ToList();
        if (cumulative.Count > 0)
        {
            var totals = await MetricQueries.PerEmployeeAsync(db, new MetricRequest(Beginning, now.AddDays(1), cumulative.Select(b => b.Metric!.Value).ToHashSet(), [], only), ct);
            cumulative.ForEach(b => values[b.Id] = (ValueOf(totals, employeeId, b.Metric!.Value), null));
        }

        foreach (var group in badges.Where(b => b.Rule == BadgeRule.MetricInPeriod && b.Metric is not null && b.Period is not null).GroupBy(b => b.Period!.Value))
        {
            var period = Periods.Containing(group.Key, now, clock.Zone);
            var totals = await MetricQueries.PerEmployeeAsync(db, new MetricRequest(period.StartUtc, period.EndUtc, group.Select(b => b.Metric!.Value).ToHashSet(), [], only), ct);
            foreach (var badge in group)
            {
                values[badge.Id] = (ValueOf(totals, employeeId, badge.Metric!.Value), period.Key);
            }
        }

        foreach (var group in badges.Where(b => b.Rule == BadgeRule.RatingRank && b.RatingId is not null).GroupBy(b => b.RatingId!.Value))
        {
            // The board the leaderboards show (kept in memory once read): rank 0 when not ranked this period.
            var board = await queries.LeaderboardAsync(group.Key, null, ct);
            if (board is null)
            {
                continue;
            }

            var rank = board.Rows.FirstOrDefault(r => r.ParticipantId == employeeId)?.Rank ?? 0;
            foreach (var badge in group)
            {
                values[badge.Id] = (rank, board.Period.Key);
            }
        }

        return values;
    }

    private static double ValueOf(Dictionary<long, Dictionary<Metric, MetricTotal>> totals, long employee, Metric metric) =>
        totals.TryGetValue(employee, out var own) && own.TryGetValue(metric, out var total) ? Metrics.Value(metric, total) ?? 0 : 0;

    private static BadgeHolder ToHolder(BadgeAward a, string? first, string? last, string? photoUrl) => new(
        a.Id, a.BadgeId, a.EmployeeId, NameOf(first ?? "", last ?? "", a.EmployeeId), photoUrl, a.Level, a.PeriodKey, a.AwardedAt, a.AwardedBy, a.Reason, a.RevokedAt, a.RevokedReason);
}
