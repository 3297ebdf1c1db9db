using System.Globalization;
using System.Resources;

namespace Loyalty.Core.Notifications;

/// <summary>
/// The notifications' sentences for people (<c>NotificationText.resx</c>, Russian; <c>.en.resx</c>): refusals
/// (<see cref="EnqueueResult.MessageKey"/>, <see cref="PhoneNumberResult.MessageKey"/>, the channel settings' errors)
/// and failure reasons (<c>Failure_</c> + <see cref="Notification.FailureCode"/>).
/// </summary>
public static class NotificationText
{
    private static readonly ResourceManager Texts = new("Loyalty.Core.Notifications.NotificationText", typeof(NotificationText).Assembly);

    /// <summary>The sentence for <paramref name="key"/> in <paramref name="language"/> (the current UI culture by default).</summary>
    public static string Get(string key, CultureInfo? language = null, params object[] args)
    {
        var culture = language ?? CultureInfo.CurrentUICulture;
        var text = Texts.GetString(key, culture) ?? key;
        return args.Length == 0 ? text : string.Format(culture, text, args);
    }

    /// <summary>Why a notice failed, in the reader's language; null when it has no code.</summary>
    public static string? Failure(string? failureCode, CultureInfo? language = null) =>
        failureCode is null ? null : Texts.GetString("Failure_" + failureCode, language ?? CultureInfo.CurrentUICulture) ?? failureCode;
}
