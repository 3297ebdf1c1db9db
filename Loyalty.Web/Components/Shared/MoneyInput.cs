using System.Globalization;
using System.Text.RegularExpressions;

namespace Loyalty.Web.Components.Shared;

/// <summary>
/// Reads an amount of roubles as people type it ("50 000,50", "50000.5", "1 234 ₽"; in English "50,000.50") into kopecks,
/// exactly: parsed as <see cref="decimal"/>, never through a floating-point number, and refused (not rounded) past the kopeck.
/// The UI language's group separator is dropped, so what <see cref="Format"/> shows reads back.
/// </summary>
public static partial class MoneyInput
{
    // Fifteen digits of roubles keep the kopecks well inside a long.
    [GeneratedRegex(@"^(?<sign>-)?(?<roubles>\d{1,15})(?:[.,](?<kopecks>\d{1,2}))?$")]
    private static partial Regex Amount();

    public static bool TryParse(string? text, out long kopecks)
    {
        kopecks = 0;
        var compact = string.Concat((text ?? "").Where(c => !char.IsWhiteSpace(c) && c != '₽'));
        var group = WebServices.FormatCulture.NumberFormat.NumberGroupSeparator;
        if (!string.IsNullOrWhiteSpace(group))
        {
            // English groups with a comma; Russian with a (no-break) space, already dropped, so its comma stays the decimal one.
            compact = compact.Replace(group, "", StringComparison.Ordinal);
        }

        var match = Amount().Match(compact);
        if (!match.Success)
        {
            return false;
        }

        var value = decimal.Parse($"{match.Groups["roubles"].Value}.{match.Groups["kopecks"].Value.PadRight(2, '0')}", CultureInfo.InvariantCulture);
        kopecks = (long)(value * 100m) * (match.Groups["sign"].Success ? -1 : 1);
        return true;
    }

    /// <summary>What the input shows for an amount: 5000050 → "50 000,50".</summary>
    public static string Format(long kopecks) => Formats.Amount(kopecks);
}
