namespace Loyalty.Core.Notifications;

/// <summary>
/// SMS quiet hours, cut in the portal's time zone: a notice due inside them waits for their end. Hours that cross
/// midnight (21:00–09:00) are the usual case; equal bounds mean no quiet hours.
/// </summary>
public readonly record struct QuietHours(TimeOnly From, TimeOnly To)
{
    public static readonly QuietHours Default = new(new TimeOnly(21, 0), new TimeOnly(9, 0));

    public bool IsNone => From == To;

    /// <summary>Whether <paramref name="kind"/> waits for the morning at all: sign-in codes and test sends never do.</summary>
    public static bool Applies(NotificationChannel channel, NotificationKind kind) =>
        channel == NotificationChannel.Sms && kind is not (NotificationKind.SignInCode or NotificationKind.Test);

    /// <summary>The first moment at or after <paramref name="utc"/> outside the quiet hours, as UTC.</summary>
    public DateTime NextAllowed(DateTime utc, TimeZoneInfo zone)
    {
        if (IsNone)
        {
            return utc;
        }

        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
        var time = TimeOnly.FromDateTime(local);
        var crossesMidnight = From > To;
        var quiet = crossesMidnight ? time >= From || time < To : time >= From && time < To;
        if (!quiet)
        {
            return utc;
        }

        // The end is today when we are past midnight (or the hours do not cross it), else tomorrow.
        var endDay = DateOnly.FromDateTime(local);
        if (crossesMidnight && time >= From)
        {
            endDay = endDay.AddDays(1);
        }

        var endLocal = endDay.ToDateTime(To, DateTimeKind.Unspecified);
        // A wall time skipped by a clock change does not exist; the next minute that does is the morning.
        while (zone.IsInvalidTime(endLocal))
        {
            endLocal = endLocal.AddMinutes(1);
        }

        return TimeZoneInfo.ConvertTimeToUtc(endLocal, zone);
    }

    public static bool TryParse(string? from, string? to, out QuietHours hours)
    {
        hours = Default;
        if (!TimeOnly.TryParseExact(from, "HH:mm", out var f) || !TimeOnly.TryParseExact(to, "HH:mm", out var t))
        {
            return false;
        }

        hours = new QuietHours(f, t);
        return true;
    }
}
