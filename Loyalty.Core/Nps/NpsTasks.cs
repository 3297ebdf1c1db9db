using System.Globalization;
using System.Text;
using Loyalty.Core.Data;
using Loyalty.Core.Notifications;
using Loyalty.Core.Portal;
using Loyalty.Core.WriteBack;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Loyalty.Core.Nps;

public enum NpsCallTaskOutcome
{
    Queued,

    /// <summary>A call task was queued for this survey before: one per survey.</summary>
    AlreadyQueued,

    /// <summary>The customer has answered: nobody needs to call about it.</summary>
    Answered,

    /// <summary>No sent survey has this ID.</summary>
    NotFound,

    /// <summary>The deal has no responsible to give the task to.</summary>
    NoResponsible,
}

/// <summary>An NPS write to Bitrix24 (score, timeline comment, task) that failed and is being retried.</summary>
public sealed record NpsWriteBackFailure(long SurveyId, string Key, string Method, string Error, int Attempts, DateTime CreatedAt, DateTime NextAttemptAt);

/// <summary>
/// The Bitrix24 tasks of the NPS program, queued through the write-back outbox (<c>tasks.task.add</c>, PROTOCOL §5.9):
/// the detractor's task when a low score gets its first comment (from <see cref="NpsAnswers"/>, in the comment's
/// transaction), and the call task for a survey nobody answered (<see cref="QueueCallTaskAsync"/>, once). Both are
/// linked to the deal (<c>UF_CRM_TASK: ["D_{id}"]</c>), go to the deal's manager (or the template's fixed employee)
/// and are due <see cref="NpsSettings.TaskDeadlineHours"/> later, written with the portal zone's offset.
/// Failed writes stay in the outbox with their error and are retried; <see cref="FailuresAsync"/> lists them.
/// </summary>
public sealed class NpsTasks(IDbContextFactory<LoyaltyDbContext> dbFactory, NpsRenderer renderer, IOptions<PortalOptions> portal, TimeProvider time, ILogger<NpsTasks> logger)
{
    public const string KeyPrefix = "nps:";

    /// <summary>Queues the call task «Позвонить клиенту: нет ответа на опрос» for an unanswered survey, once.</summary>
    public async Task<NpsCallTaskOutcome> QueueCallTaskAsync(long surveyId, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var survey = await db.NpsSurveys.AsNoTracking().FirstOrDefaultAsync(s => s.Id == surveyId && s.Status == NpsSurveyStatus.Sent, ct);
        if (survey is null)
        {
            return NpsCallTaskOutcome.NotFound;
        }

        if (survey.Score is not null)
        {
            return NpsCallTaskOutcome.Answered;
        }

        if (survey.CallTaskQueuedAt is not null)
        {
            return NpsCallTaskOutcome.AlreadyQueued;
        }

        var model = await renderer.ModelAsync(db, survey.DealId, ct);
        if ((model?.ManagerId ?? survey.ManagerId) is not { } responsible)
        {
            return NpsCallTaskOutcome.NoResponsible;
        }

        var settings = await NpsSettingsStore.CurrentAsync(db, ct);
        var language = portal.Value.DefaultLanguage == "en" ? PortalCultures.English : PortalCultures.Russian;
        var zone = portal.Value.ResolveTimeZone();
        var now = time.GetUtcNow().UtcDateTime;
        var description = new StringBuilder(NpsPageText.Get("NpsPage_CrmCallTaskText", language));
        description.Append('\n');
        if (survey.SentAt is { } sent)
        {
            description.Append('\n').Append(NpsPageText.Get("NpsPage_CrmSentLine", language, TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(sent, DateTimeKind.Utc), zone)));
        }

