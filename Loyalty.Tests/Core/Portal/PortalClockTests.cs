using Loyalty.Core.Portal;
using Loyalty.Tests.TestSupport;
using Microsoft.Extensions.Options;

namespace Loyalty.Tests.Core.Portal;

public sealed class PortalClockTests
{
    private static readonly DateTimeOffset LateEveningUtc = new(2026, 3, 1, 21, 30, 0, TimeSpan.Zero);

    [Fact]
    public void PortalZoneIsMoscowByDefault()
    {
        var clock = Clock(new PortalOptions(), LateEveningUtc);

        Assert.Equal("Europe/Moscow", clock.Zone.Id);
    }

    [Fact]
    public void ToPortalTurnsLateUtcEveningIntoTheNextMoscowDay()
    {
        var clock = Clock(new PortalOptions(), LateEveningUtc);

        var local = clock.ToPortal(new DateTime(2026, 3, 1, 21, 30, 0, DateTimeKind.Utc));

        Assert.Equal(new DateTime(2026, 3, 2, 0, 30, 0), local);
    }

    [Fact]
    public void MoscowIsThreeHoursAheadInSummerToo()
    {
        var clock = Clock(new PortalOptions(), LateEveningUtc);

        var local = clock.ToPortal(new DateTime(2026, 7, 1, 12, 0, 0, DateTimeKind.Utc));

        Assert.Equal(new DateTime(2026, 7, 1, 15, 0, 0), local);
    }

    [Fact]
    public void ToPortalReadsATimeOfUnspecifiedKindAsUtc()
    {
        var clock = Clock(new PortalOptions(), LateEveningUtc);

        var local = clock.ToPortal(new DateTime(2026, 3, 1, 21, 30, 0, DateTimeKind.Unspecified));

        Assert.Equal(new DateTime(2026, 3, 2, 0, 30, 0), local);
    }

    [Fact]
    public void ConfiguredTimeZoneIsUsed()
    {
        var clock = Clock(new PortalOptions { TimeZone = "Asia/Yekaterinburg" }, LateEveningUtc);

        Assert.Equal(new DateTime(2026, 3, 2, 2, 30, 0), clock.ToPortal(LateEveningUtc.UtcDateTime));
    }

    [Fact]
    public void NowFollowsTheTimeProvider()
    {
        var time = new ManualTimeProvider(LateEveningUtc);
        var clock = Clock(new PortalOptions(), time);

        Assert.Equal(new DateTime(2026, 3, 1, 21, 30, 0, DateTimeKind.Utc), clock.UtcNow);
        Assert.Equal(DateTimeKind.Utc, clock.UtcNow.Kind);
        Assert.Equal(new DateTime(2026, 3, 2, 0, 30, 0), clock.Now);

        time.Advance(TimeSpan.FromMinutes(45));

        Assert.Equal(new DateTime(2026, 3, 1, 22, 15, 0, DateTimeKind.Utc), clock.UtcNow);
        Assert.Equal(new DateTime(2026, 3, 2, 1, 15, 0), clock.Now);
    }

    [Fact]
    public void ADayIsCutAtMidnightInThePortalZone()
    {
        var clock = Clock(new PortalOptions(), LateEveningUtc);

        var start = clock.StartOfDayUtc(new DateOnly(2026, 3, 2));
        var end = clock.EndOfDayUtc(new DateOnly(2026, 3, 2));

        Assert.Equal(new DateTime(2026, 3, 1, 21, 0, 0, DateTimeKind.Utc), start);
        Assert.Equal(DateTimeKind.Utc, start.Kind);
        Assert.Equal(new DateTime(2026, 3, 2, 21, 0, 0, DateTimeKind.Utc), end);
    }

    private static PortalClock Clock(PortalOptions options, DateTimeOffset utcNow) => Clock(options, new ManualTimeProvider(utcNow));

    private static PortalClock Clock(PortalOptions options, TimeProvider time) => new(Options.Create(options), time);
}
