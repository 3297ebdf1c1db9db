using Ganss.Xss;

namespace Loyalty.Web.Sandbox.Mail;

/// <summary>
/// E-mail HTML as the portal shows it (the sandbox mailbox, the Notifications page): sanitized by HtmlSanitizer (no
/// scripts, event handlers, forms or frames; links and images only over http, https, mailto and data for images), then
/// shown in a sandboxed iframe, so a missed trick still runs nothing.
/// </summary>
public static class MailHtml
{
    private static readonly HtmlSanitizer Sanitizer = Create();

    public static string Sanitize(string html) => Sanitizer.Sanitize(html);

    /// <summary>A whole document for an iframe's <c>srcdoc</c>: the sanitized body in UTF-8, links opening outside the frame.</summary>
    public static string Document(string html) =>
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><base target=\"_blank\"></head><body style=\"font-family:sans-serif;margin:8px\">"
        + Sanitize(html) + "</body></html>";

    private static HtmlSanitizer Create()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Add("mailto");
        sanitizer.AllowDataAttributes = false;
        return sanitizer;
    }
}
