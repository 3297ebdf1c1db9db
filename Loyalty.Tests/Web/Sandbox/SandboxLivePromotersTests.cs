using System.Globalization;
using Loyalty.Core.Bitrix24.UserFields;
using Loyalty.Core.Data;
using Loyalty.Core.Promoters;
using Loyalty.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Web.Sandbox;

/// <summary>
/// Live mode fills the promoter program from a fresh start, sped up: once the portal has created its fields, a CRM user
/// ticks a contact's promoter field, the portal picks it up and writes the link back, a visitor sends the referral
/// form over HTTP, the lead lands in the sandbox with its promoter, is converted, its deal won, and the portal accrues
/// the commission. Everything runs as shipped (events, sync, workers, outboxes); only the rates are raised.
/// </summary>
public sealed class SandboxLivePromotersTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task LiveModeMakesAPromoterWhoseReferralBecomesAWonDealWithACommission()
    {
        await using var portal = new LivePromoterPortal();
        portal.Start();
        var db = portal.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>();

        // Nothing happens to promoters before the portal has created the fields.
        var provisioned = await portal.Services.GetRequiredService<UserFieldProvisioner>().ProvisionAsync();
        Assert.Null(provisioned.Error);

        var promoter = await Eventually.ValueAsync(async () =>
        {
            await using var context = await db.CreateDbContextAsync();
            return await context.Promoters.AsNoTracking().FirstOrDefaultAsync(p => p.Active && p.SwitchedBy == "bitrix24" && p.ActiveCode != null);
        }, "a contact the sandbox marked is a promoter", Deadline, TimeSpan.FromMilliseconds(250));

        var submission = await Eventually.ValueAsync(async () =>
        {
            await using var context = await db.CreateDbContextAsync();
            return await context.Set<ReferralSubmission>().AsNoTracking().FirstOrDefaultAsync(s => s.Status == ReferralSubmissionStatus.Done && s.LeadId != null);
        }, "a visitor's referral lead in the sandbox", Deadline, TimeSpan.FromMilliseconds(250));
        Assert.StartsWith("198.18.", submission.ClientAddress, StringComparison.Ordinal);

        using var rest = new HttpClient { BaseAddress = new Uri(portal.BaseAddress, "/sandbox/rest/1/sandbox/") };
        using var lead = System.Text.Json.JsonDocument.Parse(await rest.GetStringAsync(
            $"crm.lead.get?id={submission.LeadId!.Value.ToString(CultureInfo.InvariantCulture)}"));
        var promoterField = lead.RootElement.GetProperty("result").GetProperty(PortalUserFields.LeadPromoterId.Code);
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, promoterField.ValueKind);

        var commission = await Eventually.ValueAsync(async () =>
        {
            await using var context = await db.CreateDbContextAsync();
            return await context.PromoterCommissions.AsNoTracking().FirstOrDefaultAsync(c => c.Trigger == CommissionTrigger.DealWon && c.Amount > 0);
        }, "a won referred deal's commission", Deadline, TimeSpan.FromMilliseconds(250));
        Assert.Equal(commission.BaseAmount / 10, commission.Amount);
        Assert.True(promoter.Id > 0);
    }

    /// <summary>The portal in sandbox mode with events, sync and live mode on, the promoter rates raised and the client-address hook.</summary>
    private sealed class LivePromoterPortal : LivePortal
    {
        public LivePromoterPortal()
        {
            Settings["Bitrix24:Mode"] = "Sandbox";
            Settings["Sandbox:Events:Enabled"] = "true";
            Settings["Sync:Enabled"] = "true";
            Settings["Sandbox:RateLimit:RequestsPerSecond"] = "0";
            Settings["Bitrix24:RequestsPerSecond"] = "0";
            Settings["Sandbox:Company:Managers"] = "4";
            Settings["Sandbox:Company:Departments"] = "2";
            Settings["Sandbox:Company:Contacts"] = "30";
            Settings["Sandbox:Company:Leads"] = "20";
            Settings["Sandbox:Company:Deals"] = "20";
            Settings["Sandbox:Company:Activities"] = "20";
            Settings["Sandbox:Company:Tasks"] = "10";
            Settings["Sandbox:Company:HistoryDays"] = "30";
            Settings["Sandbox:Live:Enabled"] = "true";
            Settings["Sandbox:Live:IntervalSeconds"] = "0.5";
            Settings["Sandbox:Live:Promoters:Promoters"] = "2";
            Settings["Sandbox:Live:Promoters:PromotersPerHour"] = "7200";
            Settings["Sandbox:Live:Promoters:VisitsPerHour"] = "7200";
            Settings["Sandbox:Live:Promoters:ConversionsPerHour"] = "7200";
            Settings["Sandbox:Live:Promoters:WinsPerHour"] = "7200";
            Settings["Sandbox:Live:Promoters:ClientAddressHeader"] = ClientAddresses.Header;
            Settings["Referrals:FirstRetrySeconds"] = "1";
            Settings["Referrals:PollSeconds"] = "1";
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddClientAddressHook());
        }
    }
}
