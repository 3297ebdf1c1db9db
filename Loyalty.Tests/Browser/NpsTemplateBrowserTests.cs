using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Identity;
using Loyalty.Core.Nps;
using Loyalty.Core.Sync;
using Loyalty.Tests.Core.Sync;
using Loyalty.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.Tests.Browser;

/// <summary>
/// The template editor's preview in a real browser over a synced sandbox: an administrator opens the seeded survey
/// template, changes the e-mail's heading, picks a won deal by its contact's name, and the preview's e-mail shows the
/// new heading with that contact's name before anything is saved; then saves. The editor does not scroll sideways at 390 px.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class NpsTemplateBrowserTests(BrowserPortal browser)
{
    private static readonly DemoAccounts.DemoAccount Administrator = DemoAccounts.All.Single(a => a.Role == Roles.Administrator);

    private const string Heading = "Спасибо за доверие, {{ contact.name }}!";

    [BrowserFact]
    public async Task TheAdministratorPreviewsAnEditedHeadingForARealDealAndSavesIt()
    {
        await using var crm = new SyncPortal();
        crm.Start();
        await crm.Sync.RunAsync(SyncKind.Incremental, null, "test");
        var (templateId, templateName) = await SeededTemplateAsync(crm);
        var deal = await WonDealWithContactAsync(crm);

        await browser.RunAsync("nps-template-preview", crm.BaseAddress, async page =>
        {
            await page.SignInAsync(Administrator);
            await page.OpenAsync("nps/templates");
            await page.GetByTestId("nps-templates-active").GetByTestId("nps-template-link").Filter(new() { HasText = templateName }).ClickAsync();
            await page.WaitForURLAsync($"**/nps/templates/{templateId}");
            await page.WaitForCircuitAsync();

            var heading = Input(page, "nps-field-Survey-Heading");
            await heading.FillAsync(Heading);
            await Expect(page.GetByTestId("nps-template-unsaved")).ToBeVisibleAsync();

            // The deal is found by its contact's name; the latest won deals come first.
            var picker = Input(page, "nps-preview-deal");
            await picker.FillAsync(deal.Contact);
            await page.GetByTestId("nps-preview-deal-item").Filter(new() { HasText = deal.Title }).First.ClickAsync();

            var email = page.FrameLocator("[data-testid=nps-preview-email]").Locator("body");
            await Expect(email).ToContainTextAsync($"Спасибо за доверие, {deal.Contact}!");
            await Expect(page.GetByTestId("nps-preview-subject")).Not.ToBeEmptyAsync();
            await BrowserPortal.SaveScreenshotAsync(page, "nps-template-preview");

            // The reply pages render from the same unsaved form.
            await page.GetByRole(AriaRole.Tab, new() { Name = "Страницы ответа" }).ClickAsync();
            await Expect(page.GetByTestId("nps-preview-reply-detractor-heading")).Not.ToBeEmptyAsync();

            await page.GetByTestId("nps-template-save").ClickAsync();
            await Expect(page.GetByTestId("nps-template-unsaved")).ToHaveCountAsync(0);

            await page.SetViewportSizeAsync(390, 844);
            await page.ReloadAsync();
            await page.WaitForCircuitAsync();
            await Expect(Input(page, "nps-field-Survey-Heading")).ToHaveValueAsync(Heading);
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the template editor scrolls sideways at 390 px");
            await BrowserPortal.SaveScreenshotAsync(page, "nps-template-phone");
        });

        var saved = await crm.Services.GetRequiredService<NpsTemplateStore>().GetAsync(templateId);
        Assert.Equal(Heading, saved!.Content.Survey.Heading);
    }

    [BrowserFact]
    public async Task SendNowSurveysAPickedDealAndTheSecondTimeSaysWhenItWasSurveyedBefore()
    {
        await using var crm = new SyncPortal();
        crm.Start();
        await crm.Sync.RunAsync(SyncKind.Incremental, null, "test");
        await SeededTemplateAsync(crm);
        var deal = await WonDealWithContactAsync(crm, withEmail: true);

        await browser.RunAsync("nps-send-now", crm.BaseAddress, async page =>
        {
            await page.SignInAsync(Administrator);
            await page.OpenAsync("nps/rules");
            await page.GetByTestId("nps-send-now").ClickAsync();
            await Expect(page.GetByTestId("nps-send-dialog")).ToBeVisibleAsync();
            await Input(page, "nps-send-deal").FillAsync(deal.Contact);
            await page.GetByTestId("nps-send-deal-item").Filter(new() { HasText = deal.Title }).First.ClickAsync();

            await page.GetByTestId("nps-send-confirm").ClickAsync();
            await Expect(page.GetByTestId("nps-send-done")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("nps-send-already")).ToHaveCountAsync(0);

            // Sent again on purpose: it goes, and the dialog says when the deal was surveyed before.
            await page.GetByTestId("nps-send-confirm").ClickAsync();
            await Expect(page.GetByTestId("nps-send-already")).ToBeVisibleAsync();
            await BrowserPortal.SaveScreenshotAsync(page, "nps-send-now");
        });

        await using var db = await crm.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        var surveys = await db.NpsSurveys.AsNoTracking().Where(s => s.DealId == deal.Id).ToListAsync();
        Assert.Equal(2, surveys.Count);
        Assert.All(surveys, s => Assert.Equal((NpsSurveyStatus.Sent, (long?)null), (s.Status, s.RuleId)));
        // Who sent it, as the portal names a person in its records: «Анна Администратор (admin@demo.loyalty)».
        Assert.All(surveys, s => Assert.EndsWith($"({Administrator.Email})", s.SentBy, StringComparison.Ordinal));
        var notices = await db.Notifications.AsNoTracking().Where(n => n.Kind == Loyalty.Core.Notifications.NotificationKind.NpsSurvey).Select(n => n.Recipient).ToListAsync();
        Assert.Equal(2, notices.Count);
        Assert.All(notices, recipient => Assert.Equal(deal.Email, recipient, ignoreCase: true));
    }

    internal static ILocator Input(IPage page, string testId) => page.GetByTestId(testId).Locator("xpath=descendant-or-self::input").First;

    /// <summary>The template a fresh start seeds.</summary>
    internal static async Task<(long Id, string Name)> SeededTemplateAsync(SyncPortal crm)
    {
        await crm.Services.GetRequiredService<NpsTemplateStore>().EnsureDefaultAsync();
        await using var db = await crm.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        var template = await db.NpsTemplates.OrderBy(t => t.Id).Select(t => new { t.Id, t.Name }).FirstAsync();
        return (template.Id, template.Name);
    }

    /// <summary>The latest won deal whose contact has a name: the first the preview's search offers for it.</summary>
    private static async Task<(long Id, string Title, string Contact, string? Email)> WonDealWithContactAsync(SyncPortal crm, bool withEmail = false)
    {
        await using var db = await crm.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        var deal = await (from d in db.Deals
                          join c in db.Contacts on d.ContactId equals c.Id
                          where d.Semantics == StageSemantics.Success && d.DeletedAt == null && c.FirstName != "" && c.LastName != ""
                                && (!withEmail || c.EmailNormalized != null)
                          orderby d.WonAt descending
                          select new { d.Id, d.Title, c.FirstName, c.LastName, c.EmailNormalized }).FirstAsync();
        return (deal.Id, deal.Title, $"{deal.FirstName} {deal.LastName}", deal.EmailNormalized);
    }
}
