using System.Text.RegularExpressions;
using Loyalty.Core.Crm;
using Loyalty.Core.Nps;
using Loyalty.Core.Sync;
using Loyalty.Tests.Core.Sync;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Sandbox.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Core.Nps;

/// <summary>
/// The whole send path over the sandbox: a deal won in the sandbox portal over REST, the sync, the rule, the outbox and
/// the sandbox's SMTP server over a real socket; the survey e-mail arrives with a link per score.
/// </summary>
public sealed partial class NpsSandboxTests
{
    [Fact]
    public async Task ADealWonInTheSandboxBringsTheSurveyEmailWithElevenScoreLinks()
    {
        await using var portal = new SyncPortal();
        portal.Start();
        await portal.Sync.RunAsync(SyncKind.Incremental, null, "test");
        var templates = portal.Services.GetRequiredService<NpsTemplateStore>();
        var rules = portal.Services.GetRequiredService<NpsRuleStore>();
        var surveys = portal.Services.GetRequiredService<NpsSurveys>();
        var template = (await templates.ListAsync()).Single(t => t.Name == NpsDefaults.TemplateName);
        var rule = await rules.CreateAsync(new NpsRuleInput("После успешной сделки", true, 0, "WON", template.Id, 0, true, false), "admin@test");
        Assert.True(rule.Succeeded);

        long dealId;
        string email;
        await using (var db = await SyncOverSandboxTests.DbAsync(portal))
        {
            var pick = await db.Deals.AsNoTracking()
                .Where(d => d.PipelineId == 0 && d.Semantics == StageSemantics.InProgress && d.DeletedAt == null && d.ContactId != null)
                .Join(db.Contacts.Where(c => c.EmailNormalized != null), d => d.ContactId, c => c.Id, (d, c) => new { d.Id, c.EmailNormalized })
                .OrderBy(d => d.Id).FirstAsync();
            (dealId, email) = (pick.Id, pick.EmailNormalized!);
        }

        await SyncOverSandboxTests.UpdateDealStageAsync(portal, dealId, "WON");
        await portal.Sync.RunAsync(SyncKind.Incremental, null, "test");

        Assert.Equal(1, await surveys.ScheduleFromRulesAsync());
        Assert.Equal(1, await surveys.SendDueAsync());

        var mailbox = portal.Services.GetRequiredService<SandboxMailbox>();
        var mail = await Eventually.ValueAsync(
            () => Task.FromResult(mailbox.Mail.FirstOrDefault(m => m.EnvelopeTo.Contains(email, StringComparer.OrdinalIgnoreCase))),
            $"the survey e-mail to {email}");
        await using (var db = await SyncOverSandboxTests.DbAsync(portal))
        {
            var survey = await db.NpsSurveys.AsNoTracking().SingleAsync(s => s.DealId == dealId);
            Assert.Equal((NpsSurveyStatus.Sent, rule.Rule!.Id), (survey.Status, survey.RuleId));
            var links = ScoreLink().Matches(mail.HtmlBody!).Select(m => m.Groups["url"].Value).ToList();
            Assert.Equal(Enumerable.Range(0, 11).Select(n => $"/s/{survey.Token}?score={n}"), links.Select(l => new Uri(l).PathAndQuery));
            Assert.EndsWith(": оцените нашу работу", mail.Subject, StringComparison.Ordinal);
            Assert.Contains($"/s/{survey.Token}?score=10", mail.TextBody, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex("<a href=\"(?<url>[^\"]+)\" data-score=\"\\d+\"")]
    private static partial Regex ScoreLink();
}
