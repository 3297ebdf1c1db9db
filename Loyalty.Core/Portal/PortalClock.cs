using Microsoft.Extensions.Options;

namespace Loyalty.Core.Portal;

/// <summary>The portal's time zone: everything is stored in UTC and shown or cut into periods here.</summary>
public sealed class PortalClock(IOptions<PortalOptions> options, TimeProvider time)
{
    public TimeZoneInfo Zone { get; } = options.Value.ResolveTimeZone();

    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    public DateTime Now => ToPortal(UtcNow);

    public DateTime ToPortal(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);
}
