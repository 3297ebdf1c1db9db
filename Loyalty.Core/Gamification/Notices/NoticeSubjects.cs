using Loyalty.Core.Data;
using Loyalty.Core.Portal;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Gamification;

/// <summary>
/// Who and what a notice is about, for the portal's readers: the stored <see cref="GamificationNotice.Text"/> speaks
/// to the employee ("Вы…", as sent to Bitrix24), so toasts and the feed say it about the employee instead.
/// <see cref="Period"/> is the leader's period; <see cref="Level"/> the badge's level.
/// </summary>
public sealed record NoticeSubject(
    long NoticeId, NoticeKind Kind, DateTime CreatedAt, long EmployeeId, string EmployeeName, string? RatingName, Period? Period, string? BadgeName, BadgeLevel? Level);

public sealed class NoticeSubjects(IDbContextFactory<LoyaltyDbContext> dbFactory, PortalClock clock)
{
    /// <summary>The subjects of <paramref name="notices"/>, in their order.</summary>
    public async Task<IReadOnlyList<NoticeSubject>> OfAsync(IReadOnlyList<GamificationNotice> notices, CancellationToken ct = default)
    {
        if (notices.Count == 0)
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var people = await ParticipantDirectory.LoadAsync(db, ct);
        var ratingIds = notices.Where(n => n.RatingId is not null).Select(n => n.RatingId!.Value).Distinct().ToList();
        var ratings = await db.Ratings.AsNoTracking().Where(r => ratingIds.Contains(r.Id)).Select(r => new { r.Id, r.Name, r.Period }).ToDictionaryAsync(r => r.Id, ct);
        var badgeIds = notices.Where(n => n.BadgeId is not null).Select(n => n.BadgeId!.Value).Distinct().ToList();
        var badges = await db.Badges.AsNoTracking().Where(b => badgeIds.Contains(b.Id)).Select(b => new { b.Id, b.Name }).ToDictionaryAsync(b => b.Id, b => b.Name, ct);
        var employeeIds = notices.Select(n => n.EmployeeId).Distinct().ToList();
        var awards = badgeIds.Count == 0
            ? []
            : await db.BadgeAwards.AsNoTracking().Where(a => badgeIds.Contains(a.BadgeId) && employeeIds.Contains(a.EmployeeId))
                .Select(a => new { a.BadgeId, a.EmployeeId, a.Level, a.AwardedAt }).ToListAsync(ct);

        return notices.Select(n =>
        {
            var rating = n.RatingId is { } r ? ratings.GetValueOrDefault(r) : null;
            // Only the current period's leader is announced (GamificationPipeline), so the period is the one the notice was made in.
            var period = rating is null ? null : Periods.Containing(rating.Period, n.CreatedAt, clock.Zone);
            // The award the notice announced: the latest of that badge to that employee up to the notice.
            var level = n.BadgeId is { } b
                ? awards.Where(a => a.BadgeId == b && a.EmployeeId == n.EmployeeId && a.AwardedAt <= n.CreatedAt).MaxBy(a => a.AwardedAt)?.Level
                : null;
            return new NoticeSubject(
                n.Id, n.Kind, n.CreatedAt, n.EmployeeId, people.FindPerson(n.EmployeeId)?.Name ?? $"#{n.EmployeeId}", rating?.Name, period,
                n.BadgeId is { } id ? badges.GetValueOrDefault(id) : null, level);
        }).ToList();
    }
}
