using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Loyalty.Core.Notifications;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Loyalty.Web.Sandbox.Mail;

/// <summary>
/// The sandbox's notification side (DESIGN.md, "Notifications"), registered from this one place and only in sandbox mode:
/// a real SMTP server on 127.0.0.1, an SMS.ru-like gateway under <c>/sandbox/sms</c>, the mailbox that keeps what they
/// received, and fault injection. The e-mail and SMS channels are pointed at them through configuration defaults, which
/// an operator's own <c>Notifications:Smtp:Host</c> or <c>Notifications:Sms:BaseUrl</c> overrides.
/// </summary>
public static class SandboxNotifications
{
    public static IHostApplicationBuilder AddSandboxNotifications(this IHostApplicationBuilder builder)
    {
        var options = SandboxMailOptions.From(builder.Configuration);
        var warnings = new List<string>();
        var listener = SandboxSmtpServer.Bind(options.SmtpPort, warnings.Add);
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;

        var defaults = new SandboxChannelDefaults();
        if (string.IsNullOrEmpty(builder.Configuration["Notifications:Smtp:Host"]))
        {
            defaults.Set("Notifications:Smtp:Host", "127.0.0.1");
            defaults.Set("Notifications:Smtp:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            defaults.Set("Notifications:Smtp:Tls", "None");
            if (string.IsNullOrEmpty(builder.Configuration["Notifications:Smtp:SenderAddress"]))
            {
                defaults.Set("Notifications:Smtp:SenderAddress", "loyalty@sandbox.loyalty.local");
            }
        }

        if (string.IsNullOrEmpty(builder.Configuration["Notifications:Sms:BaseUrl"]))
        {
            defaults.Set("Notifications:Sms:BaseUrl", SandboxSmsRouting.BaseUrl);
            defaults.Set("Notifications:Sms:ApiId", options.SmsApiId);
        }

        ((IConfigurationBuilder)builder.Configuration).Add(defaults);

        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(new SandboxMailbox(options));
        services.AddSingleton(new MailFaults(options));
        services.AddSingleton(sp => new SmsRuGateway(options, sp.GetRequiredService<SandboxMailbox>(), sp.GetRequiredService<MailFaults>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => SandboxSmtpServer.Create(sp, listener));
        services.AddHostedService(sp => sp.GetRequiredService<SandboxSmtpServer>());
        services.AddHostedService(sp => new StartupNotes(sp, warnings));
        // Requests to the gateway's stable name go to wherever this portal listens now (a free port in tests, another
        // after a restart), so a saved Channels page keeps working.
        services.AddTransient<SandboxSmsRouting>();
        services.AddHttpClient(SmsRuProvider.HttpClientName).AddHttpMessageHandler<SandboxSmsRouting>();
        return builder;
    }

    /// <summary><c>/sandbox/sms/…</c>, SMS.ru's API (<see cref="SmsRuEndpoint"/>).</summary>
    public static WebApplication MapSandboxNotifications(this WebApplication app)
    {
        SmsRuEndpoint.Map(app);
        return app;
    }

    /// <summary>Says, once the portal runs, what the sandbox could not do as configured (a taken SMTP port).</summary>
    private sealed class StartupNotes(IServiceProvider services, List<string> warnings) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Loyalty.Web.Sandbox.Mail");
            foreach (var warning in warnings)
            {
                logger.LogWarning("{Warning}", warning);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>The portal's own first address, loopback for a wildcard binding (as the Bitrix24 sandbox's endpoint does).</summary>
    internal static Uri? AppAddress(IServer server)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault();
        if (address is null)
        {
            return null;
        }

        var uri = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
        {
            uri.Host = "127.0.0.1";
        }

        uri.Path = "/";
        return uri.Uri;
    }

    /// <summary>Configuration values the sandbox supplies, below the operator's own.</summary>
    private sealed class SandboxChannelDefaults : ConfigurationProvider, IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => this;
    }
}

/// <summary>
/// The SMS client's requests to <see cref="BaseUrl"/>'s host are sent to this portal's own address, where
/// <c>/sandbox/sms/</c> is mapped. The name stays the same whatever port the portal gets, so it can be saved.
/// </summary>
internal sealed class SandboxSmsRouting(IServer server) : DelegatingHandler
{
    public const string Host = "sms.sandbox.localhost";
    public const string BaseUrl = "http://" + Host + "/sandbox/sms/";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri && string.Equals(uri.Host, Host, StringComparison.OrdinalIgnoreCase)
            && SandboxNotifications.AppAddress(server) is { } app)
        {
            request.RequestUri = new UriBuilder(uri) { Scheme = app.Scheme, Host = app.Host, Port = app.Port }.Uri;
        }

        return base.SendAsync(request, cancellationToken);
    }
}
