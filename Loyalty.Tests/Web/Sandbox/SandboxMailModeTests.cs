using System.Net;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Sandbox.Mail;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Web.Sandbox;

/// <summary>Against a real portal (webhook mode) the sandbox's SMTP server, SMS gateway and mailbox do not exist.</summary>
public sealed class SandboxMailModeTests
{
    [Fact]
    public async Task InWebhookModeNoSmtpServerSmsGatewayOrChannelDefaultsExist()
    {
        using var portal = new PortalFactory
        {
            Settings = { ["Bitrix24:Mode"] = "Webhook", ["Bitrix24:WebhookUrl"] = "https://example.bitrix24.ru/rest/1/abc123/" },
        };
        using var client = portal.CreateClient();

        using var sms = await client.GetAsync("/sandbox/sms/my/balance?api_id=sandbox-sms&json=1");

        Assert.Equal(HttpStatusCode.NotFound, sms.StatusCode);
        Assert.Null(portal.Services.GetService<SandboxMailbox>());
        Assert.Null(portal.Services.GetService<SmsRuGateway>());
        Assert.True(string.IsNullOrEmpty(portal.Services.GetRequiredService<IConfiguration>()["Notifications:Smtp:Host"]));
    }
}
