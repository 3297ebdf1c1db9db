using System.Globalization;
using ClosedXML.Excel;
using Loyalty.Core.Nps;
using Loyalty.Core.Portal;

namespace Loyalty.Core.Reports;

/// <summary>
/// The NPS answers as an Excel file (the answers list's filter, all pages): answered and sent times as dates, the score as
/// a number, the deal, contact, manager, pipeline and template by name, the comment; a summary row with the number of
/// answers, the average score and the NPS of the 0–10 answers. Rows come from <see cref="NpsQueries"/> in chunks.
/// </summary>
public sealed class NpsReports(NpsQueries queries, PortalClock clock)
{
    public const string ContentType = BonusReports.ContentType;

    public static string FileName(NpsPeriod period) => $"nps-answers-{period.From:yyyy-MM-dd}-{period.To:yyyy-MM-dd}.xlsx";

    public async Task<byte[]> AnswersAsync(NpsFilter filter, CultureInfo language, CancellationToken ct = default)
    {
        string T(string key) => ReportText.Get(key, language);
        using var workbook = new XLWorkbook();
        var sheet = new ExcelSheet(workbook, T("NpsDash_Sheet"),
        [
            new(T("NpsDash_Col_AnsweredAt"), 17, ExcelSheet.DateTimeFormat),
            new(T("NpsDash_Col_SentAt"), 17, ExcelSheet.DateTimeFormat),
            new(T("NpsDash_Col_Score"), 9, "0.0"),
            new(T("NpsDash_Col_Group"), 14),
            new(T("Col_Deal"), 32),
            new(T("NpsDash_Col_Contact"), 28),
            new(T("NpsDash_Col_Manager"), 26),
            new(T("NpsDash_Col_Pipeline"), 20),
            new(T("NpsDash_Col_Template"), 22),
            new(T("Col_Comment"), 60),
        ]);
        sheet.PrintTitle(string.Format(language, T("NpsDash_Title"), filter.Period.From.ToString("dd.MM.yyyy", language), filter.Period.To.ToString("dd.MM.yyyy", language)));

        var counts = NpsCounts.None;
        long sum = 0, scored = 0, answers = 0;
        await foreach (var a in queries.AllAnswersAsync(filter, ct))
        {
            var row = sheet.NextRow();
            sheet.Date(row, 1, clock.ToPortal(a.AnsweredAt));
            sheet.Date(row, 2, a.SentAt is { } sent ? clock.ToPortal(sent) : null);
            sheet.Number(row, 3, a.Score);
            sheet.Text(row, 4, a.Scale == NpsScale.Satisfaction
                ? T(a.Score >= 1 ? "NpsDash_Satisfied" : "NpsDash_Unsatisfied")
                : T("NpsDash_Group_" + a.Group));
            sheet.Text(row, 5, string.IsNullOrWhiteSpace(a.DealTitle) ? string.Format(language, T("NpsDash_DealNumber"), a.DealId) : a.DealTitle);
            sheet.Text(row, 6, a.ContactName);
            sheet.Text(row, 7, a.ManagerName);
            sheet.Text(row, 8, a.PipelineName);
            sheet.Text(row, 9, a.TemplateName);
            sheet.Text(row, 10, a.CommentErasedAt is not null ? T("NpsDash_CommentErased") : a.Comment);
            answers++;
            if (a.Scale == NpsScale.ZeroToTen)
            {
                counts += NpsCounts.Of(a.Score);
                sum += a.Score;
                scored++;
            }
        }

        var nps = NpsMath.Score(counts);
        sheet.Finish(string.Format(language, T("NpsDash_TotalAnswers"), answers), (s, row) =>
        {
            if (NpsMath.Average(sum, scored) is { } average)
            {
                s.Number(row, 3, (decimal)average);
            }

            s.Text(row, 4, nps is { } value ? string.Format(language, T("NpsDash_TotalNps"), value) : null);
        });
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}
