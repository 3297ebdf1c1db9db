using System.Globalization;
using MimeKit;

namespace Loyalty.Core.Notifications;

/// <summary>A recipient as the channel needs it, or the resource key of why it is not one.</summary>
public sealed record AddressResult(string? Address, string? MessageKey)
{
    public bool IsValid => Address is not null;
}

/// <summary>Recipients made canonical: e-mail addresses in lower case, phone numbers in E.164, Bitrix24 user IDs as numbers.</summary>
public static class NotificationAddresses
{
    public static AddressResult Normalize(NotificationChannel channel, string? input) => channel switch
    {
        NotificationChannel.Email => Email(input),
        NotificationChannel.Sms => PhoneNumbers.Normalize(input) is { IsValid: true } phone ? new(phone.E164, null) : new(null, PhoneNumbers.Normalize(input).MessageKey),
        _ => long.TryParse(input?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? new(id.ToString(CultureInfo.InvariantCulture), null)
            : new(null, "Recipient_BadBitrix24User"),
    };

    public static AddressResult Email(string? input)
    {
        var text = input?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return new(null, "Email_Empty");
        }

        if (text.Length > NotificationLimits.Recipient
            || !MailboxAddress.TryParse(text, out var mailbox)
            || mailbox.Name is { Length: > 0 }
            || mailbox.Address != text
            || text.IndexOf('@') is var at && (at <= 0 || at == text.Length - 1 || !text[(at + 1)..].Contains('.')))
        {
            return new(null, "Email_Invalid");
        }

        return new(text.ToLowerInvariant(), null);
    }
}
