using System.Globalization;
using System.Resources;
using Loyalty.Core.Portal;

namespace Loyalty.Core.Nps;

/// <summary>
/// The survey page's texts and the texts its answers carry into Bitrix24 (timeline comments, tasks), Russian by
/// default (<c>NpsPageText.resx</c>) and English (<c>NpsPageText.en.resx</c>). Core's own file, like
/// <see cref="Promoters.ReferralText"/>: the Bitrix24 texts are written here, in the portal's language.
/// </summary>
public static class NpsPageText
{
    private static readonly ResourceManager Texts = new("Loyalty.Core.Nps.NpsPageText", typeof(NpsPageText).Assembly);

    public static string Get(string key, CultureInfo language, params object[] args)
    {
        var text = Texts.GetString(key, language) ?? key;
        return args.Length == 0 ? text : string.Format(PortalCultures.FormatsOf(language), text, args);
    }

    /// <summary>The group's word for one answer: «критик», «нейтральный», «сторонник».</summary>
    public static string Group(NpsGroup group, CultureInfo language) => Get("NpsPage_Group" + group, language);

    /// <summary>An answer as a sentence part: «3 из 10 (критик)», or «Доволен» / «Не доволен» on the two-point scale.</summary>
    public static string Score(NpsScale scale, int score, CultureInfo language) =>
        scale == NpsScale.Satisfaction
            ? Get(score >= 1 ? "NpsPage_Satisfied" : "NpsPage_Unsatisfied", language)
            : Get("NpsPage_CrmScoreOfTen", language, score, Group(NpsMath.Group(score), language));
}
