using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Promoters;
using Loyalty.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.Tests.Browser;

/// <summary>A visitor opens a promoter's link on a 390 × 844 phone, fills the form, sends it and is thanked; nothing scrolls sideways.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ReferralBrowserTests(BrowserPortal portal)
{
    [BrowserFact]
    public Task AVisitorOnAPhoneSendsTheReferralForm() =>
        portal.RunAsync("referral-phone", async page =>
        {
            var (promoterId, code) = await AddPromoterAsync();
            await page.SetViewportSizeAsync(390, 844);

            await page.GotoAsync($"r/{code}");
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ru");
            await Expect(page.GetByTestId("referral-heading")).ToHaveTextAsync("Оставьте заявку");
            await Expect(page.GetByTestId("referral-company")).ToBeVisibleAsync();
            Assert.True(await NoSidewaysScrollAsync(page));

            // A mistake first: the message is beside the field and what was typed stays.
            await page.GetByTestId("referral-name").FillAsync("Ольга Смирнова");
            await page.GetByTestId("referral-phone").FillAsync("12-34");
            await page.GetByTestId("referral-consent").CheckAsync();
            await page.GetByTestId("referral-submit").ClickAsync();
            await Expect(page.GetByText("Не похоже на номер телефона", new() { Exact = false })).ToBeVisibleAsync();
            await Expect(page.GetByTestId("referral-name")).ToHaveValueAsync("Ольга Смирнова");
            Assert.True(await NoSidewaysScrollAsync(page));

            await page.GetByTestId("referral-phone").FillAsync("+7 916 123-45-67");
            await page.GetByTestId("referral-email").FillAsync("olga@example.ru");
            if (!await page.GetByTestId("referral-consent").IsCheckedAsync())
            {
                await page.GetByTestId("referral-consent").CheckAsync();
            }

            await page.GetByTestId("referral-submit").ClickAsync();
            await Expect(page.GetByTestId("referral-thanks")).ToBeVisibleAsync();
            Assert.True(await NoSidewaysScrollAsync(page));

            await using var db = await portal.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
            var submission = await db.Set<ReferralSubmission>().SingleAsync(s => s.PromoterId == promoterId);
            Assert.Equal("+79161234567", submission.Phone);
        });

    private static async Task<bool> NoSidewaysScrollAsync(Microsoft.Playwright.IPage page) =>
        await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");

    private async Task<(long PromoterId, string Code)> AddPromoterAsync()
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        var now = DateTime.UtcNow;
        var code = PromoterCodes.Generate();
        var contactId = 800_000 + Random.Shared.Next(100_000);
        db.Contacts.Add(new Contact { Id = contactId, FirstName = "Иван", LastName = "Петров", SyncedAt = now });
        var promoter = new Promoter { ContactId = contactId, Active = true, ActiveCode = code, CreatedAt = now, SwitchedAt = now, SwitchedBy = "test" };
        db.Set<Promoter>().Add(promoter);
        await db.SaveChangesAsync();
        db.Set<PromoterCode>().Add(new PromoterCode { Code = code, PromoterId = promoter.Id, CreatedAt = now });
        await db.SaveChangesAsync();
        return (promoter.Id, code);
    }
}
