using Bunit;
using Loyalty.Core.Bitrix24;
using Loyalty.Core.Bitrix24.UserFields;
using Loyalty.Core.Identity;
using Loyalty.Core.Portal;
using Loyalty.Tests.Core.Sync;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Pages.Connection;
using Loyalty.Web.Sandbox;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Loyalty.Tests.Web.Components.Pages.Connection;

/// <summary>
/// The Connection page on the services of a real portal whose sandbox answers over HTTP: "Test connection" checks
/// the portal's fields, creates what is missing, and the page shows it; without the right it shows what to add.
/// </summary>
public sealed class ConnectionPageTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TestConnectionCreatesTheMissingFieldsAndThePageShowsThemCreatedWithTheScopes()
    {
        using var culture = new CultureScope("ru");
        await using var portal = new SyncPortal();
        portal.Start();
        await using var ctx = Context(portal);

        var cut = ctx.RenderAs<ConnectionPage>(Principals.SignedIn(Roles.Administrator));
        cut.WaitForElement("[data-testid=fields-not-checked]", Deadline);
        Assert.Empty(cut.FindAll("[data-testid=waiting]"));

        await cut.Find("[data-testid=connection-test]").ClickAsync(new MouseEventArgs());

        // The bonus program's five fields, the promoter program's six and NPS's one.
        cut.WaitForAssertion(() => Assert.Equal(12, cut.FindAll("[data-testid=field-state]").Count(s => s.TextContent.Trim() == "создано порталом")), Deadline);
        Assert.Contains("UF_CRM_LOY_BALANCE", cut.Find("[data-testid=field-Contact-UF_CRM_LOY_BALANCE]").TextContent, StringComparison.Ordinal);
        Assert.Equal("создано порталом", cut.Find("[data-testid=field-Contact-UF_CRM_LOY_PROMOTER] [data-testid=field-state]").TextContent.Trim());
        Assert.Equal("создано порталом", cut.Find("[data-testid=field-Deal-UF_CRM_LOY_NPS] [data-testid=field-state]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=fields-must-add]"));
        Assert.Equal("Выданы: crm, user, department, task, im", cut.Find("[data-testid=scopes-granted]").TextContent.Trim());
        Assert.Contains("Подключение работает", cut.Find("[data-testid=connection-test-result]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAdministratorRightsThePageListsTheFieldsToAddAndAFieldAddedLaterShowsUpOnTheNextCheck()
    {
        using var culture = new CultureScope("en");
        await using var portal = new SyncPortal();
        portal.Settings["Sandbox:WebhookUserIsAdmin"] = "false";
        portal.Start();
        await using var ctx = Context(portal);
        var cut = ctx.RenderAs<ConnectionPage>(Principals.SignedIn(Roles.Administrator));
        cut.WaitForElement("[data-testid=fields-not-checked]", Deadline);

        await cut.Find("[data-testid=connection-test]").ClickAsync(new MouseEventArgs());

        var mustAdd = cut.WaitForElement("[data-testid=fields-must-add]", Deadline).TextContent;
        Assert.Contains("contact: UF_CRM_LOY_BALANCE, type double", mustAdd, StringComparison.Ordinal);
        Assert.Contains("contact: UF_CRM_LOY_TIER, type string", mustAdd, StringComparison.Ordinal);
        Assert.Contains("deal: UF_CRM_LOY_REDEEMED, type double", mustAdd, StringComparison.Ordinal);
        Assert.Contains("The webhook's user is not an administrator", cut.Find("[data-testid=field-Contact-UF_CRM_LOY_BALANCE] [data-testid=field-todo]").TextContent, StringComparison.Ordinal);

        // The background check (here: the next one) finds what an administrator then added; the open page follows it.
        portal.Services.GetRequiredService<SandboxOptions>().WebhookUserIsAdmin = true;
        await portal.Services.GetRequiredService<UserFieldProvisioner>().ProvisionAsync();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=fields-must-add]")), Deadline);
        Assert.Equal("created by the portal", cut.Find("[data-testid=field-Contact-UF_CRM_LOY_BALANCE] [data-testid=field-state]").TextContent.Trim());
    }

    private static BunitContext Context(SyncPortal portal)
    {
        var ctx = new BunitContext();
        ctx.AddPortalServices();
        foreach (var type in new[] { typeof(ConnectionSettings), typeof(ConnectionTester), typeof(UserFieldProvisioner), typeof(PortalFieldStatus), typeof(PortalClock), typeof(IOptions<Bitrix24Options>) })
        {
            ctx.Services.AddSingleton(type, portal.Services.GetRequiredService(type));
        }

        return ctx;
    }
}
