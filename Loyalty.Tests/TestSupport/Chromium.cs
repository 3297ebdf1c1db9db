using Microsoft.Playwright;

namespace Loyalty.Tests.TestSupport;

/// <summary>
/// Finds the system Chromium that the browser tests drive. Playwright never downloads a browser here:
/// it is given the executable's path. <c>LOYALTY_CHROMIUM</c>, when set, is the only candidate;
/// otherwise /usr/bin/chromium, then chromium, chromium-browser or google-chrome on PATH.
/// </summary>
public static class Chromium
{
    public const string PathVariable = "LOYALTY_CHROMIUM";
    public const string RequiredVariable = "LOYALTY_E2E";
    public const string DefaultPath = "/usr/bin/chromium";

    private static readonly string[] NamesOnPath = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

    private static readonly Lazy<string?> Found = new(Locate);

    /// <summary>Flags for a headless run as root on a machine without network access beyond localhost.</summary>
    public static readonly IReadOnlyList<string> Args =
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
    ];

    /// <summary>The Chromium executable, or null when there is none.</summary>
    public static string? Executable => Found.Value;

    /// <summary>True when <c>LOYALTY_E2E=required</c>: a missing browser fails the browser tests instead of skipping them.</summary>
    public static bool IsRequired =>
        string.Equals(Environment.GetEnvironmentVariable(RequiredVariable), "required", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why the browser tests are skipped.</summary>
    public static string SkipReason =>
        $"No Chromium found at {Searched} (set {PathVariable} or apt-get install chromium); browser tests skipped";

    /// <summary>Why the browser tests fail when the browser is required.</summary>
    public static string RequiredButMissing =>
        $"No Chromium found at {Searched} (set {PathVariable} or apt-get install chromium); {RequiredVariable}=required, so browser tests fail";

    private static string Searched => Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } chosen ? chosen : DefaultPath;

    public static BrowserTypeLaunchOptions LaunchOptions(string executable) => new()
    {
        ExecutablePath = executable,
        Headless = true,
        Args = Args,
    };

    private static string? Locate()
    {
        if (Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } chosen)
        {
            return File.Exists(chosen) ? chosen : null;
        }

        if (File.Exists(DefaultPath))
        {
            return DefaultPath;
        }

        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return NamesOnPath
            .SelectMany(name => folders.Select(folder => Path.Combine(folder, name)))
            .FirstOrDefault(File.Exists);
    }
}
