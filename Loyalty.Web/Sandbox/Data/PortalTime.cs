using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Loyalty.Web.Sandbox.Data;

/// <summary>
/// The emulated portal's clock face: Bitrix24 writes every datetime with its server's offset (PHP <c>date('c')</c>)
/// and reads a filter value without an offset in that same zone.
/// </summary>
internal sealed partial class PortalTime(TimeZoneInfo zone)
{
    private static readonly string[] LocalFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm",
        "yyyy-MM-dd", "dd.MM.yyyy HH:mm:ss", "dd.MM.yyyy HH:mm", "dd.MM.yyyy",
    ];

    // Offsets by UTC hour (zone transitions fall on whole hours): TimeZoneInfo's own lookup costs microseconds,
    // and the generator and every list response ask it for each date they touch.
    private readonly ConcurrentDictionary<long, TimeSpan> _offsets = new();

    public TimeZoneInfo Zone { get; } = zone;

    public string Format(DateTimeOffset instant) =>
        instant.ToOffset(Offset(instant)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public TimeSpan Offset(DateTimeOffset instant) =>
        _offsets.GetOrAdd(instant.UtcTicks / TimeSpan.TicksPerHour, static (hour, zone) => zone.GetUtcOffset(new DateTimeOffset(hour * TimeSpan.TicksPerHour, TimeSpan.Zero)), Zone);

    /// <summary>Midnight of the instant's local day: Bitrix24 stores date-only fields (CLOSEDATE, BEGINDATE) that way.</summary>
    public DateTimeOffset LocalMidnight(DateTimeOffset instant) => AtLocal(instant.ToOffset(Offset(instant)).DateTime.Date);

    public DateTimeOffset AtLocal(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // The offset an hour either side of a transition is ambiguous; the zone decides, as PHP's DateTime would.
        var guess = new DateTimeOffset(unspecified, Offset(new DateTimeOffset(unspecified, TimeSpan.Zero)));
        var offset = Offset(guess);
        return new DateTimeOffset(unspecified, offset).ToUniversalTime();
    }

    public DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        if (HasOffset().IsMatch(text))
        {
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset)
                ? withOffset.ToUniversalTime()
                : null;
        }

        return DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? AtLocal(local)
            : null;
    }

    [GeneratedRegex(@"(Z|[+-]\d{2}:?\d{2})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HasOffset();
}
