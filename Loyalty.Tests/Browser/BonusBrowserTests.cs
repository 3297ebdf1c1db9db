using ClosedXML.Excel;
using Loyalty.Core.Bonuses;
using Loyalty.Core.Crm;
using Loyalty.Core.Identity;
using Loyalty.Core.Sync;
using Loyalty.Tests.Core.Sync;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.Tests.Browser;

/// <summary>
/// The bonus program's journey through three roles in a real browser, on a sandbox portal of its own: an
/// administrator turns the program on and raises the Bronze %, a deal is won in the sandbox, a sales head records
/// a redemption on the customer's card, and an accountant downloads the balances, which the test opens with ClosedXML.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class BonusBrowserTests(BrowserPortal browser)
{
    private static readonly DemoAccounts.DemoAccount Administrator = DemoAccounts.All.Single(a => a.Role == Roles.Administrator);
    private static readonly DemoAccounts.DemoAccount SalesHead = DemoAccounts.All.Single(a => a.Role == Roles.SalesHead);
    private static readonly DemoAccounts.DemoAccount Accountant = DemoAccounts.All.Single(a => a.Role == Roles.Accountant);

    [BrowserFact]
    public async Task AnAdministratorRaisesTheBonusASalesHeadRecordsARedemptionAndAnAccountantDownloadsTheBalances()
    {
        await using var crm = new SyncPortal();
        crm.Start();
        await crm.Sync.RunAsync(SyncKind.Incremental, null, "test");
        var (contactId, dealId, amount) = await FirstTimeBuyerAsync(crm);

        await browser.RunAsync("bonus-settings", crm.BaseAddress, async page =>
        {
            await page.SignInAsync(Administrator);
            await page.OpenAsync("bonuses/settings");
            await page.GetByLabel("Программа включена").CheckAsync();
            var bronze = Input(page, "bonus-tier-0-bonus");
            await bronze.FillAsync("10");
            await bronze.BlurAsync();
            await page.GetByTestId("bonus-save").ClickAsync();
            await Expect(page.GetByTestId("bonus-unsaved")).ToHaveCountAsync(0);
            await BrowserPortal.SaveScreenshotAsync(page, "bonus-settings");
        });

        var saved = await crm.Services.GetRequiredService<BonusSettingsStore>().CurrentAsync();
        Assert.Equal(1, saved.Version);
        Assert.True(saved.Settings.Enabled);
        Assert.Equal(10m, saved.Settings.Tiers[0].BonusPercent);
        Assert.Contains(Administrator.Email, saved.ChangedBy, StringComparison.Ordinal);

        await SyncOverSandboxTests.UpdateDealStageAsync(crm, dealId, "WON");
        await crm.Sync.RunAsync(SyncKind.Incremental, null, "test");
        await crm.Services.GetRequiredService<BonusProcessor>().ProcessAsync();
        var accrued = amount / 10;
        const long Redeemed = 100_00;

        await browser.RunAsync("bonus-redemption", crm.BaseAddress, async page =>
        {
            await page.SignInAsync(SalesHead);
            await page.OpenAsync($"bonuses/customers/{contactId}");
            await Expect(page.GetByTestId("card-balance")).ToHaveTextAsync(Formats.Money(accrued));
            await page.GetByTestId("card-redeem").ClickAsync();
            await Input(page, "redeem-amount").FillAsync("100,00");
            await page.GetByTestId("redeem-submit").ClickAsync();
            await Expect(page.GetByTestId("card-balance")).ToHaveTextAsync(Formats.Money(accrued - Redeemed));
            await Expect(page.GetByTestId("card-redeemed")).ToHaveTextAsync(Formats.Money(Redeemed));
            await BrowserPortal.SaveScreenshotAsync(page, "bonus-card");
        });

        await browser.RunAsync("bonus-excel", crm.BaseAddress, async page =>
        {
            await page.SignInAsync(Accountant);
            await page.OpenAsync("bonuses/customers");
            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("report-balances").ClickAsync());
            Assert.Matches(@"^bonus-balances-\d{4}-\d{2}-\d{2}\.xlsx$", download.SuggestedFilename);
            await using var file = File.OpenRead(await download.PathAsync());
            using var workbook = new XLWorkbook(file);
            var sheet = workbook.Worksheet(1);
            var row = sheet.RowsUsed().Single(r => r.Cell(1).DataType == XLDataType.Number && r.Cell(1).GetValue<long>() == contactId);
            Assert.Equal(XLDataType.Number, row.Cell(9).DataType);
            Assert.Equal((accrued - Redeemed) / 100m, row.Cell(9).GetValue<decimal>());
            Assert.Equal(accrued / 100m, row.Cell(7).GetValue<decimal>());
            Assert.Equal(Redeemed / 100m, row.Cell(8).GetValue<decimal>());
        });
    }

    /// <summary>The input of a field with this test id, whether the id sits on the input or on the component around it.</summary>
    private static Microsoft.Playwright.ILocator Input(Microsoft.Playwright.IPage page, string testId) =>
        page.GetByTestId(testId).Locator("xpath=descendant-or-self::input").First;

    /// <summary>A contact with no won deal yet (so Bronze) and an open rouble deal in the main pipeline.</summary>
    private static async Task<(long ContactId, long DealId, long Amount)> FirstTimeBuyerAsync(SyncPortal crm)
    {
        await using var db = await SyncOverSandboxTests.DbAsync(crm);
        var deal = await db.Deals.AsNoTracking()
            .Where(d => d.PipelineId == 0 && d.Semantics == StageSemantics.InProgress && d.ContactId != null && d.AmountMinor > 5_000_00
                && (d.CurrencyId == null || d.CurrencyId == "RUB")
                && !db.Deals.Any(w => w.ContactId == d.ContactId && w.Semantics == StageSemantics.Success))
            .OrderBy(d => d.Id).FirstAsync();
        return (deal.ContactId!.Value, deal.Id, deal.AmountMinor);
    }
}
