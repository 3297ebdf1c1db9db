using System.Globalization;
using System.Text;
using Loyalty.Core.Promoters;

namespace Loyalty.Core.Reports;

/// <summary>
/// The bank payment registry of a payout run (decision 018): what the bank is to pay, i.e. the run's <b>Pending</b>
/// payouts (paid ones were paid, cancelled ones are not to be), one payment order each, for the net amount.
/// <list type="bullet">
/// <item>UTF-8 with a byte order mark (Excel and LibreOffice recognise it; no payee name loses a letter), CRLF line ends.</item>
/// <item>Separator <c>;</c>; a cell holding <c>;</c>, <c>"</c> or a line break is quoted, its quotes doubled; a text
/// cell starting with <c>= + - @</c>, a tab or CR gets a leading apostrophe (no formula runs when the file is opened).</item>
/// <item>A header line, one line per payment —
/// <c>№;Получатель;ИНН;БИК;Счёт получателя;Корр. счёт;Сумма;Назначение платежа</c> — and a control line
/// <c>ИТОГО;{number of payments};;;;;{sum};{run}</c>.</item>
/// <item>Amounts in roubles with two decimals and a <b>comma</b> (<c>12345,67</c>, no thousands separator): the Russian
/// convention (the list separator is <c>;</c> because the comma is the decimal one), read as numbers by a Russian Excel.</item>
/// <item>Purpose: «Вознаграждение по договору о привлечении клиентов за {period} (выплата {run}-{payout}). НДС не облагается».</item>
/// </list>
/// </summary>
public static class PayoutRegistryCsv
{
    public const string ContentType = "text/csv";

    public static readonly string[] Header = ["№", "Получатель", "ИНН", "БИК", "Счёт получателя", "Корр. счёт", "Сумма", "Назначение платежа"];

    public const string ControlLabel = "ИТОГО";

    public static string FileName(long runId) => $"payout-run-{runId}-registry.csv";

    /// <summary>The payments of the registry: the run's pending payouts, by promoter name.</summary>
    public static IReadOnlyList<PromoterReports.RunLine> Payments(PromoterReports.Run run) =>
        run.Lines.Where(l => l.Status == PayoutStatus.Pending).ToList();

    /// <summary>The payment's purpose, as the bank is to print it.</summary>
    public static string Purpose(PromoterReports.Run run, PromoterReports.RunLine line) =>
        string.Format(CultureInfo.InvariantCulture, "Вознаграждение по договору о привлечении клиентов за {0:dd.MM.yyyy}–{1:dd.MM.yyyy} (выплата {2}-{3}). НДС не облагается",
            run.From, run.To, run.Id, line.PayoutId);

    /// <summary>Kopecks as the registry writes roubles: <c>1234567</c> → <c>12345,67</c>.</summary>
    public static string Amount(long kopecks) =>
        (kopecks / 100m).ToString("0.00", CultureInfo.InvariantCulture).Replace('.', ',');

    /// <summary>The file's bytes (with the BOM).</summary>
    public static byte[] Write(PromoterReports.Run run)
    {
        var text = new StringBuilder();
        Line(text, Header);
        var payments = Payments(run);
        var number = 0;
        foreach (var p in payments)
        {
            Line(text,
            [
                (++number).ToString(CultureInfo.InvariantCulture), p.PayeeName ?? p.Promoter, p.Inn, p.Bik, p.BankAccount, p.CorrespondentAccount,
                Amount(p.Net), Purpose(run, p),
            ]);
        }

        Line(text, [ControlLabel, payments.Count.ToString(CultureInfo.InvariantCulture), null, null, null, null, Amount(payments.Sum(p => p.Net)),
            string.Format(CultureInfo.InvariantCulture, "Выплата {0} за {1:dd.MM.yyyy}–{2:dd.MM.yyyy}", run.Id, run.From, run.To)]);
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>One cell as written: formula starts defused, then quoted when it holds a separator, a quote or a line break.</summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([';', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    private static void Line(StringBuilder text, IEnumerable<string?> cells) =>
        text.Append(string.Join(';', cells.Select(Cell))).Append("\r\n");
}
