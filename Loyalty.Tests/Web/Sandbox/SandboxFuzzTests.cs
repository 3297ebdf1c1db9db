using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Loyalty.Tests.TestSupport;

namespace Loyalty.Tests.Web.Sandbox;

/// <summary>
/// Hostile and random PHP-style bodies against the sandbox's REST API and the events endpoint of a portal running
/// as its own process: whatever arrives, the process stays up, <c>/health</c> answers, and every answer is JSON
/// (an error with <c>error</c>, or a success), never a 500. Seeded and bounded in count, so a failure replays.
/// </summary>
public sealed class SandboxFuzzTests(FuzzPortal portal) : IClassFixture<FuzzPortal>
{
    private const string Rest = "sandbox/rest/1/sandbox/crm.deal.list.json";
    private const string OAuth = "sandbox/rest/crm.deal.list.json";
    private const string Events = "api/bitrix24/events";
    private const int Seed = 20261206;
    private const int RandomRequests = 250;
    private const int CheckEvery = 25;

    private static readonly string[] Methods =
    [
        "crm.deal.list", "crm.contact.list", "crm.lead.list", "crm.deal.get", "crm.contact.get", "profile", "scope", "batch",
        "im.notify.system.add", "crm.deal.update", "crm.timeline.comment.add", "user.get", "no.such.method",
    ];

    private static readonly string[] Names = ["filter", "select", "order", "fields", "x", "cmd", "start", "id", "halt", "FILTER", "a b", "ä", ""];

    private static readonly string[] Segments = ["", "", "0", "1", "k", "ID", ">=ID", "!@STAGE_ID", "%", "[", "a]b", "99999999999", "-1", "UF_CRM_1"];

    private static readonly string[] Scalars =
    [
        "1", "0", "-1", "ASC", "DESC", "", "%", "%zz", "%E0%A4", "%00", "%C3%28", "Y", "N", "2026-03-01T00:00:00+03:00", "crm.deal.list?start=-1",
        "$result[a][0][ID]", "1e400", "99999999999999999999999", "NaN", "[b]Привет[/b]", "\u0000", "<script>", "%ED%A0%80",
    ];

    [Fact]
    public async Task AdversarialBodiesAreRefusedWithJsonErrorsAndThePortalStaysUp()
    {
        var count = 0;
        foreach (var probe in Adversarial())
        {
            var answer = await SendAsync(probe);
            if (probe.Expected is { } expected)
            {
                Assert.True(expected == answer.Status, $"{probe.What}: expected {(int)expected}, got {answer}");
            }

            if (++count % 5 == 0)
            {
                await AssertAliveAsync(probe.What);
            }
        }

        await AssertAliveAsync("the last adversarial probe");
    }

    [Fact]
    public async Task RandomPhpStyleBodiesGetJsonAnswersAndThePortalStaysUp()
    {
        var random = new Random(Seed);
        for (var i = 1; i <= RandomRequests; i++)
        {
            var probe = RandomProbe(random, $"random #{i} (seed {Seed})");
            await SendAsync(probe);
            if (i % CheckEvery == 0)
            {
                await AssertAliveAsync(probe.What);
            }
        }
    }

