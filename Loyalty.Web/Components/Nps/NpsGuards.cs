using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Loyalty.Core.Nps;
using Loyalty.Web.Components.Account;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;

namespace Loyalty.Web.Components.Nps;

/// <summary>
/// The public survey page's guards outside the page, as the referral page's (<see cref="Referral.ReferralGuards"/>):
/// rate limits per client address (page views and form posts) and per survey token (form posts from everyone
/// together), answered with 429 and a short page in the visitor's language; and a bounded request body
/// (<see cref="MaxBodyBytes"/>), answered 413 before the form is read.
/// </summary>
internal static class NpsGuards
{
    public const string PathPrefix = "/s";

    /// <summary>A score or a comment form is well under 8 KB (a 2,000-character comment is at most 6 KB encoded, plus tokens).</summary>
    public const long MaxBodyBytes = 16 * 1024;

    public static bool IsSurvey(HttpRequest request) => request.Path.StartsWithSegments(PathPrefix);

    /// <summary>The limiters to chain into the global one: per address, then per token.</summary>
    public static IEnumerable<PartitionedRateLimiter<HttpContext>> Limiters(IConfiguration configuration)
    {
        var options = configuration.GetSection(NpsPageOptions.Section).Get<NpsPageOptions>() ?? new NpsPageOptions();
        yield return PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            if (!IsSurvey(context.Request))
            {
                return RateLimitPartition.GetNoLimiter("");
            }

            var post = HttpMethods.IsPost(context.Request.Method);
            var limit = post ? options.PostsPerAddressPerMinute : options.PagesPerAddressPerMinute;
            return RateLimitPartition.GetFixedWindowLimiter((post ? "nps post " : "nps page ") + SignInRateLimit.ClientAddress(context), _ => Window(limit));
        });
        yield return PartitionedRateLimiter.Create<HttpContext, string>(context =>
            IsSurvey(context.Request) && HttpMethods.IsPost(context.Request.Method) && TokenOf(context.Request) is { } token
                ? RateLimitPartition.GetFixedWindowLimiter("nps " + token, _ => Window(options.PostsPerTokenPerMinute))
                : RateLimitPartition.GetNoLimiter(""));
    }

    private static FixedWindowRateLimiterOptions Window(int perMinute) =>
        new() { PermitLimit = Math.Max(1, perMinute), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 };

    /// <summary>The token segment of <c>/s/{token}</c> as the page reads it (a malformed one counts as the placeholder).</summary>
    private static string? TokenOf(HttpRequest request)
    {
        var segments = request.Path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments is { Length: >= 2 } ? NpsAnswers.Usable(segments[1]) : null;
    }

    public static async ValueTask WriteRefusalAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        await WritePageAsync(context, "NpsPage_LimitTitle", "NpsPage_LimitText", "nps-limit", ct);
    }

    /// <summary>Refuses a survey post whose body is over <see cref="MaxBodyBytes"/>, and caps a chunked one there.</summary>
    public static IApplicationBuilder UseNpsRequestLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (IsSurvey(context.Request) && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            if (context.Request.ContentLength > MaxBodyBytes)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await WritePageAsync(context, "NpsPage_TooLarge", "NpsPage_LimitText", "nps-too-large", context.RequestAborted);
                return;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = MaxBodyBytes;
            }
        }

        await next(context);
    });

    private static async Task WritePageAsync(HttpContext context, string titleKey, string textKey, string testId, CancellationToken ct)
    {
        var language = CultureInfo.CurrentUICulture;
        var title = WebUtility.HtmlEncode(NpsPageText.Get(titleKey, language));
        var text = WebUtility.HtmlEncode(NpsPageText.Get(textKey, language));
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(
            $"""
            <!DOCTYPE html>
            <html lang="{language.TwoLetterISOLanguageName}"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1.0" />
            <title>{title}</title><link rel="stylesheet" href="/app.css" /></head>
            <body><div class="account-shell"><main class="account-card"><h1 class="account-heading">{title}</h1>
            <p data-testid="{testId}">{text}</p></main></div></body></html>
            """,
            ct);
    }
}
