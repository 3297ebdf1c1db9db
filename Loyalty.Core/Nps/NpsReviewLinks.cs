using System.Text.RegularExpressions;

namespace Loyalty.Core.Nps;

/// <summary>A checked link: the normalized <see cref="Url"/>, or the resource key of what is wrong.</summary>
public sealed record NpsLinkCheck(string? Url, string? ErrorKey)
{
    public bool IsValid => Url is not null;
}

/// <summary>
/// The review links of the positive reply. Google: an https link on a Google host (the short <c>g.page</c> /
/// <c>maps.app.goo.gl</c> links included). Yandex: the review form <c>https://yandex.ru/maps/org/{id}/?add-review=true</c>,
/// made from a pasted organisation page (<c>…/maps/org/&lt;slug&gt;/&lt;digits&gt;/…</c>), a form link or the bare ID (seed 004).
/// </summary>
public static partial class NpsReviewLinks
{
    private static readonly string[] GoogleHosts = ["google.com", "google.ru", "g.page", "goo.gl", "maps.app.goo.gl", "g.co"];

    public static NpsLinkCheck ValidateGoogle(string? input)
    {
        var text = (input ?? "").Trim();
        if (text.Length == 0)
        {
            return new(null, "NpsErr_LinkEmpty");
        }

        if (text.Length > TextLimits.Url)
        {
            return new(null, "NpsErr_LinkTooLong");
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return new(null, "NpsErr_GoogleLink");
        }

        var host = uri.IdnHost.ToLowerInvariant();
        var google = GoogleHosts.Any(h => host == h || host.EndsWith("." + h, StringComparison.Ordinal))
            || GoogleCountry().IsMatch(host);
        return google && uri.IsDefaultPort ? new(uri.AbsoluteUri, null) : new(null, "NpsErr_GoogleLink");
    }

    public static NpsLinkCheck ValidateYandex(string? input)
    {
        var text = (input ?? "").Trim();
        if (text.Length == 0)
        {
            return new(null, "NpsErr_LinkEmpty");
        }

        if (text.Length > TextLimits.Url)
        {
            return new(null, "NpsErr_LinkTooLong");
        }

        if (Digits().IsMatch(text))
        {
            return new(YandexForm(text), null);
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || !string.IsNullOrEmpty(uri.UserInfo) || !uri.IsDefaultPort)
        {
            return new(null, "NpsErr_YandexLink");
        }

        var host = uri.IdnHost.ToLowerInvariant();
        if (!YandexHost().IsMatch(host))
        {
            return new(null, "NpsErr_YandexLink");
        }

        // /maps/org/<slug>/<digits>/…, /maps/org/<digits>/…, optionally under a city (/maps/213/moscow/org/…).
        var match = YandexOrg().Match(uri.AbsolutePath);
        return match.Success ? new(YandexForm(match.Groups["id"].Value), null) : new(null, "NpsErr_YandexLink");
    }

    /// <summary>The review form of organisation <paramref name="id"/>.</summary>
    public static string YandexForm(string id) => $"https://yandex.ru/maps/org/{id}/?add-review=true";

    [GeneratedRegex(@"^\d{3,20}$")]
    private static partial Regex Digits();

    [GeneratedRegex(@"^(www\.)?yandex\.(ru|com|by|kz|uz|com\.tr)$")]
    private static partial Regex YandexHost();

    [GeneratedRegex(@"^(www\.)?google\.[a-z]{2,3}(\.[a-z]{2})?$")]
    private static partial Regex GoogleCountry();

    [GeneratedRegex(@"^/maps(/[^/]+)*?/org/(?:[^/]+/)?(?<id>\d{3,20})(/.*)?$")]
    private static partial Regex YandexOrg();
}

/// <summary>What a logo upload may be: a PNG, JPEG, GIF or WebP image by its first bytes (no SVG: it can carry scripts), at most 512 KB.</summary>
public static class NpsLogoCheck
{
    /// <summary>The content type by magic bytes, or null when the bytes are none of the allowed images.</summary>
    public static string? ContentTypeOf(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }

        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8))
        {
            return "image/gif";
        }

        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }

        return null;
    }

    /// <summary>Null when <paramref name="bytes"/> may be the logo; else the resource key.</summary>
    public static string? Check(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0)
        {
            return "NpsErr_LogoEmpty";
        }

        if (bytes.Length > NpsLimits.LogoBytes)
        {
            return "NpsErr_LogoTooLarge";
        }

        return ContentTypeOf(bytes) is null ? "NpsErr_LogoNotImage" : null;
    }
}
