using System.Diagnostics;
using System.Globalization;
using System.Net;
using Loyalty.Core.Identity;
using Loyalty.Tests.TestSupport;
using Xunit.Abstractions;

namespace Loyalty.Tests.Web.Hardening;

/// <summary>
/// How long a wrong sign-in takes for a known and for an unknown address: the same path (a password hash is
/// verified either way), so the medians should be alike. Prints figures; asserts only the answers.
/// Run: dotnet test -c Release --filter "FullyQualifiedName~SignInBenchmark" --logger "console;verbosity=detailed"
/// </summary>
public sealed class SignInBenchmark(ITestOutputHelper output)
{
    private const int Attempts = 40;

    [Fact]
    [Trait("Category", "Benchmark")]
    public async Task AWrongSignInTakesAsLongForAnUnknownAddressAsForAKnownOne()
    {
        await using var portal = new PortalFactory();
        var hooked = portal.WithClientAddresses();
        var admin = DemoAccounts.All.Single(a => a.Role == Roles.Administrator);

        // A first round warms up the JIT, EF and the page; its times are not counted.
        await TimeAsync(hooked, admin.Email, "10.0.0.1");
        var known = new List<double>();
        var unknown = new List<double>();
        for (var i = 0; i < Attempts; i++)
        {
            // Each attempt from its own address: none is refused for having failed before.
            known.Add(await TimeAsync(hooked, admin.Email, $"10.1.{i / 250}.{i % 250 + 1}"));
            unknown.Add(await TimeAsync(hooked, $"nobody{i}@demo.loyalty", $"10.2.{i / 250}.{i % 250 + 1}"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrong password (the form page and its post), {Attempts} attempts each: known address median {Median(known):0.0} ms (min {known.Min():0.0}, max {known.Max():0.0}); unknown address median {Median(unknown):0.0} ms (min {unknown.Min():0.0}, max {unknown.Max():0.0})"));
    }

    private static async Task<double> TimeAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> portal, string email, string address)
    {
        using var client = portal.ClientFrom(address);
        var page = await client.Http.GetStringAsync("/Account/Login");
        Assert.Contains("Input.Password", page, StringComparison.Ordinal);
        var watch = Stopwatch.StartNew();
        var response = await client.SignInAsync(email, "not-the-password-1");
        watch.Stop();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }
}
