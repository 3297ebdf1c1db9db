using System.Globalization;

namespace Loyalty.Core.Portal;

/// <summary>
/// The formats of a reader's language (decision 013): ru-RU for Russian; en-GB for English, but roubles keep the ₽ sign
/// after the amount ("1,234.50 ₽"). Anything but English reads Russian, the portal's own language.
/// </summary>
public static class PortalCultures
{
    public static readonly CultureInfo Russian = CultureInfo.GetCultureInfo("ru-RU");

    public static readonly CultureInfo English = EnglishWithRoubles();

    public static bool IsEnglish(CultureInfo language) => language.TwoLetterISOLanguageName == "en";

    public static CultureInfo FormatsOf(CultureInfo language) => IsEnglish(language) ? English : Russian;

    private static CultureInfo EnglishWithRoubles()
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo("en-GB").Clone();
        culture.NumberFormat.CurrencySymbol = "₽";
        culture.NumberFormat.CurrencyPositivePattern = 3; // "n $"
        culture.NumberFormat.CurrencyNegativePattern = 8; // "-n $"
        return CultureInfo.ReadOnly(culture);
    }
}
