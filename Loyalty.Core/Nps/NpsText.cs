using System.Globalization;
using System.Resources;
using Loyalty.Core.Portal;

namespace Loyalty.Core.Nps;

/// <summary>The NPS core's texts: error codes (<c>NpsErr_*</c>) and the markers' descriptions (<c>NpsMarker_*</c>).</summary>
public static class NpsText
{
    public static readonly ResourceManager Texts = new("Loyalty.Core.Nps.NpsText", typeof(NpsText).Assembly);

    public static string Get(string key, CultureInfo language, params object[] args) =>
        string.Format(PortalCultures.FormatsOf(language), Texts.GetString(key, language) ?? key, args);
}
