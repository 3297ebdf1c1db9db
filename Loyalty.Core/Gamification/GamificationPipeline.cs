using System.Globalization;
using Loyalty.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Loyalty.Core.Gamification;

/// <summary>What one run of the pipeline did.</summary>
public sealed record GamificationRun(int Facts, int PointEntries, int Recalculations, int RowsWritten, int BadgesAwarded, int BadgesRevoked, int PeriodsClosed);

/// <summary>
/// The order of things after the CRM changed: points from the new facts, then the ratings of the employees and
/// periods those facts touched, then the badges, then notices of new leaders. The full run (a job) does the same
/// for every current period and closes the periods that ended.
/// </summary>
public sealed class GamificationPipeline(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    PointsProcessor points,
    RatingCalculator ratings,
    BadgeEvaluator badges,
    GamificationNotices notices,
    LeaderboardHub hub,
    Portal.PortalClock clock,
    ILogger<GamificationPipeline> logger)
{
    /// <summary>After a sync chunk or an event: only what the new facts touched.</summary>
    public async Task<GamificationRun> RunIncrementalAsync(CancellationToken ct = default)
    {
        var pass = await points.ProcessAsync(ct);
        if (pass.Changes.Count == 0)
        {
            return new GamificationRun(pass.Facts, 0, 0, 0, 0, 0, 0);
        }

        var recalculations = await ratings.IncrementalAsync(pass.Changes, ct);
        var badgePass = await badges.EvaluateAsync(pass.Changes, ct);
        // A new leader is news when what put them there is: an initial sync's year of history is not.
        var recent = pass.Changes.Where(c => c.At >= clock.UtcNow - TimeSpan.FromDays(1)).Select(c => c.EmployeeId).ToHashSet();
        await NoticeLeadersAsync(recalculations.Where(r => r.LeaderAfter is { } leader && recent.Contains(leader)).ToList(), ct);
        return new GamificationRun(pass.Facts, pass.Awards + pass.Reversals, recalculations.Count, recalculations.Sum(r => r.RowsWritten), badgePass.Awarded, badgePass.Revoked, 0);
    }

    /// <summary>The scheduled full pass: new facts, every current period of every rating in full, badges for everyone, and periods that ended closed.</summary>
    public async Task<GamificationRun> RunFullAsync(CancellationToken ct = default)
    {
        var pass = await points.ProcessAsync(ct);
        var recalculations = await ratings.RecalculateCurrentAsync(ct);
        var badgePass = await badges.EvaluateAsync(null, ct);
        var closed = await ratings.CloseEndedAsync(BadgeEvaluator.Grace, ct);
        foreach (var (rating, period) in closed)
        {
            var rank = await badges.AwardClosedPeriodAsync(rating, period, ct);
            badgePass = new BadgePass(badgePass.Awarded + rank.Awarded, badgePass.Revoked);
        }

        await NoticeLeadersAsync(recalculations, ct);
        var run = new GamificationRun(pass.Facts, pass.Awards + pass.Reversals, recalculations.Count, recalculations.Sum(r => r.RowsWritten), badgePass.Awarded, badgePass.Revoked, closed.Count);
        logger.LogInformation("Gamification full run: {Run}", run);
        return run;
    }

    private async Task NoticeLeadersAsync(IReadOnlyList<RatingRecalculation> recalculations, CancellationToken ct)
    {
        var changed = recalculations.Where(r => r.LeaderChanged && r.LeaderBefore is not null).ToList();
        if (changed.Count == 0)
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var added = new List<GamificationNotice>();
        foreach (var r in changed)
        {
            var rating = await db.Ratings.AsNoTracking().FirstOrDefaultAsync(x => x.Id == r.RatingId, ct);
            // Only the current period's leader is announced, and never a team's (it has no one to notify).
            if (rating is null || rating.Scope == RatingScope.Team || Periods.Containing(rating.Period, clock.UtcNow, clock.Zone).Key != r.PeriodKey)
            {
                continue;
            }

            var text = notices.Text("NewLeader", rating.Name, notices.Period(r.PeriodKey));
            var what = string.Create(CultureInfo.InvariantCulture, $"leader:{r.RatingId}:{r.PeriodKey}");
            added.Add(await notices.AddAsync(db, NoticeKind.NewLeader, r.LeaderAfter!.Value, text, null, r.RatingId, what, ct));
        }

        await db.SaveChangesAsync(ct);
        foreach (var notice in added)
        {
            hub.Notify(notice);
        }
    }
}
