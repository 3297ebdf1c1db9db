using System.Globalization;
using Loyalty.Core.Nps;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Loyalty.Web.Endpoints;

/// <summary>
/// The company's logo of the survey e-mail and page, <c>GET /nps/logo</c>: anonymous (a customer's mail client and the
/// public page load it), with the content type stored at upload (PNG, JPEG, GIF or WebP, checked by magic bytes, never
/// SVG) and <c>nosniff</c>, so the bytes are never read as anything else. Cached publicly for a day: the page and the
/// e-mail add the logo's change time (<c>?v=</c>), so a new logo is a new address; the entity tag answers a revalidation.
/// </summary>
internal static class NpsLogoEndpoint
{
    public const string Path = "/nps/logo";

    public static WebApplication MapNpsLogo(this WebApplication app)
    {
        app.MapGet(Path, async Task<IResult> (HttpContext context, [FromServices] NpsSettingsStore settings, CancellationToken ct) =>
        {
            var logo = await settings.LogoAsync(ct);
            if (logo is not { Bytes.Length: > 0 } || string.IsNullOrEmpty(logo.ContentType))
            {
                return TypedResults.NotFound();
            }

            var tag = new EntityTagHeaderValue("\"" + logo.UpdatedAt.Ticks.ToString("x", CultureInfo.InvariantCulture) + "\"");
            context.Response.Headers.CacheControl = "public, max-age=86400";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return TypedResults.File(logo.Bytes, logo.ContentType, lastModified: new DateTimeOffset(DateTime.SpecifyKind(logo.UpdatedAt, DateTimeKind.Utc)), entityTag: tag);
        }).AllowAnonymous();

        return app;
    }
}
