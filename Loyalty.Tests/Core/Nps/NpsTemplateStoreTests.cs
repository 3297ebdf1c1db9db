using Loyalty.Core.Nps;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Core.Nps;

/// <summary>The survey templates: seeded once, validated on save, a revision per save, archived, deleted hard or soft.</summary>
public sealed class NpsTemplateStoreTests
{
    [Fact]
    public async Task AFreshStartHasTheRussianTemplateOnceAndADeletedOneDoesNotComeBack()
    {
        await using var world = await NpsWorld.CreateAsync();

        var list = await world.Templates.ListAsync();

        var template = Assert.Single(list);
        Assert.Equal(NpsDefaults.TemplateName, template.Name);
        Assert.Equal(NpsScale.ZeroToTen, template.Scale);
        Assert.Contains("порекомендуете {{ company.name }} друзьям и коллегам", template.Content.Survey.Question, StringComparison.Ordinal);
        Assert.Equal("Расскажите, что нам стоит улучшить", template.Content.Negative.CommentPrompt);
        Assert.True(template.Content.Negative.ShowCommentForm);
        Assert.NotNull(template.CurrentRevisionId);
        Assert.Empty(NpsTemplateStore.Validate(template.Name, template.Scale, template.Content));

        Assert.Equal(NpsDeleteOutcome.Removed, await world.Templates.DeleteAsync(template.Id, NpsWorld.Administrator));

        // A new store (a restart) finds the seed remembered and seeds nothing.
        var restarted = new NpsTemplateStore(world.Database, world.Time);
        Assert.False(await restarted.EnsureDefaultAsync());
        Assert.Empty(await restarted.ListAsync());
    }

    [Fact]
    public async Task ASaveWithBrokenLiquidBadColoursOrLongTextsIsRefusedWithThePartAndLine()
    {
        await using var world = await NpsWorld.CreateAsync();
        var template = await world.DefaultTemplateAsync();
        var content = template.Content with
        {
            Survey = template.Content.Survey with { Text = "Здравствуйте!\n{% if contact.name %}без конца", ButtonColor = "red", EmailSubject = "" },
            Negative = template.Content.Negative with { TaskTitle = "Оценка {{ survey.score" },
            Neutral = template.Content.Neutral with { Heading = new string('а', NpsLimits.Line + 1) },
        };

        var result = await world.Templates.SaveAsync(template.Id, template.Name, template.Scale, content, NpsWorld.Administrator);

        Assert.False(result.Succeeded);
        Assert.Equal(
            ["Negative.TaskTitle:NpsErr_Template", "Neutral.Heading:Text_TooLong", "Survey.ButtonColor:NpsErr_Colour", "Survey.EmailSubject:NpsErr_Required", "Survey.Text:NpsErr_Template"],
            result.Errors.Select(e => $"{e.Field}:{e.MessageKey}").Order(StringComparer.Ordinal));
        var liquid = result.Errors.Single(e => e.Field == "Survey.Text");
        Assert.Equal("2", liquid.Arguments[0]);
        Assert.Equal(template.ContentJson, (await world.Templates.GetAsync(template.Id))!.ContentJson);
    }

    [Fact]
    public async Task EverySaveWritesARevisionAndTheOldOneStaysAsItWas()
    {
        await using var world = await NpsWorld.CreateAsync();
        var template = await world.DefaultTemplateAsync();
        var first = template.CurrentRevisionId!.Value;
        var content = template.Content with
        {
            Survey = template.Content.Survey with { Question = "Оцените {{ company.name }} от 0 до 10", ButtonColor = "#1565C0" },
            Positive = template.Content.Positive with { YandexUrl = "https://yandex.ru/maps/org/filial/555777/" },
        };

        var saved = await world.Templates.SaveAsync(template.Id, "Филиал на Тверской", NpsScale.ZeroToTen, content, NpsWorld.Administrator);

        Assert.True(saved.Succeeded);
        Assert.NotEqual(first, saved.Template!.CurrentRevisionId);
        Assert.Equal("#1565c0", saved.Template.Content.Survey.ButtonColor);
        Assert.Equal("https://yandex.ru/maps/org/555777/?add-review=true", saved.Template.Content.Positive.YandexUrl);
        var revisions = await world.Templates.RevisionsAsync(template.Id);
        Assert.Equal(2, revisions.Count);
        Assert.Equal("Оцените {{ company.name }} от 0 до 10", revisions[0].Content.Survey.Question);
        Assert.Equal(NpsDefaults.Template.Survey.Question, (await world.Templates.RevisionAsync(first))!.Content.Survey.Question);
    }

