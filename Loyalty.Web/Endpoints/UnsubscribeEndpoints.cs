using Loyalty.Core.Notifications;
using Loyalty.Core.Portal;
using Loyalty.Web.Components.Unsubscribe;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Endpoints;

/// <summary>
/// The public unsubscribe page, <c>/unsubscribe/{token}</c> (the link and <c>List-Unsubscribe</c> header of every
/// e-mail, decision 016): anonymous, static server rendering (no circuit), its own small layout. GET only shows: mail
/// scanners fetch links, so nothing changes until a person presses the button (a form post with its anti-forgery token).
/// A mail provider's one-click button (RFC 8058: a POST with <c>List-Unsubscribe=One-Click</c>) unsubscribes without
/// one. A token that was not issued here gets a neutral page with the same status and layout after the same look-up, so
/// nothing can be learnt by trying tokens; requests are rate-limited per client address (<see cref="Components.Account.SignInRateLimit"/>).
/// </summary>
internal static class UnsubscribeEndpoints
{
    public const string Path = "/unsubscribe";

    /// <summary>The longest token looked at; a longer one is answered as a bad one.</summary>
    public const int MaxTokenLength = 1000;

    public const string ActionField = "action";
    public const string Unsubscribe = "unsubscribe";
    public const string Resubscribe = "resubscribe";

    public static WebApplication MapUnsubscribePage(this WebApplication app)
    {
        app.MapGet(Path + "/{token}", async (string token, HttpContext context, [FromServices] NotificationOptOuts optOuts, [FromServices] ChannelSettings settings,
            [FromServices] IOptions<PortalOptions> portal, [FromServices] IAntiforgery antiforgery) =>
        {
            var state = await optOuts.LookAsync(Usable(token), context.RequestAborted);
            var view = state is null ? UnsubscribeView.Invalid : state.OptedOut ? UnsubscribeView.Unsubscribed : UnsubscribeView.Ask;
            return await PageAsync(context, token, view, state?.Address, StatusCodes.Status200OK, settings, portal, antiforgery);
        }).AllowAnonymous();

        app.MapPost(Path + "/{token}", async (string token, HttpContext context, [FromServices] NotificationOptOuts optOuts, [FromServices] ChannelSettings settings,
            [FromServices] IOptions<PortalOptions> portal, [FromServices] IAntiforgery antiforgery, [FromServices] ILoggerFactory logs) =>
        {
            var ct = context.RequestAborted;
            if (!context.Request.HasFormContentType)
            {
                return await PageAsync(context, token, UnsubscribeView.BadRequest, null, StatusCodes.Status400BadRequest, settings, portal, antiforgery);
            }

            IFormCollection form;
            try
            {
                form = await context.Request.ReadFormAsync(ct);
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
            {
                return await PageAsync(context, token, UnsubscribeView.BadRequest, null, StatusCodes.Status400BadRequest, settings, portal, antiforgery);
            }

            var usable = Usable(token);
            // RFC 8058: the provider posts exactly this, without cookies or a form token.
            if (string.Equals(form["List-Unsubscribe"], "One-Click", StringComparison.Ordinal))
            {
                var address = await optOuts.UnsubscribeAsync(usable, ct);
                if (address is not null)
                {
                    logs.CreateLogger(typeof(UnsubscribeEndpoints)).LogInformation("An address unsubscribed from {Channel} with the one-click button", address.Channel);
                }

                return await PageAsync(context, token, address is null ? UnsubscribeView.Invalid : UnsubscribeView.Unsubscribed, address, StatusCodes.Status200OK, settings, portal, antiforgery);
            }

            if (!await antiforgery.IsRequestValidAsync(context))
            {
                // An old tab or a forged post: the page as it is now, with a fresh form.
                var now = await optOuts.LookAsync(usable, ct);
                var again = now is null ? UnsubscribeView.Invalid : now.OptedOut ? UnsubscribeView.Unsubscribed : UnsubscribeView.Ask;
                return await PageAsync(context, token, again, now?.Address, StatusCodes.Status400BadRequest, settings, portal, antiforgery, formExpired: now is not null);
            }

            var resubscribe = string.Equals(form[ActionField], Resubscribe, StringComparison.Ordinal);
            var done = resubscribe ? await optOuts.ResubscribeAsync(usable, ct) : await optOuts.UnsubscribeAsync(usable, ct);
            var view = done is null ? UnsubscribeView.Invalid : resubscribe ? UnsubscribeView.Resubscribed : UnsubscribeView.Unsubscribed;
            return await PageAsync(context, token, view, done, StatusCodes.Status200OK, settings, portal, antiforgery);
        }).AllowAnonymous().DisableAntiforgery();

        return app;
    }

    /// <summary>The token if it may be one (printable, not too long), otherwise null: looked up as a bad one.</summary>
    private static string? Usable(string token) =>
        token.Length is > 0 and <= MaxTokenLength && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? token : null;

    private static async Task<RazorComponentResult<UnsubscribePage>> PageAsync(
        HttpContext context, string token, UnsubscribeView view, OptOutAddress? address, int status, ChannelSettings settings,
        IOptions<PortalOptions> portal, IAntiforgery antiforgery, bool formExpired = false)
    {
        var sender = (await settings.EffectiveAsync(context.RequestAborted)).Smtp.SenderName;
        var company = string.IsNullOrWhiteSpace(sender) ? portal.Value.Name : sender;
        var tokens = antiforgery.GetAndStoreTokens(context);
        var usable = Usable(token);
        var model = new UnsubscribeModel(
            view, address is null ? null : Mask(address), address?.Channel ?? NotificationChannel.Email, company,
            // The form posts back to this page; a token that is not one is not echoed.
            usable is null ? Path : $"{Path}/{usable}", tokens.FormFieldName, tokens.RequestToken ?? "", formExpired);
        return new RazorComponentResult<UnsubscribePage>(new { Model = model }) { StatusCode = status };
    }

    /// <summary>An address shown to whoever holds the link, partly hidden: <c>i•••v@mail.ru</c>, <c>+7 ••• •••-••-89</c>.</summary>
    internal static string Mask(OptOutAddress address)
    {
        var text = address.Address;
        if (address.Channel == NotificationChannel.Sms)
        {
            return text.Length > 4 ? $"{text[..2]} ••• •••-••-{text[^2..]}" : "•••";
        }

        var at = text.LastIndexOf('@');
        if (at <= 0)
        {
            return "•••";
        }

        var local = text[..at];
        var shown = local.Length <= 2 ? local[..1] + "•••" : $"{local[0]}•••{local[^1]}";
        return shown + text[at..];
    }
}
