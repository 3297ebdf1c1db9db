namespace Loyalty.Web;

/// <summary>
/// The headers every response carries. The content security policy is the tightest that Blazor Server and
/// MudBlazor run under: scripts only from the portal itself (no inline script, no eval), styles inline too
/// (MudBlazor sets <c>style</c> attributes), the circuit's WebSocket back to the same host, and no framing
/// by other sites. Anything dynamic that did not say how it may be cached is not cached at all: pages and
/// downloads carry personal and financial data; static assets set their own caching first.
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; frame-ancestors 'self'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(static state =>
        {
            var headers = ((HttpContext)state).Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            if (string.IsNullOrEmpty(headers.CacheControl))
            {
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        }, context);
        return next(context);
    });
}
