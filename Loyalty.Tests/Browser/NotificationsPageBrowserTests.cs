using Loyalty.Core.Data;
using Loyalty.Core.Identity;
using Loyalty.Core.Notifications;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Sandbox.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.Tests.Browser;

/// <summary>
/// Issue 14's "done when" on a portal of its own (sandbox defaults, a short back-off): with the sandbox's SMTP server and
/// SMS gateway failing every attempt, queued e-mails and SMS show on the Notifications page as waiting with attempts and
/// an error; once their retry window has passed they are failed; with the faults off a waiting one goes on its next try
/// and the failed ones after "Retry all", and the sandbox mailbox holds each notification exactly once.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class NotificationsPageBrowserTests(BrowserPortal browser)
{
    private static readonly DemoAccounts.DemoAccount Administrator = DemoAccounts.All.Single(a => a.Role == Roles.Administrator);

    [BrowserFact]
    public async Task AChannelFailingEveryAttemptFillsThePageWithRetriesThenFailuresAndRetryAllSendsEachNoticeOnce()
    {
        await using var own = new LivePortal();
        own.Settings["Notifications:RetryFirstSeconds"] = "0.3";
        own.Settings["Notifications:RetryMaxSeconds"] = "1";
        own.Settings["Notifications:PollSeconds"] = "1";
        // No SMS quiet hours: the journey runs at any hour of the night.
        own.Settings["Notifications:QuietFrom"] = "00:00";
        own.Settings["Notifications:QuietTo"] = "00:00";
        own.Start();
        var faults = own.Services.GetRequiredService<MailFaults>();
        var mailbox = own.Services.GetRequiredService<SandboxMailbox>();
        var dbFactory = own.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>();
        var outbox = own.Services.GetRequiredService<NotificationOutbox>();
        faults.Set(100, [MailFault.SmtpTemporary, MailFault.SmsUnavailable]);

        var emails = new[] { "olga.fault@example.ru", "pavel.fault@example.ru" };
        var phones = new[] { "+79161110001", "+79161110002" };
        var requests = emails.Select((e, i) => new NoticeRequest(NotificationChannel.Email, NotificationKind.Other, e, new RenderedNotice($"Письмо {i}", $"<p>Письмо {i}</p>", $"Письмо {i}"), $"journey:mail:{i}"))
            .Concat(phones.Select((p, i) => new NoticeRequest(NotificationChannel.Sms, NotificationKind.Other, p, new RenderedNotice(null, null, $"SMS {i}"), $"journey:sms:{i}")))
            .ToList();
        await EnqueueAsync(dbFactory, outbox, requests);

        await browser.RunAsync("notifications-faults-retry-all", own.BaseAddress, async page =>
        {
            await page.SignInAsync(Administrator);
            await page.OpenAsync("admin/notifications");
            var rows = page.Locator("[data-testid=notifications-grid] tbody tr");

            // Every attempt fails for now: each notification waits, has attempts behind it and the channel's words.
            foreach (var recipient in emails.Concat(phones))
            {
                var row = rows.Filter(new LocatorFilterOptions { HasText = recipient });
                await Expect(row.GetByTestId("notification-error")).ToBeVisibleAsync();
                await Expect(row.GetByTestId("notification-attempts")).Not.ToHaveTextAsync("0");
                await Expect(row.GetByTestId("notification-status")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(Ждёт|Отправляется)$"));
            }

            await BrowserPortal.SaveScreenshotAsync(page, "notifications-retrying");

            // The retry window (24 hours, an hour at the least) passes: dated back, the next failed attempt gives up.
            await Eventually.TrueAsync(async () =>
            {
                await using var db = await dbFactory.CreateDbContextAsync();
                var old = DateTime.UtcNow.AddHours(-25);
                await db.Notifications.Where(n => n.DedupeKey.StartsWith("journey:") && n.Status != NotificationStatus.Failed && n.FirstTriedAt != null)
                    .ExecuteUpdateAsync(s => s.SetProperty(n => n.FirstTriedAt, old));
                return await db.Notifications.CountAsync(n => n.DedupeKey.StartsWith("journey:") && n.Status == NotificationStatus.Failed) == requests.Count;
            }, "every notification failed once its retry window passed", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(200));
            await Expect(page.GetByTestId("notifications-failed-total")).ToHaveTextAsync("4");
            await Expect(page.GetByTestId("notifications-retry-all")).ToHaveTextAsync("Повторить все неотправленные (4)");

            // One more queued while the channel is down waits; switching the faults off sends it on its next try.
            var late = new NoticeRequest(NotificationChannel.Email, NotificationKind.Other, "rita.late@example.ru", new RenderedNotice("Позднее письмо", "<p>Позднее</p>", "Позднее"), "journey:late");
            await EnqueueAsync(dbFactory, outbox, [late]);
            var lateRow = rows.Filter(new LocatorFilterOptions { HasText = "rita.late@example.ru" });
            await Expect(lateRow.GetByTestId("notification-error")).ToBeVisibleAsync();
            faults.Set(0, []);
            await Expect(lateRow.GetByTestId("notification-status")).ToHaveTextAsync("Отправлено");
            await Expect(page.GetByTestId("notifications-failed-total")).ToHaveTextAsync("4");

            await page.GetByTestId("notifications-retry-all").ClickAsync();
            var confirm = page.Locator(".mud-dialog").Filter(new LocatorFilterOptions { HasText = "Уведомлений: 4." });
            await Expect(confirm).ToBeVisibleAsync();
            await confirm.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Повторить", Exact = true }).ClickAsync();
            await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Снова в очереди: 4.");
            foreach (var recipient in emails.Concat(phones))
            {
                await Expect(rows.Filter(new LocatorFilterOptions { HasText = recipient }).GetByTestId("notification-status")).ToHaveTextAsync("Отправлено");
            }

            await Expect(page.GetByTestId("notifications-failed-total")).ToHaveTextAsync("0");
            await BrowserPortal.SaveScreenshotAsync(page, "notifications-sent");

            // At 390 px the page does not scroll sideways: the list scrolls inside its card.
            await page.SetViewportSizeAsync(390, 844);
            await page.OpenAsync("admin/notifications?status=Sent");
            await Expect(rows.Filter(new LocatorFilterOptions { HasText = "rita.late@example.ru" })).ToBeVisibleAsync();
            Assert.True(await page.EvaluateAsync<int>("document.scrollingElement.scrollWidth") <= 390, "the Notifications page scrolls sideways at 390 px");
            await BrowserPortal.SaveScreenshotAsync(page, "notifications-phone");
        });

        // Each notification reached the far side exactly once: nothing lost, nothing sent twice.
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            Assert.All(await db.Notifications.Where(n => n.DedupeKey.StartsWith("journey:")).ToListAsync(), n => Assert.Equal(NotificationStatus.Sent, n.Status));
        }

        foreach (var email in emails.Append("rita.late@example.ru"))
        {
            Assert.Single(mailbox.Mail, m => m.EnvelopeTo.Contains(email, StringComparer.OrdinalIgnoreCase));
        }

        foreach (var phone in phones)
        {
            Assert.Single(mailbox.Sms, s => s.To.TrimStart('+') == phone.TrimStart('+'));
        }
    }

    private static async Task EnqueueAsync(IDbContextFactory<LoyaltyDbContext> dbFactory, NotificationOutbox outbox, IEnumerable<NoticeRequest> requests)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        foreach (var request in requests)
        {
            Assert.Equal(EnqueueOutcome.Queued, (await outbox.EnqueueAsync(db, request)).Outcome);
        }

        await db.SaveChangesAsync();
    }
}
