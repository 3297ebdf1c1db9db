using Loyalty.Core.Data;
using Loyalty.Tests.TestSupport;

namespace Loyalty.Tests.Core.Data;

public sealed class MoneyTests
{
    [Theory]
    [InlineData("19999.99", 1999999L)]
    [InlineData("1500", 150000L)]
    [InlineData("1500.10", 150010L)]
    [InlineData("0", 0L)]
    [InlineData("0.005", 1L)]
    [InlineData("-0.005", -1L)]
    [InlineData("0.015", 2L)]
    [InlineData("0.025", 3L)]
    [InlineData("-0.025", -3L)]
    [InlineData("0.0049", 0L)]
    [InlineData("-0.0049", 0L)]
    [InlineData("1.234", 123L)]
    [InlineData("1.235", 124L)]
    [InlineData("-1.235", -124L)]
    public void FromDecimalRoundsHalfAwayFromZeroToTheKopeck(string amount, long kopecks) =>
        Assert.Equal(kopecks, Money.FromDecimal(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)).Minor);

    [Fact]
    public void ToDecimalGivesRoublesWithKopecks()
    {
        Assert.Equal(1500.10m, new Money(150010).ToDecimal());
        Assert.Equal(-0.01m, new Money(-1).ToDecimal());
    }

    [Fact]
    public void AddingAndSubtractingWorkInKopecks()
    {
        var a = new Money(150010);
        var b = new Money(99);

        Assert.Equal(new Money(150109), a + b);
        Assert.Equal(new Money(149911), a - b);
        Assert.Equal(new Money(-149911), b - a);
        Assert.Equal(new Money(-150010), -a);
        Assert.Equal(a, a + Money.Zero);
    }

    [Fact]
    public void ArithmeticThatOverflowsThrowsInsteadOfWrappingAround()
    {
        var max = new Money(long.MaxValue);
        var min = new Money(long.MinValue);

        Assert.Throws<OverflowException>(() => max + new Money(1));
        Assert.Throws<OverflowException>(() => min - new Money(1));
        Assert.Throws<OverflowException>(() => -min);
    }

    [Fact]
    public void AmountsCompareByTheirKopecks()
    {
        var less = new Money(-5);
        var more = new Money(150010);

        Assert.True(less < more);
        Assert.True(more > less);
        Assert.True(less <= more);
        Assert.True(more >= less);
        Assert.True(more <= new Money(150010));
        Assert.True(more >= new Money(150010));
        Assert.False(more < new Money(150010));
        Assert.False(more > new Money(150010));
        Assert.True(less.CompareTo(more) < 0);
        Assert.True(more.CompareTo(less) > 0);
        Assert.Equal(0, more.CompareTo(new Money(150010)));
        Assert.Equal([less, Money.Zero, more], new[] { more, less, Money.Zero }.Order());
    }

    [Fact]
    public void EqualAmountsAreEqual()
    {
        Assert.Equal(new Money(150010), Money.FromDecimal(1500.10m));
        Assert.True(new Money(1) == Money.FromDecimal(0.01m));
        Assert.NotEqual(new Money(1), new Money(-1));
    }

    [Theory]
    [InlineData(150010L, "1500.10")]
    [InlineData(150000L, "1500.00")]
    [InlineData(1999999L, "19999.99")]
    [InlineData(0L, "0.00")]
    [InlineData(5L, "0.05")]
    [InlineData(-5L, "-0.05")]
    [InlineData(-150010L, "-1500.10")]
    [InlineData(123456789L, "1234567.89")]
    public void ToStringIsInvariantWithTwoDecimalsAndNoGrouping(long kopecks, string text)
    {
        using var culture = new CultureScope("ru-RU");

        Assert.Equal(text, new Money(kopecks).ToString());
    }

    [Theory]
    [InlineData("10000000000.00", 1_000_000_000_000L)]
    [InlineData("-10000000000.00", -1_000_000_000_000L)]
    [InlineData("9999999999.99", 999_999_999_999L)]
    [InlineData("10000000000.004", 1_000_000_000_000L)]
    [InlineData("-10000000000.004", -1_000_000_000_000L)]
    public void AmountsUpToTheRangeAreTakenToTheKopeck(string amount, long kopecks)
    {
        var value = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(kopecks, Money.FromDecimal(value).Minor);
        Assert.True(Money.TryFromDecimal(value, out var money));
        Assert.Equal(kopecks, money.Minor);
    }

    [Theory]
    [InlineData("10000000000.01")]
    [InlineData("-10000000000.01")]
    [InlineData("10000000000.005")]
    [InlineData("999999999999999999999")]
    [InlineData("-999999999999999999999")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("-79228162514264337593543950335")]
    public void AmountsBeyondTheRangeAreRefusedWithAClearError(string amount)
    {
        var value = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);

        var error = Assert.Throws<MoneyOutOfRangeException>(() => Money.FromDecimal(value));
        Assert.Equal(value, error.Amount);
        Assert.Contains("beyond the range of Money", error.Message, StringComparison.Ordinal);
        Assert.False(Money.TryFromDecimal(value, out _));
    }

    [Fact]
    public void TheRangeSurvivesADoubleAndAMillionSumsOfItFitInALong()
    {
        // Exact through a JSON number: the largest amount in kopecks and in roubles with kopecks.
        Assert.Equal(Money.MaxMinor, (long)(double)Money.MaxMinor);
        Assert.Equal(Money.MaxValue.ToDecimal(), (decimal)(double)Money.MaxValue.ToDecimal());
        Assert.Equal(9_999_999_999.99m, (decimal)(double)9_999_999_999.99m);
        // A million of the largest amounts summed in kopecks does not overflow.
        Assert.True(Money.MaxMinor <= long.MaxValue / 1_000_000);
    }
}
