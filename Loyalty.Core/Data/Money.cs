using System.Globalization;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Loyalty.Core.Data;

/// <summary>
/// An amount of money in minor units (kopecks for roubles). Never a floating-point number: 1 500,10 ₽ is
/// 150010. Conversions from the portal's decimal strings round half away from zero to the kopeck.
/// </summary>
/// <remarks>
/// One amount is at most ±<see cref="MaxMinor"/> kopecks (±10 000 000 000,00 ₽). The bound keeps two promises:
/// an amount survives a trip through a JSON number (a double is exact to 2⁵³ ≈ 9·10¹⁵, and 10¹² kopecks also
/// keep both decimals within a double's 15 significant digits), and the sum of a million amounts (every deal of
/// a large portal in one report) stays below <see cref="long.MaxValue"/> ≈ 9.2·10¹⁸, so SQL sums never overflow.
/// A CRM amount beyond it is a typo, not a sale: <see cref="FromDecimal"/> refuses it.
/// Sums (totals, balances) may exceed the bound; only amounts that come in from outside are checked.
/// </remarks>
public readonly record struct Money(long Minor) : IComparable<Money>
{
    /// <summary>The largest amount one conversion accepts, in minor units: 10¹² kopecks = 10 000 000 000,00 ₽.</summary>
    public const long MaxMinor = 1_000_000_000_000;

    public static readonly Money Zero = new(0);

    public static readonly Money MaxValue = new(MaxMinor);

    public static readonly Money MinValue = new(-MaxMinor);

    /// <summary>The amount rounded to the kopeck; <see cref="MoneyOutOfRangeException"/> beyond ±<see cref="MaxMinor"/> kopecks.</summary>
    public static Money FromDecimal(decimal amount) =>
        TryFromDecimal(amount, out var money) ? money : throw new MoneyOutOfRangeException(amount);

    /// <summary>The amount rounded to the kopeck, or false when it lies beyond ±<see cref="MaxMinor"/> kopecks.</summary>
    public static bool TryFromDecimal(decimal amount, out Money money)
    {
        money = Zero;
        // Compared before scaling: amount × 100 itself overflows decimal near decimal.MaxValue.
        if (Math.Abs(amount) > MaxMinor / 100m + 0.005m)
        {
            return false;
        }

        var minor = decimal.Round(amount * 100m, 0, MidpointRounding.AwayFromZero);
        if (Math.Abs(minor) > MaxMinor)
        {
            return false;
        }

        money = new Money((long)minor);
        return true;
    }

    public decimal ToDecimal() => Minor / 100m;

    public static Money operator +(Money a, Money b) => new(checked(a.Minor + b.Minor));

    public static Money operator -(Money a, Money b) => new(checked(a.Minor - b.Minor));

    public static Money operator -(Money a) => new(checked(-a.Minor));

    public static bool operator <(Money a, Money b) => a.Minor < b.Minor;

    public static bool operator >(Money a, Money b) => a.Minor > b.Minor;

    public static bool operator <=(Money a, Money b) => a.Minor <= b.Minor;

    public static bool operator >=(Money a, Money b) => a.Minor >= b.Minor;

    public int CompareTo(Money other) => Minor.CompareTo(other.Minor);

    /// <summary>Invariant, for logs and keys: "1500.10".</summary>
    public override string ToString() => ToDecimal().ToString("0.00", CultureInfo.InvariantCulture);
}

/// <summary>An amount beyond <see cref="Money"/>'s range (±<see cref="Money.MaxMinor"/> minor units) was refused.</summary>
public sealed class MoneyOutOfRangeException(decimal amount)
    : OverflowException(string.Create(CultureInfo.InvariantCulture, $"The amount {amount} is beyond the range of Money (±{Money.MaxValue})."))
{
    public decimal Amount { get; } = amount;
}

/// <summary>Stores <see cref="Money"/> as its minor units, so SQL can sum and compare it.</summary>
public sealed class MoneyConverter() : ValueConverter<Money, long>(m => m.Minor, v => new Money(v));
