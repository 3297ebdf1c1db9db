using System.Globalization;
using System.Resources;
using Loyalty.Core.Data;
using Loyalty.Core.Notifications;
using Loyalty.Core.Portal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Loyalty.Core.Gamification;

/// <summary>
/// Records a notice in the portal and, in the same unit of work, queues it to the employee in Bitrix24
/// (<c>im.notify.system.add</c>) through the notifications outbox (channel Bitrix24, kind Gamification: the
/// Notifications page lists it with everything else sent to people, decision 016), in the portal's default language.
/// Pages hear of it through <see cref="LeaderboardHub.Noticed"/> once it is saved.
/// </summary>
public sealed class GamificationNotices(IOptions<PortalOptions> portal, TimeProvider time, NotificationOutbox outbox)
{
    private static readonly ResourceManager Texts = new("Loyalty.Core.Gamification.Notices.NoticeText", typeof(GamificationNotices).Assembly);

    private CultureInfo Language => CultureInfo.GetCultureInfo(portal.Value.DefaultLanguage == "en" ? "en" : "ru");

    public string Text(string key, params object[] args) =>
        string.Format(Language, Texts.GetString(key, Language) ?? key, args);

    /// <summary>A period key as the notice's reader reads it: «декабрь 2026», never <c>2026-12</c>.</summary>
    public string Period(string periodKey) => PeriodText.OfKey(periodKey, Language);

    public string LevelName(BadgeLevel level) => Texts.GetString($"Level_{level}", Language) ?? level.ToString();

    /// <summary>
    /// Adds the notice and its Bitrix24 notification to <paramref name="db"/>; the caller saves. <paramref name="what"/>
    /// names the occasion (<c>badge:3:Gold:2026-12</c>): the same occasion again (a badge revoked and earned back)
    /// is not sent to Bitrix24 twice.
    /// </summary>
    public async Task<GamificationNotice> AddAsync(LoyaltyDbContext db, NoticeKind kind, long employeeId, string text, long? badgeId, long? ratingId, string what, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var notice = new GamificationNotice { Kind = kind, EmployeeId = employeeId, Text = text, BadgeId = badgeId, RatingId = ratingId, CreatedAt = now };
        db.GamificationNotices.Add(notice);
        // The key the write-back outbox used before: an occasion it already sent (or still holds) is not sent again here.
        var key = string.Create(CultureInfo.InvariantCulture, $"employee:{employeeId}:{what}");
        if (!await db.CrmWriteBacks.AnyAsync(w => w.Key == key, ct))
        {
            var request = new NoticeRequest(
                NotificationChannel.Bitrix24, NotificationKind.Gamification, employeeId.ToString(CultureInfo.InvariantCulture), new RenderedNotice(null, null, text), key);
            await outbox.EnqueueAsync(db, request, ct);
        }

        return notice;
    }
}
