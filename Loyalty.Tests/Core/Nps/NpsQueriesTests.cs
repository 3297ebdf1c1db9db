using Loyalty.Core.Notifications;
using Loyalty.Core.Nps;
using Loyalty.Core.WriteBack;
using static Loyalty.Tests.Core.Nps.NpsDashWorld;

namespace Loyalty.Tests.Core.Nps;

/// <summary>The dashboard's figures over a real SQLite file: aggregated in SQL, cut in the portal's zone, by name.</summary>
public sealed class NpsQueriesTests : IAsyncLifetime
{
    private NpsDashWorld _world = null!;

    public async Task InitializeAsync()
    {
        _world = await NpsDashWorld.CreateAsync();
        await _world.AddEmployeeAsync(10, "Жанна", "Климова");
        await _world.AddEmployeeAsync(11, "Антон", "Белов");
        await _world.AddPipelineAsync(1, "Продажи");
        await _world.AddPipelineAsync(2, "Сервис");
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task AnEmptyPeriodHasNoNpsAndNoRate()
    {
        var summary = await _world.Queries.SummaryAsync(new NpsFilter(_world.Month));

        Assert.Null(summary.Nps);
        Assert.Null(summary.ResponseRate);
        Assert.Equal(0, summary.Answered);
        Assert.Null(summary.SatisfiedShare);
    }

    [Fact]
    public async Task TheSummaryCountsThePeriodsAnswersAndTheRateOfItsSends()
    {
        // December: 9, 10, 8, 3, 6 on the 0–10 scale; a two-point "satisfied" and an "unsatisfied"; one sent, unanswered.
        foreach (var score in new[] { 9, 10, 8, 3, 6 })
        {
            await _world.AddSurveyAsync(Local(2026, 12, 2), score, managerId: 10);
        }

        await _world.AddSurveyAsync(Local(2026, 12, 3), 1, twoPoint: true);
        await _world.AddSurveyAsync(Local(2026, 12, 3), 0, twoPoint: true);
        await _world.AddSurveyAsync(Local(2026, 12, 4));
        // Sent in November, answered in December: an answer of December, a send of November.
        await _world.AddSurveyAsync(Local(2026, 11, 30), 10, answeredAt: Local(2026, 12, 1, 9));
        // Answered in November: not December's.
        await _world.AddSurveyAsync(Local(2026, 11, 10), 0);
        // Failed: never sent.
        await _world.AddSurveyAsync(Local(2026, 12, 4), status: NpsSurveyStatus.Failed);

        var summary = await _world.Queries.SummaryAsync(new NpsFilter(_world.Month));

        Assert.Equal(new NpsCounts(3, 1, 2), summary.Counts);
        Assert.Equal(17, summary.Nps);                      // 50 % − 33.3 % = 16.7 → 17
        Assert.Equal(8, summary.Answered);
        Assert.Equal((2, 1), (summary.SatisfactionAnswered, summary.Satisfied));
        Assert.Equal(50, summary.SatisfiedShare);
        Assert.Equal((8, 7), (summary.Sent, summary.SentAnswered));
        Assert.Equal(88, summary.ResponseRate);            // 7 of 8
    }

    [Fact]
    public async Task TheDailySeriesCutsDaysInMoscowAndLeavesDaysWithoutAnswersEmpty()
    {
        // 23:30 on 1 December in Moscow is 20:30 UTC; 00:30 on 2 December is 21:30 UTC on the 1st.
        await _world.AddSurveyAsync(Local(2026, 12, 1, 8), 10, answeredAt: Local(2026, 12, 1, 23, 30));
        await _world.AddSurveyAsync(Local(2026, 12, 1, 8), 2, answeredAt: Local(2026, 12, 2, 0, 30));
        for (var i = 0; i < 5; i++)
        {
            await _world.AddSurveyAsync(Local(2026, 12, 4, 8), i < 4 ? 9 : 5, answeredAt: Local(2026, 12, 4, 10 + i));
        }

        await _world.AddSurveyAsync(Local(2026, 12, 5, 8), 1, answeredAt: Local(2026, 12, 5, 11), twoPoint: true);

        var days = await _world.Queries.DailyAsync(new NpsFilter(_world.Month));

        // December up to today (the 6th): no future days.
        Assert.Equal(6, days.Count);
        Assert.Equal(new DateOnly(2026, 12, 1), days[0].Day);
        Assert.Equal((100, 1, true), (days[0].Nps!.Value, days[0].Answers, days[0].Few));
        Assert.Equal((-100, 1), (days[1].Nps!.Value, days[1].Answers));
        Assert.Null(days[2].Nps);
        Assert.Equal(0, days[2].Answers);
        Assert.False(days[2].Few);
        Assert.Equal((60, 5, false), (days[3].Nps!.Value, days[3].Answers, days[3].Few));
        // A two-point answer counts as an answer of the day but makes no NPS.
        Assert.Null(days[4].Nps);
        Assert.Equal(1, days[4].Answers);
    }

    [Fact]
    public async Task TheDailySeriesOfAZoneThatMovesItsClocksCutsLocalDaysOnBothSides()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var clock = new Loyalty.Core.Portal.PortalClock(Microsoft.Extensions.Options.Options.Create(new Loyalty.Core.Portal.PortalOptions { TimeZone = "Europe/Berlin" }), _world.Time);
        var queries = new NpsQueries(_world.Database, clock);
        // 23:30 Berlin time on 28 March (UTC+1) is 22:30 UTC; 23:30 on 29 March (UTC+2, after the change) is 21:30 UTC.
        await _world.AddSurveyAsync(new DateTime(2026, 3, 28, 8, 0, 0, DateTimeKind.Utc), 10, answeredAt: new DateTime(2026, 3, 28, 22, 30, 0, DateTimeKind.Utc));
        await _world.AddSurveyAsync(new DateTime(2026, 3, 29, 8, 0, 0, DateTimeKind.Utc), 0, answeredAt: new DateTime(2026, 3, 29, 21, 30, 0, DateTimeKind.Utc));
        var (period, _) = NpsPeriods.Custom(new DateOnly(2026, 3, 27), new DateOnly(2026, 3, 31), berlin);

        var days = await queries.DailyAsync(new NpsFilter(period!));

        Assert.Equal(100, days.Single(d => d.Day == new DateOnly(2026, 3, 28)).Nps);
        Assert.Equal(-100, days.Single(d => d.Day == new DateOnly(2026, 3, 29)).Nps);
        Assert.Equal(2, days.Sum(d => d.Answers));
    }

