using Microsoft.Extensions.Options;

namespace Loyalty.Core.Portal;

/// <summary>The portal's time zone: everything is stored in UTC and shown or cut into periods here.</summary>
public sealed class PortalClock(IOptions<PortalOptions> options, TimeProvider time)
{
    public TimeZoneInfo Zone { get; } = options.Value.ResolveTimeZone();

    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    public DateTime Now => ToPortal(UtcNow);

    /// <summary>The first instant of the current month in the portal's zone, as UTC.</summary>
    public DateTime MonthStartUtc()
    {
        var local = Now;
        return TimeZoneInfo.ConvertTimeToUtc(new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified), Zone);
    }

    /// <summary>The first instant of <paramref name="day"/> in the portal's zone, as UTC: a period's inclusive start.</summary>
    public DateTime StartOfDayUtc(DateOnly day) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), Zone);

    /// <summary>The first instant after <paramref name="day"/> in the portal's zone, as UTC: a period's exclusive end.</summary>
    public DateTime EndOfDayUtc(DateOnly day) => StartOfDayUtc(day.AddDays(1));

    public DateTime ToPortal(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);
}
