using Bunit;
using Loyalty.Core.Identity;
using Loyalty.Core.Notifications;
using Loyalty.Core.Portal;
using Loyalty.Tests.Core.Notifications;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Pages.Notifications;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Host = Microsoft.AspNetCore.Components.CascadingValue<System.Threading.Tasks.Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState>>;

namespace Loyalty.Tests.Web.Components.Pages.Notifications;

/// <summary>
/// The Channels page over the real channel settings (SQLite file, Data Protection) and a real SMTP server: a bad
/// address or port is refused with a message, the saved password is never shown, and a test e-mail's reply is shown.
/// </summary>
public sealed class ChannelsPageTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private NotificationHarness _harness = default!;
    private BunitContext _ctx = default!;

    public async Task InitializeAsync()
    {
        _harness = await NotificationHarness.StartAsync();
        _ctx = new BunitContext();
        _ctx.AddPortalServices();
        _ctx.Services.AddSingleton(_harness.Settings);
        _ctx.Services.AddSingleton(_harness.Services.GetRequiredService<ChannelChecks>());
        _ctx.Services.AddSingleton(_harness.Services.GetRequiredService<PortalClock>());
    }

    public async Task DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await _harness.DisposeAsync();
    }

    [Fact]
    public async Task ABadSenderAddressIsRefusedWithAMessageAndNothingIsSaved()
    {
        using var culture = new CultureScope("ru");
        var cut = Open();
        cut.WaitForElement("[data-testid=channels-sender-address]", Deadline);

        cut.Find("[data-testid=channels-sender-address] input, input[data-testid=channels-sender-address]").Change("не адрес");
        await cut.Find("[data-testid=channels-save]").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => Assert.Contains(NotificationText.Get("Email_Invalid"), cut.Find("[data-testid=channels-errors]").TextContent, StringComparison.Ordinal), Deadline);
        Assert.False((await _harness.Settings.GetAsync()).Saved);
    }

    [Fact]
    public async Task APortOutOfRangeIsNotKeptAndValidationNamesTheRange()
    {
        using var culture = new CultureScope("ru");
        Assert.Contains(ChannelSettings.Validate(new ChannelSettingsForm { SmtpPort = 70000, SenderName = "Лояльность", SmsBaseUrl = "https://sms.ru/" }),
            e => e.Field == nameof(ChannelSettingsForm.SmtpPort));
        var cut = Open();
        cut.WaitForElement("[data-testid=channels-smtp-port]", Deadline);

        cut.Find("[data-testid=channels-smtp-port] input, input[data-testid=channels-smtp-port]").Change("70000");

        // The field keeps to 1–65535; the saved settings stay in range.
        cut.WaitForAssertion(() => Assert.Equal("65535", cut.Find("[data-testid=channels-smtp-port] input, input[data-testid=channels-smtp-port]").GetAttribute("value")), Deadline);
        await cut.Find("[data-testid=channels-save]").ClickAsync(new MouseEventArgs());
        await Eventually.TrueAsync(async () => (await _harness.Settings.GetAsync()).Saved, "the settings are saved");
        Assert.Equal(65535, (await _harness.Settings.GetAsync()).Form.SmtpPort);
    }

    [Fact]
    public async Task TheSavedPasswordStaysMasked()
    {
        using var culture = new CultureScope("ru");
        var form = (await _harness.Settings.GetAsync()).Form.Copy();
        form.SmtpUser = "mailer";
        form.SmtpPassword = "Very-Secret-Pass-42";
        await _harness.Settings.SaveAsync(form, "Анна Администратор");

        var cut = Open();

        cut.WaitForElement("[data-testid=channels-smtp-password-state]", Deadline);
        Assert.DoesNotContain("Very-Secret-Pass-42", cut.Markup, StringComparison.Ordinal);
        Assert.StartsWith("Пароль:", cut.Find("[data-testid=channels-smtp-password-state]").TextContent.Trim(), StringComparison.Ordinal);
        var input = cut.Find("[data-testid=channels-smtp-password] input, input[data-testid=channels-smtp-password]");
        Assert.Equal("password", input.GetAttribute("type"));
        Assert.True(string.IsNullOrEmpty(input.GetAttribute("value")));
    }

    [Fact]
    public async Task ATestEmailShowsSentAndABadRecipientShowsTheReason()
    {
        using var culture = new CultureScope("ru");
        var cut = Open();
        cut.WaitForElement("[data-testid=channels-test-email-to]", Deadline);

        cut.Find("[data-testid=channels-test-email-to] input, input[data-testid=channels-test-email-to]").Change("anna@example.ru");
        await cut.Find("[data-testid=channels-test-email]").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => Assert.StartsWith("Отправлено.", cut.Find("[data-testid=channels-test-email-result]").TextContent.Trim(), StringComparison.Ordinal), Deadline);
        await Eventually.TrueAsync(() => _harness.Smtp.Received.Any(m => m.To.ToString().Contains("anna@example.ru", StringComparison.Ordinal)), "the test e-mail arrives");

        cut.Find("[data-testid=channels-test-email-to] input, input[data-testid=channels-test-email-to]").Change("не адрес");
        await cut.Find("[data-testid=channels-test-email]").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => Assert.Contains(NotificationText.Get("Email_Invalid"), cut.Find("[data-testid=channels-test-email-result]").TextContent, StringComparison.Ordinal), Deadline);
    }

    private IRenderedComponent<Host> Open()
    {
        _ctx.Render<MudPopoverProvider>();
        return _ctx.RenderAs<ChannelsPage>(Principals.SignedIn(Roles.Administrator));
    }
}
