using Loyalty.Core;
using Loyalty.Core.Bitrix24;
using Loyalty.Core.Portal;
using Loyalty.Web;
using Loyalty.Web.Connection;
using Loyalty.Web.Endpoints;
using Loyalty.Web.Jobs;
using Loyalty.Web.Sandbox;
using Loyalty.Web.Sandbox.Mail;

var builder = WebApplication.CreateBuilder(args);
builder.UseRepositoryAppSettings();
// Run from the build output (dotnet run) the portal is a production portal too, so its packages' static
// files (MudBlazor, Blazor's scripts) come from their build-time locations; a published portal has them
// in wwwroot and this does nothing.
builder.WebHost.UseStaticWebAssets();

if (SettingsValidator.Validate(builder.Configuration).Concat(JobsRegistration.ValidateSettings(builder.Configuration)).ToList() is { Count: > 0 } errors)
{
    StartupReport.PrintSettingsErrors(errors);
    return 1;
}

// Sandbox or real portal, decided here once: each mode registers its own Bitrix24 endpoint.
var mode = builder.AddPortalMode<SandboxEndpoint>();
builder.AddLoyaltyCore();
builder.AddWebServices();

var app = builder.Build();
await app.InitializeDatabaseAsync();
app.UseWebPipeline();
app.MapHealthEndpoint();
app.MapAccountEndpoints();
app.MapBitrix24Events();
app.MapBonusReports();
app.MapBadgeIcons();
app.MapUnsubscribePage();
app.MapPromoterEndpoints();
app.MapCabinetEndpoints();
app.MapPromoterReports();
app.MapNpsReports();
app.MapNpsLogo();
if (mode.IsSandbox)
{
    // The emulated portal exists only in sandbox mode: against a real portal no /sandbox route is mapped.
    app.MapBitrix24Sandbox();
    app.MapSandboxNotifications();
}

app.MapPortalPages();
StartupReport.AnnounceWhenStarted(app);

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
