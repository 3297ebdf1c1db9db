using Bunit;
using Loyalty.Core.Gamification;
using Loyalty.Core.Portal;
using Loyalty.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Loyalty.Tests.Web.Components.Pages.Leaderboards;

/// <summary>Boards for the leaderboard's parts: a clock at Wednesday 16.12.2026 12:00 Moscow, a monthly deal-sum rating.</summary>
internal static class LeaderboardParts
{
    public static readonly DateTimeOffset Now = new(2026, 12, 16, 9, 0, 0, TimeSpan.Zero);

    public static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    public static ManualTimeProvider AddLeaderboardServices(this BunitContext ctx)
    {
        ctx.AddPortalServices();
        // The kiosk turns its pages on this clock's timers: they fire when a test moves it.
        var time = new ManualTimeProvider(Now, manualTimers: true);
        ctx.Services.AddSingleton<TimeProvider>(time);
        ctx.Services.AddSingleton(new PortalClock(Options.Create(new PortalOptions()), time));
        return time;
    }

    public static Leaderboard Board(int ranked, int unranked = 0, int topN = 0, string period = "2026-12") => new(
        new RatingDefinition { Id = 7, Name = "Лучший менеджер месяца", Period = PeriodKind.Month, Criteria = [new Criterion(Metric.DealSum, 100)], TopN = topN },
        Periods.Parse(PeriodKind.Month, period, Moscow)!,
        false,
        Now.UtcDateTime,
        Enumerable.Range(1, ranked + unranked).Select(i => new LeaderboardRow(
            i, $"Сотрудник {i}", "СО", null, "Отдел продаж", i <= ranked ? i : null, null, 100m - i,
            [new CriterionScore(Metric.DealSum, 1_000_00 * (100 - i), 1, 100m - i)], [])).ToList(),
        1);
}
