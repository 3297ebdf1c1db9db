using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Loyalty.Core.Bitrix24;

/// <summary>
/// Sandbox or real portal, decided once per host from <c>Bitrix24:Mode</c> (<see cref="PortalModeRegistration.AddPortalMode{TSandboxEndpoint}"/>)
/// and injected wherever it matters, so that no two places can disagree.
/// </summary>
public sealed record PortalMode(Bitrix24Mode Mode)
{
    public bool IsSandbox => Mode == Bitrix24Mode.Sandbox;

    /// <summary>The mode the host decided; read from configuration only when no decision was registered yet.</summary>
    public static PortalMode Of(IHostApplicationBuilder builder) =>
        builder.Properties.TryGetValue(typeof(PortalMode), out var decided) && decided is PortalMode mode
            ? mode
            : new PortalMode(builder.Configuration.GetValue($"{Bitrix24Options.Section}:{nameof(Bitrix24Options.Mode)}", Bitrix24Mode.Sandbox));
}

public static class PortalModeRegistration
{
    /// <summary>
    /// The one place the mode is decided: registers <see cref="PortalMode"/> and the mode's <see cref="IBitrix24Endpoint"/>,
    /// exactly once — the webhook set on the Connection page (or in appsettings.json) for a real portal,
    /// <typeparamref name="TSandboxEndpoint"/> (the emulated portal inside the web app) in sandbox mode. Call before
    /// <c>AddLoyaltyCore</c>: the client's own default endpoint is then never registered.
    /// </summary>
    public static PortalMode AddPortalMode<TSandboxEndpoint>(this IHostApplicationBuilder builder)
        where TSandboxEndpoint : class, IBitrix24Endpoint
    {
        var mode = PortalMode.Of(builder);
        builder.Properties[typeof(PortalMode)] = mode;
        builder.Services.AddSingleton(mode);
        switch (mode.Mode)
        {
            case Bitrix24Mode.Webhook:
                builder.Services.AddSingleton<IBitrix24Endpoint, ConfiguredEndpoint>();
                break;
            default:
                builder.Services.AddSingleton<IBitrix24Endpoint, TSandboxEndpoint>();
                break;
        }

        return mode;
    }
}
