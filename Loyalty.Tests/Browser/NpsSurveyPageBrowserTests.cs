using System.Security.Cryptography;
using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Nps;
using Loyalty.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.Tests.Browser;

/// <summary>
/// A customer on a 390 × 844 phone opens the score-3 link of the survey e-mail, sees 3 chosen, confirms it, writes a
/// comment and is thanked; nothing scrolls sideways, and the score and comment are recorded.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class NpsSurveyPageBrowserTests(BrowserPortal portal)
{
    [BrowserFact]
    public Task ACustomerOnAPhoneConfirmsALowScoreAndComments() =>
        portal.RunAsync("nps-phone", async page =>
        {
            var (surveyId, token) = await AddSurveyAsync();
            await page.SetViewportSizeAsync(390, 844);

            await page.GotoAsync($"s/{token}?score=3");
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ru");
            await Expect(page.GetByTestId("nps-company")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("nps-score-3")).ToBeCheckedAsync();
            Assert.True(await NoSidewaysScrollAsync(page));
            await BrowserPortal.SaveScreenshotAsync(page, "nps-phone-chosen");

            await page.GetByTestId("nps-confirm").ClickAsync();
            await Expect(page.GetByTestId("nps-heading")).ToHaveTextAsync(NpsDefaults.Template.Negative.Heading);
            Assert.True(await NoSidewaysScrollAsync(page));

            await page.GetByTestId("nps-comment").FillAsync("Доставку перенесли дважды, никто не предупредил.");
            await page.GetByTestId("nps-comment-send").ClickAsync();
            await Expect(page.GetByTestId("nps-comment-thanks")).ToHaveTextAsync(NpsDefaults.Template.Negative.ThanksText);
            Assert.True(await NoSidewaysScrollAsync(page));
            await BrowserPortal.SaveScreenshotAsync(page, "nps-phone-thanks");

            await using var db = await portal.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
            var survey = await db.NpsSurveys.AsNoTracking().SingleAsync(s => s.Id == surveyId);
            Assert.Equal(3, survey.Score);
            Assert.Equal("Доставку перенесли дважды, никто не предупредил.", survey.Comment);
            Assert.NotNull(survey.TaskQueuedAt);
        });

    private static async Task<bool> NoSidewaysScrollAsync(Microsoft.Playwright.IPage page) =>
        await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");

    /// <summary>A sent survey of a mirror deal (contact, manager), with the default template's revision.</summary>
    private async Task<(long SurveyId, string Token)> AddSurveyAsync()
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        var now = DateTime.UtcNow;
        var n = Random.Shared.Next(100_000);
        db.Employees.Add(new Employee { Id = 850_000 + n, FirstName = "Анна", LastName = "Смирнова", Active = true, SyncedAt = now });
        db.Contacts.Add(new Contact { Id = 850_000 + n, FirstName = "Иван", LastName = "Петров", SyncedAt = now });
        db.Deals.Add(new Deal { Id = 850_000 + n, Title = "Кухня на заказ", ContactId = 850_000 + n, AssignedById = 850_000 + n, StageId = "WON", SyncedAt = now });
        var template = new NpsTemplate { Name = $"Опрос {n}", Scale = NpsScale.ZeroToTen, CreatedAt = now, UpdatedAt = now, Content = NpsDefaults.Template };
        db.NpsTemplates.Add(template);
        await db.SaveChangesAsync();
        var revision = new NpsTemplateRevision { TemplateId = template.Id, CreatedAt = now, ContentJson = template.ContentJson, Scale = NpsScale.ZeroToTen };
        db.NpsTemplateRevisions.Add(revision);
        await db.SaveChangesAsync();
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var survey = new NpsSurvey
        {
            Token = token, DealId = 850_000 + n, ContactId = 850_000 + n, ManagerId = 850_000 + n, TemplateId = template.Id, RevisionId = revision.Id,
            Scale = NpsScale.ZeroToTen, Status = NpsSurveyStatus.Sent, Channels = "email", CreatedAt = now, DueAt = now, SentAt = now,
        };
        db.NpsSurveys.Add(survey);
        await db.SaveChangesAsync();
        return (survey.Id, token);
    }
}
