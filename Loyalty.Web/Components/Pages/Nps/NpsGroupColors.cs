using Loyalty.Core.Nps;

namespace Loyalty.Web.Components.Pages.Nps;

/// <summary>The colours of the score groups, the same on every NPS page: сторонники green, нейтральные amber, критики red.</summary>
public static class NpsGroupColors
{
    public static string Of(NpsGroup group) => group switch
    {
        NpsGroup.Promoter => "#2e7d32",
        NpsGroup.Passive => "#ef8f00",
        _ => "#c62828",
    };

    /// <summary>The NPS figure's colour: below zero red, up to 30 amber, above green.</summary>
    public static string OfNps(int? nps) => nps switch
    {
        null => "inherit",
        < 0 => Of(NpsGroup.Detractor),
        <= 30 => Of(NpsGroup.Passive),
        _ => Of(NpsGroup.Promoter),
    };

    /// <summary>A signed NPS: «+23», «−8», «0»; «—» when nobody answered.</summary>
    public static string Nps(int? nps) => nps switch
    {
        null => "—",
        > 0 => "+" + nps.Value.ToString(Loyalty.Web.WebServices.FormatCulture),
        < 0 => "\u2212" + (-nps.Value).ToString(Loyalty.Web.WebServices.FormatCulture),
        _ => "0",
    };

    /// <summary>A whole percentage: «42 %»; «—» when there is nothing to divide.</summary>
    public static string Percent(int? share) => share is { } s ? s.ToString(Loyalty.Web.WebServices.FormatCulture) + "\u00A0%" : "—";
}
