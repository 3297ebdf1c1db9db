using System.Globalization;
using System.Resources;
using Loyalty.Core.Portal;

namespace Loyalty.Core.Promoters;

/// <summary>The texts a referral's lead carries into Bitrix24, in the portal's language (Russian by default).</summary>
public static class ReferralText
{
    private static readonly ResourceManager Texts = new("Loyalty.Core.Promoters.ReferralText", typeof(ReferralText).Assembly);

    public static string Get(string key, CultureInfo language, params object[] args) =>
        string.Format(PortalCultures.FormatsOf(language), Texts.GetString(key, language) ?? key, args);
}
