using System.Globalization;
using Loyalty.Core.Data;
namespace Loyalty.Web.Components.Shared;

/// <summary>
/// Values read from a page's address. Blazor's typed query parameters throw on a value they cannot parse
/// (<c>?kiosk=maybe</c> was a 500), so pages take the text and read it here: a value that is not understood
/// counts as absent, as if the address did not carry it.
/// </summary>
internal static class QueryValues
{
    /// <summary><c>true</c>, <c>1</c>, <c>yes</c> and <c>on</c> (any case) mean yes; anything else no.</summary>
    public static bool Flag(string? text) =>
        text?.Trim().ToLowerInvariant() is "true" or "1" or "yes" or "on";

    /// <summary>A positive whole number (an ID), or null.</summary>
    public static long? Id(string? text) =>
        long.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;

    /// <summary>An amount of roubles written the invariant way (<c>100.5</c>) that the ledger can hold, or null.</summary>
    public static decimal? Roubles(string? text) =>
        decimal.TryParse(text?.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount)
        && Math.Abs(amount) <= MaxRoubles ? amount : null;

    /// <summary>The largest amount the ledger holds (<see cref="Money.MaxMinor"/> kopecks), in roubles.</summary>
    public const decimal MaxRoubles = Money.MaxMinor / 100m;

    /// <summary>A day written <c>yyyy-MM-dd</c> within the years the portal works with, or null.</summary>
    public static DateOnly? Day(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
        && day >= FirstDay && day <= LastDay ? day : null;

    /// <summary>The first and last day a filter or report may name: far enough for any CRM, and with room to add a day.</summary>
    public static readonly DateOnly FirstDay = new(1900, 1, 1);

    public static readonly DateOnly LastDay = new(2999, 12, 31);
}
