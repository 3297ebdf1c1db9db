using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Loyalty.Tests.TestSupport;

namespace Loyalty.Tests.Web.Hardening;

/// <summary>
/// The portal as the README's "Run in production" deploys it: <c>dotnet publish</c>, then the published
/// <c>Loyalty.Web.dll</c> started from its own folder. Its pages load with every script and style they name.
/// </summary>
public sealed partial class PublishedPortalTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [Fact]
    public async Task ThePublishedPortalServesItsPagesWithTheirScriptsAndStyles()
    {
        var output = Directory.CreateTempSubdirectory("loyalty-publish-").FullName;
        try
        {
            // --no-build: the test run has just built the web project; publishing lays it out as an operator gets it.
            await RunAsync("dotnet", "publish", Path.Combine(PortalProcess.RepositoryRoot(), "Loyalty.Web", "Loyalty.Web.csproj"),
                "--no-build", "-c", Configuration, "-o", output, "-v", "q", "-nologo");
            Assert.True(File.Exists(Path.Combine(output, "appsettings.json")), "the settings file is published beside the binaries");

            using var portal = await PortalProcess.StartAsync(
                new Dictionary<string, string> { ["Sync:Enabled"] = "false", ["Logging:LogLevel:Default"] = "Warning" },
                TimeSpan.FromSeconds(90), Path.Combine(output, "Loyalty.Web.dll"));
            var http = portal.Http;

            var login = await http.GetAsync("Account/Login");
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            var html = await login.Content.ReadAsStringAsync();
            var assets = Asset().Matches(html).Select(m => m.Groups["url"].Value).Distinct().ToList();
            Assert.Contains(assets, a => a.StartsWith("_framework/blazor.web.", StringComparison.Ordinal));
            Assert.Contains(assets, a => a.StartsWith("_content/MudBlazor/MudBlazor.min.", StringComparison.Ordinal) && a.EndsWith(".css", StringComparison.Ordinal));
            Assert.Contains(assets, a => a.StartsWith("_content/MudBlazor/MudBlazor.min.", StringComparison.Ordinal) && a.EndsWith(".js", StringComparison.Ordinal));
            foreach (var asset in assets)
            {
                var response = await http.GetAsync(asset);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset} answered {(int)response.StatusCode}");
                var expected = asset.EndsWith(".css", StringComparison.Ordinal) ? "text/css" : "text/javascript";
                Assert.Equal(expected, response.Content.Headers.ContentType?.MediaType);
                Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100, $"{asset} is not empty");
            }

            // A production portal: an unknown page is the portal's own page, never the developer's.
            var missing = await http.GetAsync("no-such-page");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.DoesNotContain("Exception", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.True(portal.IsRunning);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
    }

    [GeneratedRegex(@"(?:href|src)=""(?<url>[^""]+\.(?:css|js))""")]
    private static partial Regex Asset();
}
