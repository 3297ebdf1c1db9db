using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Identity;
using Loyalty.Core.Promoters;
using Loyalty.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.Tests.Browser;

/// <summary>An administrator on a 390 × 844 phone reviews a flagged commission: the flag in words, approve with a reason; nothing scrolls sideways.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class PromoterReviewBrowserTests(BrowserPortal portal)
{
    private static readonly DemoAccounts.DemoAccount Administrator = DemoAccounts.All.Single(a => a.Role == Roles.Administrator);

    [BrowserFact]
    public Task AnAdministratorOnAPhoneApprovesAFlaggedCommission() =>
        portal.RunAsync("promoter-review-phone", async page =>
        {
            var commissionId = await AddFlaggedAsync();
            await page.SetViewportSizeAsync(390, 844);
            await page.SignInAsync(Administrator);
            await page.OpenAsync("promoters/review");

            var item = page.GetByTestId("review-item").Filter(new() { HasText = "Ремонт кухни — Анна Давыдова" });
            await Expect(item).ToBeVisibleAsync();
            await Expect(item.GetByTestId("review-flag")).ToHaveTextAsync("Сам себя привёл: +7 916 555-00-11");
            await Expect(item.GetByTestId("review-amount")).ToHaveTextAsync("4\u00A0500,00\u00A0₽");
            Assert.True(await NoSidewaysScrollAsync(page));

            await item.GetByTestId("review-approve").ClickAsync();
            await Expect(page.Locator("textarea[data-testid=reason-input], [data-testid=reason-input] textarea").First).ToBeVisibleAsync();
            Assert.True(await NoSidewaysScrollAsync(page));
            await page.Locator("textarea[data-testid=reason-input], [data-testid=reason-input] textarea").First.FillAsync("Сестра промоутера, заказ настоящий");
            await page.GetByTestId("reason-confirm").ClickAsync();
            await Expect(item).ToHaveCountAsync(0);

            await using var db = await portal.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
            var line = await db.PromoterCommissions.AsNoTracking().SingleAsync(c => c.Id == commissionId);
            Assert.Equal((CommissionStatus.Accrued, "Сестра промоутера, заказ настоящий"), (line.Status, line.ReviewReason));
            Assert.NotNull(line.LedgerEntryId);
        });

    private static async Task<bool> NoSidewaysScrollAsync(Microsoft.Playwright.IPage page) =>
        await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");

    /// <summary>A promoter, its referred deal won yesterday and the commission the self-referral rule put on review.</summary>
    private async Task<long> AddFlaggedAsync()
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        var now = DateTime.UtcNow;
        var contactId = 700_000 + Random.Shared.Next(100_000);
        var customerId = contactId + 1;
        var dealId = 7_000_000 + Random.Shared.Next(1_000_000);
        db.Contacts.Add(new Contact { Id = contactId, FirstName = "Светлана", LastName = "Промоутерова", Phones = "+7 916 555-00-11", PhoneDigits = "79165550011", SyncedAt = now });
        db.Contacts.Add(new Contact { Id = customerId, FirstName = "Анна", LastName = "Давыдова", PhoneDigits = "79165550011", SyncedAt = now });
        db.Deals.Add(new Deal { Id = dealId, Title = "Ремонт кухни — Анна Давыдова", StageId = "WON", Semantics = StageSemantics.Success, AmountMinor = 45_000_00, CurrencyId = "RUB", ContactId = customerId, WonAt = now.AddDays(-1), CreatedAt = now.AddDays(-3), SyncedAt = now });
        var promoter = new Promoter { ContactId = contactId, Active = true, ActiveCode = PromoterCodes.Generate(), CreatedAt = now, SwitchedAt = now, SwitchedBy = "test" };
        db.Promoters.Add(promoter);
        await db.SaveChangesAsync();
        var line = new PromoterCommission
        {
            PromoterId = promoter.Id, SourceKey = $"fact:deal:{dealId}:won:test", Trigger = CommissionTrigger.DealWon, Attribution = AttributionSource.DealField, DealId = dealId,
            ContactId = customerId, BaseAmount = 45_000_00, RateBasisPoints = 10_00, Amount = 4_500_00, Status = CommissionStatus.OnReview, Flags = FraudFlags.SelfReferral,
            PayableAfter = now.AddDays(13), OccurredAt = now.AddDays(-1), RecordedAt = now,
        };
        db.PromoterCommissions.Add(line);
        await db.SaveChangesAsync();
        return line.Id;
    }
}
