using AngleSharp.Dom;
using Bunit;
using Loyalty.Core.Identity;
using Loyalty.Core.Notifications;
using Loyalty.Core.Portal;
using Loyalty.Tests.Core.Notifications;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Pages.Dashboard;
using Loyalty.Web.Components.Pages.Notifications;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Host = Microsoft.AspNetCore.Components.CascadingValue<System.Threading.Tasks.Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState>>;

namespace Loyalty.Tests.Web.Components.Pages.Notifications;

/// <summary>
/// The Notifications page and the dashboard's failed-notifications card over the real outbox (a SQLite file, the
/// portal's notification services): filters narrow the list and stay in the address, counters, retrying one and all,
/// and a stored e-mail's HTML shown without its scripts and event handlers.
/// </summary>
public sealed class NotificationsPageTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private NotificationHarness _harness = default!;
    private BunitContext _ctx = default!;
    private bool _popovers;

    public async Task InitializeAsync()
    {
        _harness = await NotificationHarness.StartAsync();
        _ctx = new BunitContext();
        _ctx.AddPortalServices();
        _ctx.Services.AddSingleton(_harness.Queries);
        _ctx.Services.AddSingleton(_harness.Services.GetRequiredService<PortalClock>());
    }

    public async Task DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await _harness.DisposeAsync();
    }

    [Fact]
    public async Task FiltersNarrowTheListAndStayInTheAddress()
    {
        using var culture = new CultureScope("ru");
        await _harness.EnqueueAsync(NotificationHarness.Letter("anna@example.ru", "t:1") with { RecipientName = "Анна Смирнова" });
        await _harness.EnqueueAsync(NotificationHarness.Text("+7 912 3456789", "t:2") with { RecipientName = "Борис Петров" });
        await _harness.EnqueueAsync(NotificationHarness.Text("+7 900 1112233", "t:3", NotificationKind.SignInCode));
        var cut = Open("/admin/notifications");
        cut.WaitForAssertion(() => Assert.Equal(3, Rows(cut).Count), Deadline);

        // A phone typed the Russian way finds the E.164 one.
        cut.Find("[data-testid=notifications-recipient] input, input[data-testid=notifications-recipient]").Input("8 (912) 345-67-89");

        cut.WaitForAssertion(() => Assert.Equal(["+79123456789"], Addresses(cut)), Deadline);
        Assert.Contains("Борис Петров", Rows(cut)[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("q=8 (912) 345-67-89", Uri.UnescapeDataString(_ctx.Services.GetRequiredService<NavigationManager>().Uri), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAddressGivesTheFiltersAndANameOrAnEmailIsFound()
    {
        using var culture = new CultureScope("ru");
        await _harness.EnqueueAsync(NotificationHarness.Letter("anna@example.ru", "t:1") with { RecipientName = "Анна Смирнова" });
        await _harness.EnqueueAsync(NotificationHarness.Text("+7 912 3456789", "t:2"));
        await _harness.EnqueueAsync(NotificationHarness.Text("+7 900 1112233", "t:3", NotificationKind.SignInCode));

        var sms = Open("/admin/notifications?channel=Sms");
        sms.WaitForAssertion(() => Assert.Equal(["+79001112233", "+79123456789"], Addresses(sms)), Deadline);
        Assert.All(sms.FindAll("[data-testid=notification-channel]"), c => Assert.Equal("SMS", c.TextContent.Trim()));

        var codes = Open("/admin/notifications?kind=SignInCode");
        codes.WaitForAssertion(() => Assert.Equal(["+79001112233"], Addresses(codes)), Deadline);
        Assert.Equal("Код входа", codes.Find("[data-testid=notification-kind]").TextContent.Trim());

        var byName = Open("/admin/notifications?q=Смирнова");
        byName.WaitForAssertion(() => Assert.Equal(["anna@example.ru"], Addresses(byName)), Deadline);

        var none = Open("/admin/notifications?status=Failed");
        none.WaitForAssertion(() => Assert.Equal("Нет уведомлений под эти фильтры.", none.Find("[data-testid=notifications-empty]").TextContent.Trim()), Deadline);
    }

    [Fact]
    public void WithNothingSentThePageSaysSoInEnglishToo()
    {
        using var culture = new CultureScope("en");

        var cut = Open("/admin/notifications");

        cut.WaitForAssertion(
            () => Assert.Equal("No notifications yet. A test e-mail or SMS sent from the Channels page will appear here.", cut.Find("[data-testid=notifications-empty]").TextContent.Trim()),
            Deadline);
        Assert.Equal("0", cut.Find("[data-testid=notifications-failed-total]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=notifications-retry-all]"));
    }

    [Fact]
    public async Task CountersShowSentWaitingAndFailedTodayAndInTotal()
    {
        using var culture = new CultureScope("ru");
        var ids = await QueueAsync(5);
        var now = _harness.Time.GetUtcNow().UtcDateTime;
        await SetAsync(ids[0], NotificationStatus.Sent, sentAt: now);
        await SetAsync(ids[1], NotificationStatus.Failed, failedAt: now);
        await SetAsync(ids[2], NotificationStatus.Failed, failedAt: now.AddDays(-2));
        // ids[3] and ids[4] wait.

        var cut = Open("/admin/notifications");

        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=notifications-sent-today]").TextContent.Trim()), Deadline);
        Assert.Equal("2", cut.Find("[data-testid=notifications-waiting]").TextContent.Trim());
        Assert.Equal("1", cut.Find("[data-testid=notifications-failed-today]").TextContent.Trim());
        Assert.Equal("2", cut.Find("[data-testid=notifications-failed-total]").TextContent.Trim());
        Assert.Equal("Повторить все неотправленные (2)", cut.Find("[data-testid=notifications-retry-all]").TextContent.Trim());
    }

    [Fact]
    public async Task RetryOnAFailedNoticePutsItBackInTheQueue()
    {
        using var culture = new CultureScope("ru");
        var ids = await QueueAsync(2);
        await SetAsync(ids[0], NotificationStatus.Failed, failedAt: _harness.Time.GetUtcNow().UtcDateTime, code: "InvalidAddress", error: "550 5.1.1 No such user");
        await SetAsync(ids[1], NotificationStatus.Sent, sentAt: _harness.Time.GetUtcNow().UtcDateTime);
        var cut = Open("/admin/notifications");
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=notification-retry]")), Deadline);
        Assert.Contains("550 5.1.1 No such user", cut.Find("[data-testid=notification-error]").TextContent, StringComparison.Ordinal);

        await cut.Find("[data-testid=notification-retry]").ClickAsync(new MouseEventArgs());

        await Eventually.TrueAsync(async () => (await StatusAsync(ids[0])) == NotificationStatus.Waiting, "the failed notice waits again");
        Assert.Equal(NotificationStatus.Sent, await StatusAsync(ids[1]));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=notification-retry]")), Deadline);
        cut.WaitForAssertion(() => Assert.Equal("0", cut.Find("[data-testid=notifications-failed-total]").TextContent.Trim()), Deadline);
    }

    [Fact]
    public async Task RetryAllAsksWithTheCountThenRequeuesEveryFailedNotice()
    {
        using var culture = new CultureScope("ru");
        var ids = await QueueAsync(3);
        var now = _harness.Time.GetUtcNow().UtcDateTime;
        await SetAsync(ids[0], NotificationStatus.Failed, failedAt: now, code: "GaveUp");
        await SetAsync(ids[1], NotificationStatus.Failed, failedAt: now, code: "GaveUp");
        await SetAsync(ids[2], NotificationStatus.Sent, sentAt: now);
        var dialogs = _ctx.Render<MudDialogProvider>();
        var snackbar = _ctx.Render<MudSnackbarProvider>();
        var cut = Open("/admin/notifications");
        cut.WaitForElement("[data-testid=notifications-retry-all]", Deadline);

        var click = cut.Find("[data-testid=notifications-retry-all]").ClickAsync(new MouseEventArgs());

        dialogs.WaitForAssertion(() => Assert.Contains("Уведомлений: 2.", dialogs.Markup, StringComparison.Ordinal), Deadline);
        await dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Повторить").ClickAsync(new MouseEventArgs());
        await click;

        await Eventually.TrueAsync(async () => (await StatusAsync(ids[0])) == NotificationStatus.Waiting && (await StatusAsync(ids[1])) == NotificationStatus.Waiting, "both failed notices wait again");
        Assert.Equal(NotificationStatus.Sent, await StatusAsync(ids[2]));
        snackbar.WaitForAssertion(() => Assert.Contains("Снова в очереди: 2.", snackbar.Markup, StringComparison.Ordinal), Deadline);
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=notifications-retry-all]")), Deadline);
    }

    [Fact]
    public async Task AnEmailsHtmlIsShownWithoutItsScriptsAndEventHandlers()
    {
        using var culture = new CultureScope("ru");
        var html = "<p>Здравствуйте, <b>Анна</b>!</p><script>alert('x')</script><img src=\"https://example.ru/a.png\" onerror=\"alert('y')\"><a href=\"javascript:alert(1)\">ссылка</a>";
        await _harness.EnqueueAsync(new NoticeRequest(NotificationChannel.Email, NotificationKind.Other, "anna@example.ru",
            new RenderedNotice("Письмо с подвохом", html, "Здравствуйте, Анна!"), "t:html") { RecipientName = "Анна Смирнова" });
        var dialogs = _ctx.Render<MudDialogProvider>();
        var cut = Open("/admin/notifications");
        cut.WaitForAssertion(() => Assert.Single(Rows(cut)), Deadline);

        await cut.Find("[data-testid=notification-open]").ClickAsync(new MouseEventArgs());

        dialogs.WaitForElement("[data-testid=notification-html]", Deadline);
        var frame = dialogs.Find("[data-testid=notification-html]");
        Assert.Equal("", frame.GetAttribute("sandbox"));
        var shown = frame.GetAttribute("srcdoc") ?? "";
        Assert.Contains("<b>Анна</b>", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", shown, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("alert", shown, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", shown, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", shown, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Здравствуйте, Анна!", dialogs.Find("[data-testid=notification-text]").TextContent.Trim().Split('\n')[0].Trim());
        Assert.Equal("t:html", dialogs.Find("[data-testid=notification-key]").TextContent.Trim());
        Assert.Equal("Анна Смирнова <anna@example.ru>", dialogs.Find("[data-testid=notification-recipient]").TextContent.Trim());
        // Nothing of the stored HTML reaches the page itself.
        Assert.DoesNotContain("<script", dialogs.Markup.Replace("srcdoc", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TheDashboardCardShowsFailedNoticesToAdministratorsOnly()
    {
        using var culture = new CultureScope("ru");
        var ids = await QueueAsync(2);
        await SetAsync(ids[1], NotificationStatus.Failed, failedAt: _harness.Time.GetUtcNow().UtcDateTime, code: "InvalidAddress", error: "550 5.1.1 No such user");

        var admin = _ctx.RenderAs<FailedNoticesCard>(Principals.SignedIn(Roles.Administrator));

        admin.WaitForAssertion(() => Assert.Equal("Не отправлено уведомлений: 1", admin.Find("[data-testid=dashboard-failed-count]").TextContent.Trim()), Deadline);
        Assert.Contains("550 5.1.1 No such user", admin.Find("[data-testid=dashboard-failed-reason]").TextContent, StringComparison.Ordinal);
        Assert.Contains("user1@example.ru", admin.Find("[data-testid=dashboard-failed-reason]").TextContent, StringComparison.Ordinal);
        Assert.Equal("/admin/notifications?status=Failed", admin.Find("[data-testid=dashboard-failed-link]").GetAttribute("href"));

        foreach (var role in new[] { Roles.SalesHead, Roles.Accountant })
        {
            var other = _ctx.RenderAs<FailedNoticesCard>(Principals.SignedIn(role));
            Assert.Empty(other.FindAll("[data-testid=dashboard-failed-notices]"));
        }

        await SetAsync(ids[1], NotificationStatus.Sent, sentAt: _harness.Time.GetUtcNow().UtcDateTime);
        var none = _ctx.RenderAs<FailedNoticesCard>(Principals.SignedIn(Roles.Administrator));
        none.WaitForAssertion(() => Assert.Empty(none.FindAll("[data-testid=dashboard-failed-notices]")), Deadline);
    }

    private async Task<List<long>> QueueAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await _harness.EnqueueAsync(NotificationHarness.Letter($"user{i}@example.ru", $"t:{i}"));
        }

        return [.. (await _harness.AllAsync()).Select(n => n.Id)];
    }

    private async Task SetAsync(long id, NotificationStatus status, DateTime? sentAt = null, DateTime? failedAt = null, string? code = null, string? error = null)
    {
        await using var db = _harness.Database.CreateDbContext();
        await db.Notifications.Where(n => n.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(n => n.Status, status)
            .SetProperty(n => n.Attempts, 1)
            .SetProperty(n => n.SentAt, sentAt)
            .SetProperty(n => n.FailedAt, failedAt)
            .SetProperty(n => n.FailureCode, code)
            .SetProperty(n => n.LastError, error));
    }

    private async Task<NotificationStatus> StatusAsync(long id)
    {
        await using var db = _harness.Database.CreateDbContext();
        return await db.Notifications.Where(n => n.Id == id).Select(n => n.Status).SingleAsync();
    }

    private IRenderedComponent<Host> Open(string address)
    {
        if (!_popovers)
        {
            _ctx.Render<MudPopoverProvider>();
            _popovers = true;
        }

        _ctx.Services.GetRequiredService<NavigationManager>().NavigateTo(address);
        return _ctx.RenderAs<NotificationsPage>(Principals.SignedIn(Roles.Administrator));
    }

    private static List<IElement> Rows(IRenderedComponent<Host> cut) => [.. cut.FindAll("[data-testid=notifications-grid] tbody tr").Where(r => r.QuerySelector("[data-testid=notification-open]") is not null)];

    private static List<string> Addresses(IRenderedComponent<Host> cut) => [.. cut.FindAll("[data-testid=notification-address]").Select(a => a.TextContent.Trim())];
}
