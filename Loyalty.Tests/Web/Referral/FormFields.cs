using System.Net;
using System.Text.RegularExpressions;

namespace Loyalty.Tests.Web.Referral;

/// <summary>The hidden fields of a static form (anti-forgery token, form name, form token), as a browser would post them.</summary>
public static partial class FormFields
{
    public static Dictionary<string, string> Hidden(string page) =>
        HiddenInput().Matches(page).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)"\s*/?>""")]
    private static partial Regex HiddenInput();
}
