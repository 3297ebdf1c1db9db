using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Loyalty.Tests.TestSupport;

namespace Loyalty.Tests.Web;

/// <summary><c>POST /api/bitrix24/events</c> refuses malformed and oversized forms with a small JSON error, never a 500.</summary>
public sealed class EventsEndpointLimitTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    public static TheoryData<string, HttpStatusCode> Refused => new()
    {
        { "multipart without a boundary", HttpStatusCode.BadRequest },
        { "a 20 MB value", HttpStatusCode.RequestEntityTooLarge },
        { "1,100 fields", HttpStatusCode.BadRequest },
        { "a broken multipart body", HttpStatusCode.BadRequest },
        { "not a form", HttpStatusCode.BadRequest },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task AMalformedOrOversizedEventIsRefusedWithAJsonError(string what, HttpStatusCode status)
    {
        using var http = portal.CreateClient();

        using var response = await http.PostAsync("/api/bitrix24/events", Body(what));

        Assert.Equal(status, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("error").GetString()));
        Assert.DoesNotContain(" at Loyalty.", json.RootElement.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    private static HttpContent Body(string what)
    {
        switch (what)
        {
            case "multipart without a boundary":
                var content = new StringContent("--x\r\nContent-Disposition: form-data; name=\"event\"\r\n\r\nONCRMDEALUPDATE\r\n--x--\r\n");
                content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data");
                return content;
            case "a 20 MB value":
                return new StringContent("event=ONCRMDEALUPDATE&data[FIELDS][ID]=" + new string('1', 20 * 1024 * 1024), Encoding.ASCII, "application/x-www-form-urlencoded");
            case "1,100 fields":
                return new StringContent(string.Join('&', Enumerable.Range(0, 1100).Select(i => $"f{i}=1")), Encoding.ASCII, "application/x-www-form-urlencoded");
            case "a broken multipart body":
                var broken = new StringContent("--x\r\nContent-Disposition: form-data; name=\"event\"\r\n\r\nONCRMDEALUPD");
                broken.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
                return broken;
            default:
                return new StringContent("{\"event\":\"ONCRMDEALUPDATE\"}", Encoding.UTF8, "application/json");
        }
    }
}
