using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Shared;

namespace Loyalty.Tests.Web.Components.Shared;

/// <summary>
/// Russian formats: the group separator is U+00A0 (no-break space), as .NET (ICU) gives it for ru-RU;
/// between the amount and ₽ (U+20BD) .NET puts an ordinary space, which the portal makes a no-break space
/// too, so that a narrow column never leaves the ₽ alone on the next line; the minus is U+002D.
/// </summary>
public sealed class FormatsTests
{
    [Theory]
    [InlineData(123450, "1\u00A0234,50\u00A0\u20BD")]
    [InlineData(0, "0,00\u00A0\u20BD")]
    [InlineData(-5, "\u002D0,05\u00A0\u20BD")]
    [InlineData(100_000_000_00, "100\u00A0000\u00A0000,00\u00A0\u20BD")]
    public void MoneyInKopecksReadsAsRoubles(long kopecks, string expected)
    {
        Assert.Equal(expected, Formats.Money(kopecks));
    }

    [Theory]
    [InlineData(50000, "+500,00\u00A0\u20BD")]
    [InlineData(-123450, "\u002D1\u00A0234,50\u00A0\u20BD")]
    [InlineData(0, "0,00\u00A0\u20BD")]
    public void SignedMoneyShowsAPlusForCreditsAndAMinusForDebits(long kopecks, string expected)
    {
        Assert.Equal(expected, Formats.SignedMoney(kopecks));
    }

    [Theory]
    [InlineData("5.5", "5,5\u00A0%")]
    [InlineData("7", "7\u00A0%")]
    [InlineData("12.25", "12,25\u00A0%")]
    public void PercentUsesTheRussianDecimalCommaAndKeepsTheSignOnTheLine(string value, string expected)
    {
        Assert.Equal(expected, Formats.Percent(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void AmountAndSecondsUseTheRussianDecimalComma()
    {
        Assert.Equal("1\u00A0234,50", Formats.Amount(123450));
        Assert.Equal("3,1\u00A0с", Formats.Seconds(TimeSpan.FromMilliseconds(3140)));
    }

    [Fact]
    public void NumberGroupsThousandsWithNoBreakSpaces()
    {
        Assert.Equal("1\u00A0234\u00A0567", Formats.Number(1234567));
    }

    [Fact]
    public void DateReadsDayMonthYearWithDots()
    {
        Assert.Equal("01.03.2026", Formats.Date(new DateTime(2026, 3, 1)));
    }

    [Fact]
    public void DateTimeReadsDayMonthYearAnd24HourTime()
    {
        Assert.Equal("01.03.2026 09:05", Formats.DateTime(new DateTime(2026, 3, 1, 9, 5, 0)));
    }

    [Theory]
    [InlineData("ru")]
    [InlineData("de-DE")]
    public void FormatsAreRussianUnlessTheUiLanguageIsEnglish(string uiCulture)
    {
        using var scope = new CultureScope("en-US", uiCulture);

        Assert.Equal("1\u00A0234,50\u00A0\u20BD", Formats.Money(123450));
        Assert.Equal("\u002D0,05\u00A0\u20BD", Formats.Money(-5));
        Assert.Equal("1\u00A0234\u00A0567", Formats.Number(1234567));
        Assert.Equal("01.03.2026", Formats.Date(new DateTime(2026, 3, 1)));
        Assert.Equal("01.03.2026 21:05", Formats.DateTime(new DateTime(2026, 3, 1, 21, 5, 0)));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("en-GB")]
    public void EnglishReadsBritishFormatsWithTheRoubleSign(string uiCulture)
    {
        using var scope = new CultureScope("ru-RU", uiCulture);

        Assert.Equal("1,234.50\u00A0\u20BD", Formats.Money(123450));
        Assert.Equal("+500.00\u00A0\u20BD", Formats.SignedMoney(50000));
        Assert.Equal("-0.05\u00A0\u20BD", Formats.Money(-5));
        Assert.Equal("1,234,567", Formats.Number(1234567));
        Assert.Equal("5.5\u00A0%", Formats.Percent(5.5m));
        Assert.Equal("3.1\u00A0s", Formats.Seconds(TimeSpan.FromMilliseconds(3140)));
        Assert.Equal("01/03/2026", Formats.Date(new DateTime(2026, 3, 1)));
        Assert.Equal("01/03/2026 21:05", Formats.DateTime(new DateTime(2026, 3, 1, 21, 5, 0)));
    }

    [Theory]
    [InlineData("ru", "dd.MM.yyyy", "06.12.2026")]
    [InlineData("en", "dd/MM/yyyy", "06/12/2026")]
    public void DatePickersReadAndShowTheUiLanguagesShortDate(string language, string pattern, string shown)
    {
        using var scope = new CultureScope("en-US", language);

        Assert.Equal(pattern, Formats.DatePattern);
        Assert.Equal(shown, new DateTime(2026, 12, 6).ToString(Formats.DatePattern, System.Globalization.CultureInfo.InvariantCulture));
    }
}
