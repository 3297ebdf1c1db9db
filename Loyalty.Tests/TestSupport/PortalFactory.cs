using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Loyalty.Tests.TestSupport;

/// <summary>
/// The real portal, booted in-process on its own temporary SQLite file (deleted on dispose).
/// Settings are passed the way an operator would: as configuration keys over appsettings.json.
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    public PortalFactory()
    {
        Folder = Directory.CreateTempSubdirectory("loyalty-test-").FullName;
        Settings = new Dictionary<string, string?>
        {
            ["Database:Path"] = Path.Combine(Folder, "loyalty.db"),
            ["Logging:LogLevel:Default"] = "Warning",
            // No scheduled syncs or event processing unless a test asks for them.
            ["Sync:Enabled"] = "false",
            // Tests sign in far faster than people, all from one address; the limit's own tests set it low.
            ["Identity:SignInPostsPerMinute"] = "10000",
            // The sandbox's SMTP server on a free port: portals of parallel tests would share appsettings.json's.
            ["Sandbox:Smtp:Port"] = "0",
        };
    }

    /// <summary>Configuration keys over appsettings.json; add to them before the portal is first used.</summary>
    public Dictionary<string, string?> Settings { get; }

    /// <summary>The temporary folder holding this portal's database and keys.</summary>
    public string Folder { get; }

    public string DatabasePath => Settings["Database:Path"]!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a finishing background task; the OS temp cleaner takes it.
            }
        }
    }
}
