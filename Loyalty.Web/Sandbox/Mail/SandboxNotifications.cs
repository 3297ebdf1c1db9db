using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
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
            if (string.IsNullOrEmpty(builder.Configuration["Notifications:Smtp:FromAddress"]))
            {
                defaults.Set("Notifications:Smtp:FromAddress", "loyalty@sandbox.loyalty.local");
            }
        }

        var pointSms = string.IsNullOrEmpty(builder.Configuration["Notifications:Sms:BaseUrl"]);
        if (pointSms)
        {
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
        services.AddHostedService(sp => new StartupNotes(sp, warnings, pointSms ? defaults : null));
        return builder;
    }

    /// <summary><c>/sandbox/sms/…</c>, SMS.ru's API (<see cref="SmsRuEndpoint"/>).</summary>
    public static WebApplication MapSandboxNotifications(this WebApplication app)
    {
        SmsRuEndpoint.Map(app);
        return app;
    }

    /// <summary>
    /// The SMS gateway's address is the portal's own, known only once the server listens: it is written into the
    /// configuration then (<c>Notifications:Sms:BaseUrl</c>), before the first request can be served.
    /// </summary>
    private sealed class StartupNotes(IServiceProvider services, List<string> warnings, SandboxChannelDefaults? sms) : IHostedLifecycleService
    {
        public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartedAsync(CancellationToken cancellationToken)
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Loyalty.Web.Sandbox.Mail");
            foreach (var warning in warnings)
            {
                logger.LogWarning("{Warning}", warning);
            }

            if (sms is not null && AppAddress(services.GetRequiredService<IServer>()) is { } address)
            {
                sms.Set("Notifications:Sms:BaseUrl", new Uri(address, SmsRuEndpoint.Prefix.TrimStart('/') + "/").ToString());
                sms.Reload();
            }

            return Task.CompletedTask;
        }

        public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
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

    /// <summary>Configuration values the sandbox supplies, one of which (the SMS address) is known only after start.</summary>
    private sealed class SandboxChannelDefaults : ConfigurationProvider, IConfigurationSource
    {
        public void Reload() => OnReload();

        public IConfigurationProvider Build(IConfigurationBuilder builder) => this;
    }
}
