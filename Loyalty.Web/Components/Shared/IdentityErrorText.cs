using Loyalty.Core.Identity;
using Loyalty.Web.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Components.Shared;

/// <summary>Turns an Identity or user-administration error code into a sentence in the user's language.</summary>
public sealed class IdentityErrorText(IStringLocalizer<SharedResource> localizer, IOptions<IdentityOptions> identity)
{
    public string For(IdentityError error)
    {
        var text = error.Code switch
        {
            nameof(IdentityErrorDescriber.PasswordTooShort) => localizer["Error_" + error.Code, identity.Value.Password.RequiredLength],
            AccountLimits.PasswordTooLong => localizer["Error_" + error.Code, AccountLimits.PasswordMaxLength],
            AccountLimits.EmailTooLong => localizer["Error_" + error.Code, AccountLimits.EmailMaxLength],
            AccountLimits.DisplayNameTooLong => localizer["Error_" + error.Code, AccountLimits.DisplayNameMaxLength],
            _ => localizer["Error_" + error.Code],
        };
        // An error with no translation yet still says something true.
        return text.ResourceNotFound ? error.Description : text.Value;
    }
}
