using System.Text.Json;
using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Notifications;
using Loyalty.Core.Nps;
using Loyalty.Core.Portal;
using Loyalty.Core.Promoters;
using Loyalty.Core.WriteBack;
using Loyalty.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Loyalty.Tests.Core.Nps;

/// <summary>
/// The survey page's answers on a real SQLite file with a clock that stands still: a score is recorded once with its
/// write-backs (the deal's field, a timeline comment), changed within the window and refused after it; a low score's
/// comment opens exactly one task for the deal's manager, linked to the deal, with its deadline in the portal's zone.
/// </summary>
public sealed class NpsAnswersTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    private const long ManagerId = 7;
    private const long DealId = 5001;
    private const long ContactId = 4001;

    private TestDatabase _database = null!;
    private readonly ManualTimeProvider _time = new(Now);

    private NpsAnswers Answers { get; set; } = null!;

    private NpsTasks Tasks { get; set; } = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var portal = Options.Create(new PortalOptions());
        var address = new PublicAddress(Options.Create(new NotificationOptions { PublicBaseUrl = "https://loyalty.example.ru/" }));
        var page = new ReferralPageSettings(_database, _time);
        // The renderer as the portal wires it, whatever it takes.
        using var services = new ServiceCollection()
            .AddSingleton(new NoticeTemplates()).AddSingleton(address).AddSingleton(page).AddSingleton(portal).AddSingleton<TimeProvider>(_time)
            .AddSingleton<IDbContextFactory<LoyaltyDbContext>>(_database)
            .BuildServiceProvider();
        var renderer = ActivatorUtilities.CreateInstance<NpsRenderer>(services);
        Answers = new NpsAnswers(_database, renderer, new NoticeTemplates(), address, page, portal, _time, NullLogger<NpsAnswers>.Instance);
        Tasks = new NpsTasks(_database, renderer, portal, _time, NullLogger<NpsTasks>.Instance);
        await using var db = _database.CreateDbContext();
        var synced = Now.UtcDateTime;
        db.Employees.Add(new Employee { Id = ManagerId, FirstName = "Анна", LastName = "Смирнова", Active = true, SyncedAt = synced });
        db.Employees.Add(new Employee { Id = 8, FirstName = "Олег", LastName = "Руководитель", Active = true, SyncedAt = synced });
        db.Contacts.Add(new Contact { Id = ContactId, FirstName = "Иван", LastName = "Петров", Phones = "+79161234567", Emails = "ivan@example.ru", SyncedAt = synced });
        db.Deals.Add(new Deal { Id = DealId, Title = "Кухня на заказ", ContactId = ContactId, AssignedById = ManagerId, PipelineId = 0, StageId = "WON", SyncedAt = synced });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task AScoreIsRecordedWithTheDealFieldAndATimelineComment()
    {
        var survey = await AddSurveyAsync();

        var result = await Answers.RecordScoreAsync(survey.Token, 3);

        Assert.Equal(NpsAnswerOutcome.Recorded, result.Outcome);
        Assert.Equal(3, result.View.Score);
        Assert.True(result.View.CommentAllowed);
        var stored = await SurveyAsync(survey.Id);
        Assert.Equal(3, stored.Score);
        Assert.Equal(Now.UtcDateTime, stored.AnsweredAt);
        Assert.Equal(Now.UtcDateTime, stored.FirstAnsweredAt);

        var writes = await WritesAsync(survey.Id);
        var field = Assert.Single(writes, w => w.Key == $"nps:{survey.Id}:score");
        Assert.Equal("crm.deal.update", field.Method);
        using (var parameters = JsonDocument.Parse(field.Parameters))
        {
            Assert.Equal(DealId, parameters.RootElement.GetProperty("id").GetInt64());
            Assert.Equal(3, parameters.RootElement.GetProperty("fields").GetProperty("UF_CRM_LOY_NPS").GetInt32());
        }

        var comment = Assert.Single(writes, w => w.Method == "crm.timeline.comment.add");
        Assert.StartsWith($"nps:{survey.Id}:score:3:", comment.Key, StringComparison.Ordinal);
        Assert.Contains("на 3 из 10 (критик)", CommentText(comment), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADoubleSubmitCountsOnce()
    {
        var survey = await AddSurveyAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Answers.RecordScoreAsync(survey.Token, 9)));
        var again = await Answers.RecordScoreAsync(survey.Token, 9);

        Assert.Single(results, r => r.Outcome == NpsAnswerOutcome.Recorded);
        Assert.All(results.Append(again), r => Assert.Equal(9, r.View.Score));
        Assert.Equal(NpsAnswerOutcome.Unchanged, again.Outcome);
        var writes = await WritesAsync(survey.Id);
        Assert.Single(writes, w => w.Method == "crm.timeline.comment.add");
        Assert.Single(writes, w => w.Method == "crm.deal.update");
    }

    [Fact]
    public async Task TheScoreChangesWithinTheWindowOfTheFirstAnswerAndNotAfter()
    {
        var survey = await AddSurveyAsync();
        await Answers.RecordScoreAsync(survey.Token, 9);

        _time.Advance(TimeSpan.FromDays(3));
        var changed = await Answers.RecordScoreAsync(survey.Token, 6);

        Assert.Equal(NpsAnswerOutcome.Recorded, changed.Outcome);
        var stored = await SurveyAsync(survey.Id);
        Assert.Equal(6, stored.Score);
        Assert.Equal(Now.UtcDateTime, stored.FirstAnsweredAt);
        Assert.Equal(Now.UtcDateTime.AddDays(3), stored.AnsweredAt);
        var writes = await WritesAsync(survey.Id);
        var field = Assert.Single(writes, w => w.Method == "crm.deal.update");
        Assert.Contains("\"UF_CRM_LOY_NPS\":6", field.Parameters, StringComparison.Ordinal);
        Assert.Null(field.SentAt);
        var comments = writes.Where(w => w.Method == "crm.timeline.comment.add").Select(CommentText).ToList();
        Assert.Equal(2, comments.Count);
        Assert.Contains(comments, c => c.Contains("6 из 10 (критик), раньше было 9", StringComparison.Ordinal));

        // Seven days after the first answer the survey is closed: nothing changes.
        _time.Advance(TimeSpan.FromDays(4));
        var late = await Answers.RecordScoreAsync(survey.Token, 10);

        Assert.Equal(NpsAnswerOutcome.Closed, late.Outcome);
        Assert.False(late.View.Open);
        Assert.Equal(6, (await SurveyAsync(survey.Id)).Score);
        Assert.Equal(3, (await WritesAsync(survey.Id)).Count);
        Assert.False((await Answers.FindAsync(survey.Token)).Open);
    }

    [Fact]
    public async Task AnUnansweredSurveyClosesAWindowAfterItWasSent()
    {
        var survey = await AddSurveyAsync(sentAgo: TimeSpan.FromDays(8));

        var result = await Answers.RecordScoreAsync(survey.Token, 10);

        Assert.Equal(NpsAnswerOutcome.Closed, result.Outcome);
        Assert.Null((await SurveyAsync(survey.Id)).Score);
        Assert.Empty(await WritesAsync(survey.Id));
    }

    [Fact]
    public async Task ScoresOutsideTheScaleAndUnknownTokensChangeNothing()
    {
        var survey = await AddSurveyAsync();
        var scheduled = await AddSurveyAsync(status: NpsSurveyStatus.Scheduled);

        Assert.Equal(NpsAnswerOutcome.Invalid, (await Answers.RecordScoreAsync(survey.Token, 11)).Outcome);
        Assert.Equal(NpsAnswerOutcome.Invalid, (await Answers.RecordScoreAsync(survey.Token, -1)).Outcome);
        Assert.Equal("NpsPage_PickScore", (await Answers.RecordScoreAsync(survey.Token, null)).ErrorKey);
        Assert.Equal(NpsAnswerOutcome.NotFound, (await Answers.RecordScoreAsync("no-such-token-at-all-x", 5)).Outcome);
        Assert.Equal(NpsAnswerOutcome.NotFound, (await Answers.RecordScoreAsync(scheduled.Token, 5)).Outcome);
        Assert.False((await Answers.FindAsync("<script>")).Found);
        Assert.True((await Answers.FindAsync(survey.Token)).Found);
        Assert.Null((await SurveyAsync(survey.Id)).Score);
        Assert.Empty(await WritesAsync(survey.Id));
    }

    [Fact]
    public async Task TheTwoPointScaleTakesSatisfiedAndUnsatisfiedOnly()
    {
        var survey = await AddSurveyAsync(scale: NpsScale.Satisfaction);

        Assert.Equal(NpsAnswerOutcome.Invalid, (await Answers.RecordScoreAsync(survey.Token, 2)).Outcome);
        var unsatisfied = await Answers.RecordScoreAsync(survey.Token, 0);

        Assert.Equal(NpsAnswerOutcome.Recorded, unsatisfied.Outcome);
        Assert.True(unsatisfied.View.CommentAllowed);
        var comment = Assert.Single(await WritesAsync(survey.Id), w => w.Method == "crm.timeline.comment.add");
        Assert.Contains("не доволен", CommentText(comment), StringComparison.Ordinal);

        var satisfied = await Answers.RecordScoreAsync(survey.Token, 1);
        Assert.Equal(NpsAnswerOutcome.Recorded, satisfied.Outcome);
        Assert.False(satisfied.View.CommentAllowed);
    }

    [Fact]
    public async Task TheFirstCommentOpensOneTaskForTheDealsManagerLinkedToTheDeal()
    {
        var survey = await AddSurveyAsync();
        await Answers.RecordScoreAsync(survey.Token, 3);

        var typed = "  Доставку перенесли <b>дважды</b> & не предупредили  ";
        var result = await Answers.CommentAsync(survey.Token, typed);

        Assert.Equal(NpsAnswerOutcome.Recorded, result.Outcome);
        var stored = await SurveyAsync(survey.Id);
        Assert.Equal(typed.Trim(), stored.Comment);
        Assert.Equal(Now.UtcDateTime, stored.TaskQueuedAt);
        var task = Assert.Single(await WritesAsync(survey.Id), w => w.Method == "tasks.task.add");
        Assert.Equal($"nps:{survey.Id}:task", task.Key);
        using (var parameters = JsonDocument.Parse(task.Parameters))
        {
            var fields = parameters.RootElement.GetProperty("fields");
            Assert.Equal(ManagerId, fields.GetProperty("RESPONSIBLE_ID").GetInt64());
            Assert.Equal([$"D_{DealId}"], fields.GetProperty("UF_CRM_TASK").EnumerateArray().Select(e => e.GetString()));
            // 24 hours later, written in Moscow time with its offset.
            Assert.Equal("2026-12-08T12:00:00+03:00", fields.GetProperty("DEADLINE").GetString());
            var title = fields.GetProperty("TITLE").GetString()!;
            Assert.Contains("Иван Петров", title, StringComparison.Ordinal);
            Assert.Contains("Кухня на заказ", title, StringComparison.Ordinal);
            var description = fields.GetProperty("DESCRIPTION").GetString()!;
            Assert.Contains("3 из 10 (критик)", description, StringComparison.Ordinal);
            Assert.Contains("Доставку перенесли <b>дважды</b> & не предупредили", description, StringComparison.Ordinal);
            Assert.Contains("Иван Петров", description, StringComparison.Ordinal);
        }

        // A changed comment reaches the timeline; the task stays one.
        Assert.Equal(NpsAnswerOutcome.Unchanged, (await Answers.CommentAsync(survey.Token, typed)).Outcome);
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(NpsAnswerOutcome.Recorded, (await Answers.CommentAsync(survey.Token, "И ещё: курьер опоздал.")).Outcome);

        var writes = await WritesAsync(survey.Id);
        Assert.Single(writes, w => w.Method == "tasks.task.add");
        var comments = writes.Where(w => w.Key.Contains(":comment:", StringComparison.Ordinal)).Select(CommentText).ToList();
        Assert.Equal(2, comments.Count);
        Assert.Contains(comments, c => c.Contains("курьер опоздал", StringComparison.Ordinal));
        Assert.Equal("И ещё: курьер опоздал.", (await SurveyAsync(survey.Id)).Comment);
    }

    [Fact]
    public async Task ACommentIsTakenOnlyForALowScoreWithTheFormOnAndWithinItsLength()
    {
        var high = await AddSurveyAsync();
        await Answers.RecordScoreAsync(high.Token, 10);
        Assert.Equal(NpsAnswerOutcome.NotAllowed, (await Answers.CommentAsync(high.Token, "Отлично")).Outcome);

        var unanswered = await AddSurveyAsync();
        Assert.Equal(NpsAnswerOutcome.NotAllowed, (await Answers.CommentAsync(unanswered.Token, "Без оценки")).Outcome);

        var formOff = await AddSurveyAsync(content: NpsDefaults.Template with { Negative = NpsDefaults.Template.Negative with { ShowCommentForm = false } });
        await Answers.RecordScoreAsync(formOff.Token, 2);
        Assert.Equal(NpsAnswerOutcome.NotAllowed, (await Answers.CommentAsync(formOff.Token, "Плохо")).Outcome);

        var low = await AddSurveyAsync();
        await Answers.RecordScoreAsync(low.Token, 4);
        Assert.Equal("NpsPage_CommentRequired", (await Answers.CommentAsync(low.Token, "   ")).ErrorKey);
        Assert.Equal("NpsPage_CommentTooLong", (await Answers.CommentAsync(low.Token, new string('я', NpsLimits.Comment + 1))).ErrorKey);
        Assert.Equal(NpsAnswerOutcome.Recorded, (await Answers.CommentAsync(low.Token, " " + new string('я', NpsLimits.Comment) + " ")).Outcome);

        foreach (var id in new[] { high.Id, unanswered.Id, formOff.Id })
        {
            Assert.DoesNotContain(await WritesAsync(id), w => w.Method == "tasks.task.add");
        }
    }

    [Fact]
    public async Task TheTemplatesFixedEmployeeGetsTheTask()
    {
        var survey = await AddSurveyAsync(content: NpsDefaults.Template with
        {
            Negative = NpsDefaults.Template.Negative with { TaskAssignee = NpsTaskAssignee.FixedEmployee, TaskEmployeeId = 8, TaskTitle = "" },
        });
        await Answers.RecordScoreAsync(survey.Token, 0);

        await Answers.CommentAsync(survey.Token, "Всё плохо");

        var task = Assert.Single(await WritesAsync(survey.Id), w => w.Method == "tasks.task.add");
        using var parameters = JsonDocument.Parse(task.Parameters);
        Assert.Equal(8, parameters.RootElement.GetProperty("fields").GetProperty("RESPONSIBLE_ID").GetInt64());
        Assert.Equal("Критик NPS: Иван Петров, сделка Кухня на заказ", parameters.RootElement.GetProperty("fields").GetProperty("TITLE").GetString());
    }

    [Fact]
    public async Task ACallTaskIsQueuedOnceForAnUnansweredSurvey()
    {
        var survey = await AddSurveyAsync();
        var answered = await AddSurveyAsync();
        await Answers.RecordScoreAsync(answered.Token, 8);

        Assert.Equal(NpsCallTaskOutcome.Queued, await Tasks.QueueCallTaskAsync(survey.Id, "head@example.ru"));
        Assert.Equal(NpsCallTaskOutcome.AlreadyQueued, await Tasks.QueueCallTaskAsync(survey.Id, "head@example.ru"));
        Assert.Equal(NpsCallTaskOutcome.Answered, await Tasks.QueueCallTaskAsync(answered.Id, "head@example.ru"));
        Assert.Equal(NpsCallTaskOutcome.NotFound, await Tasks.QueueCallTaskAsync(999_999, "head@example.ru"));

        var task = Assert.Single(await WritesAsync(survey.Id));
        Assert.Equal($"nps:{survey.Id}:call-task", task.Key);
        using var parameters = JsonDocument.Parse(task.Parameters);
        var fields = parameters.RootElement.GetProperty("fields");
        Assert.Equal("Позвонить клиенту: нет ответа на опрос", fields.GetProperty("TITLE").GetString());
        Assert.Equal(ManagerId, fields.GetProperty("RESPONSIBLE_ID").GetInt64());
        Assert.Equal($"D_{DealId}", fields.GetProperty("UF_CRM_TASK")[0].GetString());
        Assert.NotNull((await SurveyAsync(survey.Id)).CallTaskQueuedAt);
    }

    [Fact]
    public async Task AFailedWriteBackIsListedWithItsSurvey()
    {
        var survey = await AddSurveyAsync();
        await Answers.RecordScoreAsync(survey.Token, 5);
        await using (var db = _database.CreateDbContext())
        {
            var write = await db.CrmWriteBacks.SingleAsync(w => w.Key == $"nps:{survey.Id}:score");
            write.Attempts = 2;
            write.LastError = "ACCESS_DENIED: Access denied";
            await db.SaveChangesAsync();
        }

        var failure = Assert.Single(await Tasks.FailuresAsync());

        Assert.Equal(survey.Id, failure.SurveyId);
        Assert.Equal("crm.deal.update", failure.Method);
        Assert.Contains("ACCESS_DENIED", failure.Error, StringComparison.Ordinal);
    }

    private async Task<NpsSurvey> AddSurveyAsync(NpsScale scale = NpsScale.ZeroToTen, NpsSurveyStatus status = NpsSurveyStatus.Sent, TimeSpan? sentAgo = null, NpsTemplateContent? content = null)
    {
        await using var db = _database.CreateDbContext();
        var now = _time.GetUtcNow().UtcDateTime;
        var template = new NpsTemplate { Name = "Опрос", Scale = scale, CreatedAt = now, UpdatedAt = now, Content = content ?? NpsDefaults.Template };
        db.NpsTemplates.Add(template);
        await db.SaveChangesAsync();
        var revision = new NpsTemplateRevision { TemplateId = template.Id, CreatedAt = now, ContentJson = template.ContentJson, Scale = scale };
        db.NpsTemplateRevisions.Add(revision);
        await db.SaveChangesAsync();
        var sent = now - (sentAgo ?? TimeSpan.FromHours(1));
        var survey = new NpsSurvey
        {
            Token = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
            DealId = DealId, ContactId = ContactId, ManagerId = ManagerId, PipelineId = 0, TemplateId = template.Id, RevisionId = revision.Id,
            Scale = scale, Status = status, Channels = "email", CreatedAt = sent, DueAt = sent, SentAt = status == NpsSurveyStatus.Sent ? sent : null,
        };
        db.NpsSurveys.Add(survey);
        await db.SaveChangesAsync();
        return survey;
    }

    private async Task<NpsSurvey> SurveyAsync(long id)
    {
        await using var db = _database.CreateDbContext();
        return await db.NpsSurveys.AsNoTracking().SingleAsync(s => s.Id == id);
    }

    private async Task<List<CrmWriteBack>> WritesAsync(long surveyId)
    {
        await using var db = _database.CreateDbContext();
        var prefix = $"nps:{surveyId}:";
        return await db.CrmWriteBacks.AsNoTracking().Where(w => w.Key.StartsWith(prefix)).OrderBy(w => w.CreatedAt).ThenBy(w => w.Key).ToListAsync();
    }

    private static string CommentText(CrmWriteBack write)
    {
        using var parameters = JsonDocument.Parse(write.Parameters);
        return parameters.RootElement.GetProperty("fields").GetProperty("COMMENT").GetString()!;
    }
}
