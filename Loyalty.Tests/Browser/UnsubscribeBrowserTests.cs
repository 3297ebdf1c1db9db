using Loyalty.Core.Notifications;
using Loyalty.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.Tests.Browser;

/// <summary>The public unsubscribe page on a 390 px phone: no sideways scrolling, the button works, and so does the undo.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class UnsubscribeBrowserTests(BrowserPortal browser)
{
    [BrowserFact]
    public async Task APersonUnsubscribesAndSubscribesAgainOnAPhone()
    {
        var address = $"very.long.address.of.a.customer.{Guid.NewGuid():N}@example-company-domain.ru";
        var token = browser.Services.GetRequiredService<UnsubscribeTokens>().Issue(NotificationChannel.Email, address);
        await browser.RunAsync("unsubscribe-phone", async page =>
        {
            await page.SetViewportSizeAsync(390, 844);
            await page.GotoAsync($"unsubscribe/{token}");
            await Expect(page.GetByTestId("unsubscribe-message")).ToContainTextAsync("Отписать");
            Assert.True(await FitsAsync(page), "the question scrolls sideways at 390 px");

            await page.GetByTestId("unsubscribe-button").ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync("Вы отписаны");
            Assert.True(await browser.Services.GetRequiredService<NotificationOptOuts>().IsOptedOutAsync(address));
            Assert.True(await FitsAsync(page), "the answer scrolls sideways at 390 px");

            await page.GetByTestId("unsubscribe-button").ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync("Подписка возобновлена");
            Assert.False(await browser.Services.GetRequiredService<NotificationOptOuts>().IsOptedOutAsync(address));
        });
    }

    private static async Task<bool> FitsAsync(IPage page) =>
        await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");
}
