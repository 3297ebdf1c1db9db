using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Loyalty.Tests.TestSupport;

/// <summary>
/// The portal started as a process of its own (<c>dotnet Loyalty.Web.dll</c>, from its own folder as a service
/// runs it) on 127.0.0.1 and a free port, with a temporary data folder: so that a crash a test provokes (a stack
/// overflow cannot be caught) kills that process and not the test host, and so that a published portal can be run
/// as an operator runs it. It is a production portal (no environment named), as the README's commands start it.
/// Settings go in as environment variables, over appsettings.json.
/// </summary>
public sealed class PortalProcess : IDisposable
{
    private const int KeptLines = 200;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private PortalProcess(Process process, Uri address, string folder)
    {
        _process = process;
        Address = address;
        Folder = folder;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri Address { get; }

    public string Folder { get; }

    public HttpClient Http { get; }

    public bool IsRunning => !_process.HasExited;

    /// <summary>The last lines the process wrote (stdout and stderr), for a failure message.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>
    /// Starts the portal and waits (with a deadline) until <c>/health</c> answers 200: <paramref name="webDll"/>, or
    /// the one built beside the tests (with the repository's appsettings.json copied next to it).
    /// </summary>
    public static async Task<PortalProcess> StartAsync(IDictionary<string, string> settings, TimeSpan deadline, string? webDll = null)
    {
        webDll ??= Path.Combine(AppContext.BaseDirectory, "Loyalty.Web.dll");
        var binaries = Path.GetDirectoryName(webDll)!;
        var folder = Directory.CreateTempSubdirectory("loyalty-process-").FullName;
        var port = FreePort();
        // The host the tests run under (the CLI sets DOTNET_HOST_PATH), else whichever dotnet is on the PATH.
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = binaries,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(webDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        // Whatever the test host runs under, the process is what an operator gets: a production portal.
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment["Database__Path"] = Path.Combine(folder, "loyalty.db");
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var portal = new PortalProcess(process, new Uri($"http://127.0.0.1:{port}/"), folder);
        process.OutputDataReceived += (_, e) => portal.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => portal.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await portal.WaitUntilHealthyAsync(deadline);
        }
        catch
        {
            portal.Dispose();
            throw;
        }

        return portal;
    }

    /// <summary>Whether <c>/health</c> answers 200 now.</summary>
    public async Task<bool> IsHealthyAsync()
    {
        try
        {
            using var response = await Http.GetAsync("health");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>The repository's root: the folder above the test binaries that holds Loyalty.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Loyalty.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Loyalty.sln was not found above " + AppContext.BaseDirectory);
    }

    public void Dispose()
    {
        Http.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // The OS temp cleaner takes what is still held.
        }
    }

    private async Task WaitUntilHealthyAsync(TimeSpan deadline)
    {
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"The portal exited with code {_process.ExitCode} before /health answered:{Environment.NewLine}{Output}");
                }

                return await IsHealthyAsync();
            }, "/health", deadline, TimeSpan.FromMilliseconds(100));
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message}{Environment.NewLine}{Output}", timeout);
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > KeptLines && _output.TryDequeue(out _))
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
