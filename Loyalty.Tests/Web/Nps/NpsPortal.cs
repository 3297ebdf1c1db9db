using System.Net;
using System.Security.Cryptography;
using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Nps;
using Loyalty.Core.WriteBack;
using Loyalty.Tests.TestSupport;
using Loyalty.Tests.Web.Sandbox;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Web.Nps;

/// <summary>
/// The portal in sandbox mode on Kestrel with the client-address hook (each test client comes from its own address),
/// a low per-token post limit (its own test counts to it; the other tests post a few times per survey), and surveys
/// added straight to the database as the sending would leave them: a mirror deal with its contact and manager, the
/// default template's revision, a sent survey with its token.
/// </summary>
public class NpsPortal : SandboxPortal
{
    public const int PostsPerToken = 6;

    private static int _next;

    public NpsPortal()
        : this(null)
    {
    }

    protected NpsPortal(IDictionary<string, string?>? settings)
        : base(Merge(settings))
    {
    }

    private static Dictionary<string, string?> Merge(IDictionary<string, string?>? settings)
    {
        var merged = new Dictionary<string, string?>
        {
            ["NpsPage:PostsPerTokenPerMinute"] = PostsPerToken.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Bitrix24:MaxRetries"] = "1",
            ["Sandbox:Company:Contacts"] = "10",
            ["Sandbox:Company:Leads"] = "5",
            ["Sandbox:Company:Deals"] = "5",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }

        return merged;
    }

    public IDbContextFactory<LoyaltyDbContext> Db => Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddClientAddressHook());
    }

    /// <summary>A fresh client address for a test, unique in the test run (10.200.y.z).</summary>
    public static string NewAddress()
    {
        var n = Interlocked.Increment(ref _next);
        return $"10.200.{(n >> 8) & 255}.{n & 255}";
    }

    /// <summary>A cookie-keeping form client on the portal's real address, coming from a new address.</summary>
    public FormClient NewClient()
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        var http = new HttpClient(handler) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add(ClientAddresses.Header, NewAddress());
        return new FormClient(http);
    }

    /// <summary>A sent survey of a new deal (manager 1 in the mirror), with the default template or <paramref name="content"/>.</summary>
    public async Task<NpsSurvey> AddSurveyAsync(NpsScale scale = NpsScale.ZeroToTen, NpsTemplateContent? content = null, DateTime? sentAt = null, string? token = null)
    {
        var n = Interlocked.Increment(ref _next);
        var now = DateTime.UtcNow;
        await using var db = await Db.CreateDbContextAsync();
        var dealId = 700_000 + n;
        var contactId = 600_000 + n;
        if (!await db.Employees.AnyAsync(e => e.Id == 1))
        {
            db.Employees.Add(new Employee { Id = 1, FirstName = "Анна", LastName = "Смирнова", Active = true, SyncedAt = now });
        }

        db.Contacts.Add(new Contact { Id = contactId, FirstName = "Иван", LastName = "Петров", SyncedAt = now });
        db.Deals.Add(new Deal { Id = dealId, Title = $"Сделка {n}", ContactId = contactId, AssignedById = 1, StageId = "WON", SyncedAt = now });
        var template = new NpsTemplate { Name = $"Опрос {n}", Scale = scale, CreatedAt = now, UpdatedAt = now, Content = content ?? NpsDefaults.Template };
        db.NpsTemplates.Add(template);
        await db.SaveChangesAsync();
        var revision = new NpsTemplateRevision { TemplateId = template.Id, CreatedAt = now, ContentJson = template.ContentJson, Scale = scale };
        db.NpsTemplateRevisions.Add(revision);
        await db.SaveChangesAsync();
        var sent = sentAt ?? now.AddMinutes(-10);
        var survey = new NpsSurvey
        {
            Token = token ?? NewToken(), DealId = dealId, ContactId = contactId, ManagerId = 1, TemplateId = template.Id, RevisionId = revision.Id, Scale = scale,
            Status = NpsSurveyStatus.Sent, Channels = "email", CreatedAt = sent, DueAt = sent, SentAt = sent,
        };
        db.NpsSurveys.Add(survey);
        await db.SaveChangesAsync();
        return survey;
    }

    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async Task<NpsSurvey> SurveyAsync(long id)
    {
        await using var db = await Db.CreateDbContextAsync();
        return await db.NpsSurveys.AsNoTracking().SingleAsync(s => s.Id == id);
    }

    public async Task<List<CrmWriteBack>> WritesAsync(long surveyId)
    {
        await using var db = await Db.CreateDbContextAsync();
        var prefix = $"nps:{surveyId}:";
        return await db.CrmWriteBacks.AsNoTracking().Where(w => w.Key.StartsWith(prefix)).ToListAsync();
    }
}