    [Fact]
    public async Task ManagersAreListedByNameWithSendsRateAndNpsAndSurveysWithoutOneLast()
    {
        await _world.AddSurveyAsync(Local(2026, 12, 2), 10, managerId: 10);
        await _world.AddSurveyAsync(Local(2026, 12, 2), 9, managerId: 10);
        await _world.AddSurveyAsync(Local(2026, 12, 2), managerId: 10);
        await _world.AddSurveyAsync(Local(2026, 12, 2), 4, managerId: 11);
        await _world.AddSurveyAsync(Local(2026, 12, 2), 8);

        var rows = await _world.Queries.PerManagerAsync(new NpsFilter(_world.Month));

        Assert.Equal(["Антон Белов", "Жанна Климова", ""], rows.Select(r => r.Name));
        var zhanna = rows[1];
        Assert.Equal((10L, 3, 2, 67, 100), (zhanna.Id!.Value, zhanna.Sent, zhanna.SentAnswered, zhanna.ResponseRate!.Value, zhanna.Nps!.Value));
        Assert.Equal(-100, rows[0].Nps);
        Assert.Null(rows[2].Id);
        Assert.Equal(0, rows[2].Nps);
    }

    [Fact]
    public async Task PipelinesAreListedByName()
    {
        await _world.AddSurveyAsync(Local(2026, 12, 2), 10, pipelineId: 1);
        await _world.AddSurveyAsync(Local(2026, 12, 2), 3, pipelineId: 2);
        await _world.AddSurveyAsync(Local(2026, 12, 2), 2, pipelineId: 2);

        var rows = await _world.Queries.PerPipelineAsync(new NpsFilter(_world.Month));

        Assert.Equal(["Продажи", "Сервис"], rows.Select(r => r.Name));
        Assert.Equal((100, -100, 2), (rows[0].Nps!.Value, rows[1].Nps!.Value, rows[1].Counts.Answered));
    }

