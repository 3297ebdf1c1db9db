using System.Globalization;
using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Portal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Loyalty.Core.Gamification;

/// <summary>What a badge pass did.</summary>
public sealed record BadgePass(int Awarded, int Revoked);

/// <summary>
/// Awards and revokes badges by their rules, after each recalculation: once per badge, holder, level and period
/// (a unique index makes a second award of the same one impossible), revoked when the figures that earned it are
/// undone while its period is still open, and given back (the same row) if they are earned again. Rank badges are
/// awarded when a rating's period closes, from its final results. Each new award is a notice in the portal and a
/// notification to the employee in Bitrix24.
/// </summary>
public sealed class BadgeEvaluator(
    IDbContextFactory<LoyaltyDbContext> dbFactory, PortalClock clock, GamificationNotices notices, LeaderboardHub hub, ILogger<BadgeEvaluator> logger)
{
    public const string Actor = "system:badges";

    /// <summary>How long after a period's end its badges can still change (late syncs), like the ratings' closing.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    private static readonly DateTime Beginning = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>
    /// Evaluates the automatic badges for the employees that changed (null: everyone, for the current periods);
    /// period badges look at the periods the changes fall in, and at the current one.
    /// </summary>
    public async Task<BadgePass> EvaluateAsync(IReadOnlyList<EmployeeChange>? changes, CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var badges = await db.Badges.AsNoTracking().Where(b => b.Active && b.Audience == BadgeAudience.Employee).ToListAsync(ct);
            IReadOnlySet<long>? employees = changes?.Select(c => c.EmployeeId).ToHashSet();
            if (employees is { Count: 0 })
            {
                return new BadgePass(0, 0);
            }

            var pass = new BadgePass(0, 0);
            var now = clock.UtcNow;
            // What the CRM's history earned is recorded without a notice: the very first pass, and changes older than a day
            // (an initial sync brings a year of them). Only news is announced.
            var quiet = !await db.BadgeAwards.AnyAsync(ct);
            var recent = changes?.Where(c => c.At >= now - TimeSpan.FromDays(1)).Select(c => c.EmployeeId).ToHashSet();
            Func<long, bool> announce = quiet ? _ => false : recent is null ? _ => true : recent.Contains;
            foreach (var badge in badges)
            {
                switch (badge.Rule)
                {
                    case BadgeRule.FirstWonDeal:
                        var won = await WonDealCountsAsync(db, employees, ct);
                        pass = Add(pass, await ApplyAsync(db, badge, "", null, employees ?? won.Keys.ToHashSet(), id => won.GetValueOrDefault(id), announce, ct));
                        break;
                    case BadgeRule.Cumulative when badge.Metric is { } metric:
                        var all = await MetricQueries.PerEmployeeAsync(db, new MetricRequest(Beginning, now.AddDays(1), new HashSet<Metric> { metric }, [], employees?.ToList()), ct);
                        pass = Add(pass, await ApplyAsync(db, badge, "", null, employees ?? all.Keys.ToHashSet(), id => ValueOf(all, id, metric), announce, ct));
                        break;
                    case BadgeRule.MetricInPeriod when badge.Metric is { } metric && badge.Period is { } kind:
                        var periods = (changes ?? []).Select(c => Periods.Containing(kind, c.At, clock.Zone))
                            .Append(Periods.Containing(kind, now, clock.Zone))
                            .DistinctBy(p => p.Key)
                            .Where(p => p.StartUtc <= now && p.EndUtc + Grace > now);
                        foreach (var period in periods)
                        {
                            var totals = await MetricQueries.PerEmployeeAsync(db, new MetricRequest(period.StartUtc, period.EndUtc, new HashSet<Metric> { metric }, [], employees?.ToList()), ct);
                            pass = Add(pass, await ApplyAsync(db, badge, badge.Repeatable ? period.Key : "", period.Key, employees ?? totals.Keys.ToHashSet(), id => ValueOf(totals, id, metric), announce, ct));
                        }

                        break;
                }
            }

            await db.SaveChangesAsync(ct);
            if (pass.Awarded + pass.Revoked > 0)
            {
                logger.LogInformation("Badges: {Awarded} awarded, {Revoked} revoked", pass.Awarded, pass.Revoked);
            }

            return pass;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Rank badges of a rating's period that just closed: each participant within a level's rank gets it, for good.</summary>
    public async Task<BadgePass> AwardClosedPeriodAsync(RatingDefinition rating, Period period, CancellationToken ct = default)
    {
        if (rating.Scope == RatingScope.Team)
        {
            return new BadgePass(0, 0);
        }

        await _gate.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var badges = await db.Badges.AsNoTracking().Where(b => b.Active && b.Rule == BadgeRule.RatingRank && b.RatingId == rating.Id).ToListAsync(ct);
            if (badges.Count == 0)
            {
                return new BadgePass(0, 0);
            }

            var ranks = await db.RatingResults.AsNoTracking()
                .Where(r => r.Rank != null && db.RatingPeriods.Any(p => p.Id == r.RatingPeriodId && p.RatingId == rating.Id && p.Key == period.Key))
                .ToDictionaryAsync(r => r.ParticipantId, r => r.Rank!.Value, ct);
            var pass = new BadgePass(0, 0);
            foreach (var badge in badges)
            {
                // Final results: nothing is revoked, so only those who placed are looked at.
                pass = Add(pass, await ApplyAsync(db, badge, badge.Repeatable ? period.Key : "", period.Key, ranks.Keys.ToHashSet(), id => ranks.GetValueOrDefault(id), _ => true, ct));
            }

            await db.SaveChangesAsync(ct);
            return pass;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A sales head's award with a reason; the same badge, level and holder twice is refused (it is held already).</summary>
    public async Task<BadgeAward> AwardManuallyAsync(long badgeId, long employeeId, BadgeLevel level, string reason, string actor, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new BadgeAwardException("Badge_Error_ReasonRequired");
        }

        if (TextLimits.IsTooLong(reason, TextLimits.Reason))
        {
            throw new BadgeAwardException(TextLimits.TooLongKey, TextLimits.Reason);
        }

        await _gate.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var badge = await db.Badges.AsNoTracking().FirstOrDefaultAsync(b => b.Id == badgeId && b.Active, ct) ?? throw new BadgeAwardException("Badge_Error_NotFound");
            if (!await db.Employees.AnyAsync(e => e.Id == employeeId && e.DeletedAt == null, ct))
            {
                throw new BadgeAwardException("Badge_Error_EmployeeNotFound");
            }

            var periodKey = badge.Repeatable && badge.Period is { } kind ? Periods.Containing(kind, clock.UtcNow, clock.Zone).Key : "";
            var existing = await db.BadgeAwards.FirstOrDefaultAsync(a => a.BadgeId == badgeId && a.EmployeeId == employeeId && a.Level == level && a.PeriodKey == periodKey, ct);
            if (existing is { RevokedAt: null })
            {
                throw new BadgeAwardException("Badge_Error_AlreadyHeld");
            }

            var award = existing ?? db.BadgeAwards.Add(new BadgeAward { BadgeId = badgeId, EmployeeId = employeeId, Level = level, PeriodKey = periodKey }).Entity;
            award.AwardedAt = clock.UtcNow;
            award.AwardedBy = actor;
            award.Reason = reason.Trim();
            award.RevokedAt = null;
            award.RevokedReason = null;
            award.EarnedInPeriod = periodKey.Length > 0 ? periodKey : null;
            var notice = await NoticeAsync(db, badge, award, ct);
            await db.SaveChangesAsync(ct);
            hub.BadgeHoldersChanged([employeeId]);
            hub.Notify(notice);
            return award;
        }
        catch (DbUpdateException)
        {
            // Two sales heads clicked at once: the unique index let one through.
            throw new BadgeAwardException("Badge_Error_AlreadyHeld");
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Revokes an award by hand (a manual one given by mistake), with a reason.</summary>
    public async Task RevokeAsync(long awardId, string reason, string actor, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new BadgeAwardException("Revoke_ReasonRequired");
        }

        if (TextLimits.IsTooLong(reason, TextLimits.Reason))
        {
            throw new BadgeAwardException(TextLimits.TooLongKey, TextLimits.Reason);
        }

        await _gate.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var award = await db.BadgeAwards.FirstOrDefaultAsync(a => a.Id == awardId, ct) ?? throw new BadgeAwardException("Badge_Error_NotFound");
            if (award.RevokedAt is not null)
            {
                return;
            }

            award.RevokedAt = clock.UtcNow;
            award.RevokedReason = $"{actor}: {reason.Trim()}";
            await db.SaveChangesAsync(ct);
            hub.BadgeHoldersChanged([award.EmployeeId]);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Gives each employee the levels their value reaches and takes back (while the period is open) those it no longer does.</summary>
    private async Task<BadgePass> ApplyAsync(LoyaltyDbContext db, Badge badge, string periodKey, string? earnedIn, IReadOnlySet<long> employees, Func<long, double> value, Func<long, bool> announce, CancellationToken ct)
    {
        if (employees.Count == 0)
        {
            return new BadgePass(0, 0);
        }

        var ids = employees.ToList();
        var held = await db.BadgeAwards.Where(a => a.BadgeId == badge.Id && a.PeriodKey == periodKey && ids.Contains(a.EmployeeId)).ToListAsync(ct);
        var byKey = held.ToDictionary(a => (a.EmployeeId, a.Level));
        var (awarded, revoked) = (0, 0);
        var now = clock.UtcNow;
        var newNotices = new List<GamificationNotice>();
        var holders = new HashSet<long>();
        foreach (var employee in ids)
        {
            var reached = BadgeLevels.Reached(badge, value(employee)).ToHashSet();
            foreach (var level in reached)
            {
                if (byKey.TryGetValue((employee, level), out var award))
                {
                    if (award.RevokedAt is null)
                    {
                        continue;
                    }

                    award.RevokedAt = null;
                    award.RevokedReason = null;
                }
                else
                {
                    award = db.BadgeAwards.Add(new BadgeAward { BadgeId = badge.Id, EmployeeId = employee, Level = level, PeriodKey = periodKey }).Entity;
                }

                award.AwardedAt = now;
                award.AwardedBy = Actor;
                award.EarnedInPeriod = earnedIn;
                holders.Add(employee);
                if (announce(employee))
                {
                    newNotices.Add(await NoticeAsync(db, badge, award, ct));
                }

                awarded++;
            }

            foreach (var award in held.Where(a => a.EmployeeId == employee && a.RevokedAt is null && a.AwardedBy == Actor && !reached.Contains(a.Level)))
            {
                if (badge.Rule == BadgeRule.RatingRank || !IsOpen(badge, award.EarnedInPeriod, now))
                {
                    continue;
                }

                award.RevokedAt = now;
                award.RevokedReason = "condition";
                holders.Add(employee);
                revoked++;
            }
        }

        await db.SaveChangesAsync(ct);
        hub.BadgeHoldersChanged(holders);
        foreach (var notice in newNotices)
        {
            hub.Notify(notice);
        }

        return new BadgePass(awarded, revoked);
    }

    /// <summary>A badge earned within a period can be revoked while that period is open (plus the grace); once-only badges without one, any time.</summary>
    private bool IsOpen(Badge badge, string? earnedIn, DateTime now)
    {
        if (earnedIn is null || badge.Period is not { } kind)
        {
            return true;
        }

        return Periods.Parse(kind, earnedIn, clock.Zone) is not { } period || period.EndUtc + Grace > now;
    }

    private async Task<GamificationNotice> NoticeAsync(LoyaltyDbContext db, Badge badge, BadgeAward award, CancellationToken ct)
    {
        var text = notices.Text("BadgeAwarded", badge.Name, notices.LevelName(award.Level));
        var what = string.Create(CultureInfo.InvariantCulture, $"badge:{badge.Id}:{award.Level}:{award.PeriodKey}");
        return await notices.AddAsync(db, NoticeKind.BadgeAwarded, award.EmployeeId, text, badge.Id, null, what, ct);
    }

    private static async Task<Dictionary<long, double>> WonDealCountsAsync(LoyaltyDbContext db, IReadOnlySet<long>? employees, CancellationToken ct)
    {
        var deals = db.Deals.Where(d => d.Semantics == StageSemantics.Success && d.DeletedAt == null && d.AssignedById != null);
        if (employees is not null)
        {
            var ids = employees.ToList();
            deals = deals.Where(d => ids.Contains(d.AssignedById!.Value));
        }

        return await deals.GroupBy(d => d.AssignedById!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => (double)g.Count, ct);
    }

    private static double ValueOf(Dictionary<long, Dictionary<Metric, MetricTotal>> totals, long employee, Metric metric) =>
        totals.TryGetValue(employee, out var own) && own.TryGetValue(metric, out var total) && Metrics.EnoughForBadge(metric, total) ? Metrics.Value(metric, total) ?? 0 : 0;

    private static BadgePass Add(BadgePass a, BadgePass b) => new(a.Awarded + b.Awarded, a.Revoked + b.Revoked);
}

/// <summary>A manual award or revocation was refused; the key says why, in the user's words.</summary>
public sealed class BadgeAwardException(string messageKey, params object[] arguments) : Exception(messageKey)
{
    public string MessageKey { get; } = messageKey;

    /// <summary>The message's arguments (the limit of a text too long).</summary>
    public object[] Arguments { get; } = arguments;
}
