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
        using var client = portal.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var sms = await client.PostAsync("/sandbox/sms/sms/send", new FormUrlEncodedContent([KeyValuePair.Create("api_id", "sandbox-sms"), KeyValuePair.Create("json", "1")]));

        // No route answers: the request falls through to the portal's pages (the first-run redirect or a 404).
        Assert.Contains(sms.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.Found });
        Assert.DoesNotContain("status_code", await sms.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(portal.Services.GetService<SandboxMailbox>());
        Assert.Null(portal.Services.GetService<SmsRuGateway>());
        Assert.True(string.IsNullOrEmpty(portal.Services.GetRequiredService<IConfiguration>()["Notifications:Smtp:Host"]));
    }
}
