using System.Globalization;
using Loyalty.Core.Gamification;

namespace Loyalty.Tests.Core.Gamification;

/// <summary>A period as people read it, per language; the key never shows.</summary>
public sealed class PeriodTextTests
{
    [Theory]
    [InlineData(PeriodKind.Day, "2026-12-06", "ru", "6 декабря 2026")]
    [InlineData(PeriodKind.Day, "2026-12-06", "en", "6 December 2026")]
    [InlineData(PeriodKind.Week, "2026-W49", "ru", "неделя 30.11–06.12.2026")]
    [InlineData(PeriodKind.Week, "2026-W49", "en", "week 30.11–06.12.2026")]
    [InlineData(PeriodKind.Week, "2026-W01", "ru", "неделя 29.12–04.01.2026")]
    [InlineData(PeriodKind.Month, "2026-12", "ru", "декабрь 2026")]
    [InlineData(PeriodKind.Month, "2026-05", "ru", "май 2026")]
    [InlineData(PeriodKind.Month, "2026-12", "en", "December 2026")]
    [InlineData(PeriodKind.Quarter, "2026-Q4", "ru", "IV квартал 2026")]
    [InlineData(PeriodKind.Quarter, "2026-Q1", "en", "Q1 2026")]
    [InlineData(PeriodKind.Year, "2026", "ru", "2026 год")]
    [InlineData(PeriodKind.Year, "2026", "en", "2026")]
    public void APeriodReadsInTheReadersLanguage(PeriodKind kind, string key, string language, string expected)
    {
        var period = Periods.Parse(kind, key, TimeZoneInfo.Utc)!;

        Assert.Equal(expected, PeriodText.Of(period, CultureInfo.GetCultureInfo(language)));
        Assert.Equal(expected, PeriodText.OfKey(key, CultureInfo.GetCultureInfo(language)));
    }

    [Theory]
    [InlineData("en-GB")]
    [InlineData("ru-RU")]
    [InlineData("de")]
    public void AnyLanguageButEnglishReadsRussian(string language)
    {
        var expected = language.StartsWith("en", StringComparison.Ordinal) ? "December 2026" : "декабрь 2026";

        Assert.Equal(expected, PeriodText.OfKey("2026-12", CultureInfo.GetCultureInfo(language)));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("not a period")]
    [InlineData("2026-W60")]
    public void AnUnknownKeyIsShownAsItIs(string? key)
    {
        Assert.Equal(key ?? "", PeriodText.OfKey(key, CultureInfo.GetCultureInfo("ru")));
    }
}
