using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Loyalty.Core.Portal;
using Loyalty.Web.Sandbox.Data;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Loyalty.Web.Sandbox.Changes;

/// <summary>
/// Posts queued events the way Bitrix24's queue server does (§6.2): form-encoded PHP arrays, one POST per event,
/// an outgoing-webhook <c>auth</c> block without tokens. Failures are logged at Debug and forgotten: the receiving
/// endpoint may not exist yet, and the real portal does not retry either.
/// </summary>
internal sealed class EventSender(
    SandboxEvents events,
    SandboxOptions options,
    SandboxStore store,
    IHttpClientFactory httpClients,
    IServer server,
    IConfiguration configuration,
    WorkerStatus status,
    TimeProvider time,
    ILogger<EventSender> logger) : ResilientWorker(status, time, logger)
{
    public const string HttpClientName = "Loyalty.Sandbox.Events";
    private const string DefaultEventPath = "/api/bitrix24/events";

    private readonly string _token = configuration["Bitrix24:ApplicationToken"] is { Length: > 0 } configured ? configured : "sandbox-app-token";

    private readonly string _memberId = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"loyalty-sandbox-{store.Seed}")))[..32];

    /// <summary>Sends one queued event. Undelivered events on shutdown are lost, as on the real portal.</summary>
    protected override async Task<bool> RunOnceAsync(CancellationToken stoppingToken)
    {
        if (!await events.Reader.WaitToReadAsync(stoppingToken))
        {
            return false;
        }

        if (!events.Reader.TryRead(out var item))
        {
            return true;
        }

        var ownAddress = OwnAddress();
        // A relative Url ("/hooks/b24") is a path on the app itself, like the default.
        var destination = options.Events.Url is { Length: > 0 } url ? url : DefaultEventPath;
        var target = Uri.IsWellFormedUriString(destination, UriKind.Absolute) ? destination : ownAddress is null ? null : ownAddress + "/" + destination.TrimStart('/');
        if (target is null)
        {
            logger.LogDebug("Sandbox event {Event} for {Id} not sent: the app has no listening address yet", item.Name, item.Id);
            return true;
        }

        var portal = ownAddress ?? "http://localhost";
        var form = new List<KeyValuePair<string, string>>
        {
            new("event", item.Name),
            new("event_handler_id", HandlerId(item.Name).ToString(CultureInfo.InvariantCulture)),
            new($"data[{item.DataKey}][ID]", item.Id.ToString(CultureInfo.InvariantCulture)),
            new("ts", item.Time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            new("auth[domain]", new Uri(portal).Authority),
            new("auth[client_endpoint]", portal + "/sandbox/rest/"),
            new("auth[server_endpoint]", "https://oauth.bitrix.info/rest/"),
            new("auth[member_id]", _memberId),
            new("auth[application_token]", _token),
        };
        try
        {
            using var client = httpClients.CreateClient(HttpClientName);
            using var response = await client.PostAsync(target, new FormUrlEncodedContent(form), stoppingToken);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogDebug("Sandbox event {Event} for {Id} posted to {Url}: HTTP {Status}", item.Name, item.Id, target, (int)response.StatusCode);
            }
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogDebug(e, "Sandbox event {Event} for {Id} could not be posted to {Url}", item.Name, item.Id, target);
        }

        return true;
    }

    /// <summary>The app's first listening address, with a wildcard host made reachable.</summary>
    private string? OwnAddress()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null)
        {
            return null;
        }

        address = address.Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://[::]", "://localhost", StringComparison.Ordinal);
        return address.TrimEnd('/');
    }

    /// <summary>A stable handler id per event name, as if each were bound once in the portal's settings.</summary>
    private static int HandlerId(string eventName)
    {
        var hash = 0;
        foreach (var c in eventName)
        {
            hash = unchecked((hash * 31) + c);
        }

        return 100 + (int)((uint)hash % 900);
    }
}
