using Loyalty.Core.Bitrix24;
using Loyalty.Core.Crm;
using Loyalty.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Core.Crm;

/// <summary>Where the portal's CRM links point: the connected portal's scheme and host, never the webhook's secret path (sandbox mode: RecordPagesTests).</summary>
public sealed class CrmAddressTests
{
    [Fact]
    public async Task AgainstARealPortalLinksGoToTheWebhooksHostAndFollowAWebhookSavedInThePortal()
    {
        await using var portal = new PortalFactory
        {
            Settings =
            {
                ["Bitrix24:Mode"] = "Webhook",
                ["Bitrix24:WebhookUrl"] = "https://loyalty-demo.bitrix24.ru/rest/1/configured-secret/",
            },
        };
        var address = portal.Services.GetRequiredService<ICrmAddress>();

        var configured = await address.GetAsync();
        await portal.Services.GetRequiredService<ConnectionSettings>().SaveAsync(ConnectionSettings.WebhookUrlKey, "https://crm.example.ru/rest/7/saved-secret/", "Анна");
        var saved = await address.GetAsync();

        Assert.Equal("https://loyalty-demo.bitrix24.ru", configured);
        Assert.Equal("https://crm.example.ru", saved);
        Assert.Equal("https://crm.example.ru/crm/deal/details/12/", CrmLinks.Url(saved, CrmKind.Deal, 12));
    }

    [Fact]
    public async Task TheAddressFollowsTheHostsDecidedModeRatherThanReadingTheConfigurationAgain()
    {
        await using var portal = new PortalFactory
        {
            Settings =
            {
                ["Bitrix24:Mode"] = "Webhook",
                ["Bitrix24:WebhookUrl"] = "https://loyalty-demo.bitrix24.ru/rest/1/configured-secret/",
            },
        };
        var settings = portal.Services.GetRequiredService<ConnectionSettings>();

        var registered = portal.Services.GetRequiredService<PortalMode>();
        var sandbox = await new CrmAddress(settings, new PortalMode(Bitrix24Mode.Sandbox)).GetAsync();
        var webhook = await new CrmAddress(settings, new PortalMode(Bitrix24Mode.Webhook)).GetAsync();

        Assert.False(registered.IsSandbox);
        Assert.Equal(CrmAddress.SandboxAddress, sandbox);
        Assert.Equal("https://loyalty-demo.bitrix24.ru", webhook);
    }
}
