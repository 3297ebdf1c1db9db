using ClosedXML.Excel;
using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Identity;
using Loyalty.Core.Promoters;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Shared;
using Loyalty.Web.Sandbox.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.Tests.Browser;

/// <summary>
/// Issue 15's payout journey on a portal of its own (sandbox defaults, no SMS quiet hours, hold 0 days): a promoter with
/// payout details has a referred deal of 150 000 ₽ won; the accountant signs in, creates a payout run (13 % tax withheld
/// from the individual's 15 000 ₽), marks it paid with the payment order's number, downloads the run's Excel report
/// (read back with ClosedXML: the same gross and net as the page), and the promoter's e-mail and SMS arrive in the
/// sandbox mailbox. The run page does not scroll sideways at 390 px.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class PayoutBrowserTests(BrowserPortal browser)
{
    private static readonly DemoAccounts.DemoAccount Accountant = DemoAccounts.All.Single(a => a.Role == Roles.Accountant);

    private const string Name = "Платон Выплатов";
    private const string Email = "platon.payout@example.ru";
    private const string Phone = "+79165550101";

    [BrowserFact]
    public async Task AnAccountantPaysAPromotersWonDealAndThePromoterGetsTheEmailAndSms()
    {
        await using var own = new LivePortal();
        own.Settings["Notifications:PollSeconds"] = "1";
        // No SMS quiet hours: the journey runs at any hour of the night.
        own.Settings["Notifications:QuietFrom"] = "00:00";
        own.Settings["Notifications:QuietTo"] = "00:00";
        own.Start();
        var services = own.Services;
        await services.GetRequiredService<PromoterSettingsStore>().SaveAsync(new PromoterSettings { HoldDays = 0 }, "test");
        var promoterId = await PromoterWithWonDealAsync(services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>(), 150_000_00);
        await services.GetRequiredService<PromoterCommissions>().ProcessAsync();
        var payouts = services.GetRequiredService<PromoterPayouts>();
        await Eventually.TrueAsync(async () => (await payouts.PayableAsync(promoterId))?.Payable == 15_000_00, "the commission is payable");

        await browser.RunAsync("payout-run", own.BaseAddress, async page =>
        {
            await page.SignInAsync(Accountant);
            await page.OpenAsync("promoters/payouts");
            var line = page.Locator("[data-testid=payouts-payable] tbody tr").Filter(new LocatorFilterOptions { HasText = Name });
            await Expect(line.GetByTestId("payable-amount")).ToHaveTextAsync(Formats.Money(15_000_00));

            await page.GetByTestId("payouts-new-run").ClickAsync();
            var choice = page.Locator("[data-testid=new-run-lines] tbody tr").Filter(new LocatorFilterOptions { HasText = Name });
            await Expect(choice.GetByTestId("new-run-tax")).ToHaveTextAsync(Formats.Money(1_950_00));
            await Expect(choice.GetByTestId("new-run-net")).ToHaveTextAsync(Formats.Money(13_050_00));
            await page.GetByTestId("new-run-confirm").ClickAsync();

            await page.WaitForURLAsync("**/promoters/payouts/*");
            var payout = page.Locator("[data-testid=run-payouts] tbody tr").Filter(new LocatorFilterOptions { HasText = Name });
            await Expect(payout.GetByTestId("payout-gross")).ToHaveTextAsync(Formats.Money(15_000_00));
            await Expect(payout.GetByTestId("payout-net")).ToHaveTextAsync(Formats.Money(13_050_00));
            await payout.GetByTestId("payout-mark-paid").ClickAsync();
            await Input(page, "mark-paid-reference").FillAsync("4711");
            await page.GetByTestId("mark-paid-confirm").ClickAsync();
            await Expect(payout.GetByTestId("payout-status")).ToHaveTextAsync("Выплачено");
            await Expect(payout.GetByTestId("payout-reference")).ToHaveTextAsync("4711");
            await BrowserPortal.SaveScreenshotAsync(page, "payout-run");

            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("run-report").ClickAsync());
            Assert.Matches(@"^payout-run-\d+\.xlsx$", download.SuggestedFilename);
            await using (var file = File.OpenRead(await download.PathAsync()))
            {
                using var workbook = new XLWorkbook(file);
                var row = workbook.Worksheet(1).RowsUsed().Single(r => r.Cell(1).GetString() == Name);
                Assert.Equal((15_000m, 1_950m, 13_050m), (row.Cell(5).GetValue<decimal>(), row.Cell(6).GetValue<decimal>(), row.Cell(7).GetValue<decimal>()));
            }

            await page.SetViewportSizeAsync(390, 844);
            await page.ReloadAsync();
            await Expect(payout.GetByTestId("payout-status")).ToHaveTextAsync("Выплачено");
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the run page scrolls sideways at 390 px");
            await BrowserPortal.SaveScreenshotAsync(page, "payout-run-phone");
        });

        var mailbox = services.GetRequiredService<SandboxMailbox>();
        await Eventually.TrueAsync(
            () => mailbox.Mail.Any(m => m.EnvelopeTo.Contains(Email, StringComparer.OrdinalIgnoreCase) && m.Subject.Contains("Выплата", StringComparison.Ordinal))
                && mailbox.Sms.Any(s => s.To.TrimStart('+') == Phone.TrimStart('+') && s.Text.Contains("выплата", StringComparison.Ordinal) && s.Text.Contains("4711", StringComparison.Ordinal)),
            "the payout e-mail and SMS reach the sandbox mailbox");
        // The won deal was announced too, by both ways.
        Assert.Contains(mailbox.Mail, m => m.EnvelopeTo.Contains(Email, StringComparer.OrdinalIgnoreCase) && m.Subject.StartsWith("Сделка закрыта", StringComparison.Ordinal));
        Assert.Contains(mailbox.Sms, s => s.To.TrimStart('+') == Phone.TrimStart('+') && s.Text.StartsWith("Сделка на 150", StringComparison.Ordinal));
    }

    private static ILocator Input(IPage page, string testId) => page.GetByTestId(testId).Locator("xpath=descendant-or-self::input").First;

    /// <summary>A promoter contact with an individual's payout details and a deal it referred, won now, as the sync records them.</summary>
    private static async Task<long> PromoterWithWonDealAsync(IDbContextFactory<LoyaltyDbContext> dbFactory, long amount)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var now = DateTime.UtcNow;
        var contactId = 900_000 + Random.Shared.Next(50_000);
        db.Contacts.Add(new Contact
        {
            Id = contactId, FirstName = "Платон", LastName = "Выплатов", Phones = Phone, PhoneDigits = Phone.TrimStart('+'), Emails = Email, EmailNormalized = Email,
            SyncedAt = now, ModifiedAt = now, CreatedAt = now,
        });
        var code = PromoterCodes.Generate();
        var promoter = new Promoter
        {
            ContactId = contactId, Active = true, ActiveCode = code, CreatedAt = now, SwitchedAt = now, SwitchedBy = "test",
            LegalStatus = PromoterLegalStatus.Individual, PayeeName = "Выплатов Платон", Inn = "500100732259", Bik = "044525225",
            BankAccount = "40817810000000001234", CorrespondentAccount = "30101810400000000225",
        };
        db.Promoters.Add(promoter);
        await db.SaveChangesAsync();
        db.PromoterCodes.Add(new PromoterCode { Code = code, PromoterId = promoter.Id, CreatedAt = now });
        var dealId = 950_000 + Random.Shared.Next(50_000);
        db.Deals.Add(new Deal
        {
            Id = dealId, Title = "Ремонт кухни", StageId = "WON", Semantics = StageSemantics.Success, AmountMinor = amount, CurrencyId = "RUB",
            ContactId = contactId + 1, CreatedAt = now.AddDays(-1), WonAt = now, ModifiedAt = now, SyncedAt = now, UserFields = $$"""{"UF_CRM_LOY_PR_ID":"{{contactId}}"}""",
        });
        db.CrmFacts.Add(new CrmFact
        {
            Kind = CrmFactKind.DealWon, Key = $"deal:{dealId}:won:test", EntityType = "deal", EntityId = dealId, OccurredAt = now, RecordedAt = now,
            AmountMinor = amount, CurrencyId = "RUB", ContactId = contactId + 1,
        });
        await db.SaveChangesAsync();
        return promoter.Id;
    }
}