    private static IEnumerable<Probe> Adversarial()
    {
        var deep = "a" + string.Concat(Enumerable.Repeat("[b]", 100_000)) + "=1";
        yield return new("100,000 levels, webhook", Rest, Form(deep), HttpStatusCode.BadRequest);
        yield return new("100,000 levels, OAuth form (anonymous)", OAuth, Form(deep), HttpStatusCode.BadRequest);
        yield return new("100,000 levels, encoded brackets", Rest, Form("a" + string.Concat(Enumerable.Repeat("%5Bb%5D", 40_000)) + "=1"), HttpStatusCode.BadRequest);
        yield return new("65 levels", Rest, Form("a" + string.Concat(Enumerable.Repeat("[b]", 65)) + "=1"), HttpStatusCode.BadRequest);
        yield return new("65 levels in the query", Rest + "?a" + string.Concat(Enumerable.Repeat("%5Bb%5D", 65)) + "=1", null, HttpStatusCode.BadRequest);
        yield return new("64 levels", Rest, Form("a" + string.Concat(Enumerable.Repeat("[b]", 64)) + "=1"), HttpStatusCode.OK);
        yield return new("100,000 list items after a key", Rest, Form("x[k]=1" + string.Concat(Enumerable.Range(0, 100_000).Select(i => $"&x[]={i % 2}"))), HttpStatusCode.BadRequest);
        yield return new("1,001 pairs", Rest, Form(string.Join('&', Enumerable.Range(0, 1001).Select(i => $"p{i}=1"))), HttpStatusCode.BadRequest);
        yield return new("a 2,000-character key", Rest, Form(new string('k', 2000) + "=1"), HttpStatusCode.BadRequest);
        yield return new("5 MB form", Rest, Form("x=" + new string('1', 5 * 1024 * 1024)), HttpStatusCode.RequestEntityTooLarge);
        yield return new("5 MB JSON", Rest, Json("{\"x\":\"" + new string('1', 5 * 1024 * 1024) + "\"}"), HttpStatusCode.RequestEntityTooLarge);
        yield return new("5 MB, no content type", Rest, new ByteArrayContent(new byte[5 * 1024 * 1024]), HttpStatusCode.RequestEntityTooLarge);
        yield return new("JSON nested 100,000 objects", Rest, Json(string.Concat(Enumerable.Repeat("{\"a\":", 100_000)) + "1" + new string('}', 100_000)), HttpStatusCode.BadRequest);
        yield return new("JSON nested 100,000 arrays", Rest, Json(new string('[', 100_000) + new string(']', 100_000)), HttpStatusCode.BadRequest);
        yield return new("JSON nested 66 levels", Rest, Json(string.Concat(Enumerable.Repeat("{\"a\":", 66)) + "1" + new string('}', 66)), HttpStatusCode.BadRequest);
        yield return new("JSON with a duplicate key", Rest, Json("{\"filter\":{\"ID\":1},\"filter\":2}"), HttpStatusCode.BadRequest);
        yield return new("JSON cut short", Rest, Json("{\"filter\":{\"ID\":"), HttpStatusCode.BadRequest);
        yield return new("JSON with a lone surrogate", "sandbox/rest/1/sandbox/im.notify.system.add.json", Json("{\"USER_ID\":2,\"MESSAGE\":\"\\ud800\"}"), HttpStatusCode.BadRequest);
        yield return new("JSON with a lone surrogate in a key", Rest, Json("{\"filter\":{\"\\udc00\":1}}"), HttpStatusCode.BadRequest);
        yield return new("JSON with a surrogate pair", "sandbox/rest/1/sandbox/im.notify.system.add.json", Json("{\"USER_ID\":2,\"MESSAGE\":\"\\ud83d\\ude00\"}"), HttpStatusCode.OK);
        yield return new("a form sent as JSON", Rest, Json("filter[ID]=1"), HttpStatusCode.BadRequest);
        yield return new("multipart without a boundary", Rest, Typed("--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--\r\n", "multipart/form-data"), HttpStatusCode.BadRequest);
        yield return new("multipart cut short", Rest, Typed("--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1", "multipart/form-data; boundary=x"), HttpStatusCode.BadRequest);
        yield return new("multipart with 1,100 fields", Rest, Multipart(Enumerable.Range(0, 1100).Select(i => ($"f{i}", "1"))), HttpStatusCode.BadRequest);
        yield return new("multipart 65 levels", Rest, Multipart([("a" + string.Concat(Enumerable.Repeat("[b]", 65)), "1")]), HttpStatusCode.BadRequest);
        yield return new("multipart, fine", Rest, Multipart([("select[]", "ID"), ("filter[>ID]", "0")]), HttpStatusCode.OK);
        yield return new("bad percent-encodings", Rest, Form("filter[%ZZ]=1&%=&a%5=1&%00=%00&%E0%A4=%C3&select[]=%"), null);
        yield return new("invalid UTF-8", Rest, Bytes([0x73, 0x65, 0x6C, 0x65, 0x63, 0x74, 0x5B, 0x5D, 0x3D, 0xC3, 0x28, 0xFF, 0xFE, 0x80], "application/x-www-form-urlencoded"), null);
        yield return new("a UTF-8 byte order mark before JSON", Rest, Bytes([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("{\"start\":-1}")], "application/json"), HttpStatusCode.OK);
        yield return new("text/plain", Rest, Typed("select[]=ID", "text/plain"), HttpStatusCode.OK);
        yield return new("application/xml", Rest, Typed("<a><b/></a>", "application/xml"), HttpStatusCode.OK);
        yield return new("a bogus charset", Rest, Typed("select[]=ID", "application/x-www-form-urlencoded; charset=bogus-7"), HttpStatusCode.OK);
        yield return new("a 50-command batch as a form", "sandbox/rest/1/sandbox/batch.json",
            Form(string.Join('&', Enumerable.Range(0, 50).Select(i => $"cmd[c{i}]={Uri.EscapeDataString("crm.deal.list?start=-1&select[]=ID")}"))), HttpStatusCode.OK);
        yield return new("a batch command 70 levels deep", "sandbox/rest/1/sandbox/batch.json",
            Form("cmd[a]=" + Uri.EscapeDataString("crm.deal.list?x" + string.Concat(Enumerable.Repeat("[b]", 70)) + "=1")), HttpStatusCode.OK);
        yield return new("a wrong secret with a deep body", "sandbox/rest/1/guess/crm.deal.list.json", Form(deep), HttpStatusCode.Unauthorized);
        yield return new("event: multipart without a boundary", Events, Typed("--x\r\nContent-Disposition: form-data; name=\"event\"\r\n\r\nONCRMDEALUPDATE\r\n--x--\r\n", "multipart/form-data"), HttpStatusCode.BadRequest);
        yield return new("event: a 20 MB value", Events, Form("event=ONCRMDEALUPDATE&data[FIELDS][ID]=" + new string('1', 20 * 1024 * 1024)), HttpStatusCode.RequestEntityTooLarge);
        yield return new("event: 1,100 fields", Events, Form(string.Join('&', Enumerable.Range(0, 1100).Select(i => $"f{i}=1"))), HttpStatusCode.BadRequest);
        yield return new("event: 100,000 levels", Events, Form(deep), HttpStatusCode.RequestEntityTooLarge);
        yield return new("event: multipart cut short", Events, Typed("--x\r\nContent-Disposition: form-data; name=\"event\"\r\n\r\nON", "multipart/form-data; boundary=x"), HttpStatusCode.BadRequest);
        yield return new("event: JSON", Events, Json("{\"event\":\"ONCRMDEALUPDATE\"}"), HttpStatusCode.BadRequest);
        yield return new("event: a forged token", Events, Form("event=ONCRMDEALUPDATE&data[FIELDS][ID]=1&auth[application_token]=guess"), HttpStatusCode.Unauthorized);
    }

