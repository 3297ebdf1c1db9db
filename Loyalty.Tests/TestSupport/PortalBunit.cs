using System.Security.Claims;
using Bunit;
using Loyalty.Core.Crm;
using Loyalty.Core.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;

namespace Loyalty.Tests.TestSupport;

/// <summary>
/// bUnit set-up for the portal's components: MudBlazor, localization and the REAL authorization
/// policies of <see cref="Policies"/> (not bUnit's fake authorization, which ignores the policy table).
/// </summary>
public static class PortalBunit
{
    public static BunitContext AddPortalServices(this BunitContext context)
    {
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddLocalization();
        // bUnit pre-registers a placeholder IAuthorizationService that throws; AddAuthorizationCore only
        // TryAdds, so the placeholder is removed first to let the real DefaultAuthorizationService in.
        context.Services.RemoveAll<IAuthorizationService>();
        context.Services.AddAuthorizationCore(Policies.Register);
        // CRM links point at a fixed portal; names are looked up in the test's own database (registered by the test).
        context.Services.TryAddSingleton<ICrmAddress>(new FixedCrmAddress(FixedCrmAddress.Portal));
        context.Services.TryAddSingleton<CrmNames>();
        return context;
    }

    /// <summary>A connected portal at a known address, as the webhook https://loyalty-demo.bitrix24.ru/rest/1/… gives it.</summary>
    public sealed class FixedCrmAddress(string? address) : ICrmAddress
    {
        public const string Portal = "https://loyalty-demo.bitrix24.ru";

        public Task<string?> GetAsync(CancellationToken ct = default) => Task.FromResult(address);
    }

    /// <summary>Renders <typeparamref name="TComponent"/> under the cascading authentication state of <paramref name="user"/>.</summary>
    public static IRenderedComponent<CascadingValue<Task<AuthenticationState>>> RenderAs<TComponent>(this BunitContext context, ClaimsPrincipal user)
        where TComponent : IComponent =>
        context.Render<CascadingValue<Task<AuthenticationState>>>(parameters => parameters
            .Add(p => p.Value, Task.FromResult(new AuthenticationState(user)))
            .AddChildContent<TComponent>());
}
