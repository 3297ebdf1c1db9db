using System.Globalization;
using System.Resources;
using Loyalty.Core.Portal;

namespace Loyalty.Core.Cabinet;

/// <summary>The texts of the cabinet's sign-in notices (e-mail and SMS), in the language the promoter chose on the page.</summary>
public static class CabinetText
{
    private static readonly ResourceManager Texts = new("Loyalty.Core.Cabinet.CabinetText", typeof(CabinetText).Assembly);

    public static string Get(string key, CultureInfo language, params object[] args) =>
        string.Format(PortalCultures.FormatsOf(language), Texts.GetString(key, language) ?? key, args);
}
