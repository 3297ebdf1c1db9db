using System.Net;
using System.Text.Json;
using Loyalty.Tests.TestSupport;

namespace Loyalty.Tests.Web;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task HealthIsHealthyWhenMigrationsHaveCreatedTheDatabase()
    {
        await using var portal = new PortalFactory();
        using var client = portal.CreateClient();

        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.True(File.Exists(portal.DatabasePath), "the database file is created where Database:Path points");
    }
}