    [Fact]
    public async Task TheTwoPointScaleNeedsItsLabelsAndAFixedAssigneeNeedsAnEmployeeOfTheMirror()
    {
        await using var world = await NpsWorld.CreateAsync();
        var content = NpsDefaults.Template with
        {
            Survey = NpsDefaults.Template.Survey with { SatisfiedLabel = "", UnsatisfiedLabel = " " },
            Negative = NpsDefaults.Template.Negative with { TaskAssignee = NpsTaskAssignee.FixedEmployee, TaskEmployeeId = null },
        };

        var refused = await world.Templates.CreateAsync("Доволен ли клиент", NpsScale.Satisfaction, NpsWorld.Administrator, content);

        Assert.Equal(
            ["Negative.TaskEmployeeId:NpsErr_TaskEmployee", "Survey.SatisfiedLabel:NpsErr_Required", "Survey.UnsatisfiedLabel:NpsErr_Required"],
            refused.Errors.Select(e => $"{e.Field}:{e.MessageKey}").Order(StringComparer.Ordinal));

        var unknown = await world.Templates.CreateAsync("Доволен ли клиент", NpsScale.Satisfaction, NpsWorld.Administrator,
            NpsDefaults.Template with { Negative = NpsDefaults.Template.Negative with { TaskAssignee = NpsTaskAssignee.FixedEmployee, TaskEmployeeId = 999 } });
        Assert.Equal("Negative.TaskEmployeeId:NpsErr_TaskEmployee", Assert.Single(unknown.Errors) is var e ? $"{e.Field}:{e.MessageKey}" : "");

        var created = await world.Templates.CreateAsync("Доволен ли клиент", NpsScale.Satisfaction, NpsWorld.Administrator,
            NpsDefaults.Template with { Negative = NpsDefaults.Template.Negative with { TaskAssignee = NpsTaskAssignee.FixedEmployee, TaskEmployeeId = NpsWorld.ManagerId } });
        Assert.True(created.Succeeded);
        Assert.Equal(NpsWorld.ManagerId, created.Template!.Content.Negative.TaskEmployeeId);

        // The two-point scale has no middle score: its reply's heading (a hidden tab in the editor) may be empty;
        // on the 0–10 scale it is required.
        var noMiddle = NpsDefaults.Template with { Neutral = NpsDefaults.Template.Neutral with { Heading = "" } };
        Assert.True((await world.Templates.CreateAsync("Доволен ли клиент 2", NpsScale.Satisfaction, NpsWorld.Administrator, noMiddle)).Succeeded);
        Assert.Equal(
            "Neutral.Heading:NpsErr_Required",
            Assert.Single((await world.Templates.CreateAsync("Оценка 0–10", NpsScale.ZeroToTen, NpsWorld.Administrator, noMiddle)).Errors) is var m ? $"{m.Field}:{m.MessageKey}" : "");
    }

    [Fact]
    public async Task AnArchivedTemplateLeavesThePickerAndComesBackAndAnEnabledRuleKeepsItOut()
    {
        await using var world = await NpsWorld.CreateAsync();
        var rule = await world.WonRuleAsync();
        var template = await world.DefaultTemplateAsync();

        Assert.False(await world.Templates.ArchiveAsync(template.Id, NpsWorld.Administrator));
        Assert.Equal(NpsDeleteOutcome.UsedByRule, await world.Templates.DeleteAsync(template.Id, NpsWorld.Administrator));

        Assert.True(await world.Rules.SetEnabledAsync(rule.Id, false, NpsWorld.Administrator));
        Assert.True(await world.Templates.ArchiveAsync(template.Id, NpsWorld.Administrator));
        Assert.Empty(await world.Templates.ListAsync(includeArchived: false));
        Assert.True(Assert.Single(await world.Templates.ListAsync()).IsArchived);
        Assert.False(await world.Rules.SetEnabledAsync(rule.Id, true, NpsWorld.Administrator));

        Assert.True(await world.Templates.RestoreAsync(template.Id, NpsWorld.Administrator));
        Assert.Single(await world.Templates.ListAsync(includeArchived: false));
    }

    [Fact]
    public async Task ATemplateSurveysUsedIsHiddenOnDeleteAndItsRevisionStays()
    {
        await using var world = await NpsWorld.CreateAsync();
        await world.SetContactAsync(1, "Ольга", "Иванова", email: "olga@example.ru");
        await world.MoveDealAsync(10, NpsWorld.WonStage, 1);
        var template = await world.DefaultTemplateAsync();
        var sent = await world.Surveys.SendNowAsync(10, template.Id, true, false, NpsWorld.Administrator);
        Assert.True(sent.Succeeded);

        Assert.Equal(NpsDeleteOutcome.Hidden, await world.Templates.DeleteAsync(template.Id, NpsWorld.Administrator));

        Assert.Empty(await world.Templates.ListAsync());
        Assert.NotNull((await world.Templates.GetAsync(template.Id))!.DeletedAt);
        var survey = Assert.Single(await world.SurveysAsync());
        Assert.NotNull(await world.Templates.RevisionAsync(survey.RevisionId));
        Assert.False((await world.Templates.SaveAsync(template.Id, template.Name, template.Scale, template.Content, NpsWorld.Administrator)).Succeeded);
        Assert.Equal(NpsDeleteOutcome.NotFound, await world.Templates.DeleteAsync(template.Id, NpsWorld.Administrator));
        await using var db = world.Database.CreateDbContext();
        Assert.Equal(1, await db.NpsTemplateRevisions.CountAsync());
    }
}
