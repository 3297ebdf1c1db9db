using Loyalty.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Loyalty.Web.Endpoints;

internal static class AccountEndpoints
{
    public const string LanguagePath = "/culture";

    public static WebApplication MapAccountEndpoints(this WebApplication app)
    {
        // A form post with an anti-forgery token (checked by UseAntiforgery), so no page can sign a user out.
        app.MapPost("/Account/Logout", async ([FromServices] SignInManager<AppUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("~/Account/Login?signedOut=1");
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
