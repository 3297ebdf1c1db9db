using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Notifications;
using Loyalty.Core.Nps;
using Loyalty.Core.Portal;
using Loyalty.Core.Promoters;
using Loyalty.Tests.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Loyalty.Tests.Core.Nps;

/// <summary>
/// The NPS program on a real SQLite file with its real services wired by hand and a clock that stands still: tests seed
/// the mirror (a pipeline with its stages, managers, contacts, deals) directly and let the rules and surveys do the rest.
/// Other NPS tests (answers, dashboard, pages) may build on it.
/// </summary>
public sealed class NpsWorld : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    public const string PublicBaseUrl = "https://loyalty.example.ru/";

    public const string Administrator = "admin@example.ru";

    /// <summary>The pipeline the world's deals are in, and its stages.</summary>
    public const long PipelineId = 0;

    public const string WonStage = "WON";

    public const string NewStage = "NEW";

    /// <summary>The world's manager (a deal's responsible).</summary>
    public const long ManagerId = 7;

    private NpsWorld(TestDatabase database)
    {
        Database = database;
        Time = new ManualTimeProvider(Now);
        Clock = new PortalClock(Options.Create(new PortalOptions()), Time);
        var notificationOptions = Options.Create(new NotificationOptions { PublicBaseUrl = PublicBaseUrl });
        var protection = new EphemeralDataProtectionProvider();
        Outbox = new NotificationOutbox(new ChannelSettings(database, protection, notificationOptions, Time), Clock, new UnsubscribeTokens(protection), notificationOptions,
            Options.Create(new PortalOptions()));
        Address = new PublicAddress(notificationOptions);
        Page = new ReferralPageSettings(database, Time);
        Settings = new NpsSettingsStore(database, Time);
        Templates = new NpsTemplateStore(database, Time);
        Renderer = new NpsRenderer(new NoticeTemplates(), Address, Page);
        Rules = new NpsRuleStore(database, Time);
        Surveys = new NpsSurveys(database, Renderer, Outbox, Time, NullLogger<NpsSurveys>.Instance);
    }

    public TestDatabase Database { get; }

    public ManualTimeProvider Time { get; }

    public PortalClock Clock { get; }

    public NotificationOutbox Outbox { get; }

    public PublicAddress Address { get; }

    public ReferralPageSettings Page { get; }

    public NpsSettingsStore Settings { get; }

    public NpsTemplateStore Templates { get; }

    public NpsRenderer Renderer { get; }

    public NpsRuleStore Rules { get; }

    public NpsSurveys Surveys { get; }

    public DateTime UtcNow => Time.GetUtcNow().UtcDateTime;

    /// <summary>A world with the default pipeline (stages NEW, WON, LOSE) and the manager Анна Смирнова.</summary>
    public static async Task<NpsWorld> CreateAsync()
    {
        var world = new NpsWorld(await TestDatabase.CreateAsync());
        await world.SeedMirrorAsync();
        return world;
    }

    /// <summary>Adds (or replaces) a contact with its ways of contact.</summary>
    public async Task SetContactAsync(long id, string firstName, string lastName, string? email = null, string? phone = null)
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
        contact.Emails = email;
        contact.EmailNormalized = email?.ToLowerInvariant();
        contact.Phones = phone;
        contact.PhoneDigits = phone is null ? null : new string(phone.Where(char.IsDigit).ToArray());
        contact.ModifiedAt = UtcNow;
        contact.SyncedAt = UtcNow;
        await db.SaveChangesAsync();
    }

    /// <summary>Puts a deal into <paramref name="stage"/> at <paramref name="movedAt"/> (now by default), as the sync would write it.</summary>
    public async Task MoveDealAsync(long id, string stage, long? contactId, DateTime? movedAt = null, long amount = 150_000_00, string? title = null, long? managerId = ManagerId)
    {
        await using var db = Database.CreateDbContext();
        var deal = await db.Deals.FindAsync(id);
        if (deal is null)
        {
            deal = new Deal { Id = id, PipelineId = PipelineId, CreatedAt = UtcNow.AddDays(-3) };
            db.Deals.Add(deal);
        }

        var at = movedAt ?? UtcNow;
        deal.Title = title ?? $"Сделка {id}";
        deal.StageId = stage;
        deal.Semantics = stage == WonStage ? StageSemantics.Success : StageSemantics.InProgress;
        deal.AmountMinor = amount;
        deal.CurrencyId = "RUB";
        deal.ContactId = contactId;
        deal.AssignedById = managerId;
        deal.MovedAt = at;
        deal.WonAt = stage == WonStage ? at : null;
        deal.ModifiedAt = at;
        deal.SyncedAt = UtcNow;
        await db.SaveChangesAsync();
    }

    /// <summary>The seeded default template (seeding it when needed).</summary>
    public async Task<NpsTemplate> DefaultTemplateAsync()
    {
        await Templates.EnsureDefaultAsync();
        return (await Templates.ListAsync()).First();
    }

    /// <summary>An enabled rule on the won stage with the default template.</summary>
    public async Task<NpsRule> WonRuleAsync(int delayMinutes = 120, bool byEmail = true, bool bySms = false)
    {
        var template = await DefaultTemplateAsync();
        var result = await Rules.CreateAsync(new NpsRuleInput("После успешной сделки", true, PipelineId, WonStage, template.Id, delayMinutes, byEmail, bySms), Administrator);
        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => $"{e.Field}: {e.MessageKey}")));
        return result.Rule!;
    }

    public async Task<List<NpsSurvey>> SurveysAsync()
    {
        await using var db = Database.CreateDbContext();
        return await db.NpsSurveys.AsNoTracking().OrderBy(s => s.Id).ToListAsync();
    }

    public async Task<List<NpsError>> ErrorsAsync()
    {
        await using var db = Database.CreateDbContext();
        return await db.NpsErrors.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
    }

    public async Task<List<Notification>> NoticesAsync()
    {
        await using var db = Database.CreateDbContext();
        return await db.Notifications.AsNoTracking().OrderBy(n => n.Id).ToListAsync();
    }

    /// <summary>Registers this world's services for NPS pages (bUnit).</summary>
    public void AddPageServices(IServiceCollection services)
    {
        services.AddSingleton<IDbContextFactory<LoyaltyDbContext>>(Database);
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton(Clock);
        services.AddSingleton(Outbox);
        services.AddSingleton(Address);
        services.AddSingleton(Page);
        services.AddSingleton(Settings);
        services.AddSingleton(Templates);
        services.AddSingleton(Renderer);
        services.AddSingleton(Rules);
        services.AddSingleton(Surveys);
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();

    private async Task SeedMirrorAsync()
    {
        await using var db = Database.CreateDbContext();
        db.Pipelines.Add(new Pipeline { Id = PipelineId, Name = "Общая", IsDefault = true, SyncedAt = UtcNow });
        foreach (var (code, name, semantics, sort) in new[]
                 {
                     (NewStage, "Новая", StageSemantics.InProgress, 10), (WonStage, "Сделка успешна", StageSemantics.Success, 60), ("LOSE", "Сделка провалена", StageSemantics.Failure, 70),
                 })
        {
            db.Stages.Add(new Stage
            {
                Key = Stage.KeyOf(StageEntity.Deal, code), Entity = StageEntity.Deal, Code = code, PipelineId = PipelineId, Name = name, Semantics = semantics, Sort = sort, SyncedAt = UtcNow,
            });
        }

        db.Employees.Add(new Employee { Id = ManagerId, FirstName = "Анна", LastName = "Смирнова", Email = "anna@example.ru", Active = true, SyncedAt = UtcNow });
        await db.SaveChangesAsync();
    }
}
