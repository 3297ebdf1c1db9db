using Microsoft.Playwright;

namespace Loyalty.Tests.TestSupport;

/// <summary>
/// One live portal and one headless Chromium, shared by every test of the <c>Browser</c> collection;
/// each test opens its own <see cref="IBrowserContext"/> (fresh cookies, so a fresh sign-in and language).
/// When no Chromium is found nothing starts, and <see cref="NewPageAsync"/> fails with the reason
/// (the tests are normally skipped before that, unless <c>LOYALTY_E2E=required</c>).
/// </summary>
public sealed class BrowserPortal : IAsyncLifetime
{
    /// <summary>Where a failing test leaves a screenshot of its page (and the dashboard test one of the dashboard), when set.</summary>
    public const string ScreenshotsVariable = "LOYALTY_SCREENSHOTS";

    private LivePortal? _portal;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Uri BaseAddress => _portal?.BaseAddress ?? throw new InvalidOperationException(Chromium.RequiredButMissing);

    /// <summary>The live portal's services (its hub, stores…), for a test that makes something happen inside it.</summary>
    public IServiceProvider Services => _portal?.Services ?? throw new InvalidOperationException(Chromium.RequiredButMissing);

    public static string? ScreenshotFolder => Environment.GetEnvironmentVariable(ScreenshotsVariable) is { Length: > 0 } folder ? folder : null;

    public async Task InitializeAsync()
    {
        if (Chromium.Executable is not { } executable)
        {
            return;
        }

        // Playwright is handed the system browser; it must never fetch one of its own.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        // Blazor's first render on a busy two-core machine can take a few seconds; waits are on conditions anyway.
        Assertions.SetDefaultExpectTimeout(15_000);

        _portal = new LivePortal();
        var portal = _portal;
        var started = Task.Run(portal.Start);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(Chromium.LaunchOptions(executable));
        await started;
    }

    /// <summary>A page in a new browser context whose relative URLs resolve against the live portal.</summary>
    public Task<IPage> NewPageAsync() => NewPageAsync(BaseAddress);

    /// <summary>
    /// A page in a new context of the shared browser whose relative URLs resolve against <paramref name="baseAddress"/>:
    /// another <see cref="LivePortal"/> that a test started with settings of its own.
    /// </summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress)
    {
        if (_browser is null)
        {
            throw new InvalidOperationException(Chromium.RequiredButMissing);
        }

        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            Locale = "ru-RU",
            ViewportSize = new ViewportSize { Width = 1366, Height = 860 },
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// Runs a test body on a fresh page, then closes its context. If the body throws and
    /// <c>LOYALTY_SCREENSHOTS</c> is set, the page is saved there as <paramref name="name"/>.png first.
    /// </summary>
    public Task RunAsync(string name, Func<IPage, Task> body) => RunAsync(name, BaseAddress, body);

    /// <summary>As <see cref="RunAsync(string, Func{IPage, Task})"/>, on a page against another live portal.</summary>
    public async Task RunAsync(string name, Uri baseAddress, Func<IPage, Task> body)
    {
        var page = await NewPageAsync(baseAddress);
        try
        {
            await body(page);
        }
        catch when (ScreenshotFolder is not null)
        {
            try
            {
                await SaveScreenshotAsync(page, $"{name}-failed");
            }
            catch (PlaywrightException)
            {
                // The page is gone (e.g. the browser crashed): the test's own error is what matters.
            }

            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>Saves a full-page screenshot into <c>LOYALTY_SCREENSHOTS</c> when it is set; returns the file or null.</summary>
    public static async Task<string?> SaveScreenshotAsync(IPage page, string name)
    {
        if (ScreenshotFolder is not { } folder)
        {
            return null;
        }

        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        return file;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_portal is not null)
        {
            await _portal.DisposeAsync();
        }
    }
}

/// <summary>The browser tests run one after another on one <see cref="BrowserPortal"/>.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserPortal>
{
    public const string Name = "Browser";
}
