using System.Diagnostics;
using System.Text;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Sandbox.Api;
using Xunit.Abstractions;

namespace Loyalty.Tests.Web.Sandbox;

/// <summary>
/// Parse times of the parser's worst inputs (issue 11: 60,000 levels overflowed the stack, 100,000 list items took
/// minutes). Prints figures; asserts only the outcome, never a time.
/// </summary>
public sealed class PhpParamsBenchmark(ITestOutputHelper output)
{
    [Fact]
    [Benchmark]
    public void TheWorstBodiesAreRefusedOrParsedInMilliseconds()
    {
        Measure("100,000 levels (refused)", "a" + string.Concat(Enumerable.Repeat("[b]", 100_000)) + "=1", refused: true);
        Measure("100,000 list items after a key (refused)", Wide(100_000), refused: true);
        Measure("64 levels (the deepest accepted)", "a" + string.Concat(Enumerable.Repeat("[b]", PhpParams.MaxDepth)) + "=1", refused: false);
        Measure("999 list items after a key (the widest accepted)", Wide(PhpParams.MaxVars - 1), refused: false);
        Measure(
            "1,000 pairs of 1 KB values (about the largest accepted body)",
            string.Join('&', Enumerable.Range(0, PhpParams.MaxVars).Select(i => $"f[{i}][]=" + new string('v', 1000))),
            refused: false);
    }

    private void Measure(string what, string body, bool refused)
    {
        var watch = Stopwatch.StartNew();
        var error = Record.Exception(() => PhpParams.Merge(PhpParams.ParseQuery(null), PhpParams.ParseQuery(body)));
        output.WriteLine($"{what,-60} {Encoding.UTF8.GetByteCount(body) / 1024,6} KB {watch.Elapsed.TotalMilliseconds,9:F1} ms");
        Assert.Equal(refused, error is RestError);
    }

    private static string Wide(int items)
    {
        var body = new StringBuilder("x[k]=1");
        for (var i = 0; i < items; i++)
        {
            body.Append("&x[]=").Append(i % 2);
        }

        return body.ToString();
    }
}
