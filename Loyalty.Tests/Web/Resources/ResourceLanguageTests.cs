using System.Text.RegularExpressions;
using Loyalty.Tests.TestSupport;

namespace Loyalty.Tests.Web.Resources;

/// <summary>
/// Each resource says the same thing in both languages: every key in both files, no English left in a Russian text
/// (beyond names and codes that Russian text uses as they are), no Cyrillic in an English one (GlossaryTests).
/// </summary>
public sealed partial class ResourceLanguageTests
{
    /// <summary>Latin words a Russian text uses as they are: product names, abbreviations, file formats, example codes.</summary>
    public static readonly IReadOnlySet<string> LatinInRussian = new HashSet<string>(StringComparer.Ordinal)
    {
        "Bitrix24", "CRM", "NPS", "ID", "Google", "GIF", "REST", "API", "Excel", "PNG", "JPEG", "WebP", "SVG", "QR", "HTTP", "HTTPS", "URL", "II", "III", "IV",
        // The protocols and parts of the notification channels, named as their settings are.
        "SMS", "SMTP", "SSL", "TLS", "STARTTLS", "HTML",
    };

    /// <summary>Codes that one text names as the reader must type or find them, by the resource's key.</summary>
    private static readonly Dictionary<string, string[]> CodesIn = new(StringComparer.Ordinal)
    {
        // Bitrix24's own names for a webhook's scopes, as its settings page lists them.
        ["Loyalty.Web.Resources.SharedResource/Connection_WebhookHint"] = ["crm", "user", "department", "task", "im"],
        // The values of the Bitrix24:Mode key in appsettings.json.
        ["Loyalty.Web.Resources.SharedResource/Connection_ModeHint"] = ["Sandbox", "Webhook"],
        // The report address's query parameters.
        ["Loyalty.Web.Resources.SharedResource/Reports_PeriodUnreadable"] = ["from", "to"],
        // The colour format the reader types (#rrggbb).
        ["Loyalty.Core.Nps.NpsText/NpsErr_Colour"] = ["rrggbb"],
        // A culture's name, not text.
        ["Loyalty.Core.Gamification.PeriodText/Culture"] = ["ru", "RU"],
        // The review service's own name on the survey page's review button.
        ["Loyalty.Core.Nps.NpsPageText/NpsPage_Google"] = ["Google"],
    };

    [Fact]
    public void EveryKeyIsInBothLanguages()
    {
        var russian = PortalTexts.Of(PortalTexts.Russian).Select(t => t.Key).ToHashSet();
        var english = PortalTexts.Of(PortalTexts.English, parents: false).Select(t => t.Key).ToHashSet();

        Assert.True(russian.SetEquals(english),
            $"only in Russian: {string.Join(", ", russian.Except(english).Order())}; only in English: {string.Join(", ", english.Except(russian).Order())}");
    }

    [Fact]
    public void RussianTextsHaveNoUntranslatedEnglishWords()
    {
        var offenders = PortalTexts.Of(PortalTexts.Russian)
            .SelectMany(t => LatinWords(t.Value).Where(w => !LatinInRussian.Contains(w) && !CodesIn.GetValueOrDefault(t.Key, []).Contains(w)).Select(w => $"{t.Key}: «{w}» in «{t.Value}»"))
            .ToList();

        Assert.True(offenders.Count == 0, string.Join(Environment.NewLine, offenders));
    }

    /// <summary>
    /// The Latin words of a Russian text, leaving out what is not prose: placeholders and their formats ({0:dd.MM}),
    /// field codes (UF_CRM_LOY_BALANCE), addresses and e-mails, configuration keys (Bitrix24:Mode), file names, the word
    /// «e-mail» (as Russian writes it) and single letters standing for a number (N бонусных рублей за каждые X ₽).
    /// </summary>
    public static IEnumerable<string> LatinWords(string text)
    {
        var prose = NotProse().Replace(text, " ");
        return LatinWord().Matches(prose).Select(m => m.Value);
    }

    // Not prose: e-mail, format items, field codes, addresses, key:value, `code`, file names, Liquid markers ({{ by }}), SMS.ru.
    [GeneratedRegex(@"\b[eE]-mail\b|\{\d+(:[^}]*)?\}|\b[A-Z0-9]+(_[A-Z0-9]+)+\b|https?://\S+|\S+@\S+|\b\w+(:\w+)+\b|`[^`]*`|\b\w+\.(json|xlsx|csv|db)\b|\{\{[^}]*\}\}|\bSMS\.ru\b")]
    private static partial Regex NotProse();

    [GeneratedRegex(@"\b[A-Za-z][A-Za-z0-9]+\b")]
    private static partial Regex LatinWord();
}
