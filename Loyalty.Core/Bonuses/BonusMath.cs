namespace Loyalty.Core.Bonuses;

/// <summary>What the program knows of a customer before a deal: won deals and their sum (kopecks, base currency).</summary>
public readonly record struct CustomerStats(int WonDeals, long WonSum);

/// <summary>
/// The program's arithmetic, pure. Rounding: every amount the customer receives or may spend is rounded
/// <b>down</b> to the kopeck (a customer never gets a fraction the shop did not give); a reversal takes back
/// exactly what was accrued.
/// </summary>
public static class BonusMath
{
    /// <summary>The tier for a lifetime spend: the last tier whose threshold the spend reaches.</summary>
    public static BonusTier Tier(BonusSettings settings, long lifetimeSpend)
    {
        var tier = settings.Tiers[0];
        foreach (var t in settings.Tiers)
        {
            if (lifetimeSpend >= t.MinSpend)
            {
                tier = t;
            }
        }

        return tier;
    }

    /// <summary>The next tier and what is left to reach it; null at the top.</summary>
    public static (BonusTier Next, long Remaining)? NextTier(BonusSettings settings, long lifetimeSpend) =>
        settings.Tiers.FirstOrDefault(t => t.MinSpend > lifetimeSpend) is { } next ? (next, next.MinSpend - lifetimeSpend) : null;

    /// <summary>The progressive step that applies: the largest extra % among the steps whose conditions hold.</summary>
    public static decimal ExtraPercent(BonusSettings settings, CustomerStats stats) =>
        settings.Steps.Where(s => stats.WonDeals >= s.MinWonDeals && stats.WonSum >= s.MinTotal).Select(s => s.ExtraPercent).DefaultIfEmpty(0).Max();

    /// <summary>
    /// The customer's current bonus %: the tier's % plus the progressive step's, at most 100. In the points basis,
    /// the points' equivalent (<c>N / X × 100</c>, rounded down to 0.01 %).
    /// </summary>
    public static decimal CurrentPercent(BonusSettings settings, CustomerStats stats) => settings.Basis switch
    {
        AccrualBasis.PointsPerAmount => decimal.Floor(settings.PointsPerStep * 100_00m * 100m / settings.StepAmount) / 100m,
        _ => Math.Min(100m, Tier(settings, stats.WonSum).BonusPercent + ExtraPercent(settings, stats)),
    };

    /// <summary>What a won deal of <paramref name="amount"/> kopecks earns a customer with <paramref name="before"/> (the deal itself not counted).</summary>
    public static long Accrual(BonusSettings settings, CustomerStats before, long amount)
    {
        if (amount <= 0)
        {
            return 0;
        }

        return settings.Basis switch
        {
            AccrualBasis.PointsPerAmount => checked(amount / settings.StepAmount * settings.PointsPerStep * 100),
            _ => PercentOf(amount, CurrentPercent(settings, before)),
        };
    }

    /// <summary>
    /// How much of a requested redemption is applied: no more than the balance and the maximum share of the order.
    /// Also says which limit cut it, if any.
    /// </summary>
    public static (long Applied, RedemptionCap Cap) Redemption(BonusSettings settings, long requested, long balance, long orderAmount)
    {
        var shareCap = PercentOf(Math.Max(0, orderAmount), settings.MaxRedeemSharePercent);
        var applied = Math.Max(0, Math.Min(requested, Math.Min(Math.Max(0, balance), shareCap)));
        var cap = applied == requested ? RedemptionCap.None
            : Math.Max(0, balance) <= shareCap ? RedemptionCap.Balance
            : RedemptionCap.OrderShare;
        return (applied, cap);
    }

    /// <summary><paramref name="amount"/> × <paramref name="percent"/> / 100, rounded down to the kopeck.</summary>
    public static long PercentOf(long amount, decimal percent) => (long)decimal.Floor(amount * percent / 100m);
}

public enum RedemptionCap
{
    None,
    Balance,
    OrderShare,
}
