using Loyalty.Core.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Core.Notifications;

public sealed class SmsRuProviderTests
{
    [Fact]
    public async Task AnSmsIsSentToTheNumberWithoutThePlusAndItsIdIsKept()
    {
        await using var harness = await NotificationHarness.StartAsync();
        var queued = await harness.EnqueueAsync(new NoticeRequest(NotificationChannel.Sms, NotificationKind.PromoterWonDeal, "8 (912) 345-67-89", new RenderedNotice(null, null, "Сделка выиграна: <b>Ромашка</b>"), "promoter:1"));

        Assert.Equal("+79123456789", queued.Recipient);
        Assert.Equal(1, await harness.Sender.SendDueAsync());

        var (to, text, id) = Assert.Single(harness.Sms.Sent);
        Assert.Equal("79123456789", to);
        Assert.Equal("Сделка выиграна: <b>Ромашка</b>", text);
        var notice = Assert.Single(await harness.AllAsync());
        Assert.Equal(NotificationStatus.Sent, notice.Status);
        Assert.Equal(id, notice.ProviderMessageId);
    }

    [Theory]
    [InlineData(202, NotificationStatus.Failed, NotificationFailures.InvalidNumber)]
    [InlineData(207, NotificationStatus.Failed, NotificationFailures.InvalidNumber)]
    [InlineData(220, NotificationStatus.Waiting, NotificationFailures.ServerBusy)]
    [InlineData(201, NotificationStatus.Waiting, NotificationFailures.NoMoney)]
    [InlineData(230, NotificationStatus.Waiting, NotificationFailures.ServerBusy)]
    [InlineData(203, NotificationStatus.Failed, NotificationFailures.Rejected)]
    [InlineData(205, NotificationStatus.Failed, NotificationFailures.Rejected)]
    [InlineData(208, NotificationStatus.Failed, NotificationFailures.Rejected)]
    [InlineData(214, NotificationStatus.Failed, NotificationFailures.Rejected)]
    [InlineData(215, NotificationStatus.Failed, NotificationFailures.OptedOut)]
    [InlineData(204, NotificationStatus.Waiting, NotificationFailures.NotConfigured)]
    [InlineData(206, NotificationStatus.Waiting, NotificationFailures.ServerBusy)]
    [InlineData(231, NotificationStatus.Waiting, NotificationFailures.ServerBusy)]
    [InlineData(233, NotificationStatus.Waiting, NotificationFailures.ServerBusy)]
    [InlineData(500, NotificationStatus.Waiting, NotificationFailures.ServerBusy)]
    [InlineData(777, NotificationStatus.Waiting, NotificationFailures.ProviderError)]
    public async Task TheGatewaysCodeForTheNumberDecidesBetweenFailingAndRetrying(int code, NotificationStatus status, string reason)
    {
        await using var harness = await NotificationHarness.StartAsync();
        harness.Sms.Code = _ => code;
        await harness.EnqueueAsync(NotificationHarness.Text("+79123456789", "k"));

        await harness.Sender.SendDueAsync();

        var notice = Assert.Single(await harness.AllAsync());
        Assert.Equal(status, notice.Status);
        Assert.Equal(reason, notice.FailureCode);
        Assert.StartsWith(code.ToString(System.Globalization.CultureInfo.InvariantCulture), notice.LastError, StringComparison.Ordinal);
    }

    /// <summary>The request's own code (the account, the service) before any number's: SMS.ru answers these for the whole request.</summary>
    [Theory]
    [InlineData(200, NotificationStatus.Waiting, NotificationFailures.AuthFailed)]
    [InlineData(201, NotificationStatus.Waiting, NotificationFailures.NoMoney)]
    [InlineData(220, NotificationStatus.Waiting, NotificationFailures.ServerBusy)]
    [InlineData(300, NotificationStatus.Waiting, NotificationFailures.AuthFailed)]
    [InlineData(301, NotificationStatus.Waiting, NotificationFailures.AuthFailed)]
    [InlineData(302, NotificationStatus.Waiting, NotificationFailures.AuthFailed)]
    [InlineData(500, NotificationStatus.Waiting, NotificationFailures.ServerBusy)]
    [InlineData(210, NotificationStatus.Failed, NotificationFailures.Rejected)]
    [InlineData(211, NotificationStatus.Failed, NotificationFailures.Rejected)]
    public async Task TheGatewaysCodeForTheRequestDecidesBetweenFailingAndRetrying(int code, NotificationStatus status, string reason)
    {
        await using var harness = await NotificationHarness.StartAsync();
        harness.Sms.RequestCode = () => code;
        await harness.EnqueueAsync(NotificationHarness.Text("+79123456789", "k"));

        await harness.Sender.SendDueAsync();

        var notice = Assert.Single(await harness.AllAsync());
        Assert.Equal((status, reason), (notice.Status, notice.FailureCode));
        Assert.StartsWith(code.ToString(System.Globalization.CultureInfo.InvariantCulture), notice.LastError, StringComparison.Ordinal);
        Assert.Empty(harness.Sms.Sent);
        Assert.False(await harness.OptOuts.IsOptedOutAsync("+79123456789"));
    }

