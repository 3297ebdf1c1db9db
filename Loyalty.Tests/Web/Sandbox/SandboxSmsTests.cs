using System.Net;
using System.Text;
using System.Text.Json;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Sandbox.Mail;

namespace Loyalty.Tests.Web.Sandbox;

/// <summary>
/// The sandbox's SMS gateway over real HTTP, spoken to as SMS.ru's documentation shows (form posts and GETs with
/// <c>api_id</c>, <c>to</c>, <c>msg</c>, <c>json=1</c>) and read with System.Text.Json, sharing nothing with the portal's client.
/// </summary>
public sealed class SandboxSmsTests(MailSandbox portal) : IClassFixture<MailSandbox>
{
    private const string ApiId = "sandbox-sms";

    [Fact]
    public async Task AnSmsIsAcceptedWithSmsRusAnswerAndShowsInTheMailboxAndItsStatusIsDelivered()
    {
        var before = await BalanceAsync();

        var answer = await PostAsync("sms/send", ("api_id", ApiId), ("to", "+7 (925) 507-06-02"), ("msg", "Ваш код: 1234"), ("json", "1"));

        Assert.Equal("OK", answer.GetProperty("status").GetString());
        Assert.Equal(100, answer.GetProperty("status_code").GetInt32());
        var sms = answer.GetProperty("sms").GetProperty("+7 (925) 507-06-02");
        Assert.Equal("OK", sms.GetProperty("status").GetString());
        Assert.Equal(100, sms.GetProperty("status_code").GetInt32());
        var smsId = sms.GetProperty("sms_id").GetString()!;
        Assert.Matches(@"^\d{6}-\d+$", smsId);
        Assert.Equal(before - 2.5m, answer.GetProperty("balance").GetDecimal());
        Assert.Equal(before - 2.5m, await BalanceAsync());

        var received = portal.Mailbox.Sms.First(s => s.SmsId == smsId);
        Assert.Equal("79255070602", received.To);
        Assert.Equal("Ваш код: 1234", received.Text);

        var status = await GetAsync($"sms/status?api_id={ApiId}&sms_id={smsId},000000-1&json=1");
        Assert.Equal(103, status.GetProperty("sms").GetProperty(smsId).GetProperty("status_code").GetInt32());
        Assert.Equal(-1, status.GetProperty("sms").GetProperty("000000-1").GetProperty("status_code").GetInt32());
    }