    [Fact]
    public async Task TheAnswersAreFilteredAndPagedOnTheServerWithNames()
    {
        await _world.AddContactAsync(500, "Ольга", "Смирнова");
        await _world.AddDealAsync(900, "Кухня для Смирновых", contactId: 500, managerId: 10);
        await _world.AddSurveyAsync(Local(2026, 12, 1), 2, managerId: 10, dealId: 900, contactId: 500, comment: "Долго везли");
        for (var i = 0; i < 5; i++)
        {
            await _world.AddSurveyAsync(Local(2026, 12, 2, 9 + i), i, managerId: 10);
        }

        await _world.AddSurveyAsync(Local(2026, 12, 2), 9, managerId: 10);
        await _world.AddSurveyAsync(Local(2026, 12, 2), 1, managerId: 11);
        await _world.AddSurveyAsync(Local(2026, 12, 2), 0, twoPoint: true, managerId: 10);

        var filter = new NpsFilter(_world.Month, ManagerId: 10, Group: NpsGroup.Detractor);
        var first = await _world.Queries.AnswersAsync(filter, 0, 4);
        var second = await _world.Queries.AnswersAsync(filter, 4, 4);

        // Zhanna's detractors: the six 0–6 answers and the "unsatisfied" one; newest first.
        Assert.Equal(7, first.Total);
        Assert.Equal(4, first.Items.Count);
        Assert.Equal(3, second.Items.Count);
        Assert.All(first.Items.Concat(second.Items), a => Assert.Equal(NpsGroup.Detractor, a.Group));
        Assert.Equal(first.Items.Concat(second.Items).OrderByDescending(a => a.AnsweredAt).Select(a => a.SurveyId), first.Items.Concat(second.Items).Select(a => a.SurveyId));
        var olga = second.Items[^1];
        Assert.Equal(("Кухня для Смирновых", "Ольга Смирнова", "Жанна Климова", "Продажи", "После сделки", "Долго везли"),
            (olga.DealTitle, olga.ContactName, olga.ManagerName, olga.PipelineName, olga.TemplateName, olga.Comment));

        var promoters = await _world.Queries.AnswersAsync(new NpsFilter(_world.Month, Group: NpsGroup.Promoter, TemplateId: _world.TemplateId), 0, 50);
        Assert.Equal([9], promoters.Items.Select(a => a.Score));
        var otherPipeline = await _world.Queries.AnswersAsync(new NpsFilter(_world.Month, PipelineId: 2), 0, 50);
        Assert.Equal(0, otherPipeline.Total);
    }

    [Fact]
    public async Task UnansweredSurveysAreTheSentOnesWithoutAScore()
    {
        await _world.AddDealAsync(901, "Окна для офиса");
        var waiting = await _world.AddSurveyAsync(Local(2026, 12, 3), dealId: 901, managerId: 11, remindedAt: Local(2026, 12, 5));
        var older = await _world.AddSurveyAsync(Local(2026, 12, 2));
        await _world.AddSurveyAsync(Local(2026, 12, 2), 7);
        await _world.AddSurveyAsync(Local(2026, 12, 2), status: NpsSurveyStatus.Cancelled);
        await _world.AddSurveyAsync(Local(2026, 11, 2));

        var page = await _world.Queries.UnansweredAsync(new NpsFilter(_world.Month), 0, 10);

        Assert.Equal(2, page.Total);
        Assert.Equal([waiting.Id, older.Id], page.Items.Select(u => u.SurveyId));
        Assert.Equal(("Окна для офиса", "Антон Белов"), (page.Items[0].DealTitle, page.Items[0].ManagerName));
        Assert.NotNull(page.Items[0].RemindedAt);
        Assert.Null(page.Items[1].RemindedAt);
    }

