using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Notifications;
using Loyalty.Core.Nps;
using Loyalty.Core.Portal;
using Loyalty.Core.Promoters;
using Loyalty.Core.Reports;
using Loyalty.Tests.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Loyalty.Tests.Core.Nps;

/// <summary>
/// The NPS figures on a real SQLite file: the dashboard's services wired by hand, a clock standing still at
/// <see cref="Now"/> (Sunday 6 December 2026, 12:30 in Moscow), and helpers that write the mirror and surveys directly.
/// </summary>
public sealed class NpsDashWorld : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 30, 0, TimeSpan.Zero);

    public static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    private long _nextSurvey = 1;

    private NpsDashWorld(TestDatabase database)
    {
        Database = database;
        Time = new ManualTimeProvider(Now);
        Clock = new PortalClock(Options.Create(new PortalOptions()), Time);
        Settings = new NpsSettingsStore(database, Time);
        Queries = new NpsQueries(database, Clock);
        Reports = new NpsReports(Queries, Clock);
        Retention = new NpsRetention(database, Settings, Time, NullLogger<NpsRetention>.Instance);
    }

    public TestDatabase Database { get; }

    public ManualTimeProvider Time { get; }

    public PortalClock Clock { get; }

    public NpsSettingsStore Settings { get; }

    public NpsQueries Queries { get; }

    public NpsReports Reports { get; }

    public NpsRetention Retention { get; }

    /// <summary>The template every survey of the world is sent with (0–10) and a two-point one.</summary>
    public long TemplateId { get; private set; }

    public long TwoPointTemplateId { get; private set; }

    private long _revisionId;
    private long _twoPointRevisionId;

    public static async Task<NpsDashWorld> CreateAsync()
    {
        var world = new NpsDashWorld(await TestDatabase.CreateAsync());
        await world.SeedTemplatesAsync();
        return world;
    }

    /// <summary>A day in the portal's zone (Moscow) at a given time, as UTC.</summary>
    public static DateTime Local(int year, int month, int day, int hour = 12, int minute = 0) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified), Moscow);

    public NpsPeriod Month => NpsPeriods.Current(NpsPeriodKind.Month, Time.GetUtcNow().UtcDateTime, Moscow);

    public async Task AddEmployeeAsync(long id, string firstName, string lastName)
    {
        await using var db = Database.CreateDbContext();
        db.Employees.Add(new Employee { Id = id, FirstName = firstName, LastName = lastName, Active = true, SyncedAt = Now.UtcDateTime });
        await db.SaveChangesAsync();
    }

    public async Task AddPipelineAsync(long id, string name)
    {
        await using var db = Database.CreateDbContext();
        db.Pipelines.Add(new Pipeline { Id = id, Name = name, SyncedAt = Now.UtcDateTime });
        await db.SaveChangesAsync();
    }

    public async Task AddContactAsync(long id, string firstName, string lastName)
    {
        await using var db = Database.CreateDbContext();
        db.Contacts.Add(new Contact { Id = id, FirstName = firstName, LastName = lastName, SyncedAt = Now.UtcDateTime });
        await db.SaveChangesAsync();
    }

    public async Task AddDealAsync(long id, string title, long pipelineId = 1, long? contactId = null, long? managerId = null)
    {
        await using var db = Database.CreateDbContext();
        db.Deals.Add(new Deal { Id = id, Title = title, PipelineId = pipelineId, StageId = "WON", ContactId = contactId, AssignedById = managerId, SyncedAt = Now.UtcDateTime });
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// A survey as the sending part leaves it: sent at <paramref name="sentAt"/> and, when <paramref name="score"/> is
    /// given, answered at <paramref name="answeredAt"/> (an hour after sending unless told).
    /// </summary>
    public async Task<NpsSurvey> AddSurveyAsync(
        DateTime sentAt, int? score = null, DateTime? answeredAt = null, long? managerId = null, long pipelineId = 1, long dealId = 0, long? contactId = null,
        bool twoPoint = false, string? comment = null, NpsSurveyStatus status = NpsSurveyStatus.Sent, DateTime? remindedAt = null)
    {
        var id = _nextSurvey++;
        var survey = new NpsSurvey
        {
            Id = id,
            Token = $"token-{id:D16}",
            DealId = dealId == 0 ? 1000 + id : dealId,
            ContactId = contactId,
            ManagerId = managerId,
            PipelineId = pipelineId,
            TemplateId = twoPoint ? TwoPointTemplateId : TemplateId,
            RevisionId = twoPoint ? _twoPointRevisionId : _revisionId,
            Scale = twoPoint ? NpsScale.Satisfaction : NpsScale.ZeroToTen,
            Status = status,
            Channels = "email",
            CreatedAt = sentAt.AddHours(-2),
            DueAt = sentAt,
            SentAt = status == NpsSurveyStatus.Sent ? sentAt : null,
            Score = score,
            AnsweredAt = score is null ? null : answeredAt ?? sentAt.AddHours(1),
            FirstAnsweredAt = score is null ? null : answeredAt ?? sentAt.AddHours(1),
            Comment = comment,
            CommentedAt = comment is null ? null : answeredAt ?? sentAt.AddHours(1),
            RemindedAt = remindedAt,
        };
        await using var db = Database.CreateDbContext();
        db.NpsSurveys.Add(survey);
        await db.SaveChangesAsync();
        return survey;
    }

    private async Task SeedTemplatesAsync()
    {
        await using var db = Database.CreateDbContext();
        var now = Now.UtcDateTime;
        var template = new NpsTemplate { Name = "После сделки", Scale = NpsScale.ZeroToTen, CreatedAt = now, UpdatedAt = now };
        var twoPoint = new NpsTemplate { Name = "Доволен ли клиент", Scale = NpsScale.Satisfaction, CreatedAt = now, UpdatedAt = now };
        db.NpsTemplates.AddRange(template, twoPoint);
        await db.SaveChangesAsync();
        var revision = new NpsTemplateRevision { TemplateId = template.Id, CreatedAt = now, Scale = NpsScale.ZeroToTen };
        var twoPointRevision = new NpsTemplateRevision { TemplateId = twoPoint.Id, CreatedAt = now, Scale = NpsScale.Satisfaction };
        db.NpsTemplateRevisions.AddRange(revision, twoPointRevision);
        await db.SaveChangesAsync();
        (TemplateId, TwoPointTemplateId, _revisionId, _twoPointRevisionId) = (template.Id, twoPoint.Id, revision.Id, twoPointRevision.Id);
    }

    /// <summary>What the NPS pages inject, over this world's database and clock (the real services, wired by the container).</summary>
    public void AddPageServices(IServiceCollection services)
    {
        services.AddSingleton<IDbContextFactory<LoyaltyDbContext>>(Database);
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton(Clock);
        services.AddSingleton(Options.Create(new PortalOptions()));
        services.AddSingleton(Options.Create(new NotificationOptions { PublicBaseUrl = "https://loyalty.example.ru/" }));
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services.AddSingleton<ChannelSettings>();
        services.AddSingleton<UnsubscribeTokens>();
        services.AddSingleton<NotificationOutbox>();
        services.AddSingleton<NoticeTemplates>();
        services.AddSingleton<PublicAddress>();
        services.AddSingleton<ReferralPageSettings>();
        services.AddSingleton<NpsRenderer>();
        services.AddSingleton<NpsSurveys>();
        services.AddSingleton<NpsTasks>();
        services.AddSingleton(Settings);
        services.AddSingleton(Queries);
        services.AddSingleton(Retention);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
