using Loyalty.Core.Identity;
using Loyalty.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.Tests.Browser;

/// <summary>
/// The notification channels in a real browser on the shared sandbox portal: an administrator sends a test e-mail and a
/// test SMS from the Channels page, and finds both in the sandbox mailbox, delivered by the portal's real SMTP and
/// SMS.ru clients to the sandbox's SMTP server and gateway.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class NotificationsBrowserTests(BrowserPortal browser)
{
    private static readonly DemoAccounts.DemoAccount Administrator = DemoAccounts.All.Single(a => a.Role == Roles.Administrator);

    [BrowserFact]
    public Task AnAdministratorSendsATestEmailAndSmsFromTheChannelsPageAndSeesThemInTheSandboxMailbox() =>
        browser.RunAsync("channels-test-mail", async page =>
        {
            await page.SignInAsync(Administrator);
            await page.OpenAsync("admin/channels");
            await Expect(page.GetByTestId("channels-smtp-host")).ToHaveValueAsync("127.0.0.1");
            await Expect(page.GetByTestId("channels-sms-balance")).ToContainTextAsync("₽");

            await page.GetByTestId("channels-test-email-to").FillAsync("anna.smirnova@example.ru");
            await page.GetByTestId("channels-test-email").ClickAsync();
            await Expect(page.GetByTestId("channels-test-email-result")).ToContainTextAsync("Отправлено.");

            await page.GetByTestId("channels-test-sms-to").FillAsync("+7 912 345-67-89");
            await page.GetByTestId("channels-test-sms").ClickAsync();
            await Expect(page.GetByTestId("channels-test-sms-result")).ToContainTextAsync("Отправлено.");
            await BrowserPortal.SaveScreenshotAsync(page, "channels-page");

            await page.GetByTestId("nav-admin-mailbox").ClickAsync();
            var mail = page.GetByTestId("mailbox-mail").Filter(new LocatorFilterOptions { HasText = "anna.smirnova@example.ru" }).First;
            await Expect(mail).ToContainTextAsync("Проверка почты портала лояльности");
            await mail.Locator(".mud-expand-panel-header").ClickAsync();
            var frame = mail.Locator("[data-testid=mailbox-mail-html]").ContentFrame;
            await Expect(frame.Locator("body")).ToContainTextAsync("Это проверочное письмо портала лояльности");

            await page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { NameRegex = new System.Text.RegularExpressions.Regex("^SMS") }).ClickAsync();
            var sms = page.GetByTestId("mailbox-sms").Filter(new LocatorFilterOptions { HasText = "79123456789" }).First;
            await Expect(sms).ToContainTextAsync("Проверка канала портала лояльности");
            await BrowserPortal.SaveScreenshotAsync(page, "sandbox-mailbox");
        });
}
