using System.Globalization;
using Loyalty.Core.Bonuses;
using Loyalty.Core.Nps;
using Loyalty.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Components.Pages.Nps;

/// <summary>
/// The NPS core names its refusals by codes of its own resource (<see cref="NpsText"/>: <c>NpsErr_*</c>, <c>NpsMarker_*</c>);
/// the pages read them in the reader's language from there, and everything else from the portal's resources.
/// </summary>
internal static class NpsMessages
{
    /// <summary>The portal's resource that shows a text as it is: a core message already rendered in the reader's language.</summary>
    public const string AsIs = "NpsAdmin_Message";

    public static string Text(IStringLocalizer<SharedResource> l, string key, params object[] arguments) =>
        IsCore(key) ? NpsText.Get(key, CultureInfo.CurrentUICulture, arguments) : l[key, arguments];

    /// <summary>The errors with each core code rendered, for the editors' shared flow (which reads the portal's resources).</summary>
    public static IReadOnlyList<SettingsError> Localize(IReadOnlyList<SettingsError> errors) =>
        [.. errors.Select(e => IsCore(e.MessageKey) ? new SettingsError(e.Field, AsIs, NpsText.Get(e.MessageKey, CultureInfo.CurrentUICulture, e.Arguments)) : e)];

    private static bool IsCore(string key) => key.StartsWith("NpsErr_", StringComparison.Ordinal) || key.StartsWith("NpsMarker_", StringComparison.Ordinal);
}
