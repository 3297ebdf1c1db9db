using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Loyalty.Core.Bitrix24;

public static class Bitrix24Registration
{
    /// <summary>The named <see cref="HttpClient"/> the client sends through; configure its primary handler to reroute it (tests, sandbox).</summary>
    public const string HttpClientName = "Bitrix24";

    /// <summary>
    /// The Bitrix24 REST client and its process-wide limiter. <see cref="IBitrix24Endpoint"/> defaults to
    /// <see cref="Bitrix24Options.WebhookUrl"/>; register another one (before, or with <c>Replace</c> after) to point it elsewhere.
    /// Binding the <see cref="Bitrix24Options"/> section is left to the caller.
    /// </summary>
    public static IServiceCollection AddBitrix24Client(this IServiceCollection services)
    {
        services.AddOptions<Bitrix24Options>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IBitrix24Endpoint, Bitrix24OptionsEndpoint>();
        services.TryAddSingleton<IBitrix24Authenticator, Bitrix24WebhookAuthenticator>();
        services.TryAddSingleton<Bitrix24LeakyBucket>();
        services.TryAddSingleton<Bitrix24OperatingLimits>();
        services.TryAddSingleton(_ => new Bitrix24Backoff());

        services.AddHttpClient(HttpClientName, (provider, http) =>
            {
                var options = provider.GetRequiredService<IOptions<Bitrix24Options>>().Value;
                http.Timeout = options.TimeoutSeconds > 0 ? TimeSpan.FromSeconds(options.TimeoutSeconds) : Timeout.InfiniteTimeSpan;
                http.DefaultRequestHeaders.UserAgent.ParseAdd("Loyalty/1.0 (Bitrix24 sync)");
                http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
            })
            // A moved portal answers 302 (§1.2); following it would turn the POST into a GET without its body,
            // so the redirect surfaces as an error that names the new address instead.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            // The factory's request logging prints the URL, and a webhook URL carries its secret in the path.
            .RemoveAllLoggers();

        // A singleton that asks the factory for a client per request, so handler rotation (DNS) still works.
        services.TryAddSingleton<IBitrix24Client, Bitrix24Client>();
        return services;
    }
}
