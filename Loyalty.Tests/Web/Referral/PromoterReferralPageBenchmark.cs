using System.Diagnostics;
using System.Net;
using Loyalty.Tests.TestSupport;
using Xunit.Abstractions;

namespace Loyalty.Tests.Web.Referral;

/// <summary>
/// The public referral page <c>/r/{code}</c> under 50 concurrent visitors (docs/performance.md): each visitor, from its own
/// client address (the per-address limit stays on), opens the page and sends the form; rounds of 50 at once. Latency
/// percentiles of the GETs and the POSTs over Kestrel; asserts only that every answer was the page and the thanks.
/// </summary>
public sealed class PromoterReferralPageBenchmark(ReferralPortal portal, ITestOutputHelper output) : IClassFixture<ReferralPortal>
{
    private const int Visitors = 50;

    /// <summary>10 rounds (500 visitors), or LOYALTY_BENCH_REFERRAL_ROUNDS.</summary>
    private static readonly int Rounds = int.TryParse(Environment.GetEnvironmentVariable("LOYALTY_BENCH_REFERRAL_ROUNDS"), out var n) && n > 0 ? n : 10;

    [Fact]
    [Benchmark]
    public async Task TheReferralPageUnderFiftyConcurrentVisitors()
    {
        var (_, code) = await portal.AddPromoterAsync("Анна", "Нагрузкина");
        var load = File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg")).Trim() : "n/a";

        // Warm-up: one visitor (compiles the page and the form's path).
        using (var warm = portal.ClientFrom(ReferralPortal.NewAddress()))
        {
            Assert.Equal(HttpStatusCode.OK, (await warm.Http.GetAsync($"r/{code}")).StatusCode);
        }

        var gets = new List<double>();
        var posts = new List<double>();
        var wall = Stopwatch.StartNew();
        for (var round = 0; round < Rounds; round++)
        {
            var clients = Enumerable.Range(0, Visitors).Select(_ => portal.ClientFrom(ReferralPortal.NewAddress())).ToList();
            try
            {
                using var start = new SemaphoreSlim(0, Visitors);
                var visits = clients.Select(async (client, i) =>
                {
                    await start.WaitAsync();
                    var watch = Stopwatch.StartNew();
                    var page = await client.Http.GetAsync($"r/{code}");
                    var html = await page.Content.ReadAsStringAsync();
                    var get = watch.Elapsed.TotalMilliseconds;
                    Assert.Equal(HttpStatusCode.OK, page.StatusCode);
                    var form = FormFields.Hidden(html);
                    form["Input.Name"] = $"Гость {round}-{i}";
                    form["Input.Phone"] = $"+7 917 {round % 10}{i / 10 % 10}{i % 10}-00-00";
                    form["Input.Consent"] = "true";
                    watch.Restart();
                    var answer = await client.Http.PostAsync($"r/{code}", new FormUrlEncodedContent(form));
                    var text = await answer.Content.ReadAsStringAsync();
                    var post = watch.Elapsed.TotalMilliseconds;
                    Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
                    Assert.Contains("data-testid=\"referral-thanks\"", text, StringComparison.Ordinal);
                    return (get, post);
                }).ToList();
                start.Release(Visitors);
                foreach (var (get, post) in await Task.WhenAll(visits))
                {
                    gets.Add(get);
                    posts.Add(post);
                }
            }
            finally
            {
                clients.ForEach(c => c.Dispose());
            }
        }

        wall.Stop();
        Print($"load average before: {load}; {Environment.ProcessorCount} cores; {Rounds} rounds of {Visitors} concurrent visitors, {gets.Count + posts.Count:N0} requests in {wall.Elapsed.TotalSeconds:F1} s ({(gets.Count + posts.Count) / wall.Elapsed.TotalSeconds:N0} requests/s)");
        Print($"GET  /r/{{code}}: {Percentiles(gets)}");
        Print($"POST /r/{{code}}: {Percentiles(posts)}");
        Print($"peak working set of the test process (portal and clients): {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MB; load average after: "
            + (File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg")).Trim() : "n/a"));
        Assert.Equal(Visitors * Rounds, posts.Count);
    }

    private static string Percentiles(List<double> values)
    {
        var sorted = values.Order().ToList();
        double P(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
        return $"p50 {P(0.50):N0} ms, p95 {P(0.95):N0} ms, p99 {P(0.99):N0} ms, max {sorted[^1]:N0} ms (n = {sorted.Count:N0})";
    }

    private void Print(string line)
    {
        output.WriteLine(line);
        Console.WriteLine("[bench] " + line);
    }
}
