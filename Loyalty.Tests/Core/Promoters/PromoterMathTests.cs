using Loyalty.Core.Promoters;

namespace Loyalty.Tests.Core.Promoters;

/// <summary>The commission arithmetic: the scale's bands and their edges, rounding to the kopeck, the portal's year, the hold.</summary>
public sealed class PromoterMathTests
{
    private static readonly PromoterSettings Scaled = new() { Scale = PromoterSettings.ExampleScale };

    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    [Theory]
    [InlineData(0L, 10_00)]
    [InlineData(499_999_99L, 10_00)]
    [InlineData(500_000_00L, 12_00)]
    [InlineData(500_000_01L, 12_00)]
    [InlineData(1_999_999_99L, 12_00)]
    [InlineData(2_000_000_00L, 15_00)]
    [InlineData(long.MaxValue, 15_00)]
    public void TheBandIsTheOneTheTurnoverBeforeTheDealReached(long turnoverBefore, int rate) =>
        Assert.Equal(rate, PromoterMath.Rate(Scaled, ownRate: null, turnoverBefore));

    [Fact]
    public void AnOwnRateBeatsTheScaleAndWithoutAScaleTheDefaultApplies()
    {
        Assert.Equal(7_50, PromoterMath.Rate(Scaled, ownRate: 7_50, 3_000_000_00));
        Assert.Equal(0, PromoterMath.Rate(Scaled, ownRate: 0, 0));
        Assert.Equal(10_00, PromoterMath.Rate(new PromoterSettings(), ownRate: null, 3_000_000_00));
        Assert.Equal(11_00, PromoterMath.Rate(new PromoterSettings { DefaultRateBasisPoints = 11_00 }, ownRate: null, 0));
    }

    [Theory]
    [InlineData(150_000_00L, 10_00, 15_000_00L)]
    [InlineData(499_999_99L, 10_00, 50_000_00L)]   // 4 999 999,9 kopecks → 5 000 000
    [InlineData(123_45L, 12_50, 15_43L)]           // 1 543,125 → 1 543
    [InlineData(1L, 50_00, 1L)]                    // 0,5 kopeck → 1 (half away from zero)
    [InlineData(3L, 12_50, 0L)]                    // 0,375 → 0
    [InlineData(-150_000_00L, 10_00, -15_000_00L)]
    [InlineData(0L, 15_00, 0L)]
    public void TheCommissionIsRoundedToTheKopeckHalfAwayFromZero(long amount, int rate, long expected) =>
        Assert.Equal(expected, PromoterMath.Commission(amount, rate));

    [Fact]
    public void TheYearIsCutAtMidnightInThePortalsZone()
    {
        // 31.12.2026 23:59:59 in Moscow is 20:59:59 UTC: still 2026; a second later it is 2027 there.
        var lastSecond = new DateTime(2026, 12, 31, 20, 59, 59, DateTimeKind.Utc);
        var (start, end) = PromoterMath.YearOf(lastSecond, Moscow);
        Assert.Equal(new DateTime(2025, 12, 31, 21, 0, 0, DateTimeKind.Utc), start);
        Assert.Equal(new DateTime(2026, 12, 31, 21, 0, 0, DateTimeKind.Utc), end);

        var newYear = PromoterMath.YearOf(lastSecond.AddSeconds(1), Moscow);
        Assert.Equal(new DateTime(2026, 12, 31, 21, 0, 0, DateTimeKind.Utc), newYear.Start);
        Assert.Equal(new DateTime(2027, 12, 31, 21, 0, 0, DateTimeKind.Utc), newYear.End);
    }

    [Fact]
    public void TheHoldEndsAtTheStartOfThePortalsDayAndZeroDaysIsAtOnce()
    {
        // Won 06.12.2026 at 12:30 Moscow, 14 days: payable from 20.12.2026 00:00 Moscow (19.12 21:00 UTC).
        var won = new DateTime(2026, 12, 6, 9, 30, 0, DateTimeKind.Utc);
        Assert.Equal(new DateTime(2026, 12, 19, 21, 0, 0, DateTimeKind.Utc), PromoterMath.PayableAfter(won, 14, Moscow));
        // Won at 00:30 Moscow on 07.12 (06.12 21:30 UTC), 1 day: payable from 08.12 00:00 Moscow — the day in Moscow counts, not the UTC date.
        Assert.Equal(new DateTime(2026, 12, 7, 21, 0, 0, DateTimeKind.Utc), PromoterMath.PayableAfter(new DateTime(2026, 12, 6, 21, 30, 0, DateTimeKind.Utc), 1, Moscow));
        Assert.Equal(won, PromoterMath.PayableAfter(won, 0, Moscow));
    }

    [Fact]
    public void TheValidatorRefusesABadScaleRateOrHold()
    {
        Assert.Empty(PromoterSettingsValidator.Validate(new PromoterSettings()));
        Assert.Empty(PromoterSettingsValidator.Validate(Scaled));
        Assert.Empty(PromoterSettingsValidator.Validate(new PromoterSettings { HoldDays = 0 }));
        Assert.Contains(PromoterSettingsValidator.Validate(new PromoterSettings { Scale = [new(100, 10_00)] }), e => e.MessageKey == "PromoterErr_ScaleFromZero");
        Assert.Contains(PromoterSettingsValidator.Validate(new PromoterSettings { Scale = [new(0, 10_00), new(0, 12_00)] }), e => e.MessageKey == "PromoterErr_ScaleAscending");
        Assert.Contains(PromoterSettingsValidator.Validate(new PromoterSettings { DefaultRateBasisPoints = 100_01 }), e => e.Field == nameof(PromoterSettings.DefaultRateBasisPoints));
        Assert.Contains(PromoterSettingsValidator.Validate(new PromoterSettings { HoldDays = -1 }), e => e.Field == nameof(PromoterSettings.HoldDays));
        Assert.Contains(PromoterSettingsValidator.Validate(new PromoterSettings { Trigger = CommissionTrigger.LeadCreated, FixedAmount = 0 }), e => e.Field == nameof(PromoterSettings.FixedAmount));
    }
}
