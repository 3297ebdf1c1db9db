using System.Globalization;
using System.Text.Json.Nodes;

namespace Loyalty.Web.Sandbox.Mail;

/// <summary>
/// The emulated SMS gateway's rules, as SMS.ru's HTTP API states them (sms.ru/api): status codes 100 (done), 103
/// (delivered), 200 (wrong api_id), 201 (not enough money), 202 (a number it cannot send to), 203 (no text), 205 (longer
/// than 8 parts), 211 (no such method), 213 (too many numbers), 220 (service temporarily unavailable), −1 (no such
/// message). Written from that description alone, sharing nothing with the portal's SMS client.
/// </summary>
public sealed class SmsRuGateway
{
    public const int MaxRecipients = 100;
    public const int MaxParts = 8;

    private readonly Lock _lock = new();
    private readonly SandboxMailbox _mailbox;
    private readonly MailFaults _faults;
    private readonly TimeProvider _time;
    private readonly string _apiId;
    private readonly decimal _partPrice;
    private decimal _balance;
    private long _lastSmsId = 10_000_000;

    internal SmsRuGateway(SandboxMailOptions options, SandboxMailbox mailbox, MailFaults faults, TimeProvider time)
    {
        _mailbox = mailbox;
        _faults = faults;
        _time = time;
        _apiId = options.SmsApiId;
        _partPrice = options.SmsPartPrice;
        _balance = options.SmsBalance;
    }

    public decimal CurrentBalance
    {
        get
        {
            lock (_lock)
            {
                return _balance;
            }
        }
    }

    public JsonObject BalanceOf(string? apiId) => Authorized(apiId) is { } refusal
        ? refusal
        : Ok(new JsonObject { ["balance"] = CurrentBalance });

    public JsonObject Send(string? apiId, string? to, string? text, string? from)
    {
        if (Authorized(apiId) is { } refusal)
        {
            return refusal;
        }

        if (_faults.Draw(MailFault.SmsUnavailable) is not null)
        {
            return Error(220, "Сервис временно недоступен, попробуйте чуть позже");
        }

        var numbers = (to ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (numbers.Length == 0)
        {
            return Error(202, "Неправильно указан номер телефона получателя, либо на него нет маршрута");
        }

        if (numbers.Length > MaxRecipients)
        {
            return Error(213, "Указано более 100 номеров в списке получателей");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return Error(203, "Нет текста сообщения");
        }

        var parts = Parts(text);
        if (parts > MaxParts)
        {
            return Error(205, "Сообщение слишком длинное (превышает 8 СМС)");
        }

        var results = new JsonObject();
        lock (_lock)
        {
            foreach (var raw in numbers)
            {
                var key = raw.Length > 32 ? raw[..32] : raw;
                if (results.ContainsKey(key))
                {
                    continue;
                }

                if (Normalize(raw) is not { } number || _faults.Draw(MailFault.SmsInvalidNumber) is not null)
                {
                    results[key] = NumberError(202, "Неправильно указан номер телефона получателя, либо на него нет маршрута");
                    continue;
                }

                var cost = parts * _partPrice;
                if (_balance < cost)
                {
                    results[key] = NumberError(201, "Не хватает средств на лицевом счету");
                    continue;
                }

                _balance -= cost;
                var smsId = $"000000-{++_lastSmsId}";
                _mailbox.Add(new ReceivedSms(_mailbox.NextId(), _time.GetUtcNow().UtcDateTime, smsId, number, text, from, parts, cost));
                results[key] = new JsonObject { ["status"] = "OK", ["status_code"] = 100, ["sms_id"] = smsId };
            }

            return Ok(new JsonObject { ["sms"] = results, ["balance"] = _balance });
        }
    }

    public JsonObject Status(string? apiId, string? smsIds)
    {
        if (Authorized(apiId) is { } refusal)
        {
            return refusal;
        }

        var results = new JsonObject();
        foreach (var id in (smsIds ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(MaxRecipients))
        {
            var key = id.Length > 32 ? id[..32] : id;
            results[key] = _mailbox.FindSms(id) is { } sms
                ? new JsonObject { ["status"] = "OK", ["status_code"] = 103, ["cost"] = sms.Cost, ["status_text"] = "Сообщение доставлено" }
                : NumberError(-1, "Сообщение не найдено");
        }

        return Ok(new JsonObject { ["sms"] = results });
    }

    public static JsonObject Error(int code, string text) => new() { ["status"] = "ERROR", ["status_code"] = code, ["status_text"] = text };

    /// <summary>A number as SMS.ru takes it: digits only, 11 to 15 of them; a Russian 8XXXXXXXXXX becomes 7XXXXXXXXXX.</summary>
    public static string? Normalize(string raw)
    {
        if (raw.Length > 32)
        {
            return null;
        }

        var digits = new string([.. raw.Where(char.IsAsciiDigit)]);
        if (raw.Any(c => !char.IsAsciiDigit(c) && c is not ('+' or ' ' or '-' or '(' or ')')) || digits.Length is < 11 or > 15)
        {
            return null;
        }

        return digits.Length == 11 && digits[0] == '8' ? "7" + digits[1..] : digits;
    }

    /// <summary>How many SMS a text takes: 160 / 153 characters a part in the basic alphabet, 70 / 67 in Unicode (Cyrillic).</summary>
    public static int Parts(string text)
    {
        var basic = text.All(c => c is >= ' ' and <= '~' or '\n' or '\r');
        var (single, multi) = basic ? (160, 153) : (70, 67);
        return text.Length <= single ? 1 : (text.Length + multi - 1) / multi;
    }

    private JsonObject? Authorized(string? apiId) =>
        string.Equals(apiId, _apiId, StringComparison.Ordinal) ? null : Error(200, "Неправильный api_id");

    private static JsonObject Ok(JsonObject body)
    {
        var result = new JsonObject { ["status"] = "OK", ["status_code"] = 100 };
        foreach (var (key, value) in body.ToList())
        {
            body.Remove(key);
            result[key] = value;
        }

        return result;
    }

    private static JsonObject NumberError(int code, string text) => Error(code, text);

    internal static string Text(JsonObject answer)
    {
        // Without json=1 SMS.ru answers in lines: the status code, then one line per number, then balance=…
        var lines = new List<string> { answer["status_code"]!.ToString() };
        if (answer["sms"] is JsonObject sms)
        {
            lines.AddRange(sms.Select(p => p.Value!["sms_id"]?.ToString() ?? p.Value!["status_code"]!.ToString()));
        }

        if (answer["balance"] is { } balance)
        {
            lines.Add(lines.Count == 1 && answer["sms"] is null
                ? balance.GetValue<decimal>().ToString(CultureInfo.InvariantCulture)
                : "balance=" + balance.GetValue<decimal>().ToString(CultureInfo.InvariantCulture));
        }

        return string.Join('\n', lines);
    }
}
