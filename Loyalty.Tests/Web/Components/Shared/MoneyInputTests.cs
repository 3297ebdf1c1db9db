using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Shared;

namespace Loyalty.Tests.Web.Components.Shared;

/// <summary>Roubles as typed become kopecks exactly; anything finer than a kopeck or not a number is refused, not rounded.</summary>
public sealed class MoneyInputTests
{
    [Theory]
    [InlineData("50 000,50", 50_000_50)]
    [InlineData("50\u00A0000,50", 50_000_50)]
    [InlineData("50\u202F000,5", 50_000_50)]
    [InlineData("50000.5", 50_000_50)]
    [InlineData(" 1 234 ₽ ", 1_234_00)]
    [InlineData("0", 0)]
    [InlineData("0,01", 1)]
    [InlineData("-10,00", -10_00)]
    [InlineData("999999999999999,99", 999_999_999_999_999_99)]
    public void AnAmountInRoublesBecomesExactKopecks(string text, long expected)
    {
        Assert.True(MoneyInput.TryParse(text, out var kopecks));
        Assert.Equal(expected, kopecks);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("abc")]
    [InlineData("50 000,555")]
    [InlineData("1,2,3")]
    [InlineData("1e5")]
    [InlineData("1000000000000000")]
    public void AnythingElseIsRefused(string? text) => Assert.False(MoneyInput.TryParse(text, out _));

    [Fact]
    public void TheInputShowsKopecksAsRussianRoubles() => Assert.Equal("50\u00A0000,50", MoneyInput.Format(50_000_50));

    [Theory]
    [InlineData("50,000.50", 50_000_50)]
    [InlineData("50000.5", 50_000_50)]
    [InlineData("1,234 ₽", 1_234_00)]
    public void InEnglishTheCommaGroupsThousands(string text, long expected)
    {
        using var culture = new CultureScope("en-GB", "en");

        Assert.True(MoneyInput.TryParse(text, out var kopecks));
        Assert.Equal(expected, kopecks);
        Assert.True(MoneyInput.TryParse(MoneyInput.Format(expected), out var again));
        Assert.Equal(expected, again);
    }
}
