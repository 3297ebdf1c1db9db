using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Loyalty.Tests.TestSupport;

/// <summary>
/// The portal as its own operating-system process (<c>dotnet Loyalty.Web.dll</c>) on 127.0.0.1 and a free port,
/// with a temporary data folder: what an operator runs, and what a test needs when the portal must be able to
/// die without taking the test host with it. Killed, with its folder, on dispose.
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PortalProcess(Process process, Uri baseAddress, string dataFolder)
    {
        _process = process;
        BaseAddress = baseAddress;
        DataFolder = dataFolder;
    }

    public Uri BaseAddress { get; }

    public string DataFolder { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>What the process wrote to its console so far (for a failing test's message).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="webDll"/> with its folder as the working directory (as a service would) and waits until
    /// <c>/health</c> answers 200. <paramref name="settings"/> are configuration keys, passed as environment variables.
    /// </summary>
    public static async Task<PortalProcess> StartAsync(string webDll, IDictionary<string, string>? settings = null, TimeSpan? timeout = null)
    {
        var port = FreePort();
        var data = Directory.CreateTempSubdirectory("loyalty-process-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(webDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(webDll);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        // Whatever the test host runs under, the process is a production portal unless told otherwise.
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment["Database__Path"] = Path.Combine(data, "loyalty.db");
        start.Environment["Sync__Enabled"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started");
        var portal = new PortalProcess(process, new Uri($"http://127.0.0.1:{port}/"), data);
        process.OutputDataReceived += (_, e) => portal.Append(e.Data);
        process.ErrorDataReceived += (_, e) => portal.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = portal.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (!await portal.IsHealthyAsync(http))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var output = portal.Output;
                await portal.DisposeAsync();
                throw new InvalidOperationException($"The portal did not answer /health (exited: {process.HasExited}). Its output:\n{output}");
            }

            await Task.Delay(200);
        }

        return portal;
    }

    /// <summary>Whether the process is alive and <c>/health</c> answers 200.</summary>
    public async Task<bool> IsHealthyAsync(HttpClient http)
    {
        if (_process.HasExited)
        {
            return false;
        }

        try
        {
            using var response = await http.GetAsync(new Uri(BaseAddress, "health"));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
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

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
