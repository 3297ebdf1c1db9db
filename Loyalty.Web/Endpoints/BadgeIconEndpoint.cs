using Loyalty.Core.Data;
using Loyalty.Core.Gamification;
using Loyalty.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Endpoints;

/// <summary>An uploaded badge icon, for signed-in users; cached by the browser, revalidated by its hash.</summary>
internal static class BadgeIconEndpoint
{
    public static WebApplication MapBadgeIcons(this WebApplication app)
    {
        app.MapGet("/badges/{id:long}/icon", async Task<IResult> (long id, HttpContext context, IDbContextFactory<LoyaltyDbContext> dbFactory, CancellationToken ct) =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var icon = await db.Badges.AsNoTracking().Where(b => b.Id == id && b.Icon == BadgeIcons.Upload)
                .Select(b => new { b.IconData, b.IconContentType }).FirstOrDefaultAsync(ct);
            if (icon?.IconData is not { Length: > 0 } data || icon.IconContentType is null)
            {
                return TypedResults.NotFound();
            }

            var tag = new Microsoft.Net.Http.Headers.EntityTagHeaderValue("\"" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(data))[..16] + "\"");
            context.Response.Headers.CacheControl = "private, max-age=300";
            context.Response.Headers["X-Content-Type-Options"] = "nosniff";
            return TypedResults.File(data, icon.IconContentType, entityTag: tag);
        }).RequireAuthorization(Policies.SignedIn);

        return app;
    }
}
