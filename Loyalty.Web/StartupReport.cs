using Loyalty.Core.Bitrix24;
using Loyalty.Core.Identity;
using Loyalty.Core.Sync;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Loyalty.Web;

/// <summary>What the console says at start-up: a wrong setting in one sentence, or where the portal is and how to sign in.</summary>
internal static class StartupReport
{
    public static void PrintSettingsErrors(IReadOnlyList<string> errors)
    {
        Console.Error.WriteLine("Loyalty cannot start: appsettings.json (or an override of it) has an invalid setting.");
        foreach (var error in errors)
        {
            Console.Error.WriteLine($"  - {error}");
        }
    }

    public static void AnnounceWhenStarted(WebApplication app) =>
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var lines = new List<string> { "Loyalty portal is running:" };
            lines.AddRange(addresses.Select(a => $"  {a}"));
            if (app.Services.GetRequiredService<PortalMode>().IsSandbox)
            {
                lines.Add("Demo sign-ins (Bitrix24 sandbox):");
                lines.AddRange(DemoAccounts.All.Select(d => $"  {d.Role,-14} {d.Email,-26} {d.Password}"));
            }
            else
            {
                lines.Add("Open the address above; on the first run it asks you to create the first administrator.");
            }

            // The check itself runs in the background with the sync (UserFieldWorker) and never holds the start-up up.
            if (app.Services.GetRequiredService<IOptions<SyncOptions>>().Value.Enabled)
            {
                lines.Add("Bitrix24 user fields (UF_CRM_LOY_*) are checked and created in the background: see /admin/connection.");
            }

            Console.WriteLine(string.Join(Environment.NewLine, lines));
        });
}
