using System.Net;
using System.Threading.RateLimiting;
using Loyalty.Core.Identity;
using Loyalty.Core.Notifications;
using Microsoft.AspNetCore.RateLimiting;
using Loyalty.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Components.Account;

/// <summary>
/// Limits the anonymous account form posts (sign-in, first-run setup) per client address, whatever the
/// accounts tried: the per-account-and-address count of <see cref="SignInThrottle"/> cannot stop one address
/// from trying many accounts. The promoter cabinet's sign-in posts (code requests, codes, links) share this limit. The public unsubscribe page is limited per address too (every request). Beyond the
/// limit the answer is 429 with a short page in the user's language.
/// </summary>
internal static class SignInRateLimit
{
    private static readonly string[] LimitedPaths = ["/Account/Login", "/setup", "/cabinet/sign-in", "/cabinet/sign-in/link"];

    public static IServiceCollection AddSignInRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = (configuration.GetSection(AccountLockoutOptions.Section).Get<AccountLockoutOptions>() ?? new AccountLockoutOptions()).SignInPostsPerMinute;
        var unsubscribePerMinute = (configuration.GetSection(NotificationOptions.Section).Get<NotificationOptions>() ?? new NotificationOptions()).UnsubscribeRequestsPerMinute;
        return services.AddRateLimiter(options =>
        {
            var signIn = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                IsLimited(context.Request)
                    ? RateLimitPartition.GetFixedWindowLimiter(ClientAddress(context), _ => PerMinute(perMinute))
                    // The public unsubscribe page: every request (a token cannot be guessed, but nobody may try many).
                    : IsUnsubscribe(context.Request)
                        ? RateLimitPartition.GetFixedWindowLimiter("unsubscribe:" + ClientAddress(context), _ => PerMinute(unsubscribePerMinute))
                        : RateLimitPartition.GetNoLimiter(""));
            // One global limiter: the sign-in posts' and the unsubscribe page's, chained with the public referral page's (per address, per code)
            // and the public survey page's (per address, per token).
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained([signIn, .. Referral.ReferralGuards.Limiters(configuration), .. Nps.NpsGuards.Limiters(configuration)]);
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, ct) => Referral.ReferralGuards.IsReferral(context.HttpContext.Request)
                ? Referral.ReferralGuards.WriteRefusalAsync(context, ct)
                : Nps.NpsGuards.IsSurvey(context.HttpContext.Request)
                    ? Nps.NpsGuards.WriteRefusalAsync(context, ct)
                    : WriteRefusalAsync(context, ct);
        });
    }

    /// <summary>The address failures and posts are counted against. Behind a proxy, forwarded headers must set it.</summary>
    public static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static FixedWindowRateLimiterOptions PerMinute(int permits) =>
        new() { PermitLimit = Math.Max(1, permits), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 };

    private static bool IsUnsubscribe(HttpRequest request) => request.Path.StartsWithSegments(Endpoints.UnsubscribeEndpoints.Path, StringComparison.OrdinalIgnoreCase);

    private static bool IsCabinet(HttpRequest request) => request.Path.StartsWithSegments("/cabinet", StringComparison.OrdinalIgnoreCase);

    private static bool IsLimited(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && LimitedPaths.Any(path => request.Path.Equals(path, StringComparison.OrdinalIgnoreCase));

    private static async ValueTask WriteRefusalAsync(OnRejectedContext context, CancellationToken ct)
    {
        var response = context.HttpContext.Response;
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var text = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        var language = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        response.ContentType = "text/html; charset=utf-8";
        if (IsUnsubscribe(context.HttpContext.Request))
        {
            await response.WriteAsync(
                $"""
                <!DOCTYPE html>
                <html lang="{language}"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1.0" />
                <title>{Encode(text["UnsubscribeLimit_Title"])}</title><link rel="stylesheet" href="/app.css" /></head>
                <body><div class="account-shell"><main class="account-card"><h1 class="account-heading">{Encode(text["UnsubscribeLimit_Title"])}</h1>
                <p data-testid="unsubscribe-limit">{Encode(text["UnsubscribeLimit_Text"])}</p></main></div></body></html>
                """,
                ct);
            return;
        }

        await response.WriteAsync(
            $"""
            <!DOCTYPE html>
            <html lang="{language}"><head><meta charset="utf-8" /><title>{Encode(text["SignInLimit_Title"])}</title></head>
            <body><h1>{Encode(text["SignInLimit_Title"])}</h1><p data-testid="sign-in-limit">{Encode(text["SignInLimit_Text"])}</p>
            <p><a href="{(IsCabinet(context.HttpContext.Request) ? "/cabinet/sign-in" : "/Account/Login")}">{Encode(text["SignInLimit_Back"])}</a></p></body></html>
            """,
            ct);
    }

    private static string Encode(LocalizedString value) => WebUtility.HtmlEncode(value.Value);
}
