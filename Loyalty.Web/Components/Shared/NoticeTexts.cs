using Loyalty.Core.Gamification;
using Loyalty.Web.Components.Pages.Leaderboards;
using Loyalty.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Components.Shared;

/// <summary>
/// A notice as the portal's readers see it, naming the employee: «Жанна Климова — первое место в «Лучший менеджер
/// месяца», декабрь 2026». (The employee's own Bitrix24 notification keeps "Вы…".)
/// </summary>
public static class NoticeTexts
{
    public static string Of(IStringLocalizer<SharedResource> l, NoticeSubject notice) => notice.Kind switch
    {
        NoticeKind.NewLeader => l["Notices_NewLeaderOf", notice.EmployeeName, notice.RatingName ?? "", notice.Period is { } p ? Period(p) : ""],
        _ when notice.Level is { } level => l["Notices_NewBadgeLevelOf", notice.EmployeeName, notice.BadgeName ?? "", l[$"BadgeLevel_{level}"]],
        _ => l["Notices_NewBadgeOf", notice.EmployeeName, notice.BadgeName ?? ""],
    };

    /// <summary>A period for people; the one place to point at the shared period display.</summary>
    public static string Period(Period period) => LeaderboardFormats.Period(period);
}
