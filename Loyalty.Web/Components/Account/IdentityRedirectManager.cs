using Microsoft.AspNetCore.Components;

namespace Loyalty.Web.Components.Account;

/// <summary>Redirects from the static sign-in pages, refusing anything that would leave the portal.</summary>
internal sealed class IdentityRedirectManager(NavigationManager navigation)
{
    public void RedirectTo(string? uri)
    {
        uri ??= "";
        if (!Uri.IsWellFormedUriString(uri, UriKind.Relative) || uri.StartsWith("//", StringComparison.Ordinal) || uri.StartsWith("/\\", StringComparison.Ordinal))
        {
            uri = "/";
        }

        navigation.NavigateTo(uri);
    }
}
