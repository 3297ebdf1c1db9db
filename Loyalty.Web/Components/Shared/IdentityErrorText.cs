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
        var text = error.Code == nameof(IdentityErrorDescriber.PasswordTooShort)
            ? localizer["Error_" + error.Code, identity.Value.Password.RequiredLength]
            : localizer["Error_" + error.Code];
        // An error with no translation yet still says something true.
        return text.ResourceNotFound ? error.Description : text.Value;
    }
}
