using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Loyalty.Core.Notifications;

/// <summary>
/// SMS.ru's HTTP API (<c>sms/send</c>, <c>my/balance</c>, <c>json=1</c>) at the configured base address; sandbox mode
/// points it at the portal's emulated gateway. Each status code is classified (<see cref="Classify"/>, the table in
/// decision 016); codes 209 and 215, the number on the account's or SMS.ru's stop list, opt the number out here too.
/// </summary>
public sealed class SmsRuProvider(IHttpClientFactory http, ChannelSettings settings, IStopReports stops, ILogger<SmsRuProvider> logger) : ISmsProvider
{
    public const string HttpClientName = "SmsRu";

    public string Name => "SMS.ru";

    public async Task<SendOutcome> SendAsync(string number, string text, CancellationToken ct = default)
    {
        var sms = (await settings.EffectiveAsync(ct)).Sms;
        if (!sms.IsConfigured)
        {
            return SendOutcome.Transient(NotificationFailures.NotConfigured, "No SMS.ru api_id or base address is set.");
        }

        var to = number.TrimStart('+');
        var form = new Dictionary<string, string> { ["api_id"] = sms.ApiId!, ["to"] = to, ["msg"] = text, ["json"] = "1" };
        if (!string.IsNullOrWhiteSpace(sms.Sender))
        {
            form["from"] = sms.Sender;
        }

        JsonElement root;
        try
        {
            using var response = await Client().PostAsync(Address(sms.BaseUrl, "sms/send"), new FormUrlEncodedContent(form), ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                return SendOutcome.Transient(NotificationFailures.Unreachable, $"HTTP {(int)response.StatusCode}: {Shorten(body)}", (int)response.StatusCode);
            }

            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException && !ct.IsCancellationRequested)
        {
            return SendOutcome.Transient(ex is JsonException ? NotificationFailures.ProviderError : NotificationFailures.Unreachable, ex.Message);
        }

        // The request's own code first (api_id, balance, …); then the number's.
        var code = Code(root);
        if (code != 100)
        {
            return Classify(code, StatusText(root));
        }

        if (Entry(root, to) is { } entry)
        {
            var numberCode = Code(entry);
            if (numberCode == 100)
            {
                return SendOutcome.Sent(entry.TryGetProperty("sms_id", out var id) ? id.ToString() : null, "100");
            }

            if (numberCode is 209 or 215)
            {
                logger.LogInformation("SMS.ru reports {Number} on a stop list ({Code}); it is opted out", number, numberCode);
                await stops.ReportStopAsync(number, ct);
            }

            return Classify(numberCode, StatusText(entry));
        }

        return SendOutcome.Transient(NotificationFailures.ProviderError, "SMS.ru answered without a result for the number: " + Shorten(root.ToString()));
    }

    public async Task<decimal?> BalanceAsync(CancellationToken ct = default)
    {
        var sms = (await settings.EffectiveAsync(ct)).Sms;
        if (!sms.IsConfigured)
        {
            return null;
        }

        try
        {
            var url = Address(sms.BaseUrl, $"my/balance?api_id={Uri.EscapeDataString(sms.ApiId!)}&json=1");
            using var response = await Client().GetAsync(url, ct);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            var root = document.RootElement;
            return Code(root) == 100 && root.TryGetProperty("balance", out var balance) && balance.TryGetDecimal(out var amount) ? amount : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException && !ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "SMS.ru balance could not be read");
            return null;
        }
    }

    /// <summary>SMS.ru's status codes (sms.ru/api/codes): what may work later is transient, what never will is permanent.</summary>
    public static SendOutcome Classify(int code, string? text)
    {
        var detail = $"{code.ToString(CultureInfo.InvariantCulture)} {text}".Trim();
        return code switch
        {
            100 => SendOutcome.Sent(null, detail),
            // The account: a wrong or unconfirmed api_id, no money, a sender name not yet agreed. Fixed by an administrator, so retried.
            200 or 300 or 301 or 302 => SendOutcome.Transient(NotificationFailures.AuthFailed, detail, code),
            201 => SendOutcome.Transient(NotificationFailures.NoMoney, detail, code),
            204 => SendOutcome.Transient(NotificationFailures.NotConfigured, detail, code),
            // The number: wrong, no route, not allowed.
            202 or 207 => SendOutcome.Permanent(NotificationFailures.InvalidNumber, detail, code),
            // The number is on the account's stop list (209) or on SMS.ru's own, after the recipient complained of spam (215).
            209 or 215 => SendOutcome.Permanent(NotificationFailures.OptedOut, detail, code),
            // The message itself: empty, too long, bad time, wrong encoding or method, too many numbers; a foreign number
            // while the account sends to Russian numbers only (214).
            203 or 205 or 208 or 210 or 211 or 212 or 213 or 214 => SendOutcome.Permanent(NotificationFailures.Rejected, detail, code),
            // Limits and the service: later.
            206 or 220 or 230 or 231 or 232 or 233 or 500 => SendOutcome.Transient(NotificationFailures.ServerBusy, detail, code),
            _ => SendOutcome.Transient(NotificationFailures.ProviderError, detail, code),
        };
    }

    /// <summary>The number's result in the <c>sms</c> map: under the number, or the only one there.</summary>
    private static JsonElement? Entry(JsonElement root, string number)
    {
        if (!root.TryGetProperty("sms", out var map) || map.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (map.TryGetProperty(number, out var entry))
        {
            return entry;
        }

        foreach (var property in map.EnumerateObject())
        {
            return property.Value;
        }

        return null;
    }

    private HttpClient Client() => http.CreateClient(HttpClientName);

    private static Uri Address(string baseUrl, string path) => new(new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/"), path);

    private static int Code(JsonElement element) =>
        element.TryGetProperty("status_code", out var code) && (code.ValueKind == JsonValueKind.Number ? code.TryGetInt32(out var n) : int.TryParse(code.GetString(), out n)) ? n : -1;

    private static string? StatusText(JsonElement element) =>
        element.TryGetProperty("status_text", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null;

    private static string Shorten(string text) => text.Length > 500 ? text[..500] : text;
}
