using System.Globalization;
using System.Resources;
using ClosedXML.Excel;

namespace Loyalty.Core.Reports;

/// <summary>The reports' texts: Russian by default (<c>ReportText.resx</c>), English (<c>ReportText.en.resx</c>).</summary>
internal static class ReportText
{
    private static readonly ResourceManager Resources = new("Loyalty.Core.Reports.ReportText", typeof(ReportText).Assembly);

    public static string Get(string key, CultureInfo language) => Resources.GetString(key, language) ?? key;
}

/// <summary>A column of a report: its header, its width in characters and the number format of its cells.</summary>
internal sealed record ExcelColumn(string Header, double Width, string? Format = null);

/// <summary>
/// One table on a worksheet as every report writes it (DESIGN.md, "Reports"): a bold, frozen header row with an
/// auto-filter over the data, typed cells (numbers and dates, never numbers as text), formats set per column,
/// explicit widths (AdjustToContents needs GDI and is slow on Linux) and a bold totals row under the filter.
/// Text is always written as text, so a name like "=HYPERLINK(…)" or "00123" from the CRM stays what it was.
/// </summary>
internal sealed class ExcelSheet
{
    public const string MoneyFormat = "#,##0.00\\ \"₽\"";
    public const string DateFormat = "dd.mm.yyyy";
    public const string DateTimeFormat = "dd.mm.yyyy hh:mm";
    public const string PercentFormat = "0.00%";
    public const string IntegerFormat = "0";
    public const string CountFormat = "#,##0";

    private readonly IXLWorksheet _sheet;
    private readonly IReadOnlyList<ExcelColumn> _columns;
    private int _row = 1;

    public ExcelSheet(XLWorkbook workbook, string name, IReadOnlyList<ExcelColumn> columns)
    {
        _sheet = workbook.AddWorksheet(name);
        _columns = columns;
        for (var i = 0; i < columns.Count; i++)
        {
            _sheet.Cell(1, i + 1).SetValue(columns[i].Header);
            _sheet.Column(i + 1).Width = columns[i].Width;
        }

        var header = _sheet.Range(1, 1, 1, columns.Count);
        header.Style.Font.Bold = true;
        header.Style.Alignment.WrapText = true;
        header.Style.Fill.BackgroundColor = XLColor.FromHtml("#EEF1F6");
        _sheet.SheetView.FreezeRows(1);
    }

    public int DataRows => _row - 1;

    /// <summary>A title printed at the top of every page (what the file is: whose statement, which period).</summary>
    public void PrintTitle(string title) => _sheet.PageSetup.Header.Center.AddText(title);

    /// <summary>Starts the next data row and returns its number.</summary>
    public int NextRow() => ++_row;

    public void Text(int row, int column, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _sheet.Cell(row, column).SetValue(value);
        }
    }

    public void Number(int row, int column, long value) => _sheet.Cell(row, column).SetValue(value);

    public void Number(int row, int column, long? value)
    {
        if (value is { } v)
        {
            _sheet.Cell(row, column).SetValue(v);
        }
    }

    public void Number(int row, int column, decimal value) => _sheet.Cell(row, column).SetValue(value);

    /// <summary>Kopecks as roubles, a decimal number: 123450 → 1234.5.</summary>
    public void Money(int row, int column, long kopecks) => _sheet.Cell(row, column).SetValue(kopecks / 100m);

    public void Date(int row, int column, DateTime? value)
    {
        if (value is { } v)
        {
            _sheet.Cell(row, column).SetValue(v);
        }
    }

    /// <summary>
    /// Ends the table: the auto-filter over the header and data, the column formats, and a totals row (values, so every
    /// reader shows them without recalculating) with <paramref name="label"/> in the first column.
    /// </summary>
    public void Finish(string label, Action<ExcelSheet, int> totals)
    {
        var last = _row;
        _sheet.Range(1, 1, last, _columns.Count).SetAutoFilter();
        var totalsRow = NextRow();
        Text(totalsRow, 1, label);
        totals(this, totalsRow);
        _sheet.Range(totalsRow, 1, totalsRow, _columns.Count).Style.Font.Bold = true;
        _sheet.Range(totalsRow, 1, totalsRow, _columns.Count).Style.Border.TopBorder = XLBorderStyleValues.Thin;
        for (var i = 0; i < _columns.Count; i++)
        {
            if (_columns[i].Format is { } format)
            {
                _sheet.Range(2, i + 1, totalsRow, i + 1).Style.NumberFormat.Format = format;
            }
        }
    }
}
