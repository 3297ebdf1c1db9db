using Microsoft.Extensions.Options;

namespace Loyalty.Core.Bitrix24;

/// <summary>Where one attempt of a call goes: the REST base URL (ending with '/') and, for OAuth, the access token.</summary>
internal sealed record Bitrix24Target(Uri BaseUrl, string? AccessToken = null);

/// <summary>
/// How calls are authenticated. Today only the incoming webhook (the secret is part of the URL). An OAuth
/// application will implement this too: <see cref="GetTargetAsync"/> returns <c>client_endpoint</c> and the stored
/// access token (the client puts it in the body as <c>auth</c>), and <see cref="RenewAsync"/> refreshes the pair
/// on <c>expired_token</c> and persists it (§1.2). The client asks for renewal at most once per call.
/// </summary>
internal interface IBitrix24Authenticator
{
    ValueTask<Bitrix24Target> GetTargetAsync(CancellationToken ct);

    /// <summary>True when new credentials were obtained and the refused call should be repeated.</summary>
    ValueTask<bool> RenewAsync(Bitrix24AuthException refusal, CancellationToken ct);
}

/// <summary>An incoming webhook: nothing to renew; a refused secret is a configuration error.</summary>
internal sealed class Bitrix24WebhookAuthenticator(IBitrix24Endpoint endpoint) : IBitrix24Authenticator
{
    public async ValueTask<Bitrix24Target> GetTargetAsync(CancellationToken ct) =>
        new(await endpoint.GetWebhookUrlAsync(ct));

    public ValueTask<bool> RenewAsync(Bitrix24AuthException refusal, CancellationToken ct) => ValueTask.FromResult(false);
}

/// <summary>The webhook from <see cref="Bitrix24Options.WebhookUrl"/>. Sandbox mode replaces this registration.</summary>
internal sealed class Bitrix24OptionsEndpoint(IOptionsMonitor<Bitrix24Options> options) : IBitrix24Endpoint
{
    public Task<Uri> GetWebhookUrlAsync(CancellationToken ct = default)
    {
        var url = options.CurrentValue.WebhookUrl?.Trim();
        if (string.IsNullOrEmpty(url))
        {
            throw new InvalidOperationException($"{Bitrix24Options.Section}:{nameof(Bitrix24Options.WebhookUrl)} is not set.");
        }

        // Method names are resolved relative to this URL; without the slash the secret would be replaced.
        if (!url.EndsWith('/'))
        {
            url += "/";
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? Task.FromResult(uri)
            : throw new InvalidOperationException($"{Bitrix24Options.Section}:{nameof(Bitrix24Options.WebhookUrl)} is not an absolute URL.");
    }
}
