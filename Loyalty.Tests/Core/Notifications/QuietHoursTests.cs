using Loyalty.Core.Notifications;

namespace Loyalty.Tests.Core.Notifications;

public sealed class QuietHoursTests
{
    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    [Theory]
    // Moscow is UTC+3: 21:00–09:00 there is 18:00–06:00 UTC.
    [InlineData("2026-12-07T09:00:00Z", "2026-12-07T09:00:00Z")] // 12:00: sent now
    [InlineData("2026-12-07T17:59:00Z", "2026-12-07T17:59:00Z")] // 20:59: still allowed
    [InlineData("2026-12-07T18:00:00Z", "2026-12-08T06:00:00Z")] // 21:00: next morning at 09:00
    [InlineData("2026-12-07T20:59:00Z", "2026-12-08T06:00:00Z")] // 23:59: across midnight
    [InlineData("2026-12-07T21:00:00Z", "2026-12-08T06:00:00Z")] // 00:00 in Moscow (the next day)
    [InlineData("2026-12-08T05:59:00Z", "2026-12-08T06:00:00Z")] // 08:59: in a minute
    [InlineData("2026-12-08T06:00:00Z", "2026-12-08T06:00:00Z")] // 09:00: the quiet is over
    public void ANoticeDueAtNightWaitsForTheMorningInThePortalsZone(string due, string expected)
    {
        var at = QuietHours.Default.NextAllowed(DateTime.Parse(due, null, System.Globalization.DateTimeStyles.AdjustToUniversal), Moscow);

        Assert.Equal(DateTime.Parse(expected, null, System.Globalization.DateTimeStyles.AdjustToUniversal), at);
        Assert.Equal(DateTimeKind.Utc, at.Kind);
    }

    [Fact]
    public void QuietHoursWithinOneDayHoldOnlyThatSpan()
    {
        var lunch = new QuietHours(new TimeOnly(13, 0), new TimeOnly(14, 0));

        Assert.Equal(new DateTime(2026, 12, 7, 11, 0, 0, DateTimeKind.Utc), lunch.NextAllowed(new DateTime(2026, 12, 7, 10, 30, 0, DateTimeKind.Utc), Moscow));
        Assert.Equal(new DateTime(2026, 12, 7, 9, 0, 0, DateTimeKind.Utc), lunch.NextAllowed(new DateTime(2026, 12, 7, 9, 0, 0, DateTimeKind.Utc), Moscow));
        Assert.Equal(new DateTime(2026, 12, 7, 22, 0, 0, DateTimeKind.Utc), new QuietHours(new TimeOnly(9, 0), new TimeOnly(9, 0)).NextAllowed(new DateTime(2026, 12, 7, 22, 0, 0, DateTimeKind.Utc), Moscow));
    }

    [Theory]
    [InlineData(NotificationChannel.Sms, NotificationKind.NpsSurvey, true)]
    [InlineData(NotificationChannel.Sms, NotificationKind.PromoterWonDeal, true)]
    [InlineData(NotificationChannel.Sms, NotificationKind.SignInCode, false)]
    [InlineData(NotificationChannel.Sms, NotificationKind.Test, false)]
    [InlineData(NotificationChannel.Email, NotificationKind.NpsSurvey, false)]
    [InlineData(NotificationChannel.Bitrix24, NotificationKind.Gamification, false)]
    public void OnlySmsThatCanWaitIsHeld(NotificationChannel channel, NotificationKind kind, bool held) =>
        Assert.Equal(held, QuietHours.Applies(channel, kind));
}
