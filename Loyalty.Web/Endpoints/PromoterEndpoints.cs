using System.Globalization;
using System.Net;
using Loyalty.Core.Data;
using Loyalty.Core.Identity;
using Loyalty.Core.Portal;
using Loyalty.Core.Promoters;
using Loyalty.Web.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Endpoints;

/// <summary>
/// A promoter's QR code (PNG and SVG; <c>?download=true</c> as a file) and its printable A6 card, for administrators
/// and accountants. The QR code carries the referral link of the promoter's current code.
/// </summary>
internal static class PromoterEndpoints
{
    public static string PngPath(long promoterId) => $"/promoters/{promoterId}/qr.png";

    public static string SvgPath(long promoterId) => $"/promoters/{promoterId}/qr.svg";

    public static string CardPath(long promoterId) => $"/promoters/{promoterId}/card";

    public static WebApplication MapPromoterEndpoints(this WebApplication app)
    {
        var promoters = app.MapGroup("/promoters/{id:long}").RequireAuthorization(Policies.Finance);

        promoters.MapGet("/qr.png", async Task<IResult> (long id, bool? download, IDbContextFactory<LoyaltyDbContext> dbFactory, PromoterLinks links, HttpContext context, CancellationToken ct) =>
        {
            if (await CodeOfAsync(dbFactory, id, ct) is not { } code)
            {
                return TypedResults.NotFound();
            }

            NoStore(context);
            var png = PromoterQr.Png(links.ReferralUrl(code));
            return download == true ? TypedResults.File(png, "image/png", $"promoter-{code}.png") : TypedResults.File(png, "image/png");
        });

        promoters.MapGet("/qr.svg", async Task<IResult> (long id, bool? download, IDbContextFactory<LoyaltyDbContext> dbFactory, PromoterLinks links, HttpContext context, CancellationToken ct) =>
        {
            if (await CodeOfAsync(dbFactory, id, ct) is not { } code)
            {
                return TypedResults.NotFound();
            }

            NoStore(context);
            var svg = System.Text.Encoding.UTF8.GetBytes(PromoterQr.Svg(links.ReferralUrl(code)));
            return download == true ? TypedResults.File(svg, "image/svg+xml", $"promoter-{code}.svg") : TypedResults.File(svg, "image/svg+xml");
        });

        promoters.MapGet("/card", async Task<IResult> (long id, IDbContextFactory<LoyaltyDbContext> dbFactory, PromoterLinks links, IOptions<PortalOptions> portal,
            IStringLocalizer<SharedResource> l, HttpContext context, CancellationToken ct) =>
        {
            if (await CodeOfAsync(dbFactory, id, ct) is not { } code)
            {
                return TypedResults.NotFound();
            }

            NoStore(context);
            return TypedResults.Content(Card(portal.Value.Name, code, links.ReferralUrl(code), l), "text/html; charset=utf-8");
        });

        return app;
    }

    /// <summary>The printable card: A6 portrait, the company's name, the QR code, the link and the code to dictate.</summary>
    internal static string Card(string company, string code, string url, IStringLocalizer<SharedResource> l)
    {
        var e = (string s) => WebUtility.HtmlEncode(s);
        var svg = PromoterQr.Svg(url);
        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "ru";
        return $$"""
            <!DOCTYPE html>
            <html lang="{{language}}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{e(company)}} — {{e(code)}}</title>
            <style>
            @page { size: A6 portrait; margin: 0; }
            * { box-sizing: border-box; }
            body { margin: 0; font-family: "Segoe UI", Roboto, Arial, sans-serif; color: #111; background: #eee; }
            .card { width: 105mm; height: 148mm; margin: 8mm auto; padding: 9mm 8mm; background: #fff; display: flex; flex-direction: column; align-items: center; text-align: center; gap: 4mm; }
            h1 { font-size: 16pt; margin: 0; overflow-wrap: anywhere; }
            .invite { font-size: 11pt; margin: 0; }
            .qr svg { width: 68mm; height: 68mm; display: block; }
            .link { font-size: 9pt; margin: 0; overflow-wrap: anywhere; font-family: ui-monospace, Consolas, monospace; }
            .code { font-size: 13pt; margin: 0; letter-spacing: 0.12em; }
            .hint { font-size: 10pt; color: #555; margin: 2mm 0; }
            @media screen and (max-width: 440px) { .card { width: 100%; height: auto; margin: 0; } .qr svg { width: 70vw; height: 70vw; } }
            @media print { body { background: #fff; } .card { margin: 0; } .hint { display: none; } }
            </style>
            </head>
            <body>
            <p class="hint">{{e(l["PromoterCard_PrintHint"])}}</p>
            <main class="card">
            <h1>{{e(company)}}</h1>
            <p class="invite">{{e(l["PromoterCard_Invite"])}}</p>
            <div class="qr" role="img" aria-label="{{e(l["PromoterCard_QrLabel"])}}">{{svg}}</div>
            <p class="link">{{e(url)}}</p>
            <p class="code">{{e(l["PromoterCard_Code"])}}: <strong>{{e(code)}}</strong></p>
            </main>
            </body>
            </html>
            """;
    }

    private static async Task<string?> CodeOfAsync(IDbContextFactory<LoyaltyDbContext> dbFactory, long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Promoters.AsNoTracking().Where(p => p.Id == id).Select(p => p.ActiveCode).FirstOrDefaultAsync(ct);
    }

    private static void NoStore(HttpContext context) => context.Response.Headers.CacheControl = "private, no-store";
}