    [Fact]
    public async Task ANumberOnSmsRusOwnStopListIsOptedOutHereToo()
    {
        await using var harness = await NotificationHarness.StartAsync();
        harness.Sms.Code = _ => 215;
        await harness.EnqueueAsync(NotificationHarness.Text("+79123456789", "a"));

        await harness.Sender.SendDueAsync();

        Assert.True(await harness.OptOuts.IsOptedOutAsync("+79123456789"));
        Assert.Equal(EnqueueOutcome.OptedOut, (await harness.EnqueueAsync(NotificationHarness.Text("+79123456789", "b"))).Outcome);
    }

    [Fact]
    public async Task AWrongApiIdIsRetriedUntilAnAdministratorFixesIt()
    {
        await using var harness = await NotificationHarness.StartAsync(settings: new Dictionary<string, string?> { ["Notifications:Sms:ApiId"] = "wrong" });
        await harness.EnqueueAsync(NotificationHarness.Text("+79123456789", "k"));

        await harness.Sender.SendDueAsync();
        var waiting = Assert.Single(await harness.AllAsync());
        Assert.Equal(NotificationStatus.Waiting, waiting.Status);
        Assert.Equal(NotificationFailures.AuthFailed, waiting.FailureCode);

        var form = (await harness.Settings.GetAsync()).Form;
        form.SmsApiId = Loyalty.Tests.TestSupport.SmsRuTestServer.ApiId;
        await harness.Settings.SaveAsync(form, "admin");
        await harness.DrainAsync("the SMS to go with the right api_id");

        Assert.Equal(NotificationStatus.Sent, Assert.Single(await harness.AllAsync()).Status);
    }

    [Fact]
    public async Task ANumberOnTheStopListIsOptedOutAndFailed()
    {
        await using var harness = await NotificationHarness.StartAsync();
        harness.Sms.Code = _ => 209;
        await harness.EnqueueAsync(NotificationHarness.Text("+79123456789", "a"));

        await harness.Sender.SendDueAsync();

        Assert.Equal(NotificationFailures.OptedOut, Assert.Single(await harness.AllAsync()).FailureCode);
        Assert.True(await harness.OptOuts.IsOptedOutAsync("+79123456789"));
        Assert.Equal(EnqueueOutcome.OptedOut, (await harness.EnqueueAsync(NotificationHarness.Text("89123456789", "b"))).Outcome);
    }

    [Fact]
    public async Task TheBalanceIsReadAndAnUnreachableGatewayIsTransient()
    {
        await using var harness = await NotificationHarness.StartAsync();
        var checks = harness.Services.GetRequiredService<ChannelChecks>();

        Assert.Equal(123.45m, await checks.SmsBalanceAsync());
        var test = await checks.SendTestSmsAsync("+7 912 345-67-89", "admin");
        Assert.True(test.Succeeded);
        Assert.Equal("000000-00000001", test.ProviderMessageId);

        await harness.Sms.DisposeAsync();
        Assert.Null(await checks.SmsBalanceAsync());
        var down = await checks.SendTestSmsAsync("+79123456789", "admin");
        Assert.False(down.Succeeded);
        Assert.Equal(NotificationFailures.Unreachable, down.FailureCode);
    }

    [Theory]
    [InlineData(100, SendResult.Sent)]
    [InlineData(200, SendResult.Transient)]
    [InlineData(201, SendResult.Transient)]
    [InlineData(202, SendResult.Permanent)]
    [InlineData(203, SendResult.Permanent)]
    [InlineData(204, SendResult.Transient)]
    [InlineData(205, SendResult.Permanent)]
    [InlineData(206, SendResult.Transient)]
    [InlineData(207, SendResult.Permanent)]
    [InlineData(209, SendResult.Permanent)]
    [InlineData(214, SendResult.Permanent)]
    [InlineData(215, SendResult.Permanent)]
    [InlineData(220, SendResult.Transient)]
    [InlineData(231, SendResult.Transient)]
    [InlineData(301, SendResult.Transient)]
    [InlineData(500, SendResult.Transient)]
    [InlineData(999, SendResult.Transient)]
    public void EverySmsRuCodeIsClassified(int code, SendResult result) =>
        Assert.Equal(result, SmsRuProvider.Classify(code, "text").Result);
}
