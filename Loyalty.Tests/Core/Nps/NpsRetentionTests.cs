using Loyalty.Core.Nps;
using Microsoft.EntityFrameworkCore;
using static Loyalty.Tests.Core.Nps.NpsDashWorld;

namespace Loyalty.Tests.Core.Nps;

/// <summary>Comments are personal data: erased after the settings' retention, or on request; the scores stay.</summary>
public sealed class NpsRetentionTests : IAsyncLifetime
{
    private NpsDashWorld _world = null!;

    public async Task InitializeAsync() => _world = await NpsDashWorld.CreateAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task CommentsOlderThanTheRetentionAreErasedAndTheirScoresKept()
    {
        var settings = await _world.Settings.CurrentAsync();
        Assert.Empty(await _world.Settings.SaveAsync(settings with { CommentRetentionDays = 30 }, "admin@example.ru"));
        var old = await _world.AddSurveyAsync(Local(2026, 10, 1), 3, comment: "Грубый курьер");
        var recent = await _world.AddSurveyAsync(Local(2026, 11, 20), 4, comment: "Долго ждали");
        var silent = await _world.AddSurveyAsync(Local(2026, 10, 1), 5);

        var erased = await _world.Retention.EraseExpiredAsync();

        Assert.Equal(1, erased);
        var surveys = await SurveysAsync();
        Assert.Null(surveys[old.Id].Comment);
        Assert.Equal(_world.Time.GetUtcNow().UtcDateTime, surveys[old.Id].CommentErasedAt);
        Assert.Equal(3, surveys[old.Id].Score);
        Assert.Equal("Долго ждали", surveys[recent.Id].Comment);
        Assert.Null(surveys[recent.Id].CommentErasedAt);
        Assert.Null(surveys[silent.Id].CommentErasedAt);
        Assert.Equal(0, await _world.Retention.EraseExpiredAsync());
    }

    [Fact]
    public async Task OneAnswersCommentIsErasedOnRequest()
    {
        var survey = await _world.AddSurveyAsync(Local(2026, 12, 1), 2, comment: "Телефон +7 999 123-45-67, перезвоните");
        var other = await _world.AddSurveyAsync(Local(2026, 12, 1), 2, comment: "Всё плохо");

        Assert.True(await _world.Retention.EraseCommentAsync(survey.Id, "head@example.ru"));
        Assert.False(await _world.Retention.EraseCommentAsync(survey.Id, "head@example.ru"));

        var surveys = await SurveysAsync();
        Assert.Null(surveys[survey.Id].Comment);
        Assert.NotNull(surveys[survey.Id].CommentErasedAt);
        Assert.Equal(2, surveys[survey.Id].Score);
        Assert.Equal("Всё плохо", surveys[other.Id].Comment);
        var answers = await _world.Queries.AnswersAsync(new NpsFilter(_world.Month), 0, 10);
        Assert.Equal(2, answers.Total);
    }

    [Fact]
    public async Task EveryCommentOfAContactIsErasedOnRequest()
    {
        await _world.AddSurveyAsync(Local(2026, 11, 1), 2, contactId: 77, comment: "Первый раз");
        await _world.AddSurveyAsync(Local(2026, 12, 1), 6, contactId: 77, comment: "Второй раз");
        var someoneElse = await _world.AddSurveyAsync(Local(2026, 12, 1), 6, contactId: 78, comment: "Не трогать");

        var erased = await _world.Retention.EraseContactCommentsAsync(77, "head@example.ru");

        Assert.Equal(2, erased);
        var surveys = await SurveysAsync();
        Assert.All(surveys.Values.Where(s => s.ContactId == 77), s => Assert.Null(s.Comment));
        Assert.Equal("Не трогать", surveys[someoneElse.Id].Comment);
    }

    private async Task<Dictionary<long, NpsSurvey>> SurveysAsync()
    {
        await using var db = _world.Database.CreateDbContext();
        return await db.NpsSurveys.AsNoTracking().ToDictionaryAsync(s => s.Id);
    }
}
