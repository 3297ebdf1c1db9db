using System.Net;
using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Promoters;
using Loyalty.Tests.TestSupport;
using Loyalty.Tests.Web.Sandbox;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Web.Referral;

/// <summary>
/// The portal in sandbox mode on Kestrel (its lead outbox reaches the sandbox over real HTTP), with the client-address
/// hook so that each test client can come from its own address, quick retries, one Bitrix24 retry per call, and the
/// per-code limit raised (the per-address limit stays as shipped).
/// </summary>
public class ReferralPortal : SandboxPortal
{
    public ReferralPortal()
        : this(null)
    {
    }

    protected ReferralPortal(IDictionary<string, string?>? settings)
        : base(Merge(settings))
    {
    }

    private static int _nextAddress;

    private static Dictionary<string, string?> Merge(IDictionary<string, string?>? settings)
    {
        var merged = new Dictionary<string, string?>
        {
            ["Referrals:FirstRetrySeconds"] = "1",
            ["Referrals:PollSeconds"] = "1",
            ["Referrals:PostsPerCodePerMinute"] = "100000",
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

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddClientAddressHook());
    }

    /// <summary>A fresh client address for a test, unique in the test run (10.x.y.z).</summary>
    public static string NewAddress()
    {
        var n = Interlocked.Increment(ref _nextAddress);
        return $"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}";
    }

    /// <summary>A cookie-keeping form client on the portal's real address, coming from <paramref name="address"/>.</summary>
    public FormClient ClientFrom(string address)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        var http = new HttpClient(handler) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add(ClientAddresses.Header, address);
        return new FormClient(http);
    }

    public IDbContextFactory<LoyaltyDbContext> Db => Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>();

    /// <summary>
    /// A promoter as the registry leaves it: a contact in the mirror, switched on, with an active code. The lead field
    /// exists in the sandbox (the portal would have created it once the program is in use).
    /// </summary>
    public async Task<(Promoter Promoter, string Code)> AddPromoterAsync(string firstName, string lastName, bool active = true)
    {
        await EnsureUserFieldAsync("lead", ReferralLeadSender.LeadPromoterField, "integer");
        var code = PromoterCodes.Generate();
        await using var db = await Db.CreateDbContextAsync();
        var contactId = 900_000 + Interlocked.Increment(ref _nextAddress);
        var now = DateTime.UtcNow;
        db.Contacts.Add(new Contact { Id = contactId, FirstName = firstName, LastName = lastName, SyncedAt = now });
        var promoter = new Promoter { ContactId = contactId, Active = active, ActiveCode = code, CreatedAt = now, SwitchedAt = now, SwitchedBy = "test" };
        db.Set<Promoter>().Add(promoter);
        await db.SaveChangesAsync();
        db.Set<PromoterCode>().Add(new PromoterCode { Code = code, PromoterId = promoter.Id, CreatedAt = now });
        await db.SaveChangesAsync();
        return (promoter, code);
    }

    public async Task<List<ReferralSubmission>> SubmissionsAsync(long promoterId)
    {
        await using var db = await Db.CreateDbContextAsync();
        return await db.Set<ReferralSubmission>().AsNoTracking().Where(s => s.PromoterId == promoterId).OrderBy(s => s.Id).ToListAsync();
    }
}
