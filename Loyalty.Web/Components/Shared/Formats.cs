using System.Globalization;

namespace Loyalty.Web.Components.Shared;

/// <summary>
/// How numbers, money and dates read on every page: always in Russian formats (<c>1 234,50 ₽</c>,
/// <c>23.11.2026</c>), whatever the UI language. Times passed in are already in the portal's zone.
/// </summary>
public static class Formats
{
    private static readonly CultureInfo Ru = WebServices.FormatCulture;

    public static string Number(long value) => value.ToString("N0", Ru);

    /// <summary>Money is kept in kopecks: 123450 → "1 234,50 ₽", never broken before the ₽ sign.</summary>
    public static string Money(long kopecks) => (kopecks / 100m).ToString("C2", Ru).Replace(' ', '\u00A0');

    /// <summary>A ledger amount with its sign: 50000 → "+500,00 ₽", −50000 → "-500,00 ₽".</summary>
    public static string SignedMoney(long kopecks) => (kopecks > 0 ? "+" : "") + Money(kopecks);

    /// <summary>A percentage as the portal shows it: 5.5 → "5,5 %", 7 → "7 %".</summary>
    public static string Percent(decimal value) => value.ToString("0.##", Ru) + "\u00A0%";

    /// <summary>An amount without a currency sign: 123450 → "1 234,50".</summary>
    public static string Amount(long minor) => (minor / 100m).ToString("N2", Ru);

    /// <summary>A duration in seconds with a Russian decimal comma: "3,1 с".</summary>
    public static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.0", Ru) + "\u00A0с";

    public static string Date(DateTime value) => value.ToString("dd.MM.yyyy", Ru);

    public static string DateTime(DateTime value) => value.ToString("dd.MM.yyyy HH:mm", Ru);
}
