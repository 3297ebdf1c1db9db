using Loyalty.Web.Resources;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Loyalty.Web.Components.Shared;

/// <summary>MudBlazor's own texts (pager, grid) from the portal's resources (keys prefixed <c>Mud_</c>); anything else stays MudBlazor's.</summary>
internal sealed class PortalMudLocalizer(IStringLocalizer<SharedResource> localizer) : MudLocalizer
{
    public override LocalizedString this[string key]
    {
        get
        {
            var text = localizer["Mud_" + key];
            return text.ResourceNotFound ? new LocalizedString(key, key, resourceNotFound: true) : new LocalizedString(key, text.Value);
        }
    }
}
