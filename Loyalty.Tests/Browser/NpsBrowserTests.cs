using System.Text.RegularExpressions;
using Loyalty.Core.Crm;
using Loyalty.Core.Identity;
using Loyalty.Core.Notifications;
using Loyalty.Core.Nps;
using Loyalty.Core.Sync;
using Loyalty.Core.WriteBack;
using Loyalty.Tests.Core.Sync;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Sandbox.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.Tests.Browser;

/// <summary>
/// Issue 16's "done when", on a sandbox portal whose clock the test moves: the administrator edits the survey template
/// and previews it, adds the rule "deal won → survey after one minute by e-mail", a deal is won in the sandbox, and a
/// minute later the survey is in the sandbox mailbox; the customer opens the score-3 link, confirms and comments, and the
/// Bitrix24 task for the deal's manager, linked to the deal, is in the sandbox; the dashboard shows the answer's NPS, the
/// chart and the manager's row in Russian; a sales head opens the dashboard, an accountant is refused it.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed partial class NpsBrowserTests(BrowserPortal browser)
{
    private static readonly DemoAccounts.DemoAccount Administrator = DemoAccounts.All.Single(a => a.Role == Roles.Administrator);
    private static readonly DemoAccounts.DemoAccount SalesHead = DemoAccounts.All.Single(a => a.Role == Roles.SalesHead);
    private static readonly DemoAccounts.DemoAccount Accountant = DemoAccounts.All.Single(a => a.Role == Roles.Accountant);

    private const string Heading = "Как вам работа с нами, {{ contact.first_name }}?";
    private const string Comment = "Доставку ждали на три дня дольше обещанного.";

    [BrowserFact]
    public async Task AWonDealsSurveyAnsweredWithALowScoreOpensATaskAndShowsOnTheDashboard()
    {
        // Real time to the second, then moved by the test: the one-minute delay passes without waiting a minute.
        var time = new ManualTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        await using var crm = new SyncPortal(time: time);
        crm.Settings["Notifications:PollSeconds"] = "1";
        crm.Settings["Notifications:QuietFrom"] = "00:00";
        crm.Settings["Notifications:QuietTo"] = "00:00";
        crm.Start();
        await crm.Sync.RunAsync(SyncKind.Incremental, null, "test");
        var (templateId, templateName) = await NpsTemplateBrowserTests.SeededTemplateAsync(crm);
        var deal = await OpenDealWithEmailAsync(crm);

        await browser.RunAsync("nps-journey-admin", crm.BaseAddress, async page =>
        {
            await page.SignInAsync(Administrator);
            await page.OpenAsync($"nps/templates/{templateId}");
            await NpsTemplateBrowserTests.Input(page, "nps-field-Survey-Heading").FillAsync(Heading);
            // Titles repeat in the sandbox: the deal is found by its contact's name and picked by its title.
            await NpsTemplateBrowserTests.Input(page, "nps-preview-deal").FillAsync(deal.Contact);
            await page.GetByTestId("nps-preview-deal-item").Filter(new() { HasText = deal.Title }).Filter(new() { HasText = deal.Contact }).First.ClickAsync();
            await Expect(page.FrameLocator("[data-testid=nps-preview-email]").Locator("body")).ToContainTextAsync($"Как вам работа с нами, {deal.FirstName}?");
            await page.GetByTestId("nps-template-save").ClickAsync();
            await Expect(page.GetByTestId("nps-template-unsaved")).ToHaveCountAsync(0);

            // The rule: the default pipeline's won stage, this template, one minute, by e-mail.
            await page.OpenAsync("nps/rules");
            await page.GetByTestId("nps-rules-add").ClickAsync();
            // A new rule starts on the default pipeline's won stage with the first template.
            await Expect(page.GetByTestId("nps-rule-dialog")).ToBeVisibleAsync();
            await NpsTemplateBrowserTests.Input(page, "nps-rule-delay-input").FillAsync("1");
            await NpsTemplateBrowserTests.Input(page, "nps-rule-delay-input").PressAsync("Tab");
            // The unit list opens in a popover; the choice shows in the field once it is taken.
            var unit = NpsTemplateBrowserTests.Input(page, "nps-rule-delay-unit");
            await page.GetByTestId("nps-rule-delay-unit").ClickAsync();
            var minutes = page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "минут" });
            await Expect(minutes).ToBeVisibleAsync();
            await minutes.ClickAsync();
            await Expect(unit).ToHaveValueAsync("минут");
            await page.GetByTestId("nps-rule-save").ClickAsync();
            await Expect(page.GetByTestId("nps-rule-delay")).ToHaveTextAsync("1 мин");
        });

        // Deals that entered the stage before the rule was switched on are never surveyed: the deal is won a moment later.
        time.Advance(TimeSpan.FromSeconds(5));
        using (var response = await crm.Rest.PostAsync("crm.deal.update.json", SyncOverSandboxTests.JsonBody(new { id = deal.Id, fields = new { STAGE_ID = "WON" } })))
        {
            response.EnsureSuccessStatusCode();
        }

        await crm.Sync.RunAsync(SyncKind.Incremental, null, "test");
        var surveys = crm.Services.GetRequiredService<NpsSurveys>();
        await surveys.ScheduleFromRulesAsync();
        Assert.Equal(0, await surveys.SendDueAsync());
        time.Advance(TimeSpan.FromMinutes(1));
        await surveys.SendDueAsync();
        var mailbox = crm.Services.GetRequiredService<SandboxMailbox>();
        var mail = await Eventually.ValueAsync(
            () => Task.FromResult(mailbox.Mail.FirstOrDefault(m => m.EnvelopeTo.Contains(deal.Email, StringComparer.OrdinalIgnoreCase))),
            "the survey e-mail reaches the sandbox mailbox");
        var scoreLink = ScoreThree().Match(mail!.HtmlBody ?? "");
        Assert.True(scoreLink.Success, "the e-mail has a link for the score 3");

        await browser.RunAsync("nps-journey-customer", crm.BaseAddress, async page =>
        {
            // The administrator's mailbox shows the survey.
            await page.SignInAsync(Administrator);
            await page.OpenAsync("admin/mailbox");
            await Expect(page.GetByText(mail.Subject).First).ToBeVisibleAsync();

            // The customer: the link shows 3 chosen and records nothing until confirmed.
            await page.GotoAsync(scoreLink.Groups["path"].Value.TrimStart('/'));
            await Expect(page.GetByTestId("nps-score-3")).ToBeCheckedAsync();
            await page.GetByTestId("nps-confirm").ClickAsync();
            await page.GetByTestId("nps-comment").FillAsync(Comment);
            await page.GetByTestId("nps-comment-send").ClickAsync();
            await Expect(page.GetByTestId("nps-comment-thanks")).ToBeVisibleAsync();
        });

        // The task goes to Bitrix24 through the write-back outbox: the deal's manager's, linked to the deal.
        var writeBacks = crm.Services.GetRequiredService<CrmWriteBackOutbox>();
        await Eventually.TrueAsync(async () =>
        {
            await writeBacks.SendDueAsync();
            using var response = await crm.Rest.PostAsync("tasks.task.list.json", SyncOverSandboxTests.JsonBody(new
            {
                filter = new { RESPONSIBLE_ID = deal.ManagerId },
                select = new[] { "ID", "TITLE", "RESPONSIBLE_ID", "UF_CRM_TASK" },
                order = new { ID = "desc" },
            }));
            var json = await response.Content.ReadAsStringAsync();
            return response.IsSuccessStatusCode && json.Contains($"\"D_{deal.Id}\"", StringComparison.Ordinal);
        }, "the detractor's task for the deal's manager is in the sandbox");

        await using (var db = await SyncOverSandboxTests.DbAsync(crm))
        {
            var survey = await db.NpsSurveys.SingleAsync(s => s.DealId == deal.Id);
            Assert.Equal((3, Comment, deal.ManagerId), (survey.Score, survey.Comment, survey.ManagerId));
        }

        await browser.RunAsync("nps-journey-dashboard", crm.BaseAddress, async page =>
        {
            await page.SignInAsync(SalesHead);
            await page.OpenAsync("nps");
            // One answer, a detractor: NPS −100.
            await Expect(page.GetByTestId("nps-summary-value")).ToContainTextAsync("100");
            await Expect(page.GetByTestId("nps-chart-svg")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("nps-managers").GetByTestId("nps-row-name")).ToContainTextAsync(deal.ManagerName);
            await Expect(page.GetByTestId("nps-managers")).ToContainTextAsync("По менеджерам");
            await BrowserPortal.SaveScreenshotAsync(page, "nps-journey-dashboard");
        });

        await browser.RunAsync("nps-journey-accountant", crm.BaseAddress, async page =>
        {
            await page.SignInAsync(Accountant);
            await page.GotoAsync("nps");
            await Expect(page).ToHaveURLAsync(new Regex("/Account/AccessDenied(\\?.*)?$"));
            await Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
        });
    }

    /// <summary>An open deal of the default pipeline whose contact has an e-mail and whose manager is known.</summary>
    private static async Task<(long Id, string Title, string FirstName, string Contact, string Email, long ManagerId, string ManagerName)> OpenDealWithEmailAsync(SyncPortal crm)
    {
        await using var db = await SyncOverSandboxTests.DbAsync(crm);
        var deal = await (from d in db.Deals
                          join c in db.Contacts on d.ContactId equals c.Id
                          join e in db.Employees on d.AssignedById equals e.Id
                          where d.PipelineId == 0 && d.Semantics == StageSemantics.InProgress && d.DeletedAt == null && c.EmailNormalized != null && c.FirstName != "" && e.Active
                          orderby d.Id
                          select new { d.Id, d.Title, Contact = c.FirstName, ContactLast = c.LastName, c.EmailNormalized, ManagerId = e.Id, e.FirstName, e.LastName }).FirstAsync();
        var manager = string.Join(' ', new[] { deal.FirstName, deal.LastName }.Where(s => s.Length > 0));
        var contact = string.Join(' ', new[] { deal.Contact, deal.ContactLast }.Where(s => s.Length > 0));
        return (deal.Id, deal.Title, deal.Contact, contact, deal.EmailNormalized!, deal.ManagerId, manager);
    }

    [GeneratedRegex("href=\"(?:https?://[^/\"]+)?(?<path>/s/[A-Za-z0-9_-]{22}\\?score=3)\"")]
    private static partial Regex ScoreThree();
}
