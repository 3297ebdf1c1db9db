using System.Diagnostics;

namespace Loyalty.Tests.Web;

/// <summary>The real executable, started with a wrong setting, must stop with one readable sentence.</summary>
public sealed class StartupSettingsTests
{
    [Theory]
    [InlineData("Database__Provider", "Oracle", "Database:Provider = \"Oracle\" is not valid: expected \"Sqlite\".")]
    [InlineData("Portal__TimeZone", "Mars/Olympus", "Portal:TimeZone = \"Mars/Olympus\" is not a known time zone")]
    [InlineData("Bitrix24__Mode", "Webhook", "Bitrix24:WebhookUrl is required when Bitrix24:Mode is \"Webhook\"")]
    [InlineData("Sync__ReconcileCron", "every night", "Sync:ReconcileCron = \"every night\" is not a Quartz cron expression")]
    [InlineData("Ledger__CheckCron", "at four", "Ledger:CheckCron = \"at four\" is not a Quartz cron expression")]
    [InlineData("Sync__IntervalMinutes", "0", "Sync:IntervalMinutes = \"0\" is not valid: expected a whole number from 1 to 1440.")]
    public async Task AnInvalidSettingStopsStartUpWithAMessageNamingTheKey(string variable, string value, string expected)
    {
        var folder = Directory.CreateTempSubdirectory("loyalty-settings-").FullName;
        try
        {
            var start = new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                WorkingDirectory = folder,
            };
            start.Environment[variable] = value;
            start.Environment["Database__Path"] = Path.Combine(folder, "never-created.db");
            start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";

            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(deadline.Token);

            Assert.Equal(1, process.ExitCode);
            var message = await stderr;
            Assert.Contains(expected, message);
            Assert.DoesNotContain("   at ", message);
            Assert.DoesNotContain("Exception", message + await stdout);
            Assert.False(File.Exists(Path.Combine(folder, "never-created.db")), "nothing is written before the settings are valid");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
