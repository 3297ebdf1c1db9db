using System.Net;
using System.Text.Json;
using ClosedXML.Excel;
using Loyalty.Core.Data;
using Loyalty.Core.Identity;
using Loyalty.Core.Nps;
using Loyalty.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Web.Nps;

/// <summary>
/// The answers' Excel file over HTTP as a sales head downloads it: within the row limit it is a workbook listing the
/// period's answers; over it, a 400 with a sentence (the file is built in memory, so a too large one is refused rather
/// than risking the host).
/// </summary>
public sealed class NpsExcelEndpointTests
{
    [Fact]
    public async Task AFileWithinTheLimitListsTheAnswersAndOneOverItIsRefusedWithASentence()
    {
        await using var portal = new PortalFactory();
        portal.Settings["Nps:ExcelMaxRows"] = "2";
        using var client = FormClient.For(portal);
        var head = DemoAccounts.All.Single(d => d.Role == Roles.SalesHead);
        await client.SignInAsync(head.Email, head.Password);
        await AddAnswersAsync(portal, 9, 3);

        var file = await client.Http.GetAsync("/nps/answers.xlsx?period=month");

        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        using (var workbook = new XLWorkbook(await file.Content.ReadAsStreamAsync()))
        {
            var scores = workbook.Worksheet(1).Column(3).CellsUsed().Skip(1).Where(c => c.DataType == XLDataType.Number).Select(c => c.GetDouble()).ToList();
            Assert.Equal([3.0, 9.0], scores.Take(2).Order());
        }

        await AddAnswersAsync(portal, 10);
        var refused = await client.Http.GetAsync("/nps/answers.xlsx?period=month");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("Слишком много ответов для одного файла", problem.RootElement.GetProperty("title").GetString());
        Assert.Contains("В отборе 3 ответов, а в файл помещается не больше 2.", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // A narrower filter fits again.
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/nps/answers.xlsx?period=month&group=promoter")).StatusCode);
    }

    private static async Task AddAnswersAsync(PortalFactory portal, params int[] scores)
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        var now = DateTime.UtcNow;
        var template = new NpsTemplate { Name = "После сделки", Scale = NpsScale.ZeroToTen, CreatedAt = now, UpdatedAt = now };
        db.NpsTemplates.Add(template);
        await db.SaveChangesAsync();
        var revision = new NpsTemplateRevision { TemplateId = template.Id, CreatedAt = now, Scale = NpsScale.ZeroToTen };
        db.NpsTemplateRevisions.Add(revision);
        await db.SaveChangesAsync();
        foreach (var score in scores)
        {
            db.NpsSurveys.Add(new NpsSurvey
            {
                Token = Guid.NewGuid().ToString("N")[..22], DealId = 1, PipelineId = 0, TemplateId = template.Id, RevisionId = revision.Id,
                Scale = NpsScale.ZeroToTen, Status = NpsSurveyStatus.Sent, Channels = "email", CreatedAt = now, DueAt = now, SentAt = now,
                Score = score, AnsweredAt = now, FirstAnsweredAt = now,
            });
        }

        await db.SaveChangesAsync();
    }
}
