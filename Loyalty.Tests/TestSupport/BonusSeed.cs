using Loyalty.Core.Bonuses;
using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Ledger;
using Loyalty.Core.Portal;
using Loyalty.Core.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Loyalty.Tests.TestSupport;

/// <summary>
/// A small bonus program on a real database: contacts and won deals in the mirror, ledger entries posted through the
/// real <see cref="LedgerService"/> and the customer rows computed by the real <see cref="BonusCustomers"/>, so that
/// balances, totals and tiers agree the way they do in production. Default tiers: Bronze 3 % from 0, Silver 5 %
/// (discount 2 %) from 50 000 ₽, Gold 7 % (5 %) from 150 000 ₽, Platinum 10 % (7 %) from 500 000 ₽.
/// </summary>
public static class BonusSeed
{
    /// <summary>"Now" for every bonus test: 23.11.2026 15:00 in Moscow.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Silver: deals 1 (40 000 ₽) and 2 (20 000 ₽); +1 200, +600, −500 → balance 1 300 ₽; last purchase 05.10.2026.</summary>
    public const long Anna = 101;

    /// <summary>Gold: deal 3 (200 000 ₽) won 31.10.2026 22:30 UTC, already 01.11.2026 in Moscow; +6 000 → 6 000 ₽.</summary>
    public const long Boris = 102;

    /// <summary>Bronze: deal 4 (10 000 ₽) won 15.03.2026; +300 → 300 ₽.</summary>
    public const long Vera = 103;

    /// <summary>Platinum, the top tier: deal 6 (600 000 ₽) won 01.08.2026; +18 000, −18 000 (redeemed) → 0 ₽.</summary>
    public const long Galina = 104;

    /// <summary>A won deal with no contact, listed as skipped.</summary>
    public const long SkippedDeal = 5;

    public static readonly DateTime AnnaFirstWin = new(2026, 9, 10, 9, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime AnnaSecondWin = new(2026, 10, 5, 9, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime AnnaRedemption = new(2026, 10, 20, 9, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime BorisWin = new(2026, 10, 31, 22, 30, 0, DateTimeKind.Utc);
    public static readonly DateTime VeraWin = new(2026, 3, 15, 9, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime GalinaWin = new(2026, 8, 1, 9, 0, 0, DateTimeKind.Utc);

    /// <summary>The bonus services over <paramref name="database"/> with a clock standing at <see cref="Now"/> (bUnit's or a plain container).</summary>
    public static IServiceCollection AddBonusServices(this IServiceCollection services, IDbContextFactory<LoyaltyDbContext> database)
    {
        var time = new ManualTimeProvider(Now);
        services.AddSingleton(database);
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton(new PortalClock(Options.Create(new PortalOptions()), time));
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<LedgerService>();
        services.AddSingleton<BonusSettingsStore>();
        services.AddSingleton<BonusCustomers>();
        services.AddSingleton<BonusRedemptions>();
        services.AddSingleton<BonusCustomerQueries>();
        services.AddSingleton<Loyalty.Core.Crm.BaseCurrency>();
        services.AddSingleton<BonusReports>();
        return services;
    }

    /// <summary>Turns the program on and writes the customers above, through the services of <paramref name="services"/>.</summary>
    public static async Task SeedAsync(IServiceProvider services)
    {
        var dbFactory = services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>();
        var ledger = services.GetRequiredService<LedgerService>();
        var settings = await services.GetRequiredService<BonusSettingsStore>().SaveAsync(new BonusSettings { Enabled = true }, "admin@demo.loyalty");

        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            db.Contacts.AddRange(
                Contact(Anna, "Анна", "Смирнова", "+7 (999) 123-45-67", "79991234567", "anna@example.ru"),
                Contact(Boris, "Борис", "Петров", "+7 912 000-11-22", "79120001122", "boris@example.ru"),
                Contact(Vera, "Вера", "Иванова", null, null, "vera@example.ru"),
                Contact(Galina, "Галина", "Орлова", null, null, null));
            db.Deals.AddRange(
                WonDeal(1, "Абонемент на год", Anna, 40_000_00, AnnaFirstWin),
                WonDeal(2, "Массаж, курс", Anna, 20_000_00, AnnaSecondWin),
                WonDeal(3, "Кухня под ключ", Boris, 200_000_00, BorisWin),
                WonDeal(4, "Консультация", Vera, 10_000_00, VeraWin),
                WonDeal(SkippedDeal, "Сделка без контакта", null, 15_000_00, new DateTime(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc)),
                WonDeal(6, "Загородный дом", Galina, 600_000_00, GalinaWin),
                new Deal { Id = 7, Title = "Повторный визит", PipelineId = 0, StageId = "NEW", Semantics = StageSemantics.InProgress, AmountMinor = 8_000_00, CurrencyId = "RUB", ContactId = Anna, SyncedAt = Now.UtcDateTime });
            db.BonusSkips.Add(new BonusSkip { DealId = SkippedDeal, Reason = BonusSkipReason.NoContact, WonAt = new DateTime(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc), Amount = 15_000_00, RecordedAt = Now.UtcDateTime });
            await db.SaveChangesAsync();
        }

        await Accrue(ledger, Anna, 1, 1_200_00, AnnaFirstWin, settings.Version);
        await Accrue(ledger, Anna, 2, 600_00, AnnaSecondWin, settings.Version);
        await ledger.DebitAsync(Customer(Anna), EntryKind.Redemption, 500_00, new PostingInfo("redeem:test:anna", AnnaRedemption, "head@demo.loyalty", "Оплата части визита", settings.Version));
        await Accrue(ledger, Boris, 3, 6_000_00, BorisWin, settings.Version);
        await Accrue(ledger, Vera, 4, 300_00, VeraWin, settings.Version);
        await Accrue(ledger, Galina, 6, 18_000_00, GalinaWin, settings.Version);
        await ledger.DebitAsync(Customer(Galina), EntryKind.Redemption, 18_000_00, new PostingInfo("redeem:test:galina", GalinaWin.AddDays(3), "head@demo.loyalty", null, settings.Version, 6));

        await services.GetRequiredService<BonusCustomers>().RefreshAsync([Anna, Boris, Vera, Galina]);
    }

    public static AccountKey Customer(long contactId) => new(AccountKind.CustomerBonus, contactId);

    private static Task<LedgerEntry> Accrue(LedgerService ledger, long contactId, long dealId, long amount, DateTime at, int version) =>
        ledger.CreditAsync(Customer(contactId), EntryKind.Accrual, amount, new PostingInfo($"fact:deal:{dealId}:won", at, "system:bonuses", "3 % от суммы сделки", version, dealId));

    private static Contact Contact(long id, string first, string last, string? phones, string? digits, string? email) => new()
    {
        Id = id, FirstName = first, LastName = last, Phones = phones, PhoneDigits = digits, Emails = email, EmailNormalized = email, SyncedAt = Now.UtcDateTime,
    };

    private static Deal WonDeal(long id, string title, long? contactId, long amount, DateTime wonAt) => new()
    {
        Id = id, Title = title, PipelineId = 0, StageId = "WON", Semantics = StageSemantics.Success, AmountMinor = amount, CurrencyId = "RUB",
        ContactId = contactId, WonAt = wonAt, ClosedAt = wonAt, SyncedAt = Now.UtcDateTime,
    };
}
