using Loyalty.Web.Components.Shared;
using Loyalty.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Components.Pages.Nps;

/// <summary>A rule's delay as typed (a number of minutes or hours) and as read («сразу», «2 ч», «90 мин»).</summary>
internal static class NpsDelay
{
    public static string Text(IStringLocalizer<SharedResource> l, int minutes) => minutes switch
    {
        0 => l["NpsAdmin_DelayNone"],
        _ when minutes % 60 == 0 => l["NpsAdmin_DelayHours", Formats.Number(minutes / 60)],
        _ => l["NpsAdmin_DelayMinutes", Formats.Number(minutes)],
    };
}
