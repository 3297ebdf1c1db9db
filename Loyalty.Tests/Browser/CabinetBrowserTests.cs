using System.Text.RegularExpressions;
using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Promoters;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Sandbox.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.Tests.Browser;

/// <summary>
/// A promoter on a 390 × 844 phone asks for a sign-in code, reads it from the sandbox mailbox (sent over the portal's
/// real SMS client to the sandbox gateway), types it and sees its own cabinet: code, QR, link, figures; nothing scrolls sideways.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed partial class CabinetBrowserTests(BrowserPortal portal)
{
    [BrowserFact]
    public Task APromoterOnAPhoneSignsInWithTheCodeFromTheSandboxMailboxAndSeesItsCabinet() =>
        portal.RunAsync("cabinet-phone", async page =>
        {
            var (code, phone) = await AddPromoterAsync();
            var mailbox = portal.Services.GetRequiredService<SandboxMailbox>();
            await page.SetViewportSizeAsync(390, 844);

            await page.GotoAsync("cabinet");
            await Expect(page).ToHaveURLAsync(new Regex("/cabinet/sign-in$"));
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ru");
            Assert.True(await NoSidewaysScrollAsync(page));
            await page.GetByTestId("cabinet-address").FillAsync("8 (917) " + phone[5..8] + "-" + phone[8..10] + "-" + phone[10..]);
            await page.GetByTestId("cabinet-request").ClickAsync();
            await Expect(page.GetByTestId("cabinet-sent")).ToContainTextAsync("Если этот адрес принадлежит промоутеру");
            Assert.True(await NoSidewaysScrollAsync(page));

            var sms = await Eventually.ValueAsync(
                () => Task.FromResult(mailbox.Sms.FirstOrDefault(s => s.To.EndsWith(phone[1..], StringComparison.Ordinal))),
                "the sign-in SMS in the sandbox mailbox");
            var typed = SixDigits().Match(sms.Text).Value;
            await page.GetByTestId("cabinet-code").FillAsync(typed);
            await page.GetByTestId("cabinet-code-submit").ClickAsync();

            await Expect(page).ToHaveURLAsync(new Regex("/cabinet$"));
            await Expect(page.GetByTestId("cabinet-greeting")).ToHaveTextAsync("Здравствуйте, Светлана!");
            await Expect(page.GetByTestId("cabinet-code-value")).ToHaveTextAsync(code);
            await Expect(page.GetByTestId("cabinet-link")).ToHaveValueAsync(new Regex($"/r/{code}$"));
            await Expect(page.GetByTestId("cabinet-qr")).ToBeVisibleAsync();
            Assert.True(await page.GetByTestId("cabinet-qr").EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), "the QR image loads");
            await Expect(page.GetByTestId("cabinet-payable")).ToHaveTextAsync("0,00\u00A0₽");
            await Expect(page.GetByTestId("cabinet-referrals-empty")).ToBeVisibleAsync();
            Assert.True(await NoSidewaysScrollAsync(page));
            await BrowserPortal.SaveScreenshotAsync(page, "cabinet-phone");

            // English on request; then sign-out leads back to the sign-in page.
            await page.GetByTestId("language-en").ClickAsync();
            await Expect(page.GetByTestId("cabinet-greeting")).ToHaveTextAsync("Hello, Светлана!");
            await page.GetByTestId("cabinet-sign-out").ClickAsync();
            await Expect(page.GetByTestId("cabinet-signed-out")).ToBeVisibleAsync();
            await page.GotoAsync("cabinet");
            await Expect(page).ToHaveURLAsync(new Regex("/cabinet/sign-in$"));
        });

    private static async Task<bool> NoSidewaysScrollAsync(Microsoft.Playwright.IPage page) =>
        await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");

    private async Task<(string Code, string Phone)> AddPromoterAsync()
    {
        var contactId = 700_000 + Random.Shared.Next(100_000);
        var phone = "+7917" + contactId.ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
        await using (var db = await portal.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync())
        {
            var now = DateTime.UtcNow;
            db.Contacts.Add(new Contact { Id = contactId, FirstName = "Светлана", LastName = "Кабинетова", Phones = phone, PhoneDigits = phone[1..], SyncedAt = now, ModifiedAt = now });
            await db.SaveChangesAsync();
        }

        var promoter = await portal.Services.GetRequiredService<PromoterRegistry>().SwitchOnAsync(contactId, "test");
        return (promoter.ActiveCode!, phone);
    }

    [GeneratedRegex(@"(?<![\d+])\d{6}(?!\d)")]
    private static partial Regex SixDigits();
}