    [Fact]
    public async Task ALongCyrillicTextCostsOnePricePerPartAndNineOrMorePartsAreRefused()
    {
        var before = await BalanceAsync();
        var threeParts = new string('я', 140);

        var answer = await PostAsync("sms/send", ("api_id", ApiId), ("to", "79255070603"), ("msg", threeParts), ("json", "1"));
        var tooLong = await PostAsync("sms/send", ("api_id", ApiId), ("to", "79255070603"), ("msg", new string('я', 67 * 8 + 1)), ("json", "1"));

        Assert.Equal(before - 3 * 2.5m, answer.GetProperty("balance").GetDecimal());
        Assert.Equal(205, tooLong.GetProperty("status_code").GetInt32());
        Assert.Equal("ERROR", tooLong.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("7925abc0602")]
    [InlineData("+7 925 507 06 02 123 456 789")]
    public async Task AnInvalidNumberIsRefusedWith202ForThatNumberAlone(string number)
    {
        var answer = await PostAsync("sms/send", ("api_id", ApiId), ("to", number + ",79255070604"), ("msg", "test"), ("json", "1"));

        Assert.Equal("OK", answer.GetProperty("status").GetString());
        var bad = answer.GetProperty("sms").GetProperty(number);
        Assert.Equal("ERROR", bad.GetProperty("status").GetString());
        Assert.Equal(202, bad.GetProperty("status_code").GetInt32());
        Assert.Equal("OK", answer.GetProperty("sms").GetProperty("79255070604").GetProperty("status").GetString());
    }

    [Fact]
    public async Task AWrongApiIdIsRefusedWithCode200EverywhereAndNothingIsSent()
    {
        var count = portal.Mailbox.Sms.Count;

        var send = await PostAsync("sms/send", ("api_id", "guess"), ("to", "79255070602"), ("msg", "x"), ("json", "1"));
        var balance = await GetAsync("my/balance?api_id=guess&json=1");
        var missing = await GetAsync("my/balance?json=1");

        Assert.All([send, balance, missing], answer =>
        {
            Assert.Equal("ERROR", answer.GetProperty("status").GetString());
            Assert.Equal(200, answer.GetProperty("status_code").GetInt32());
            Assert.Equal("Неправильный api_id", answer.GetProperty("status_text").GetString());
        });
        Assert.Equal(count, portal.Mailbox.Sms.Count);
    }

    [Fact]
    public async Task WithoutJsonTheAnswerIsSmsRusLines()
    {
        using var response = await portal.Http.GetAsync($"sandbox/sms/my/balance?api_id={ApiId}");
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n');

        Assert.Equal("100", lines[0]);
        Assert.True(decimal.TryParse(lines[1], System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out _));
    }

    [Fact]
    public async Task InjectedFaultsAnswer220ForTheServiceAnd202ForTheNumber()
    {
        await portal.WithFaultsAsync(100, [MailFault.SmsUnavailable], async () =>
        {
            var answer = await PostAsync("sms/send", ("api_id", ApiId), ("to", "79255070605"), ("msg", "x"), ("json", "1"));
            Assert.Equal("ERROR", answer.GetProperty("status").GetString());
            Assert.Equal(220, answer.GetProperty("status_code").GetInt32());
        });
        await portal.WithFaultsAsync(100, [MailFault.SmsInvalidNumber], async () =>
        {
            var answer = await PostAsync("sms/send", ("api_id", ApiId), ("to", "79255070605"), ("msg", "x"), ("json", "1"));
            Assert.Equal(202, answer.GetProperty("sms").GetProperty("79255070605").GetProperty("status_code").GetInt32());
        });
        // Faults of the other channel change nothing here.
        await portal.WithFaultsAsync(100, [MailFault.SmtpRefused, MailFault.SmtpPermanent], async () =>
        {
            var answer = await PostAsync("sms/send", ("api_id", ApiId), ("to", "79255070605"), ("msg", "x"), ("json", "1"));
            Assert.Equal("OK", answer.GetProperty("sms").GetProperty("79255070605").GetProperty("status").GetString());
        });
    }

    [Fact]
    public async Task MalformedRequestsGetAClearAnswerNeverAStackTrace()
    {
        var noText = await PostAsync("sms/send", ("api_id", ApiId), ("to", "79255070602"), ("json", "1"));
        var unknown = await GetAsync($"sms/nothing?api_id={ApiId}&json=1");
        using var huge = await portal.Http.PostAsync("sandbox/sms/sms/send",
            new StringContent("api_id=" + ApiId + "&msg=" + new string('a', 70_000), Encoding.UTF8, "application/x-www-form-urlencoded"));
        using var tooMany = await portal.Http.PostAsync("sandbox/sms/sms/send",
            new StringContent(string.Join('&', Enumerable.Range(0, 60).Select(i => $"k{i}=v")), Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(203, noText.GetProperty("status_code").GetInt32());
        Assert.Equal(211, unknown.GetProperty("status_code").GetInt32());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.DoesNotContain("   at ", await tooMany.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<decimal> BalanceAsync() => (await GetAsync($"my/balance?api_id={ApiId}&json=1")).GetProperty("balance").GetDecimal();

    private async Task<JsonElement> GetAsync(string pathAndQuery)
    {
        using var response = await portal.Http.GetAsync("sandbox/sms/" + pathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private async Task<JsonElement> PostAsync(string method, params (string Key, string Value)[] form)
    {
        using var response = await portal.Http.PostAsync("sandbox/sms/" + method, new FormUrlEncodedContent(form.Select(p => KeyValuePair.Create(p.Key, p.Value))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
