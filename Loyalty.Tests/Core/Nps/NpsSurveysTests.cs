using Loyalty.Core.Notifications;
using Loyalty.Core.Nps;

namespace Loyalty.Tests.Core.Nps;

/// <summary>Rules schedule surveys from the mirror, due ones go to the outbox; send now and remind.</summary>
public sealed class NpsSurveysTests
{
    [Fact]
    public async Task ADealWonIsSurveyedAfterTheDelayCountedFromItsMoveAndOnceOnReplay()
    {
        await using var world = await NpsWorld.CreateAsync();
        var rule = await world.WonRuleAsync(delayMinutes: 120);
        await world.SetContactAsync(1, "Ольга", "Иванова", email: "olga@example.ru");
        var movedAt = world.UtcNow.AddMinutes(5);
        world.Time.Advance(TimeSpan.FromMinutes(10));
        await world.MoveDealAsync(10, NpsWorld.WonStage, 1, movedAt: movedAt);

        Assert.Equal(1, await world.Surveys.ScheduleFromRulesAsync());
        Assert.Equal(0, await world.Surveys.ScheduleFromRulesAsync());

        var survey = Assert.Single(await world.SurveysAsync());
        Assert.Equal((NpsSurveyStatus.Scheduled, rule.Id, movedAt.AddMinutes(120), "email", NpsWorld.ManagerId, 1L), (survey.Status, survey.RuleId, survey.DueAt, survey.Channels, survey.ManagerId, survey.ContactId));
        Assert.Matches("^[A-Za-z0-9_-]{22}$", survey.Token);

        world.Time.Advance(TimeSpan.FromMinutes(114));
        Assert.Equal(0, await world.Surveys.SendDueAsync());
        Assert.Empty(await world.NoticesAsync());

        world.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await world.Surveys.SendDueAsync());

        var notice = Assert.Single(await world.NoticesAsync());
        Assert.Equal((NotificationChannel.Email, NotificationKind.NpsSurvey, "olga@example.ru", $"nps:{survey.Id}:email"), (notice.Channel, notice.Kind, notice.Recipient, notice.DedupeKey));
        Assert.Contains($"https://loyalty.example.ru/s/{survey.Token}?score=10", notice.Html, StringComparison.Ordinal);
        survey = Assert.Single(await world.SurveysAsync());
        Assert.Equal((NpsSurveyStatus.Sent, (DateTime?)world.UtcNow), (survey.Status, survey.SentAt));

