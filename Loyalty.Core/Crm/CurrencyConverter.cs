using Loyalty.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Crm;

/// <summary>
/// Deal amounts in the base currency's minor units, with the mirror's rates: the one conversion bonuses, points and
/// metrics share. The base currency is the mirror's (Bitrix24's <c>BASE=Y</c>), Russian roubles before the first sync.
/// </summary>
public sealed class CurrencyConverter(IReadOnlyDictionary<string, Currency> currencies, string baseCurrency)
{
    /// <summary>The base currency while the mirror has none (before the first sync).</summary>
    public const string FallbackBase = "RUB";

    public string BaseCurrency => baseCurrency;

    public static async Task<CurrencyConverter> CreateAsync(LoyaltyDbContext db, CancellationToken ct)
    {
        var currencies = await db.Currencies.AsNoTracking().ToDictionaryAsync(c => c.Code, ct);
        return new CurrencyConverter(currencies, currencies.Values.FirstOrDefault(c => c.IsBase)?.Code ?? FallbackBase);
    }

    /// <summary>The mirror's base currency, without loading the rates.</summary>
    public static async Task<string> BaseCurrencyAsync(LoyaltyDbContext db, CancellationToken ct) =>
        await db.Currencies.Where(c => c.IsBase).Select(c => c.Code).FirstOrDefaultAsync(ct) ?? FallbackBase;

    /// <summary>The amount in the base currency's minor units, or null when the currency has no rate.</summary>
    public long? ToBase(long amount, string? currency)
    {
        if (string.IsNullOrEmpty(currency) || currency == baseCurrency)
        {
            return amount;
        }

        if (!currencies.TryGetValue(currency, out var rate) || rate.Rate <= 0 || rate.AmountCount <= 0)
        {
            return null;
        }

        return (long)decimal.Round(amount * rate.Rate / rate.AmountCount, 0, MidpointRounding.AwayFromZero);
    }

    /// <summary>Whether an amount in <paramref name="currency"/> is already in the base currency.</summary>
    public static bool IsBase(string? currency, string baseCurrency) => string.IsNullOrEmpty(currency) || currency == baseCurrency;
}

/// <summary>The mirror's base currency for pages that show deal amounts.</summary>
public sealed class BaseCurrency(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public async Task<string> CodeAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await CurrencyConverter.BaseCurrencyAsync(db, ct);
    }
}
