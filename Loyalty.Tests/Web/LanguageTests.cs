using System.Net;
using Loyalty.Tests.TestSupport;

namespace Loyalty.Tests.Web;

public sealed class LanguageTests : IClassFixture<PortalFactory>
{
    private readonly PortalFactory _portal;

    public LanguageTests(PortalFactory portal) => _portal = portal;

    [Fact]
    public async Task RussianIsTheDefaultAndEnglishIsOneClickAway()
    {
        using var client = FormClient.For(_portal);
        Assert.Contains("Вход в портал", await client.Http.GetStringAsync("/Account/Login"));

        var switched = await client.Http.GetAsync("/culture/en?returnUrl=%2FAccount%2FLogin");

        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/Account/Login", switched.Headers.Location?.OriginalString);
        var english = await client.Http.GetStringAsync("/Account/Login");
        Assert.Contains("Sign in to the portal", english);
        Assert.Contains("<html lang=\"en\"", english);

        await client.Http.GetAsync("/culture/ru?returnUrl=%2F");
        Assert.Contains("Вход в портал", await client.Http.GetStringAsync("/Account/Login"));
    }

    [Fact]
    public async Task TheBrowsersLanguageDoesNotOverrideThePortalDefault()
    {
        using var client = FormClient.For(_portal);
        client.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US,en;q=0.9");

        Assert.Contains("Вход в портал", await client.Http.GetStringAsync("/Account/Login"));
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example")]
    public async Task SwitchingLanguageNeverRedirectsToAnotherSite(string returnUrl)
    {
        using var client = FormClient.For(_portal);

        var response = await client.Http.GetAsync("/culture/en?returnUrl=" + Uri.EscapeDataString(returnUrl));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task AnUnknownLanguageIsABadRequestThatNamesTheChoices()
    {
        using var client = FormClient.For(_portal);

        var response = await client.Http.GetAsync("/culture/de");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("ru, en", await response.Content.ReadAsStringAsync());
    }
}
