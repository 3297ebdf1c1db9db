using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.TestSupport;

/// <summary>
/// The in-process test server gives every request the same (empty) client address. Here a request may name one in
/// <see cref="Header"/>, as if it came from that machine: sign-in failures and rate limits are counted per address.
/// Test-only: a startup filter, so it runs before the portal's own middleware.
/// </summary>
public static class ClientAddresses
{
    public const string Header = "X-Test-Client-Address";

    /// <summary>The portal with the client-address hook and, optionally, services of the test's own.</summary>
    public static WebApplicationFactory<Program> WithClientAddresses(this PortalFactory portal, Action<IServiceCollection>? services = null) =>
        portal.WithWebHostBuilder(builder => builder.ConfigureTestServices(s =>
        {
            s.AddSingleton<IStartupFilter, FromHeader>();
            services?.Invoke(s);
        }));

    /// <summary>The same hook for a factory that configures its own services (a Kestrel-served sandbox portal).</summary>
    public static void AddClientAddressHook(this IServiceCollection services) => services.AddSingleton<IStartupFilter, FromHeader>();

    /// <summary>A <see cref="FormClient"/> whose every request comes from <paramref name="address"/>.</summary>
    public static FormClient ClientFrom(this WebApplicationFactory<Program> portal, string address)
    {
        var http = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        http.DefaultRequestHeaders.Add(Header, address);
        return new FormClient(http);
    }

    private sealed class FromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(Header, out var value) && IPAddress.TryParse(value, out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
