using Loyalty.Core.Gamification;
using Loyalty.Web.Components.Shared;
using Loyalty.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Components.Pages.Gamification;

/// <summary>A badge's rule, thresholds and progress in the reader's words (money in roubles, places as places).</summary>
internal static class BadgeTexts
{
    /// <summary>"Сумма выигранных сделок за месяц — от порога уровня. Вручается заново каждый месяц."</summary>
    public static string Rule(IStringLocalizer<SharedResource> l, GalleryBadge badge)
    {
        var rule = badge.Rule switch
        {
            BadgeRule.FirstWonDeal => l["Badges_Rule_FirstWonDeal"].Value,
            BadgeRule.MetricInPeriod when badge.Metric is { } m && badge.Period is { } p => l["Badges_Rule_MetricInPeriod", l[$"Metric_{m}"], l[$"Badges_PeriodOf_{p}"]].Value,
            BadgeRule.Cumulative when badge.Metric is { } m => l["Badges_Rule_Cumulative", l[$"Metric_{m}"]].Value,
            BadgeRule.RatingRank => l["Badges_Rule_RatingRank", badge.RatingName ?? "—"].Value,
            BadgeRule.Manual => l["Badges_Rule_Manual"].Value,
            _ => "",
        };
        return badge.Repeatable && badge.Period is { } kind && badge.Rule is not BadgeRule.Manual ? $"{rule} {l[$"Badges_Again_{kind}"]}" : rule;
    }

    /// <summary>Whether a level's threshold means anything to show (the first won deal and manual badges have none).</summary>
    public static bool HasThresholds(GalleryBadge badge) => badge.Rule is BadgeRule.MetricInPeriod or BadgeRule.Cumulative or BadgeRule.RatingRank;

    /// <summary>A threshold or a value as the rule measures it: "500 000,00 ₽", "20", "3-е место".</summary>
    public static string Amount(IStringLocalizer<SharedResource> l, GalleryBadge badge, double value) => badge.Rule switch
    {
        BadgeRule.RatingRank => l["Badges_Place", (long)value].Value,
        _ when badge.Metric is { } m && Metrics.IsMoney(m) => Formats.Money((long)Math.Round(value)),
        _ => Formats.Number((long)Math.Round(value)),
    };

    /// <summary>"600 000,00 ₽ / 1 000 000,00 ₽", "Место сейчас: 2, нужно 1-е", or "Все уровни достигнуты: 25".</summary>
    public static string Progress(IStringLocalizer<SharedResource> l, GalleryBadge badge, BadgeProgress progress)
    {
        if (badge.Rule == BadgeRule.RatingRank)
        {
            return (progress.Value, progress.NextThreshold) switch
            {
                ( < 1, { } next) => l["Badges_ProgressUnranked", Amount(l, badge, next)],
                (var rank, { } next) => l["Badges_ProgressRank", (long)rank, Amount(l, badge, next)],
                (var rank, null) => l["Badges_ProgressTop", Amount(l, badge, rank)],
            };
        }

        return progress.NextThreshold is { } threshold
            ? l["Badges_Progress", Amount(l, badge, progress.Value), Amount(l, badge, threshold)]
            : l["Badges_ProgressTop", Amount(l, badge, progress.Value)];
    }

    public static string Level(IStringLocalizer<SharedResource> l, BadgeLevel level) => l[$"BadgeLevel_{level}"];

    /// <summary>Who awarded: a user's name, or "automatically" for the badge rules.</summary>
    public static string Actor(IStringLocalizer<SharedResource> l, string actor) =>
        actor.StartsWith("system:", StringComparison.Ordinal) ? l["Badges_Automatic"] : ActorDisplay.Text(l, actor) ?? actor;
}
