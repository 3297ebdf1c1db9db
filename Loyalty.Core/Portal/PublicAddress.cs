using Loyalty.Core.Notifications;
using Microsoft.Extensions.Options;

namespace Loyalty.Core.Portal;

/// <summary>
/// The portal's one public address (<c>Notifications:PublicBaseUrl</c>, e.g. <c>https://loyalty.example.ru</c>): what
/// people outside open — unsubscribe links, referral links and their QR codes. There is no second setting.
/// </summary>
public sealed class PublicAddress(IOptions<NotificationOptions> options)
{
    /// <summary>The address without a trailing slash.</summary>
    public string BaseUrl => Trim(options.Value.PublicBaseUrl);

    /// <summary>The address of <paramref name="path"/> (with or without a leading slash).</summary>
    public string Of(string path) => Combine(options.Value.PublicBaseUrl, path);

    public static string Combine(string baseUrl, string path) => $"{Trim(baseUrl)}/{path.TrimStart('/')}";

    private static string Trim(string? baseUrl) => (baseUrl ?? "").Trim().TrimEnd('/');
}