        AppendPeople(description, model, language);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var first = await db.NpsSurveys.Where(s => s.Id == surveyId && s.CallTaskQueuedAt == null && s.Score == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.CallTaskQueuedAt, now), ct);
        if (first == 0)
        {
            await transaction.RollbackAsync(ct);
            return NpsCallTaskOutcome.AlreadyQueued;
        }

        await CrmWriteBackOutbox.EnqueueAsync(db, $"{KeyPrefix}{surveyId}:call-task", "tasks.task.add",
            TaskParameters(NpsPageText.Get("NpsPage_CrmCallTaskTitle", language), description.ToString(), responsible, survey.DealId, now, settings, zone), now, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Call task queued for unanswered NPS survey {Survey} by {Actor}", surveyId, actor);
        return NpsCallTaskOutcome.Queued;
    }

    /// <summary>The NPS writes to Bitrix24 that failed and wait for their retry (newest first), for the error log.</summary>
    public async Task<IReadOnlyList<NpsWriteBackFailure>> FailuresAsync(int take = 200, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.CrmWriteBacks.AsNoTracking()
            .Where(w => w.Key.StartsWith(KeyPrefix) && w.SentAt == null && w.LastError != null)
            .OrderByDescending(w => w.CreatedAt).Take(take)
            .Select(w => new { w.Key, w.Method, w.LastError, w.Attempts, w.CreatedAt, w.DueAt })
            .ToListAsync(ct);
        return [.. rows.Select(w => new NpsWriteBackFailure(SurveyOf(w.Key), w.Key, w.Method, w.LastError!, w.Attempts, w.CreatedAt, w.DueAt))];
    }

    /// <summary>The survey ID of an outbox key <c>nps:{id}:…</c>; 0 when the key is not one.</summary>
    public static long SurveyOf(string key)
    {
        var parts = key.Split(':');
        return parts.Length >= 2 && parts[0] + ":" == KeyPrefix && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0;
    }

    /// <summary>The detractor's task, queued in the comment's transaction (the caller saves). No responsible: logged, nothing queued.</summary>
    internal static async Task EnqueueDetractorTaskAsync(
        LoyaltyDbContext db, NpsSurvey survey, NpsTemplateContent content, NpsModel model, string comment, NpsSettings settings,
        NpsRenderer renderer, NoticeTemplates templates, TimeZoneInfo zone, CultureInfo language, DateTime now, ILogger logger, CancellationToken ct)
    {
        var negative = content.Negative;
        var responsible = negative.TaskAssignee == NpsTaskAssignee.FixedEmployee && negative.TaskEmployeeId is > 0
            ? negative.TaskEmployeeId
            : model.ManagerId ?? survey.ManagerId;
        if (responsible is not { } userId)
        {
            logger.LogWarning("NPS survey {Survey}: the deal has no responsible, no task was queued", survey.Id);
            db.NpsErrors.Add(new NpsError
            {
                At = now, Kind = NpsErrorKind.Bitrix24Failed, SurveyId = survey.Id, DealId = survey.DealId,
                Message = "tasks.task.add: the deal has no responsible and the template names no employee",
            });
            return;
        }

        var title = TaskTitle(negative, model, renderer, templates, language);
        var description = new StringBuilder();
        description.Append(NpsPageText.Get("NpsPage_CrmScoreLine", language, survey.Score is { } score ? NpsPageText.Score(survey.Scale, score, language) : "—"));
        description.Append('\n').Append(NpsPageText.Get("NpsPage_CrmCommentLine", language, comment));
        AppendPeople(description, model, language);
        await CrmWriteBackOutbox.EnqueueAsync(db, $"{KeyPrefix}{survey.Id}:task", "tasks.task.add",
            TaskParameters(title, description.ToString(), userId, survey.DealId, now, settings, zone), now, ct);
    }

    private static string TaskTitle(NpsNegativePart negative, NpsModel model, NpsRenderer renderer, NoticeTemplates templates, CultureInfo language)
    {
        string? title = null;
        if (!string.IsNullOrWhiteSpace(negative.TaskTitle))
        {
            try
            {
                title = renderer.RenderTaskTitle(new NpsTemplateContent { Negative = negative }, model);
            }
            catch (NpsRenderException)
            {
                title = null;
            }
        }

        if (string.IsNullOrWhiteSpace(title))
        {
            title = templates.Render(null, null, NpsPageText.Get("NpsPage_CrmTaskTitle", language), NpsAnswers.LiquidModel(model)).Notice?.Text;
        }

        title = (title ?? "").Replace('\n', ' ').Trim();
        return title.Length > 250 ? title[..250] : title;
    }

    private static void AppendPeople(StringBuilder description, NpsModel? model, CultureInfo language)
    {
        if (model is null)
        {
            return;
        }

        description.Append('\n').Append(NpsPageText.Get("NpsPage_CrmContactLine", language, model.ContactName is { Length: > 0 } name ? name : NpsPageText.Get("NpsPage_CrmNoName", language)));
        if (model.Phone is { Length: > 0 } phone)
        {
            description.Append('\n').Append(NpsPageText.Get("NpsPage_CrmPhoneLine", language, phone));
        }

        if (model.Email is { Length: > 0 } email)
        {
            description.Append('\n').Append(NpsPageText.Get("NpsPage_CrmEmailLine", language, email));
        }

        if (model.DealTitle is { Length: > 0 } deal)
        {
            description.Append('\n').Append(NpsPageText.Get("NpsPage_CrmDealLine", language, deal));
        }
    }

    /// <summary>The deadline as Bitrix24 takes it: ISO-8601 with the portal zone's offset, e.g. <c>2026-12-08T09:30:00+03:00</c>.</summary>
    public static string Deadline(DateTime utc, TimeZoneInfo zone)
    {
        var at = DateTime.SpecifyKind(utc, DateTimeKind.Utc);
        return new DateTimeOffset(at).ToOffset(zone.GetUtcOffset(at)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
    }

    private static Dictionary<string, object> TaskParameters(string title, string description, long responsible, long dealId, DateTime now, NpsSettings settings, TimeZoneInfo zone) => new()
    {
        ["fields"] = new Dictionary<string, object>
        {
            ["TITLE"] = title,
            ["DESCRIPTION"] = description,
            ["RESPONSIBLE_ID"] = responsible,
            ["UF_CRM_TASK"] = new[] { $"D_{dealId.ToString(CultureInfo.InvariantCulture)}" },
            ["DEADLINE"] = Deadline(now.AddHours(Math.Max(1, settings.TaskDeadlineHours)), zone),
        },
    };
}
