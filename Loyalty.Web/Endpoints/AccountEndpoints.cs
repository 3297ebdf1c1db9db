using Loyalty.Core.Identity;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Loyalty.Web.Endpoints;

internal static class AccountEndpoints
{
    public const string LanguagePath = "/culture";

    public static WebApplication MapAccountEndpoints(this WebApplication app)
    {
        // A form post from the layout with its anti-forgery token. A minimal API checks the token only when it binds
        // a form, and this one binds nothing, so it is checked here: no other site can sign a user out.
        app.MapPost("/Account/Logout", async (HttpContext context, [FromServices] IAntiforgery antiforgery,
            [FromServices] SignInManager<AppUser> signIn, [FromServices] UserManager<AppUser> users) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }

            // A new security stamp makes every copy of this session's cookie fail its next stamp check.
            if (await users.GetUserAsync(context.User) is { } user)
            {
                await users.UpdateSecurityStampAsync(user);
            }

            await signIn.SignOutAsync();
            return Results.LocalRedirect("~/Account/Login?signedOut=1");
        });

        // Switching language sets the culture cookie and reloads the page the user was on.
        app.MapGet(LanguagePath + "/{language}", (string language, string? returnUrl, HttpContext context) =>
        {
            if (!WebServices.Languages.TryGetValue(language, out var uiCulture))
            {
                return Results.BadRequest($"Unknown language \"{language}\": expected one of {string.Join(", ", WebServices.Languages.Keys)}.");
            }

            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(WebServices.FormatCultureOf(uiCulture), uiCulture)),
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
            return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "~/");
        });

        return app;
    }

    /// <summary>ASP.NET Core's own rule for a local URL (LocalRedirect throws on anything else), control characters included.</summary>
    internal static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);
}
