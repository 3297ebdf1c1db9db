using System.Globalization;
using Loyalty.Core.Bonuses;
using Loyalty.Core.Crm;
using Loyalty.Core.Ledger;
using Loyalty.Core.Portal;
using Loyalty.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Loyalty.Tests.Core.Bonuses;

/// <summary>
/// The bonus program on a real SQLite file, with its real services wired by hand and a clock that stands still:
/// tests seed the mirror (pipelines, currencies, contacts, won deals and their <c>DealWon</c> facts) directly and
/// let the processor and the recalculation do the rest.
/// </summary>
public sealed class BonusWorld : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    public const string Administrator = "Анна Администратор";

    private BonusWorld(TestDatabase database)
    {
        Database = database;
        Time = new ManualTimeProvider(Now);
        Clock = new PortalClock(Options.Create(new PortalOptions()), Time);
        Ledger = new LedgerService(database, Time, NullLogger<LedgerService>.Instance);
        Settings = new BonusSettingsStore(database, Time, Options.Create(new PortalOptions()));
        Customers = new BonusCustomers(database, Settings, Clock);
        Processor = new BonusProcessor(database, Ledger, Settings, Customers, Clock, NullLogger<BonusProcessor>.Instance);
        Redemptions = new BonusRedemptions(database, Ledger, Settings, Customers, Clock);
        Recalculations = new BonusRecalculations(database, Settings, Processor, Customers, Clock, NullLogger<BonusRecalculations>.Instance);
        Check = new LedgerCheck(database, Time, NullLogger<LedgerCheck>.Instance);
    }

    public TestDatabase Database { get; }

    public ManualTimeProvider Time { get; }

    public PortalClock Clock { get; }

    public LedgerService Ledger { get; }

    public BonusSettingsStore Settings { get; }

    public BonusCustomers Customers { get; }

    public BonusProcessor Processor { get; }

    public BonusRedemptions Redemptions { get; }

    public BonusRecalculations Recalculations { get; }

    public LedgerCheck Check { get; }

    public static async Task<BonusWorld> CreateAsync() => new(await TestDatabase.CreateAsync());

    /// <summary>A day in the portal's zone (Moscow) at a given hour, as UTC.</summary>
    public static DateTime Local(int year, int month, int day, int hour = 12) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(year, month, day, hour, 0, 0, DateTimeKind.Unspecified), TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow"));

    public async Task AddPipelinesAsync(params long[] ids)
    {
        await using var db = Database.CreateDbContext();
        db.Pipelines.AddRange(ids.Select(id => new Pipeline { Id = id, Name = $"Направление {id}", IsDefault = id == ids[0], SyncedAt = Now.UtcDateTime }));
        await db.SaveChangesAsync();
    }

    public async Task AddCurrencyAsync(string code, decimal rate, bool isBase = false)
    {
        await using var db = Database.CreateDbContext();
        db.Currencies.Add(new Currency { Code = code, Rate = rate, AmountCount = 1, IsBase = isBase, SyncedAt = Now.UtcDateTime });
        await db.SaveChangesAsync();
    }

    public async Task AddContactAsync(long id, string firstName, string lastName)
    {
        await using var db = Database.CreateDbContext();
        db.Contacts.Add(new Contact { Id = id, FirstName = firstName, LastName = lastName, SyncedAt = Now.UtcDateTime, CreatedAt = Now.UtcDateTime.AddYears(-2) });
        await db.SaveChangesAsync();
    }

    /// <summary>A won deal in the mirror and its <c>DealWon</c> fact, as the sync writes them.</summary>
    public async Task<Deal> WinAsync(long dealId, long? contactId, long pipelineId, long amount, DateTime wonAt, string? currency = "RUB")
    {
        await using var db = Database.CreateDbContext();
        var deal = new Deal
        {
            Id = dealId, Title = $"Сделка {dealId}", PipelineId = pipelineId, StageId = $"C{pipelineId}:WON", Semantics = StageSemantics.Success,
            AmountMinor = amount, CurrencyId = currency, ContactId = contactId, CreatedAt = wonAt.AddDays(-3), MovedAt = wonAt, WonAt = wonAt,
            ModifiedAt = wonAt, SyncedAt = Now.UtcDateTime,
        };
        db.Deals.Add(deal);
        db.CrmFacts.Add(new CrmFact
        {
            Kind = CrmFactKind.DealWon, Key = $"deal:{dealId}:won:{wonAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}", EntityType = "deal",
            EntityId = dealId, ContactId = contactId, PipelineId = pipelineId, AmountMinor = amount, CurrencyId = currency, OccurredAt = wonAt, RecordedAt = Now.UtcDateTime,
        });
        await db.SaveChangesAsync();
        return deal;
    }

    /// <summary>The amount of a won deal changes in Bitrix24: the mirror row and its <c>DealAmountChanged</c> fact.</summary>
    public async Task ChangeAmountAsync(long dealId, long amount, DateTime at)
    {
        await using var db = Database.CreateDbContext();
        var deal = await db.Deals.SingleAsync(d => d.Id == dealId);
        var before = deal.AmountMinor;
        deal.AmountMinor = amount;
        deal.ModifiedAt = at;
        db.CrmFacts.Add(new CrmFact
        {
            Kind = CrmFactKind.DealAmountChanged, Key = $"deal:{dealId}:amount:{at.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}:{amount}",
            EntityType = "deal", EntityId = dealId, ContactId = deal.ContactId, PipelineId = deal.PipelineId, AmountMinor = amount - before,
            CurrencyId = deal.CurrencyId, OccurredAt = at, RecordedAt = at,
        });
        await db.SaveChangesAsync();
    }

    public Task<VersionedBonusSettings> SaveSettingsAsync(BonusSettings settings) => Settings.SaveAsync(settings, Administrator);

    public Task<long> BalanceAsync(long contactId) => Ledger.BalanceAsync(new AccountKey(AccountKind.CustomerBonus, contactId));

    public async Task<int> EntryCountAsync()
    {
        await using var db = Database.CreateDbContext();
        return await db.LedgerEntries.CountAsync();
    }

    /// <summary>Starts a preview and runs it to the end, as the background job would.</summary>
    public async Task<BonusRecalculation> PreviewAsync(DateOnly? from)
    {
        var start = await Recalculations.StartPreviewAsync(from, Administrator);
        Assert.True(start.Refusal == RecalculationRefusal.None, $"the preview was refused: {start.Refusal}");
        await Recalculations.RunAsync(start.Recalculation!.Id);
        return (await Recalculations.GetAsync(start.Recalculation.Id))!;
    }

    /// <summary>Applies a preview and runs it to the end, as the background job would.</summary>
    public async Task<BonusRecalculation> ApplyAsync(long id)
    {
        var start = await Recalculations.ApplyAsync(id, Administrator);
        Assert.True(start.Refusal == RecalculationRefusal.None, $"applying was refused: {start.Refusal}");
        await Recalculations.RunAsync(id);
        return (await Recalculations.GetAsync(id))!;
    }

    public async ValueTask DisposeAsync() => await Database.DisposeAsync();
}
