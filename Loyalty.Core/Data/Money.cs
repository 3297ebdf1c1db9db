using System.Globalization;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Loyalty.Core.Data;

/// <summary>
/// An amount of money in minor units (kopecks for roubles). Never a floating-point number: 1 500,10 ₽ is
/// 150010. Conversions from the portal's decimal strings round half away from zero to the kopeck.
/// </summary>
public readonly record struct Money(long Minor) : IComparable<Money>
{
    public static readonly Money Zero = new(0);

    public static Money FromDecimal(decimal amount) =>
        new((long)decimal.Round(amount * 100m, 0, MidpointRounding.AwayFromZero));

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

/// <summary>Stores <see cref="Money"/> as its minor units, so SQL can sum and compare it.</summary>
public sealed class MoneyConverter() : ValueConverter<Money, long>(m => m.Minor, v => new Money(v));
