using System.Globalization;
using ClosedXML.Excel;
using Loyalty.Core.Nps;
using Loyalty.Tests.Core.Nps;
using static Loyalty.Tests.Core.Nps.NpsDashWorld;

namespace Loyalty.Tests.Core.Reports;

/// <summary>The NPS answers' Excel file, read back with ClosedXML and compared with the answers list.</summary>
public sealed class NpsReportsTests : IAsyncLifetime
{
    private static readonly CultureInfo Ru = CultureInfo.GetCultureInfo("ru-RU");

    private NpsDashWorld _world = null!;

    public async Task InitializeAsync()
    {
        _world = await NpsDashWorld.CreateAsync();
        await _world.AddEmployeeAsync(10, "Жанна", "Климова");
        await _world.AddPipelineAsync(1, "Продажи");
        await _world.AddContactAsync(500, "Ольга", "Смирнова");
        await _world.AddDealAsync(900, "=HYPERLINK(\"http://x\")", contactId: 500, managerId: 10);
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task TheFileHoldsTheFilteredAnswersAsTypedCellsWithASummaryRow()
    {
        await _world.AddSurveyAsync(Local(2026, 12, 1, 10), 2, answeredAt: Local(2026, 12, 1, 14, 5), managerId: 10, dealId: 900, contactId: 500, comment: "Долго везли");
        foreach (var score in new[] { 10, 9, 7 })
        {
            await _world.AddSurveyAsync(Local(2026, 12, 2), score, managerId: 10);
        }

        await _world.AddSurveyAsync(Local(2026, 12, 2), 1, twoPoint: true, managerId: 10);
        await _world.AddSurveyAsync(Local(2026, 12, 2), 0, managerId: 11);
        var erased = await _world.AddSurveyAsync(Local(2026, 12, 3), 5, managerId: 10, comment: "Удалить меня");
        await _world.Retention.EraseCommentAsync(erased.Id, "head@example.ru");
        var filter = new NpsFilter(_world.Month, ManagerId: 10);

        var bytes = await _world.Reports.AnswersAsync(filter, Ru);

        var expected = await _world.Queries.AnswersAsync(filter, 0, 100);
        using var workbook = new XLWorkbook(new MemoryStream(bytes));
        var sheet = workbook.Worksheet(1);
        Assert.Equal("Ответы NPS", sheet.Name);
        Assert.Equal(1, sheet.SheetView.SplitRow);
        Assert.True(sheet.AutoFilter.IsEnabled);
        Assert.Equal("Оценка", sheet.Cell(1, 3).GetString());
        Assert.True(sheet.Column(10).Width > 40);
        for (var i = 0; i < expected.Items.Count; i++)
        {
            var row = sheet.Row(i + 2);
            var answer = expected.Items[i];
            Assert.Equal(XLDataType.DateTime, row.Cell(1).DataType);
            Assert.Equal(_world.Clock.ToPortal(answer.AnsweredAt), row.Cell(1).GetDateTime(), TimeSpan.FromSeconds(1));
            Assert.Equal(XLDataType.Number, row.Cell(3).DataType);
            Assert.Equal(answer.Score, (int)row.Cell(3).GetDouble());
            Assert.Equal("Жанна Климова", row.Cell(7).GetString());
        }

        // The oldest answer, last: the deal's title kept as text (not a formula), the contact, the group, the comment.
        var last = sheet.Row(expected.Items.Count + 1);
        Assert.Equal("=HYPERLINK(\"http://x\")", last.Cell(5).GetString());
        Assert.False(last.Cell(5).HasFormula);
        Assert.Equal(("Ольга Смирнова", "Критик", "Долго везли"), (last.Cell(6).GetString(), last.Cell(4).GetString(), last.Cell(10).GetString()));
        Assert.Equal(new DateTime(2026, 12, 1, 14, 5, 0), last.Cell(1).GetDateTime());
        Assert.Contains(sheet.Column(4).CellsUsed(), c => c.GetString() == "Доволен");
        Assert.Contains(sheet.Column(10).CellsUsed(), c => c.GetString() == "(комментарий удалён)");

        // Summary: answers 6 (five 0–10 and one two-point), the 0–10 average (2+10+9+7+5)/5 = 6.6, NPS (2 − 2)/5 = 0.
        var summary = await _world.Queries.SummaryAsync(filter);
        var totals = sheet.Row(expected.Items.Count + 2);
        Assert.Equal(6, expected.Total);
        Assert.Equal($"Итого: ответов {expected.Total}", totals.Cell(1).GetString());
        Assert.Equal(6.6, totals.Cell(3).GetDouble(), 3);
        Assert.Equal($"NPS {summary.Nps}", totals.Cell(4).GetString());
        Assert.True(totals.Cell(1).Style.Font.Bold);
    }

    [Fact]
    public async Task TheFileReadsEveryAnswerOfALongPeriodInChunks()
    {
        await using (var db = _world.Database.CreateDbContext())
        {
            for (var i = 0; i < 4500; i++)
            {
                var at = Local(2026, 12, 1).AddMinutes(i);
                db.NpsSurveys.Add(new NpsSurvey
                {
                    Token = $"bulk-{i:D17}", DealId = 10_000 + i, TemplateId = _world.TemplateId, RevisionId = (await RevisionAsync()), Scale = NpsScale.ZeroToTen,
                    Status = NpsSurveyStatus.Sent, Channels = "email", CreatedAt = at, DueAt = at, SentAt = at, Score = i % 11, AnsweredAt = Local(2026, 12, 2).AddSeconds(i % 100),
                });
            }

            await db.SaveChangesAsync();
        }

        var seen = new HashSet<long>();
        await foreach (var answer in _world.Queries.AllAnswersAsync(new NpsFilter(_world.Month)))
        {
            Assert.True(seen.Add(answer.SurveyId));
        }

        Assert.Equal(4500, seen.Count);
    }

    private long? _revision;

    private async Task<long> RevisionAsync()
    {
        if (_revision is null)
        {
            await using var db = _world.Database.CreateDbContext();
            _revision = db.NpsTemplateRevisions.First(r => r.TemplateId == _world.TemplateId).Id;
        }

        return _revision.Value;
    }
}