    private static Probe RandomProbe(Random random, string what)
    {
        var path = random.Next(10) switch
        {
            0 => Events,
            1 => "sandbox/rest/" + Pick(random, Methods) + ".json",
            2 => "sandbox/rest/1/wrong/" + Pick(random, Methods) + ".json",
            _ => "sandbox/rest/1/sandbox/" + Pick(random, Methods) + ".json",
        };
        if (random.Next(5) == 0)
        {
            // Escaped: a raw control character would be refused by Kestrel before the portal sees it.
            path += "?" + string.Join('&', Enumerable.Range(0, random.Next(1, 8)).Select(_ => Uri.EscapeDataString(RandomKey(random)) + "=" + Uri.EscapeDataString(Pick(random, Scalars))));
        }

        // The events endpoint is POST only; a GET there is the router's 404, not a body being read.
        var get = !path.StartsWith(Events, StringComparison.Ordinal) && random.Next(8) == 0;
        var pairs = random.Next(12) == 0 ? random.Next(990, 1010) : random.Next(0, 25);
        HttpContent? content = get ? null : random.Next(7) switch
        {
            0 => Json(RandomJson(random, random.Next(1, 80))),
            1 => Multipart(Enumerable.Range(0, Math.Min(pairs, 60)).Select(_ => (RandomKey(random), Pick(random, Scalars)))),
            2 => Typed(RandomForm(random, pairs), Pick(random, ["text/plain", "application/json", "multipart/form-data", "application/octet-stream", ""])),
            3 => Bytes([.. Enumerable.Range(0, random.Next(1, 400)).Select(_ => (byte)random.Next(256))], "application/x-www-form-urlencoded"),
            _ => Form(RandomForm(random, pairs)),
        };
        return new Probe($"{what}: {path}", path, content, null);
    }

    private static string RandomForm(Random random, int pairs) =>
        string.Join('&', Enumerable.Range(0, pairs).Select(_ =>
        {
            var key = RandomKey(random);
            var value = Pick(random, Scalars);
            return random.Next(3) switch
            {
                0 => Uri.EscapeDataString(key) + "=" + Uri.EscapeDataString(value),
                1 => key + "=" + value,
                _ => key,
            };
        }));

    private static string RandomKey(Random random)
    {
        var key = new StringBuilder(Pick(random, Names));
        var depth = random.Next(20) == 0 ? random.Next(60, 70) : random.Next(0, 5);
        for (var i = 0; i < depth; i++)
        {
            key.Append('[').Append(Pick(random, Segments)).Append(random.Next(30) == 0 ? "" : "]");
        }

        return key.ToString();
    }

    private static string RandomJson(Random random, int depth)
    {
        var json = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            json.Append(random.Next(3) == 0 ? "[" : "{\"" + Pick(random, Names) + "\":");
        }

        json.Append(random.Next(4) switch
        {
            0 => "1e400",
            1 => "\"\\ud800\"",
            2 => "null",
            _ => JsonSerializer.Serialize(Pick(random, Scalars)),
        });
        var text = json.ToString();
        for (var i = text.Length - 1; i >= 0; i--)
        {
            if (text[i] == '[')
            {
                json.Append(']');
            }
            else if (text[i] == '{')
            {
                json.Append('}');
            }
        }

