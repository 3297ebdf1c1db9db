using Loyalty.Core.Notifications;

namespace Loyalty.Web.Components.Unsubscribe;

/// <summary>What the unsubscribe page shows.</summary>
public enum UnsubscribeView
{
    /// <summary>A valid link to an address still subscribed: the question and the button.</summary>
    Ask,

    /// <summary>The address is on the opt-out list: said so, with "subscribe again".</summary>
    Unsubscribed,

    /// <summary>Just taken off the list again: said so, with "unsubscribe".</summary>
    Resubscribed,

    /// <summary>A link that was not issued here (mistyped, cut off, altered, or its key gone): the neutral page.</summary>
    Invalid,

    /// <summary>A post that is not a form.</summary>
    BadRequest,
}

/// <param name="View">Which state.</param>
/// <param name="MaskedAddress">The address, partly hidden; null on the neutral page.</param>
/// <param name="Channel">E-mail or SMS: what the address receives.</param>
/// <param name="Company">The sender's name (the e-mail channel's sender name, or the portal's name).</param>
/// <param name="Action">Where the form posts.</param>
/// <param name="FormFieldName">The anti-forgery field's name.</param>
/// <param name="FormToken">The anti-forgery token.</param>
/// <param name="FormExpired">The last post's form was too old; press again.</param>
public sealed record UnsubscribeModel(
    UnsubscribeView View, string? MaskedAddress, NotificationChannel Channel, string Company, string Action, string FormFieldName, string FormToken, bool FormExpired);
