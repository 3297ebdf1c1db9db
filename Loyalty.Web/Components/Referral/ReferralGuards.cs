using System.Net;
using System.Threading.RateLimiting;
using Loyalty.Core.Promoters;
using Loyalty.Web.Components.Account;
using Loyalty.Web.Resources;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Components.Referral;

/// <summary>
/// The public referral page's guards outside the page itself: rate limits per client address (page views and form
/// posts) and per code (form posts from everyone together), answered with 429 and a short page in the visitor's
/// language; and a bounded request body (<see cref="MaxBodyBytes"/>), answered 413 before the form is read.
/// Partitions are by <see cref="SignInRateLimit.ClientAddress"/>, the same address the sign-in limit counts.
/// </summary>
internal static class ReferralGuards
{
    public const string PathPrefix = "/r";

    /// <summary>A referral form is well under 4 KB (name, phone, e-mail, two tokens); 16 KB leaves room and no more.</summary>
    public const long MaxBodyBytes = 16 * 1024;

    public static bool IsReferral(HttpRequest request) => request.Path.StartsWithSegments(PathPrefix);

    /// <summary>The limiters to chain into the global one: per address, then per code.</summary>
    public static IEnumerable<PartitionedRateLimiter<HttpContext>> Limiters(IConfiguration configuration)
    {
        var options = configuration.GetSection(ReferralOptions.Section).Get<ReferralOptions>() ?? new ReferralOptions();
        yield return PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            if (!IsReferral(context.Request))
            {
                return RateLimitPartition.GetNoLimiter("");
            }

            var post = HttpMethods.IsPost(context.Request.Method);
            var limit = post ? options.PostsPerAddressPerMinute : options.PagesPerAddressPerMinute;
            return RateLimitPartition.GetFixedWindowLimiter((post ? "post " : "page ") + SignInRateLimit.ClientAddress(context), _ => Window(limit));
        });
        yield return PartitionedRateLimiter.Create<HttpContext, string>(context =>
            IsReferral(context.Request) && HttpMethods.IsPost(context.Request.Method) && CodeOf(context.Request) is { Length: > 0 } code
                ? RateLimitPartition.GetFixedWindowLimiter(code, _ => Window(options.PostsPerCodePerMinute))
                : RateLimitPartition.GetNoLimiter(""));
    }

    private static FixedWindowRateLimiterOptions Window(int perMinute) =>
        new() { PermitLimit = Math.Max(1, perMinute), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 };

    /// <summary>The code segment of <c>/r/{code}</c>, normalised as the page reads it.</summary>
    private static string? CodeOf(HttpRequest request)
    {
        var segments = request.Path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments is { Length: >= 2 } ? Referrals.Normalize(segments[1]) : null;
    }

    public static async ValueTask WriteRefusalAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var text = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        await WritePageAsync(context, text["Referral_LimitTitle"], text["Referral_LimitText"], "referral-limit", ct);
    }

    /// <summary>Refuses a referral post whose body is over <see cref="MaxBodyBytes"/>, and caps a chunked one there.</summary>
    public static IApplicationBuilder UseReferralRequestLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (IsReferral(context.Request) && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            if (context.Request.ContentLength > MaxBodyBytes)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                var text = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
                await WritePageAsync(context, text["Referral_TooLarge"], text["Referral_LimitText"], "referral-too-large", context.RequestAborted);
                return;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = MaxBodyBytes;
            }
        }

        await next(context);
    });

    private static async Task WritePageAsync(HttpContext context, LocalizedString title, LocalizedString body, string testId, CancellationToken ct)
    {
        var language = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(
            $"""
            <!DOCTYPE html>
            <html lang="{language}"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1.0" />
            <title>{Encode(title)}</title><link rel="stylesheet" href="/app.css" /></head>
            <body><div class="account-shell"><main class="account-card"><h1 class="account-heading">{Encode(title)}</h1>
            <p data-testid="{testId}">{Encode(body)}</p></main></div></body></html>
            """,
            ct);
    }

    private static string Encode(LocalizedString value) => WebUtility.HtmlEncode(value.Value);
}
