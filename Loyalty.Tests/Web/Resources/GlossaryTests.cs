using System.Globalization;
using System.Text.RegularExpressions;
using Loyalty.Tests.TestSupport;

namespace Loyalty.Tests.Web.Resources;

/// <summary>The rules of <c>docs/glossary.md</c> that a machine can check, over every resource the UI reads.</summary>
public sealed class GlossaryTests
{
    public static TheoryData<string, string> RussianRules => new()
    {
        // Gamification points are «очки»; a rating's 0–100 figure is «результат».
        { "балл", "очки (points) or результат (score)" },
        { "бейдж", "значок" },
        { "направлени", "воронка (pipeline) or группа отделов (area)" },
        { "погашени", "списание" },
        { "Битрикс", "Bitrix24 (the product's name is written one way in both languages)" },
    };

    public static TheoryData<string, string> EnglishRules => new()
    {
        { "pts", "points" },
        { "direction", "pipeline" },
    };

    [Theory]
    [MemberData(nameof(RussianRules))]
    public void RussianTextsUseTheGlossaryWord(string avoided, string word)
    {
        var offenders = Texts(CultureInfo.InvariantCulture).Where(t => t.Value.Contains(avoided, StringComparison.OrdinalIgnoreCase)).ToList();

        Assert.True(offenders.Count == 0, $"«{avoided}» → «{word}»: {string.Join("; ", offenders.Select(o => o.Key + " = " + o.Value))}");
    }

    [Theory]
    [MemberData(nameof(EnglishRules))]
    public void EnglishTextsUseTheGlossaryWord(string avoided, string word)
    {
        var offenders = Texts(CultureInfo.GetCultureInfo("en")).Where(t => Regex.IsMatch(t.Value, $@"\b{avoided}", RegexOptions.IgnoreCase)).ToList();

        Assert.True(offenders.Count == 0, $"“{avoided}” → “{word}”: {string.Join("; ", offenders.Select(o => o.Key + " = " + o.Value))}");
    }

    [Fact]
    public void NpsGroupsAreNeverCalledPromotersInRussian()
    {
        var offenders = Texts(CultureInfo.InvariantCulture)
            .Where(t => t.Key.Contains("Nps", StringComparison.OrdinalIgnoreCase) && t.Value.Contains("промоутер", StringComparison.OrdinalIgnoreCase))
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void EnglishTextsHaveNoCyrillic()
    {
        var english = Texts(CultureInfo.GetCultureInfo("en"), parents: false);

        Assert.NotEmpty(english);
        Assert.DoesNotContain(english, t => Regex.IsMatch(t.Value, "[А-Яа-яЁё]"));
    }

    private static List<KeyValuePair<string, string>> Texts(CultureInfo culture, bool parents = true) => PortalTexts.Of(culture, parents);
}
