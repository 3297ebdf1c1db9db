using System.Net;
using System.Text.RegularExpressions;
using Loyalty.Tests.TestSupport;

namespace Loyalty.Tests.Web.Cabinet;

/// <summary>A browser-like client of the cabinet's static sign-in forms: it posts a page's own hidden fields with the typed values.</summary>
public sealed partial class CabinetClient(FormClient client) : IDisposable
{
    public HttpClient Http => client.Http;

    public static CabinetClient For(PortalFactory portal) => new(FormClient.For(portal));

    /// <summary>Asks for a code for <paramref name="address"/>; returns the page that answers (the code step, or an error).</summary>
    public async Task<string> RequestAsync(string address)
    {
        var response = await client.SubmitAsync("/cabinet/sign-in", new Dictionary<string, string> { ["Request.Address"] = address });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Types <paramref name="code"/> into the code step <paramref name="page"/> showed.</summary>
    public Task<HttpResponseMessage> EnterCodeAsync(string page, string code) => PostAsync(page, "/cabinet/sign-in", new Dictionary<string, string> { ["Code.Value"] = code });

    /// <summary>Opens a sign-in link and presses its button; the response of the press, or null when the page offered no button.</summary>
    public async Task<HttpResponseMessage?> UseLinkAsync(string pathAndQuery)
    {
        var page = await Http.GetStringAsync(pathAndQuery);
        return page.Contains("cabinet-link-submit", StringComparison.Ordinal) ? await PostAsync(page, pathAndQuery, new Dictionary<string, string>()) : null;
    }

    /// <summary>Posts the form of <paramref name="page"/> (its hidden fields) with <paramref name="fields"/>.</summary>
    public Task<HttpResponseMessage> PostAsync(string page, string action, IDictionary<string, string> fields)
    {
        var form = new Dictionary<string, string>();
        foreach (Match hidden in HiddenInput().Matches(page))
        {
            form[WebUtility.HtmlDecode(hidden.Groups["name"].Value)] = WebUtility.HtmlDecode(hidden.Groups["value"].Value);
        }

        foreach (var (key, value) in fields)
        {
            form[key] = value;
        }

        return Http.PostAsync(action, new FormUrlEncodedContent(form));
    }

    public void Dispose() => client.Dispose();

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)"\s*/?>""")]
    private static partial Regex HiddenInput();
}
