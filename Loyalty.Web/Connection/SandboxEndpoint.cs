using Loyalty.Core.Bitrix24;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Loyalty.Web.Connection;

/// <summary>
/// In sandbox mode the Bitrix24 client talks to the emulated portal inside this very app, over real HTTP:
/// the webhook is this server's own address plus <c>/sandbox/rest/{Sandbox:WebhookUserId}/{secret}/</c>.
/// </summary>
internal sealed class SandboxEndpoint(IServer server, IConfiguration configuration) : IBitrix24Endpoint
{
    public Task<Uri> GetWebhookUrlAsync(CancellationToken ct = default)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault()
            ?? throw new Bitrix24TransportException("The sandbox portal is not reachable yet: the web server is not listening on any address.", 0);

        // A wildcard binding (http://+:80, http://0.0.0.0:80, http://[::]:80) is reached through loopback.
        var uri = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
        {
            uri.Host = "127.0.0.1";
        }

        var secret = configuration["Sandbox:Secret"] is { Length: > 0 } s ? s : "sandbox";
        // The webhook belongs to one user (Sandbox:WebhookUserId); any other id is refused.
        var user = configuration["Sandbox:WebhookUserId"] is { Length: > 0 } u ? u : "1";
        uri.Path = $"/sandbox/rest/{Uri.EscapeDataString(user)}/{Uri.EscapeDataString(secret)}/";
        return Task.FromResult(uri.Uri);
    }
}
