using Loyalty.Core.Data;
using Loyalty.Core.Portal;
using Loyalty.Web.Sandbox.Api;
using Loyalty.Web.Sandbox.Changes;
using Loyalty.Web.Sandbox.Data;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Loyalty.Web.Sandbox;

/// <summary>
/// The emulated Bitrix24 portal (DESIGN.md, "The Bitrix24 sandbox"). It is written from PROTOCOL.md alone and
/// shares nothing with the app's Bitrix24 client, so that a wrong field name or type in the client shows up here.
/// </summary>
public static class Bitrix24Sandbox
{
    /// <summary>Where the REST API is served: a real portal's path, and the sandbox's own.</summary>
    public static readonly IReadOnlyList<string> RestRoots = ["/rest", "/sandbox/rest"];

    /// <summary>Services, options (section <c>Sandbox</c>) and the background services: event sender and live mode.</summary>
    public static IHostApplicationBuilder AddBitrix24Sandbox(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(SandboxOptions.Section).Get<SandboxOptions>() ?? new SandboxOptions();
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        // The sandbox file lives beside the app database, so "delete the data folder" starts both over.
        var path = Path.IsPathRooted(options.Path)
            ? options.Path
            : Path.Combine(Path.GetDirectoryName(database.ResolveSqlitePath(builder.Environment.ContentRootPath))!, options.Path);

        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WorkerStatus>();
        services.AddSingleton(options);
        services.AddSingleton(sp => SandboxStore.Open(
            Path.GetFullPath(path), options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Loyalty.Web.Sandbox")));
        services.AddSingleton<SandboxEvents>();
        services.AddSingleton<SandboxCrm>();
        services.AddSingleton<SandboxMethods>();
        services.AddSingleton(sp => new LeakyBucket(options.RateLimit, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(new FaultInjector(options.Faults));
        services.AddSingleton<SandboxRestEndpoint>();
        // Its own Debug lines are enough; the factory's request logging would print every event at Information.
        services.AddHttpClient(EventSender.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10)).RemoveAllLoggers();
        services.AddHostedService<EventSender>();
        // The survey customers answer on live mode's beat; a test calls them directly with live mode off.
        services.AddSingleton<LiveNps>();
        if (options.Live.Enabled)
        {
            services.AddSingleton<LivePromoters>();
            services.AddHostedService<LiveActivity>();
            if (options.Live.Nps.Enabled)
            {
                // A fresh live company has a survey rule, so its wins are surveyed and answered from the start.
                services.AddHostedService<SandboxNpsRule>();
            }
        }

        return builder;
    }

    /// <summary>
    /// <c>/rest/{userId}/{secret}/{method}</c> and <c>/sandbox/rest/…</c> (GET and POST), <c>/rest/{method}</c> (OAuth form,
    /// always 401), <c>GET|DELETE /sandbox/journal</c> (<see cref="JournalEndpoint"/>) and the read-only record cards
    /// the portal's CRM links open (<see cref="RecordPages"/>). Opens (or generates) the sandbox's data before the app starts serving.
    /// </summary>
    public static WebApplication MapBitrix24Sandbox(this WebApplication app)
    {
        _ = app.Services.GetRequiredService<SandboxStore>();
        string[] verbs = [HttpMethods.Get, HttpMethods.Post];

        // Under /rest as on a real portal, so a Bitrix24 client given this app's address works unchanged, and under
        // /sandbox/rest as before. Neither exists outside sandbox mode (Program.cs maps this only there).
        foreach (var root in RestRoots)
        {
            app.MapMethods(root + "/{userId}/{secret}/{method}", verbs,
                (HttpContext context, string userId, string secret, string method, SandboxRestEndpoint endpoint) => endpoint.HandleAsync(context, userId, secret, method));
            app.MapMethods(root + "/{method}", verbs, (HttpContext context, SandboxRestEndpoint endpoint) => endpoint.HandleWithoutWebhookAsync(context));
            // Any other layout under the root is a wrong webhook URL, which the portal answers as an unknown method.
            app.Map(root + "/{**rest}", SandboxRestEndpoint.NotFoundAsync);
        }

        JournalEndpoint.Map(app);
        RecordPages.Map(app);
        return app;
    }
}
