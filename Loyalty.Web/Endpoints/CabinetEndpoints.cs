using Loyalty.Core.Cabinet;
using Loyalty.Core.Data;
using Loyalty.Core.Identity;
using Loyalty.Core.Promoters;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Endpoints;

/// <summary>
/// The promoter cabinet's endpoints: its own QR code (always the signed-in promoter's: the address names no promoter)
/// and sign-out; and the cookie rules that keep a promoter's session to the cabinet.
/// </summary>
internal static class CabinetEndpoints
{
    public const string SignInPath = "/cabinet/sign-in";

    public static WebApplication MapCabinetEndpoints(this WebApplication app)
    {
        app.MapGet("/cabinet/qr.png", async Task<IResult> (bool? download, HttpContext context, CabinetQueries queries, PromoterLinks links, CancellationToken ct) =>
        {
            if (UserClaims.PromoterId(context.User) is not { } promoterId || await queries.ActiveCodeAsync(promoterId, ct) is not { } code)
            {
                return TypedResults.NotFound();
            }

            context.Response.Headers.CacheControl = "private, no-store";
            var png = PromoterQr.Png(links.ReferralUrl(code));
            return download == true ? TypedResults.File(png, "image/png", $"promoter-{code}.png") : TypedResults.File(png, "image/png");
        }).RequireAuthorization(Policies.Promoter);

        // Like the staff sign-out: its anti-forgery token is checked here, and a new stamp ends copies of the cookie.
        app.MapPost("/cabinet/sign-out", async (HttpContext context, [FromServices] IAntiforgery antiforgery,
            [FromServices] SignInManager<AppUser> signIn, [FromServices] UserManager<AppUser> users) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }

            if (UserClaims.PromoterId(context.User) is not null && await users.GetUserAsync(context.User) is { } user)
            {
                await users.UpdateSecurityStampAsync(user);
            }

            await signIn.SignOutAsync();
            return Results.LocalRedirect("~" + SignInPath + "?signedOut=1");
        });

        return app;
    }

    /// <summary>
    /// The application cookie: the cabinet's pages send an anonymous visitor to the cabinet's sign-in (not the staff's),
    /// and a promoter switched off since it signed in loses its session at its next request.
    /// </summary>
    public static void Configure(CookieAuthenticationOptions options)
    {
        var redirectToLogin = options.Events.OnRedirectToLogin;
        options.Events.OnRedirectToLogin = context =>
        {
            if (context.Request.Path.StartsWithSegments("/cabinet", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Redirect(SignInPath);
                return Task.CompletedTask;
            }

            return redirectToLogin(context);
        };

        var validate = options.Events.OnValidatePrincipal;
        options.Events.OnValidatePrincipal = async context =>
        {
            await validate(context);
            if (context.Principal is { } principal && UserClaims.PromoterId(principal) is { } promoterId)
            {
                var dbFactory = context.HttpContext.RequestServices.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>();
                await using var db = await dbFactory.CreateDbContextAsync(context.HttpContext.RequestAborted);
                if (!await db.Promoters.AnyAsync(p => p.Id == promoterId && p.Active, context.HttpContext.RequestAborted))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                }
            }
        };
    }
}