        // The deal leaves the stage and comes back: a replayed mirror schedules nothing, nothing is sent twice.
        await world.MoveDealAsync(10, NpsWorld.NewStage, 1);
        await world.MoveDealAsync(10, NpsWorld.WonStage, 1);
        Assert.Equal(0, await world.Surveys.ScheduleFromRulesAsync());
        Assert.Equal(0, await world.Surveys.SendDueAsync());
        Assert.Single(await world.NoticesAsync());
    }

    [Fact]
    public async Task ARuleEnabledLaterDoesNotSurveyDealsThatEnteredTheStageBefore()
    {
        await using var world = await NpsWorld.CreateAsync();
        await world.SetContactAsync(1, "Ольга", "Иванова", email: "olga@example.ru");
        await world.SetContactAsync(2, "Пётр", "Сидоров", email: "petr@example.ru");
        await world.MoveDealAsync(10, NpsWorld.WonStage, 1, movedAt: world.UtcNow.AddDays(-1));
        var rule = await world.WonRuleAsync(delayMinutes: 0);
        await world.MoveDealAsync(11, NpsWorld.NewStage, 2);

        Assert.Equal(0, await world.Surveys.ScheduleFromRulesAsync());

        world.Time.Advance(TimeSpan.FromMinutes(1));
        await world.MoveDealAsync(11, NpsWorld.WonStage, 2);
        Assert.Equal(1, await world.Surveys.ScheduleFromRulesAsync());
        Assert.Equal(11, Assert.Single(await world.SurveysAsync()).DealId);

        // Switched off and on again: the deals won meanwhile are not surveyed either.
        Assert.True(await world.Rules.SetEnabledAsync(rule.Id, false, NpsWorld.Administrator));
        await world.MoveDealAsync(12, NpsWorld.WonStage, 2, movedAt: world.UtcNow);
        world.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await world.Rules.SetEnabledAsync(rule.Id, true, NpsWorld.Administrator));
        Assert.Equal(0, await world.Surveys.ScheduleFromRulesAsync());
    }

    [Fact]
    public async Task AContactSurveyedWithinTheCooldownIsNotSurveyedAgain()
    {
        await using var world = await NpsWorld.CreateAsync();
        await world.Settings.SaveAsync(new NpsSettings { ContactCooldownDays = 30 }, NpsWorld.Administrator);
        await world.WonRuleAsync(delayMinutes: 0);
        await world.SetContactAsync(1, "Ольга", "Иванова", email: "olga@example.ru");
        await world.MoveDealAsync(10, NpsWorld.WonStage, 1);
        await world.Surveys.ScheduleFromRulesAsync();
        await world.Surveys.SendDueAsync();

        world.Time.Advance(TimeSpan.FromDays(29));
        await world.MoveDealAsync(11, NpsWorld.WonStage, 1);
        Assert.Equal(0, await world.Surveys.ScheduleFromRulesAsync());
        var cancelled = (await world.SurveysAsync()).Single(s => s.DealId == 11);
        Assert.Equal((NpsSurveyStatus.Cancelled, NpsSurveys.ReasonCooldown), (cancelled.Status, cancelled.StatusReason));
        Assert.Empty(await world.ErrorsAsync());

        world.Time.Advance(TimeSpan.FromDays(2));
        await world.MoveDealAsync(12, NpsWorld.WonStage, 1);
        Assert.Equal(1, await world.Surveys.ScheduleFromRulesAsync());
        Assert.Equal(1, await world.Surveys.SendDueAsync());
        Assert.Equal(2, (await world.NoticesAsync()).Count);
    }

    [Fact]
    public async Task ADealWithoutAContactWayIsLoggedOnceNotLostSilently()
    {
        await using var world = await NpsWorld.CreateAsync();
        await world.WonRuleAsync(delayMinutes: 0, byEmail: true, bySms: false);
        await world.SetContactAsync(1, "Ольга", "Иванова", phone: "+79123456789");
        await world.MoveDealAsync(10, NpsWorld.WonStage, 1, title: "Только телефон");
        await world.MoveDealAsync(11, NpsWorld.WonStage, contactId: null, title: "Без контакта");

        Assert.Equal(0, await world.Surveys.ScheduleFromRulesAsync());
        Assert.Equal(0, await world.Surveys.ScheduleFromRulesAsync());

        var errors = await world.ErrorsAsync();
        Assert.Equal([(NpsErrorKind.NoContactWay, 10L), (NpsErrorKind.NoContactWay, 11L)], errors.Select(e => (e.Kind, e.DealId!.Value)).Order());
        // What is missing, as a code the error log words in the reader's language.
        Assert.Equal(NpsErrorDetails.NoEmail, errors.Single(e => e.DealId == 10).Message);
        Assert.Equal(NpsErrorDetails.NoContact, errors.Single(e => e.DealId == 11).Message);
        Assert.All(await world.SurveysAsync(), s => Assert.Equal((NpsSurveyStatus.Cancelled, NpsSurveys.ReasonNoContactWay), (s.Status, s.StatusReason)));
        Assert.Equal(0, await world.Surveys.SendDueAsync());
        Assert.Empty(await world.NoticesAsync());
    }

    [Fact]
    public async Task SendNowSurveysAPickedDealAtOnceAndWarnsWhenItWasSurveyed()
    {
        await using var world = await NpsWorld.CreateAsync();
        var template = await world.DefaultTemplateAsync();
        await world.SetContactAsync(1, "Ольга", "Иванова", email: "olga@example.ru", phone: "+7 912 345-67-89");
        await world.SetContactAsync(2, "Пётр", "Сидоров");
        await world.MoveDealAsync(10, NpsWorld.WonStage, 1);
        await world.MoveDealAsync(11, NpsWorld.WonStage, 2);

        var first = await world.Surveys.SendNowAsync(10, template.Id, byEmail: true, bySms: true, NpsWorld.Administrator);

        Assert.True(first.Succeeded);
        Assert.False(first.AlreadySurveyed);
        var survey = Assert.Single(await world.SurveysAsync());
        Assert.Equal((NpsSurveyStatus.Sent, "email,sms", NpsWorld.Administrator, (long?)null), (survey.Status, survey.Channels, survey.SentBy, survey.RuleId));
        Assert.Equal([$"nps:{survey.Id}:email", $"nps:{survey.Id}:sms"], (await world.NoticesAsync()).Select(n => n.DedupeKey).Order(StringComparer.Ordinal));
        Assert.EndsWith($"/s/{survey.Token}", (await world.NoticesAsync()).Single(n => n.Channel == NotificationChannel.Sms).Text.Trim(), StringComparison.Ordinal);

        world.Time.Advance(TimeSpan.FromHours(1));
        var again = await world.Surveys.SendNowAsync(10, template.Id, byEmail: true, bySms: false, NpsWorld.Administrator);
        Assert.True(again.Succeeded);
        Assert.Equal(survey.SentAt, again.PreviouslySurveyedAt);

        Assert.Equal("NpsErr_NoContactWay", (await world.Surveys.SendNowAsync(11, template.Id, true, true, NpsWorld.Administrator)).ErrorCode);
        Assert.Equal("NpsErr_DealNotFound", (await world.Surveys.SendNowAsync(999, template.Id, true, false, NpsWorld.Administrator)).ErrorCode);
        Assert.Equal("NpsErr_TemplateGone", (await world.Surveys.SendNowAsync(10, 999, true, false, NpsWorld.Administrator)).ErrorCode);
        Assert.Equal("NpsErr_NoChannel", (await world.Surveys.SendNowAsync(10, template.Id, false, false, NpsWorld.Administrator)).ErrorCode);
        Assert.Equal(2, (await world.SurveysAsync()).Count);
    }

    [Fact]
    public async Task AnUnansweredSurveyIsRemindedOnceWithTheSameLinks()
    {
        await using var world = await NpsWorld.CreateAsync();
        var template = await world.DefaultTemplateAsync();
        await world.SetContactAsync(1, "Ольга", "Иванова", email: "olga@example.ru");
        await world.MoveDealAsync(10, NpsWorld.WonStage, 1);
        var sent = await world.Surveys.SendNowAsync(10, template.Id, true, false, NpsWorld.Administrator);
        world.Time.Advance(TimeSpan.FromDays(2));

        var reminded = await world.Surveys.RemindAsync(sent.SurveyId!.Value, "head@example.ru");

        Assert.True(reminded.Succeeded);
        var survey = Assert.Single(await world.SurveysAsync());
        Assert.Equal(world.UtcNow, survey.RemindedAt);
        var notices = await world.NoticesAsync();
        Assert.Equal([$"nps:{survey.Id}:email", $"nps:{survey.Id}:remind:email"], notices.Select(n => n.DedupeKey));
        Assert.Contains($"/s/{survey.Token}?score=3", notices[1].Html, StringComparison.Ordinal);

        Assert.Equal("NpsErr_AlreadyReminded", (await world.Surveys.RemindAsync(survey.Id, "head@example.ru")).ErrorCode);
        Assert.Equal("NpsErr_SurveyNotFound", (await world.Surveys.RemindAsync(999, "head@example.ru")).ErrorCode);
        Assert.Equal(2, (await world.NoticesAsync()).Count);

        // An answered survey, or one past its reply window, is not reminded.
        var other = await world.Surveys.SendNowAsync(10, template.Id, true, false, NpsWorld.Administrator);
        await using (var db = world.Database.CreateDbContext())
        {
            var row = await db.NpsSurveys.FindAsync(other.SurveyId!.Value);
            row!.Score = 9;
            await db.SaveChangesAsync();
        }

        Assert.Equal("NpsErr_Answered", (await world.Surveys.RemindAsync(other.SurveyId!.Value, "head@example.ru")).ErrorCode);
        var late = await world.Surveys.SendNowAsync(10, template.Id, true, false, NpsWorld.Administrator);
        world.Time.Advance(TimeSpan.FromDays(8));
        Assert.Equal("NpsErr_ReplyWindowOver", (await world.Surveys.RemindAsync(late.SurveyId!.Value, "head@example.ru")).ErrorCode);
    }

    [Fact]
    public async Task ATemplateThatFailsToRenderFailsTheSurveyIntoTheErrorLog()
    {
        await using var world = await NpsWorld.CreateAsync();
        var template = await world.DefaultTemplateAsync();
        await world.WonRuleAsync(delayMinutes: 0);
        var broken = template.Content with { Survey = template.Content.Survey with { Heading = "{{ 1 | divided_by: 0 }}" } };
        Assert.True((await world.Templates.SaveAsync(template.Id, template.Name, template.Scale, broken, NpsWorld.Administrator)).Succeeded);
        await world.SetContactAsync(1, "Ольга", "Иванова", email: "olga@example.ru");
        await world.MoveDealAsync(10, NpsWorld.WonStage, 1);

        await world.Surveys.ScheduleFromRulesAsync();
        Assert.Equal(0, await world.Surveys.SendDueAsync());

        var survey = Assert.Single(await world.SurveysAsync());
        Assert.Equal((NpsSurveyStatus.Failed, NpsSurveys.ReasonTemplate), (survey.Status, survey.StatusReason));
        var error = Assert.Single(await world.ErrorsAsync());
        Assert.Equal((NpsErrorKind.TemplateFailed, (long?)survey.Id), (error.Kind, error.SurveyId));
        Assert.StartsWith("Survey.Heading:", error.Message, StringComparison.Ordinal);
        Assert.Empty(await world.NoticesAsync());
    }

    [Fact]
    public async Task ARuleNeedsAStageOfTheMirrorAUsableTemplateADelayInRangeAndAChannel()
    {
        await using var world = await NpsWorld.CreateAsync();
        var template = await world.DefaultTemplateAsync();

        var result = await world.Rules.CreateAsync(new NpsRuleInput("", true, NpsWorld.PipelineId, "C9:WON", 999, 43_201, false, false), NpsWorld.Administrator);

        Assert.Equal(
            ["ByEmail:NpsErr_NoChannel", "DelayMinutes:NpsErr_Range", "Name:NpsErr_Required", "StageId:NpsErr_Stage", "TemplateId:NpsErr_RuleTemplate"],
            result.Errors.Select(e => $"{e.Field}:{e.MessageKey}").Order(StringComparer.Ordinal));
        Assert.Equal(["PipelineId:NpsErr_Pipeline"],
            (await world.Rules.CreateAsync(new NpsRuleInput("Правило", true, 5, "WON", template.Id, 0, true, false), NpsWorld.Administrator)).Errors.Select(e => $"{e.Field}:{e.MessageKey}"));
        Assert.True((await world.Rules.CreateAsync(new NpsRuleInput("Правило", true, NpsWorld.PipelineId, "WON", template.Id, 43_200, false, true), NpsWorld.Administrator)).Succeeded);
    }

    [Fact]
    public async Task AnSmsTheGatewayFailedShowsAmongTheFailedDeliveries()
    {
        await using var world = await NpsWorld.CreateAsync();
        var template = await world.DefaultTemplateAsync();
        await world.SetContactAsync(1, "Ольга", "Иванова", phone: "+79123456789");
        await world.MoveDealAsync(10, NpsWorld.WonStage, 1);
        var sent = await world.Surveys.SendNowAsync(10, template.Id, false, true, NpsWorld.Administrator);
        await using (var db = world.Database.CreateDbContext())
        {
            var notice = db.Notifications.Single();
            notice.Status = NotificationStatus.Failed;
            notice.FailedAt = world.UtcNow;
            notice.FailureCode = "Gateway";
            notice.LastError = "503 Service Unavailable";
            await db.SaveChangesAsync();
        }

        var failed = Assert.Single(await world.Surveys.FailedDeliveriesAsync());

        Assert.Equal((sent.SurveyId, NotificationChannel.Sms, "+79123456789", "503 Service Unavailable"), (failed.SurveyId, failed.Channel, failed.Recipient, failed.LastError));
    }
}
