using Loyalty.Web.Resources;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Loyalty.Web.Components.Shared;

/// <summary>
/// MudBlazor's own texts (pager, grid) from the portal's resources (keys prefixed <c>Mud_</c>); anything else stays MudBlazor's.
/// Figures in them (the pager's "1–25 из 1 558") take the formats of the UI language, not the invariant culture MudBlazor would use.
/// </summary>
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

    public override LocalizedString this[string key, params object[] arguments]
    {
        get
        {
            var text = this[key];
            return text.ResourceNotFound || arguments.Length == 0
                ? text
                : new LocalizedString(key, string.Format(WebServices.FormatCulture, text.Value, arguments));
        }
    }
}
