using Bunit;
using Loyalty.Core.Portal;
using Loyalty.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Loyalty.Tests.Web.Components.Pages.Connection;

/// <summary>Shared set-up of the Connection page's parts: the portal's services and a clock in Moscow time.</summary>
internal static class ConnectionParts
{
    public static readonly DateTime CheckedAt = new(2026, 12, 6, 9, 30, 0, DateTimeKind.Utc);

    public static BunitContext Context()
    {
        var ctx = new BunitContext();
        ctx.AddPortalServices();
        ctx.Services.AddSingleton(new PortalClock(Options.Create(new PortalOptions()), TimeProvider.System));
        return ctx;
    }
}