        // Now and then cut short, or with the outermost brace missing.
        return random.Next(10) == 0 ? json.ToString()[..Math.Max(1, json.Length / 2)] : json.ToString();
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static StringContent Form(string body) => Typed(body, "application/x-www-form-urlencoded");

    private static StringContent Json(string body) => Typed(body, "application/json");

    private static StringContent Typed(string body, string contentType)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = contentType.Length == 0 ? null : MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    private static ByteArrayContent Bytes(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    private static MultipartFormDataContent Multipart(IEnumerable<(string Key, string Value)> fields)
    {
        var content = new MultipartFormDataContent();
        foreach (var (key, value) in fields)
        {
            // MultipartFormDataContent wants a name; "[]" is the nearest to none (a key PHP ignores).
            content.Add(new StringContent(value), string.IsNullOrWhiteSpace(key) ? "[]" : key);
        }

        return content;
    }

    private async Task<Answer> SendAsync(Probe probe)
    {
        using var request = new HttpRequestMessage(probe.Content is null ? HttpMethod.Get : HttpMethod.Post, probe.Path) { Content = probe.Content };
        Answer answer;
        try
        {
            using var response = await portal.Process.Http.SendAsync(request);
            answer = new Answer(response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (HttpRequestException e)
        {
            Assert.Fail($"{probe.What}: no answer ({e.Message}); the portal is {(portal.Process.IsRunning ? "running" : "gone")}:{Environment.NewLine}{portal.Process.Output}");
            throw;
        }

        Assert.True((int)answer.Status < 500, $"{probe.What}: {answer}{Environment.NewLine}{portal.Process.Output}");
        if (answer.Text.Length == 0)
        {
            // Only an acknowledged event has no body.
            Assert.True(probe.Path.StartsWith(Events, StringComparison.Ordinal) && answer.Status == HttpStatusCode.OK, $"{probe.What}: an empty {answer}");
            return answer;
        }

        JsonElement json;
        try
        {
            json = JsonDocument.Parse(answer.Text).RootElement.Clone();
        }
        catch (JsonException e)
        {
            Assert.Fail($"{probe.What}: not JSON ({e.Message}): {answer}");
            throw;
        }

        var ok = (int)answer.Status < 400
            ? json.ValueKind == JsonValueKind.Object && (json.TryGetProperty("result", out _) || probe.Path.StartsWith(Events, StringComparison.Ordinal))
            : json.ValueKind == JsonValueKind.Object && json.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String
                && json.TryGetProperty("error_description", out _);
        Assert.True(ok, $"{probe.What}: not a Bitrix24-style answer: {answer}");
        Assert.DoesNotContain(" at Loyalty.", answer.Text, StringComparison.Ordinal);
        return answer;
    }

    private async Task AssertAliveAsync(string after)
    {
        Assert.True(portal.Process.IsRunning, $"The portal stopped after {after}:{Environment.NewLine}{portal.Process.Output}");
        Assert.True(await portal.Process.IsHealthyAsync(), $"/health did not answer 200 after {after}:{Environment.NewLine}{portal.Process.Output}");
    }

    private sealed record Probe(string What, string Path, HttpContent? Content, HttpStatusCode? Expected);

    private sealed record Answer(HttpStatusCode Status, string Text)
    {
        public override string ToString() => $"{(int)Status} {(Text.Length > 300 ? Text[..300] + "…" : Text)}";
    }
}

/// <summary>One portal process for the fuzz tests: sandbox mode, a small company, nothing running on its own.</summary>
public sealed class FuzzPortal : IAsyncLifetime
{
    private PortalProcess? _process;

    public PortalProcess Process => _process ?? throw new InvalidOperationException("The portal has not started.");

    public async Task InitializeAsync() =>
        _process = await PortalProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["Bitrix24:Mode"] = "Sandbox",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Sync:Enabled"] = "false",
                ["Sandbox:Live:Enabled"] = "false",
                ["Sandbox:Events:Enabled"] = "false",
                ["Sandbox:RateLimit:RequestsPerSecond"] = "0",
                ["Sandbox:Company:Managers"] = "4",
                ["Sandbox:Company:Departments"] = "2",
                ["Sandbox:Company:Contacts"] = "20",
                ["Sandbox:Company:Leads"] = "10",
                ["Sandbox:Company:Deals"] = "10",
                ["Sandbox:Company:Activities"] = "10",
                ["Sandbox:Company:Tasks"] = "5",
                ["Sandbox:Company:HistoryDays"] = "30",
                ["Gamification:CreateExamples"] = "false",
            },
            TimeSpan.FromSeconds(90));

    public Task DisposeAsync()
    {
        _process?.Dispose();
        return Task.CompletedTask;
    }
}
