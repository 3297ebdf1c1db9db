using Loyalty.Core.Notifications;

namespace Loyalty.Core.Nps;

/// <summary>
/// The codes an error of "no contact way" or "send rejected" keeps as its message, so the error log words them in the
/// reader's language (<c>NpsDash_ErrorDetail_{code}</c>). A rejected send lists <c>{channel}:{code}</c> parts joined by
/// <see cref="Separator"/>.
/// </summary>
public static class NpsErrorDetails
{
    public const string NoContact = "no_contact";
    public const string NoEmail = "no_email";
    public const string NoPhone = "no_phone";
    public const string NoEmailOrPhone = "no_email_or_phone";
    public const string OptedOut = "opted_out";
    public const string InvalidRecipient = "invalid_recipient";
    public const string Incomplete = "incomplete";
    public const string Separator = "; ";

    public static readonly IReadOnlyList<string> All = [NoContact, NoEmail, NoPhone, NoEmailOrPhone, OptedOut, InvalidRecipient, Incomplete];

    public static string Of(EnqueueOutcome outcome) => outcome switch
    {
        EnqueueOutcome.OptedOut => OptedOut,
        EnqueueOutcome.Incomplete => Incomplete,
        _ => InvalidRecipient,
    };

    /// <summary>The (channel, code) parts of a message; a part without a channel has a null one.</summary>
    public static IEnumerable<(string? Channel, string Code)> Parts(string message) =>
        message.Split(Separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(part =>
            part.IndexOf(':') is var colon and > 0 ? (part[..colon], part[(colon + 1)..]) : ((string?)null, part));
}