    [Fact]
    public async Task TheErrorLogJoinsSurveyErrorsUndeliveredNoticesAndFailingWriteBacks()
    {
        await _world.AddDealAsync(902, "Ремонт кондиционера");
        var survey = await _world.AddSurveyAsync(Local(2026, 12, 2), dealId: 902);
        await using (var db = _world.Database.CreateDbContext())
        {
            db.NpsErrors.Add(new NpsError { At = Local(2026, 12, 2, 10), Kind = NpsErrorKind.NoContactWay, DealId = 902, Message = "no e-mail, no phone" });
            db.NpsErrors.Add(new NpsError { At = Local(2026, 11, 2, 10), Kind = NpsErrorKind.NoContactWay, DealId = 902, Message = "last month" });
            db.Notifications.Add(Notice(NotificationKind.NpsSurvey, NotificationStatus.Failed, $"nps:{survey.Id}:sms", Local(2026, 12, 3, 10), "gateway said no"));
            db.Notifications.Add(Notice(NotificationKind.PromoterWonDeal, NotificationStatus.Failed, "promoter:1", Local(2026, 12, 3, 10), "not ours"));
            db.Notifications.Add(Notice(NotificationKind.NpsSurvey, NotificationStatus.Sent, $"nps:{survey.Id}:email", Local(2026, 12, 3, 10), null));
            db.CrmWriteBacks.Add(new CrmWriteBack { Key = $"nps:{survey.Id}:score", Method = "crm.deal.update", CreatedAt = Local(2026, 12, 4, 10), DueAt = Local(2026, 12, 4, 11), Attempts = 3, LastError = "ACCESS_DENIED" });
            db.CrmWriteBacks.Add(new CrmWriteBack { Key = $"nps:{survey.Id}:comment", Method = "crm.timeline.comment.add", CreatedAt = Local(2026, 12, 4, 10), DueAt = Local(2026, 12, 4, 10), SentAt = Local(2026, 12, 4, 10) });
            db.CrmWriteBacks.Add(new CrmWriteBack { Key = "bonus:1:balance", Method = "crm.contact.update", CreatedAt = Local(2026, 12, 4, 10), DueAt = Local(2026, 12, 4, 10), Attempts = 1, LastError = "not ours" });
            await db.SaveChangesAsync();
        }

        var rows = await _world.Queries.ErrorsAsync(_world.Month);

        Assert.Equal([NpsErrorSource.Bitrix24, NpsErrorSource.Delivery, NpsErrorSource.Survey], rows.Select(r => r.Source));
        Assert.All(rows, r => Assert.Equal((902L, "Ремонт кондиционера"), (r.DealId!.Value, r.DealTitle)));
        Assert.Equal(("Sms", "gateway said no"), (rows[1].Code, rows[1].Message));
        Assert.Equal(("NoContactWay", "no e-mail, no phone"), (rows[2].Code, rows[2].Message));
        Assert.Equal("ACCESS_DENIED", rows[0].Message);
    }

    [Fact]
    public async Task TheFilterChoicesSayWhetherTwoPointTemplatesExist()
    {
        var choices = await _world.Queries.ChoicesAsync();

        Assert.True(choices.TwoPoint);
        Assert.Equal(["Антон Белов", "Жанна Климова"], choices.Managers.Select(m => m.Name));
        Assert.Equal(["Доволен ли клиент", "После сделки"], choices.Templates.Select(t => t.Name));
    }

    private static Notification Notice(NotificationKind kind, NotificationStatus status, string key, DateTime at, string? error) => new()
    {
        Channel = key.EndsWith(":sms", StringComparison.Ordinal) ? NotificationChannel.Sms : NotificationChannel.Email,
        Kind = kind, Recipient = "+79990000000", Text = "text", DedupeKey = key, Status = status, CreatedAt = at, DueAt = at,
        FailedAt = status == NotificationStatus.Failed ? at : null, SentAt = status == NotificationStatus.Sent ? at : null, LastError = error, FailureCode = error is null ? null : "failed",
    };
}
