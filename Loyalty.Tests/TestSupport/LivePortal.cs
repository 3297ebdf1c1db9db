using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.TestSupport;

/// <summary>
/// The real portal served by Kestrel on 127.0.0.1 and a free port, so that a real browser can open it.
/// Same temporary SQLite file and settings as <see cref="PortalFactory"/>.
/// </summary>
public class LivePortal : PortalFactory
{
    public LivePortal()
    {
        // Port 0: Kestrel picks a free port on 127.0.0.1.
        UseKestrel(0);
    }

    /// <summary>Where the portal listens, e.g. <c>http://127.0.0.1:41234</c>; set by <see cref="Start"/>.</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Builds and starts the portal (migrations and demo accounts included) and returns its address.</summary>
    public Uri Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"Kestrel reports no 127.0.0.1 address (it has: {string.Join(", ", addresses)}).");
        BaseAddress = new Uri(address);
        return BaseAddress;
    }
}
