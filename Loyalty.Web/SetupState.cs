using Loyalty.Core.Bitrix24;
using Loyalty.Core.Identity;
using Microsoft.Extensions.Options;

namespace Loyalty.Web;

/// <summary>
/// Whether the portal still needs its first administrator. Against a real portal there are no demo
/// accounts, so until someone creates the first administrator every page leads to <c>/setup</c>;
/// once any account exists the answer is cached and the setup page is gone for good.
/// </summary>
internal sealed class SetupState(UserAdministration users, IOptions<Bitrix24Options> bitrix24)
{
    private volatile bool _done;

    public async Task<bool> IsNeededAsync(CancellationToken ct)
    {
        if (_done || bitrix24.Value.Mode == Bitrix24Mode.Sandbox)
        {
            return false;
        }

        _done = await users.AnyUserAsync(ct);
        return !_done;
    }
}

internal sealed class SetupRedirectMiddleware(RequestDelegate next, SetupState setup)
{
    public const string SetupPath = "/setup";

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments(SetupPath))
        {
            if (!await setup.IsNeededAsync(context.RequestAborted))
            {
                // Once an administrator exists the setup page is gone.
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await next(context);
            return;
        }

        // The unsubscribe page answers whoever holds a link from an e-mail, set up or not.
        var exempt = path.StartsWithSegments("/health") || path.StartsWithSegments("/api") || path.StartsWithSegments(Endpoints.UnsubscribeEndpoints.Path)
            || path.StartsWithSegments("/_framework") || path.StartsWithSegments("/_content") || Path.HasExtension(path.Value);
        if (!exempt && await setup.IsNeededAsync(context.RequestAborted))
        {
            context.Response.Redirect(SetupPath);
            return;
        }

        await next(context);
    }
}
