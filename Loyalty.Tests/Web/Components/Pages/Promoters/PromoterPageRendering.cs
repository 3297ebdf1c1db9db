using AngleSharp.Dom;
using Bunit;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Pages.Promoters;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Host = Microsoft.AspNetCore.Components.CascadingValue<System.Threading.Tasks.Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState>>;

namespace Loyalty.Tests.Web.Components.Pages.Promoters;

/// <summary>Renders the promoter pages for a role in bUnit, with the dialog provider beside them, and finds their inputs.</summary>
internal static class PromoterPageRendering
{
    /// <summary>Opens <typeparamref name="TPage"/> at <paramref name="address"/>; <paramref name="dialogs"/> is where its dialogs render.</summary>
    public static IRenderedComponent<Host> Open<TPage>(BunitContext ctx, string address, string role, out IRenderedComponent<Host> dialogs)
        where TPage : IComponent
    {
        var user = Principals.SignedIn(role);
        ctx.Render<MudPopoverProvider>();
        dialogs = ctx.RenderAs<MudDialogProvider>(user);
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo(address);
        return ctx.RenderAs<TPage>(user);
    }

    /// <summary>Opens a promoter's card (a page with a route parameter).</summary>
    public static IRenderedComponent<Host> OpenCard(BunitContext ctx, long promoterId, string role, out IRenderedComponent<Host> dialogs)
    {
        var user = Principals.SignedIn(role);
        ctx.Render<MudPopoverProvider>();
        dialogs = ctx.RenderAs<MudDialogProvider>(user);
        return ctx.Render<Host>(parameters => parameters
            .Add(p => p.Value, Task.FromResult(new Microsoft.AspNetCore.Components.Authorization.AuthenticationState(user)))
            .AddChildContent<PromoterCardPage>(card => card.Add(c => c.PromoterId, promoterId)));
    }

    /// <summary>The input of a MudBlazor field by its test ID (the ID lands on the input or on its wrapper).</summary>
    public static IElement Input(IRenderedComponent<Host> cut, string testId) =>
        cut.Find($"[data-testid={testId}]") is { TagName: "INPUT" } input ? input : cut.Find($"[data-testid={testId}] input");

    public static IElement Textarea(IRenderedComponent<Host> cut, string testId) =>
        cut.Find($"[data-testid={testId}]") is { TagName: "TEXTAREA" } area ? area : cut.Find($"[data-testid={testId}] textarea");
}
