using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Ledger;
using Loyalty.Core.Notifications;
using Loyalty.Core.Portal;
using Loyalty.Core.Promoters;
using Loyalty.Core.WriteBack;
using Loyalty.Tests.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Loyalty.Tests.Core.Promoters;

/// <summary>
/// The promoter program on a real SQLite file with its real services wired by hand and a clock that stands still: tests
/// seed the mirror (contacts, leads, deals and their CRM facts) directly and let the registry and the engine do the rest.
/// </summary>
public sealed class PromoterWorld : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 30, 0, TimeSpan.Zero);

    public const string PublicBaseUrl = "https://loyalty.example.ru/";

    public const string Administrator = "admin@example.ru";

    private PromoterWorld(TestDatabase database)
    {
        Database = database;
        Time = new ManualTimeProvider(Now);
        Clock = new PortalClock(Options.Create(new PortalOptions()), Time);
        Ledger = new LedgerService(database, Time, NullLogger<LedgerService>.Instance);
        Settings = new PromoterSettingsStore(database, Time);
        Links = new PromoterLinks(new PublicAddress(Options.Create(new NotificationOptions { PublicBaseUrl = PublicBaseUrl })));
        Registry = new PromoterRegistry(database, Settings, Links, Clock, Options.Create(new PortalOptions()), NullLogger<PromoterRegistry>.Instance);
        var notificationOptions = Options.Create(new NotificationOptions { PublicBaseUrl = PublicBaseUrl });
        var protection = new EphemeralDataProtectionProvider();
        Outbox = new NotificationOutbox(new ChannelSettings(database, protection, notificationOptions, Time), Clock, new UnsubscribeTokens(protection), notificationOptions,
            Options.Create(new PortalOptions()));
        Page = new ReferralPageSettings(database, Time);
        Notices = new PromoterNotices(Outbox, new NoticeTemplates(), Page, Clock, Options.Create(new PortalOptions()), NullLogger<PromoterNotices>.Instance);
        Commissions = new PromoterCommissions(database, Ledger, Settings, Clock, Notices, NullLogger<PromoterCommissions>.Instance);
        Payouts = new PromoterPayouts(database, Ledger, Settings, Notices, Clock, Options.Create(new PortalOptions()), NullLogger<PromoterPayouts>.Instance);
    }

    public PromoterCommissions Commissions { get; }

    public NotificationOutbox Outbox { get; }

    public ReferralPageSettings Page { get; }

    public PromoterNotices Notices { get; }

    public PromoterPayouts Payouts { get; }

    public TestDatabase Database { get; }

    public ManualTimeProvider Time { get; }

    public PortalClock Clock { get; }

    public LedgerService Ledger { get; }

    public PromoterSettingsStore Settings { get; }

    public PromoterLinks Links { get; }

    public PromoterRegistry Registry { get; }

    public DateTime UtcNow => Time.GetUtcNow().UtcDateTime;

    public static async Task<PromoterWorld> CreateAsync() => new(await TestDatabase.CreateAsync());

    /// <summary>A day in the portal's zone (Moscow) at a given hour, as UTC.</summary>
    public static DateTime Local(int year, int month, int day, int hour = 12) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(year, month, day, hour, 0, 0, DateTimeKind.Unspecified), TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow"));

    /// <summary>Adds (or replaces) a mirror contact, as the sync would write it.</summary>
    public async Task SetContactAsync(long id, string firstName, string lastName, string? userFields = null, DateTime? modifiedAt = null, string? phone = null, string? email = null)
    {
        await using var db = Database.CreateDbContext();
        var contact = await db.Contacts.FindAsync(id);
        if (contact is null)
        {
            contact = new Contact { Id = id };
            db.Contacts.Add(contact);
        }

        contact.FirstName = firstName;
        contact.LastName = lastName;
        contact.UserFields = userFields;
        contact.ModifiedAt = modifiedAt ?? UtcNow;
        contact.SyncedAt = UtcNow;
        contact.CreatedAt ??= modifiedAt ?? UtcNow;
        contact.PhoneDigits = phone;
        contact.Phones = phone;
        contact.EmailNormalized = email;
        contact.Emails = email;
        await db.SaveChangesAsync();
    }

    public async Task<Promoter?> PromoterOfAsync(long contactId)
    {
        await using var db = Database.CreateDbContext();
        return await db.Promoters.AsNoTracking().FirstOrDefaultAsync(p => p.ContactId == contactId);
    }

    public async Task<List<CrmWriteBack>> WritesAsync(string keyPrefix)
    {
        await using var db = Database.CreateDbContext();
        return await db.CrmWriteBacks.AsNoTracking().Where(w => w.Key.StartsWith(keyPrefix)).OrderBy(w => w.Key).ToListAsync();
    }

    /// <summary>Marks the pending writes as sent now, as the outbox would after Bitrix24 answered.</summary>
    public async Task MarkWritesSentAsync()
    {
        await using var db = Database.CreateDbContext();
        var now = UtcNow;
        await db.CrmWriteBacks.Where(w => w.SentAt == null).ExecuteUpdateAsync(u => u.SetProperty(w => w.SentAt, now));
    }

    /// <summary>A lead as the sync writes it; <paramref name="promoterContactId"/> fills its <c>UF_CRM_LOY_PR_ID</c>.</summary>
    public async Task AddLeadAsync(long id, long? promoterContactId, DateTime createdAt, string? phone = null, string? email = null, long? contactId = null)
    {
        await using var db = Database.CreateDbContext();
        db.Leads.Add(new Lead
        {
            Id = id, Title = $"Лид {id}", StatusId = "NEW", CreatedAt = createdAt, ModifiedAt = createdAt, SyncedAt = createdAt, PhoneDigits = phone, EmailNormalized = email,
            ContactId = contactId, UserFields = promoterContactId is { } p ? $$"""{"UF_CRM_LOY_PR_ID":"{{p}}"}""" : null,
        });
        await db.SaveChangesAsync();
    }

    /// <summary>A won deal (in roubles) and its <c>DealWon</c> fact, as the sync would record them.</summary>
    public async Task WinDealAsync(long id, long amount, DateTime wonAt, long? leadId = null, long? contactId = null, string? userFields = null)
    {
        await using var db = Database.CreateDbContext();
        db.Deals.Add(new Deal
        {
            Id = id, Title = $"Сделка {id}", StageId = "WON", Semantics = StageSemantics.Success, AmountMinor = amount, CurrencyId = "RUB",
            LeadId = leadId, ContactId = contactId, CreatedAt = wonAt.AddDays(-1), WonAt = wonAt, ModifiedAt = wonAt, SyncedAt = wonAt, UserFields = userFields,
        });
        db.CrmFacts.Add(Fact(CrmFactKind.DealWon, $"deal:{id}:won:{wonAt:yyyy-MM-ddTHH:mm:ssZ}", "deal", id, wonAt, amount, contactId));
        await db.SaveChangesAsync();
    }

    /// <summary>The deal moved back from won, and its <c>DealUnwon</c> fact.</summary>
    public async Task UnwinDealAsync(long id, DateTime at)
    {
        await using var db = Database.CreateDbContext();
        var deal = await db.Deals.SingleAsync(d => d.Id == id);
        deal.Semantics = StageSemantics.InProgress;
        deal.StageId = "NEW";
        deal.WonAt = null;
        db.CrmFacts.Add(Fact(CrmFactKind.DealUnwon, $"deal:{id}:unwon:{at:yyyy-MM-ddTHH:mm:ssZ}", "deal", id, at, deal.AmountMinor, deal.ContactId));
        await db.SaveChangesAsync();
    }

    public async Task AddLeadFactAsync(CrmFactKind kind, long leadId, DateTime at)
    {
        await using var db = Database.CreateDbContext();
        db.CrmFacts.Add(Fact(kind, $"lead:{leadId}:{(kind == CrmFactKind.LeadCreated ? "created" : "converted")}", "lead", leadId, at, null, null));
        await db.SaveChangesAsync();
    }

    public async Task<List<PromoterCommission>> CommissionsOfAsync(long promoterId)
    {
        await using var db = Database.CreateDbContext();
        return await db.PromoterCommissions.AsNoTracking().Where(c => c.PromoterId == promoterId).OrderBy(c => c.Id).ToListAsync();
    }

    public async Task<List<LedgerEntry>> EntriesOfAsync(long promoterId)
    {
        await using var db = Database.CreateDbContext();
        return await db.LedgerAccounts.Where(a => a.Kind == AccountKind.PromoterCommission && a.OwnerId == promoterId)
            .Join(db.LedgerEntries, a => a.Id, e => e.AccountId, (a, e) => e).OrderBy(e => e.Id).ToListAsync();
    }

    public async Task<List<Notification>> NoticesAsync()
    {
        await using var db = Database.CreateDbContext();
        return await db.Notifications.AsNoTracking().OrderBy(n => n.Id).ToListAsync();
    }

    /// <summary>Sets the engine's cursor back to the start, so the next pass reads every fact again.</summary>
    public async Task ReplayAsync()
    {
        await using var db = Database.CreateDbContext();
        await db.ProgramCursors.Where(c => c.Program == PromoterCommissions.Program).ExecuteUpdateAsync(u => u.SetProperty(c => c.LastFactId, 0L));
    }

    private static CrmFact Fact(CrmFactKind kind, string key, string type, long id, DateTime at, long? amount, long? contactId) => new()
    {
        Kind = kind, Key = key, EntityType = type, EntityId = id, OccurredAt = at, RecordedAt = at, AmountMinor = amount, CurrencyId = amount is null ? null : "RUB", ContactId = contactId,
    };

    /// <summary>Registers this world's services for the promoter pages (bUnit): every page and dialog of the program finds what it injects.</summary>
    public void AddPageServices(IServiceCollection services)
    {
        services.AddSingleton<IDbContextFactory<LoyaltyDbContext>>(Database);
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton(Clock);
        services.AddSingleton(Settings);
        services.AddSingleton(Links);
        services.AddSingleton(Registry);
        services.AddSingleton(Commissions);
        services.AddSingleton(Payouts);
        services.AddSingleton(new PromoterQueries(Database, Clock));
        services.AddSingleton(new PromoterReviewQueries(Database, Settings));
        services.AddSingleton(new PayoutQueries(Database, Clock));
        services.AddSingleton(new Loyalty.Core.Reports.PromoterReports(Database, Clock));
        services.AddSingleton(Page);
        // The ledger history grid is the customers' one, which also reads bonus accounts.
        services.AddSingleton<Loyalty.Core.Bonuses.BonusSettingsStore>();
        services.AddSingleton<Loyalty.Core.Bonuses.BonusCustomerQueries>();
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
