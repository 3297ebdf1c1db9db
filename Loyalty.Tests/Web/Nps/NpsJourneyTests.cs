using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Loyalty.Core.Bitrix24.UserFields;
using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Notifications;
using Loyalty.Core.Nps;
using Loyalty.Core.Sync;
using Loyalty.Core.WriteBack;
using Loyalty.Tests.Core.Sync;
using Loyalty.Tests.TestSupport;
using Loyalty.Tests.Web.Referral;
using Loyalty.Web.Sandbox.Data;
using Loyalty.Web.Sandbox.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Web.Nps;

/// <summary>
/// The journey on the sandbox's defaults, step by step as the workers would run it: a rule (delay 0) on the
/// default pipeline's won stage; a deal won in the sandbox reaches the mirror; the survey is scheduled and sent; its
/// e-mail lands in the sandbox mailbox; the score-3 link is opened and confirmed on the page; a comment is sent; the
/// write-backs reach the sandbox: a task for the deal's manager linked to the deal, the deal's NPS field = 3, the
/// timeline comments.
/// </summary>
public sealed partial class NpsJourneyTests
{
    [Fact]
    public async Task AWonDealsSurveyAnsweredWithThreeAndACommentOpensATaskForTheManager()
    {
        await using var portal = new SyncPortal();
        portal.Settings["Notifications:QuietFrom"] = "00:00";
        portal.Settings["Notifications:QuietTo"] = "00:00";
        portal.Start();
        var services = portal.Services;
        await portal.Sync.RunAsync(SyncKind.Incremental, null, "test");
        var provisioned = await services.GetRequiredService<UserFieldProvisioner>().ProvisionAsync();
        Assert.Null(provisioned.Error);

        await services.GetRequiredService<NpsTemplateStore>().EnsureDefaultAsync();
        var template = (await services.GetRequiredService<NpsTemplateStore>().ListAsync()).First();
        var rule = await services.GetRequiredService<NpsRuleStore>().CreateAsync(new NpsRuleInput("После успешной сделки", true, 0, "WON", template.Id, 0, true, false), "admin@test");
        Assert.True(rule.Succeeded, string.Join(", ", rule.Errors.Select(e => e.MessageKey)));

        var (deal, email) = await OpenDealWithEmailAsync(services);
        await SyncOverSandboxTests.UpdateDealStageAsync(portal, deal.Id, "WON");
        await portal.Sync.RunAsync(SyncKind.Incremental, null, "test");

        var surveys = services.GetRequiredService<NpsSurveys>();
        Assert.Equal(1, await surveys.ScheduleFromRulesAsync());
        Assert.Equal(1, await surveys.SendDueAsync());
        await services.GetRequiredService<NotificationSender>().SendDueAsync();
        var mailbox = services.GetRequiredService<SandboxMailbox>();
        var mail = await Eventually.ValueAsync(
            () => Task.FromResult(mailbox.Mail.FirstOrDefault(m => m.EnvelopeTo.Contains(email, StringComparer.OrdinalIgnoreCase))), $"the survey e-mail to {email}");

        // The score-3 link of the e-mail, opened on the portal's own address.
        var link = new Uri(WebUtility.HtmlDecode(ScoreLink().Match(mail.HtmlBody!).Groups["url"].Value));
        Assert.Equal("?score=3", link.Query);
        using var client = new FormClient(new HttpClient(new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = portal.BaseAddress,
        });
        var opened = await client.Http.GetStringAsync(link.PathAndQuery.TrimStart('/'));
        var token = link.AbsolutePath.Split('/').Last();
        await using (var db = await services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync())
        {
            Assert.Null((await db.NpsSurveys.SingleAsync(s => s.Token == token)).Score);
        }

        var form = FormFields.Hidden(opened);
        form["ScoreInput.Value"] = "3";
        var reply = await (await client.Http.PostAsync(link.AbsolutePath.TrimStart('/'), new FormUrlEncodedContent(form))).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"nps-comment-form\"", reply, StringComparison.Ordinal);
        var comment = FormFields.Hidden(reply);
        comment["CommentInput.Text"] = "Доставку перенесли дважды";
        var thanks = await (await client.Http.PostAsync(link.AbsolutePath.TrimStart('/'), new FormUrlEncodedContent(comment))).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"nps-comment-thanks\"", thanks, StringComparison.Ordinal);

        await services.GetRequiredService<CrmWriteBackOutbox>().SendDueAsync();

        await using (var db = await services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync())
        {
            var survey = await db.NpsSurveys.AsNoTracking().SingleAsync(s => s.Token == token);
            Assert.Equal(3, survey.Score);
            Assert.Equal(deal.Id, survey.DealId);
            var pending = await db.CrmWriteBacks.AsNoTracking().Where(w => w.Key.StartsWith($"nps:{survey.Id}:") && w.SentAt == null).Select(w => w.Key + " " + w.LastError + " " + w.WaitingFor).ToListAsync();
            Assert.Empty(pending);
        }

        var store = services.GetRequiredService<SandboxStore>();
        var tasks = store.Read(() => store.Tasks.Rows
            .Where(t => t["UF_CRM_TASK"] is string[] links && links.Contains($"D_{deal.Id.ToString(CultureInfo.InvariantCulture)}"))
            .Select(t => (Title: (string)t["TITLE"]!, Responsible: (long)t["RESPONSIBLE_ID"]!, Description: (string?)t["DESCRIPTION"]))
            .ToList());
        var task = Assert.Single(tasks);
        Assert.Equal(deal.AssignedById, task.Responsible);
        Assert.Contains("Доставку перенесли дважды", task.Description, StringComparison.Ordinal);

        using var dealJson = JsonDocument.Parse(await portal.Rest.GetStringAsync($"crm.deal.get.json?id={deal.Id.ToString(CultureInfo.InvariantCulture)}"));
        Assert.Equal("3", dealJson.RootElement.GetProperty("result").GetProperty(PortalUserFields.DealNps.Code).ToString());
        var comments = store.Read(() => store.TimelineComments.Rows
            .Where(r => (string?)r["ENTITY_TYPE"] == "deal" && r["ENTITY_ID"] is long id && id == deal.Id).Select(r => (string)r["COMMENT"]!).ToList());
        Assert.Contains(comments, c => c.Contains("3 из 10 (критик)", StringComparison.Ordinal));
        Assert.Contains(comments, c => c.Contains("Доставку перенесли дважды", StringComparison.Ordinal));
    }

    /// <summary>An open deal of the default pipeline with a manager and a contact that has an e-mail, from the mirror.</summary>
    private static async Task<(Deal Deal, string Email)> OpenDealWithEmailAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        var found = await db.Deals.AsNoTracking()
            .Where(d => d.PipelineId == 0 && d.Semantics == StageSemantics.InProgress && d.AssignedById != null && d.ContactId != null)
            .Join(db.Contacts.Where(c => c.EmailNormalized != null), d => d.ContactId, c => c.Id, (d, c) => new { Deal = d, c.EmailNormalized })
            .OrderBy(x => x.Deal.Id).FirstAsync();
        return (found.Deal, found.EmailNormalized!);
    }

    [GeneratedRegex("""href="(?<url>[^"]*/s/[^"?]+\?score=3)"[^>]*""")]
    private static partial Regex ScoreLink();
}
