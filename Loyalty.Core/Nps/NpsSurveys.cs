using Loyalty.Core.Data;
using Loyalty.Core.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Loyalty.Core.Nps;

/// <summary>
/// What "send now" did. <see cref="ErrorCode"/> (a resource key) when nothing was sent; <see cref="PreviouslySurveyedAt"/>
/// when the deal had a survey already (a warning: sent anyway).
/// </summary>
public sealed record NpsSendResult(long? SurveyId, string? ErrorCode, DateTime? PreviouslySurveyedAt = null)
{
    public bool Succeeded => SurveyId is not null && ErrorCode is null;

    public bool AlreadySurveyed => PreviouslySurveyedAt is not null;
}

/// <summary>What a reminder did: <see cref="ErrorCode"/> when nothing was sent.</summary>
public sealed record NpsRemindResult(string? ErrorCode)
{
    public bool Succeeded => ErrorCode is null;
}

/// <summary>A survey notice the outbox could not deliver (the SMS gateway down, the SMTP server refused).</summary>
public sealed record NpsFailedDelivery(long NotificationId, long? SurveyId, NotificationChannel Channel, string Recipient, DateTime? FailedAt, string? FailureCode, string? LastError);

/// <summary>
/// Schedules surveys from the rules, sends them when due through the notifications outbox, sends one now for a
/// picked deal and reminds once. The outbox does the actual sending (decision 019): its failures are notices of kind
/// <see cref="NotificationKind.NpsSurvey"/>, listed by <see cref="FailedDeliveriesAsync"/>.
/// </summary>
public sealed class NpsSurveys(
    IDbContextFactory<LoyaltyDbContext> dbFactory, NpsRenderer renderer, NotificationOutbox outbox, TimeProvider time, ILogger<NpsSurveys> logger)
{
    public const string Email = "email";
    public const string Sms = "sms";

    /// <summary>Why a rule's survey was cancelled or failed (<see cref="NpsSurvey.StatusReason"/>).</summary>
    public const string ReasonCooldown = "cooldown";
    public const string ReasonNoContactWay = "no_contact_way";
    public const string ReasonTemplate = "template";
    public const string ReasonRejected = "rejected";
    public const string ReasonDealGone = "deal_gone";

    private const int Batch = 200;

    /// <summary>
    /// For each enabled rule: the deals now in its stage that moved there since the rule was enabled and have no rule
    /// survey yet get one, due at the deal's <see cref="Crm.Deal.MovedAt"/> + the delay. A deal without a contact way
    /// gets a cancelled survey and an error-log entry; a contact surveyed within the cooldown a cancelled one (so neither
    /// is looked at again). Once per deal: a unique index. Returns how many were scheduled.
    /// </summary>
    public async Task<int> ScheduleFromRulesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rules = await db.NpsRules.AsNoTracking().Where(r => r.Enabled).OrderBy(r => r.Id).ToListAsync(ct);
        if (rules.Count == 0)
        {
            return 0;
        }

        var settings = await NpsSettingsStore.CurrentAsync(db, ct);
        var scheduled = 0;
        foreach (var rule in rules)
        {
            var template = await db.NpsTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.Id == rule.TemplateId && t.DeletedAt == null, ct);
            if (template?.CurrentRevisionId is not { } revisionId)
            {
                continue;
            }

            var deals = await db.Deals.AsNoTracking()
                .Where(d => d.PipelineId == rule.PipelineId && d.StageId == rule.StageId && d.DeletedAt == null
                    && d.MovedAt != null && d.MovedAt >= rule.EnabledSince
                    && !db.NpsSurveys.Any(s => s.DealId == d.Id && s.RuleId != null))
                .OrderBy(d => d.MovedAt).ThenBy(d => d.Id)
                .Select(d => new { d.Id, d.MovedAt })
                .Take(Batch)
                .ToListAsync(ct);
            foreach (var deal in deals)
            {
                if (await ScheduleAsync(rule, template, revisionId, deal.Id, deal.MovedAt!.Value, settings, ct))
                {
                    scheduled++;
                }
            }
        }

        return scheduled;
    }

    /// <summary>The scheduled surveys that are due: rendered and queued in the outbox. Returns how many were sent.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        var now = Now;
        List<long> due;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            due = await db.NpsSurveys.AsNoTracking().Where(s => s.Status == NpsSurveyStatus.Scheduled && s.DueAt <= now)
                .OrderBy(s => s.DueAt).ThenBy(s => s.Id).Select(s => s.Id).Take(Batch).ToListAsync(ct);
        }

        var sent = 0;
        foreach (var id in due)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var survey = await db.NpsSurveys.FirstOrDefaultAsync(s => s.Id == id && s.Status == NpsSurveyStatus.Scheduled, ct);
            if (survey is null)
            {
                continue;
            }

            var outcome = await DeliverAsync(db, survey, remind: false, ct);
            survey.Status = outcome.Status;
            survey.StatusReason = outcome.Reason;
            if (outcome.Status == NpsSurveyStatus.Sent)
            {
                survey.SentAt = Now;
                sent++;
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        if (sent > 0)
        {
            outbox.Wake();
        }

        return sent;
    }

    /// <summary>
    /// A survey for a picked deal, sent at once with the template's current revision (also when the deal was surveyed:
    /// the result's <see cref="NpsSendResult.PreviouslySurveyedAt"/> warns). Never throws for user errors: the result
    /// carries a code (<c>NpsErr_*</c>).
    /// </summary>
    public async Task<NpsSendResult> SendNowAsync(long dealId, long templateId, bool byEmail, bool bySms, string actor, CancellationToken ct = default)
    {
        if (!byEmail && !bySms)
        {
            return new(null, "NpsErr_NoChannel");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var model = await renderer.ModelAsync(db, dealId, ct);
        if (model is null)
        {
            return new(null, "NpsErr_DealNotFound");
        }

        var template = await db.NpsTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.Id == templateId && t.DeletedAt == null && !t.IsArchived, ct);
        if (template?.CurrentRevisionId is not { } revisionId)
        {
            return new(null, "NpsErr_TemplateGone");
        }

        if (model.ContactId is null)
        {
            return new(null, "NpsErr_NoContact");
        }

        var channels = Channels(byEmail && model.Email is not null, bySms && model.Phone is not null);
        if (channels.Length == 0)
        {
            return new(null, "NpsErr_NoContactWay");
        }

        var previous = await db.NpsSurveys.AsNoTracking().Where(s => s.DealId == dealId && s.SentAt != null)
            .OrderByDescending(s => s.SentAt).Select(s => s.SentAt).FirstOrDefaultAsync(ct);
        var now = Now;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var survey = new NpsSurvey
        {
            Token = NewToken(),
            DealId = dealId,
            ContactId = model.ContactId,
            ManagerId = model.ManagerId,
            PipelineId = model.PipelineId,
            TemplateId = template.Id,
            RevisionId = revisionId,
            Scale = template.Scale,
            Status = NpsSurveyStatus.Scheduled,
            Channels = channels,
            CreatedAt = now,
            DueAt = now,
            SentBy = actor,
        };
        db.NpsSurveys.Add(survey);
        await db.SaveChangesAsync(ct);
        var outcome = await DeliverAsync(db, survey, remind: false, ct);
        if (outcome.Status != NpsSurveyStatus.Sent)
        {
            // Nothing went out: the picked deal has no survey; the error log keeps what happened.
            await transaction.RollbackAsync(ct);
            await LogAsync(null, dealId, outcome.Status == NpsSurveyStatus.Failed && outcome.Reason == ReasonTemplate ? NpsErrorKind.TemplateFailed : NpsErrorKind.SendRejected, outcome.Message ?? outcome.Reason ?? "", ct);
            return new(null, outcome.Reason == ReasonTemplate ? "NpsErr_TemplateFailed" : "NpsErr_SendRejected", previous);
        }

        survey.Status = NpsSurveyStatus.Sent;
        survey.SentAt = now;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        outbox.Wake();
        return new(survey.Id, null, previous);
    }

    /// <summary>
    /// Re-sends an unanswered sent survey's links (the same token) once, while its reply window is open. Codes:
    /// <c>NpsErr_SurveyNotFound</c>, <c>NpsErr_NotSent</c>, <c>NpsErr_Answered</c>, <c>NpsErr_AlreadyReminded</c>,
    /// <c>NpsErr_ReplyWindowOver</c>, <c>NpsErr_SendRejected</c>.
    /// </summary>
    public async Task<NpsRemindResult> RemindAsync(long surveyId, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var survey = await db.NpsSurveys.FirstOrDefaultAsync(s => s.Id == surveyId, ct);
        if (survey is null)
        {
            return new("NpsErr_SurveyNotFound");
        }

        if (survey.Status != NpsSurveyStatus.Sent || survey.SentAt is null)
        {
            return new("NpsErr_NotSent");
        }

        if (survey.Score is not null)
        {
            return new("NpsErr_Answered");
        }

        if (survey.RemindedAt is not null)
        {
            return new("NpsErr_AlreadyReminded");
        }

        var settings = await NpsSettingsStore.CurrentAsync(db, ct);
        if (survey.SentAt.Value.AddDays(settings.ReplyWindowDays) <= Now)
        {
            return new("NpsErr_ReplyWindowOver");
        }

        var outcome = await DeliverAsync(db, survey, remind: true, ct);
        if (outcome.Status != NpsSurveyStatus.Sent)
        {
            return new("NpsErr_SendRejected");
        }

        survey.RemindedAt = Now;
        survey.SentBy = actor;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        outbox.Wake();
        return new((string?)null);
    }

    /// <summary>The survey notices the outbox failed to deliver (given up on), newest first.</summary>
    public async Task<IReadOnlyList<NpsFailedDelivery>> FailedDeliveriesAsync(int count = 100, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Notifications.AsNoTracking()
            .Where(n => n.Kind == NotificationKind.NpsSurvey && n.Status == NotificationStatus.Failed)
            .OrderByDescending(n => n.FailedAt).ThenByDescending(n => n.Id).Take(Math.Clamp(count, 1, 1000))
            .Select(n => new { n.Id, n.DedupeKey, n.Channel, n.Recipient, n.FailedAt, n.FailureCode, n.LastError })
            .ToListAsync(ct);
        return rows.Select(n => new NpsFailedDelivery(n.Id, SurveyIdOf(n.DedupeKey), n.Channel, n.Recipient, n.FailedAt, n.FailureCode, n.LastError)).ToList();
    }

    /// <summary>The survey of a notice's key <c>nps:{surveyId}:…</c>; null for another key.</summary>
    public static long? SurveyIdOf(string dedupeKey)
    {
        var parts = dedupeKey.Split(':');
        return parts.Length >= 3 && parts[0] == "nps" && long.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    /// <summary>A new token: 16 random bytes, base64url, 22 characters.</summary>
    public static string NewToken() => System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    private async Task<bool> ScheduleAsync(NpsRule rule, NpsTemplate template, long revisionId, long dealId, DateTime movedAt, NpsSettings settings, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var model = await renderer.ModelAsync(db, dealId, ct);
        if (model is null)
        {
            return false;
        }

        var now = Now;
        var survey = new NpsSurvey
        {
            Token = NewToken(),
            DealId = dealId,
            ContactId = model.ContactId,
            ManagerId = model.ManagerId,
            PipelineId = model.PipelineId,
            TemplateId = template.Id,
            RevisionId = revisionId,
            RuleId = rule.Id,
            Scale = template.Scale,
            Status = NpsSurveyStatus.Scheduled,
            CreatedAt = now,
            DueAt = movedAt.AddMinutes(rule.DelayMinutes),
        };
        var channels = Channels(rule.ByEmail && model.Email is not null, rule.BySms && model.Phone is not null);
        NpsError? error = null;
        if (model.ContactId is null || channels.Length == 0)
        {
            survey.Channels = Channels(rule.ByEmail, rule.BySms);
            survey.Status = NpsSurveyStatus.Cancelled;
            survey.StatusReason = ReasonNoContactWay;
            error = new NpsError
            {
                At = now,
                Kind = NpsErrorKind.NoContactWay,
                DealId = dealId,
                // A code the error log words in the reader's language (NpsErrorDetails).
                Message = model.ContactId is null ? NpsErrorDetails.NoContact
                    : rule.ByEmail && rule.BySms ? NpsErrorDetails.NoEmailOrPhone
                    : rule.ByEmail ? NpsErrorDetails.NoEmail : NpsErrorDetails.NoPhone,
            };
        }
        else
        {
            survey.Channels = channels;
            if (settings.ContactCooldownDays > 0)
            {
                var since = now.AddDays(-settings.ContactCooldownDays);
                var contactId = model.ContactId;
                var recent = await db.NpsSurveys.AsNoTracking().AnyAsync(
                    s => s.ContactId == contactId && (s.Status == NpsSurveyStatus.Scheduled || s.Status == NpsSurveyStatus.Sent && s.SentAt >= since), ct);
                if (recent)
                {
                    survey.Status = NpsSurveyStatus.Cancelled;
                    survey.StatusReason = ReasonCooldown;
                }
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.NpsSurveys.Add(survey);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another pass (or rule) scheduled this deal in between: once per deal.
            return false;
        }

        if (error is not null)
        {
            error.SurveyId = survey.Id;
            db.NpsErrors.Add(error);
            await db.SaveChangesAsync(ct);
            logger.LogInformation("NPS rule {Rule}: deal {Deal} has no contact way; logged", rule.Id, dealId);
        }

        await transaction.CommitAsync(ct);
        return survey.Status == NpsSurveyStatus.Scheduled;
    }

    private sealed record Delivery(NpsSurveyStatus Status, string? Reason, string? Message = null);

    /// <summary>Renders the survey's revision for its deal and queues its notices in <paramref name="db"/>'s unit of work; errors go to the log.</summary>
    private async Task<Delivery> DeliverAsync(LoyaltyDbContext db, NpsSurvey survey, bool remind, CancellationToken ct)
    {
        var model = await renderer.ModelAsync(db, survey.DealId, ct);
        if (model is null)
        {
            return new(NpsSurveyStatus.Cancelled, ReasonDealGone);
        }

        var revision = await db.NpsTemplateRevisions.AsNoTracking().FirstAsync(r => r.Id == survey.RevisionId, ct);
        var links = renderer.LinksFor(survey.Token, revision.Scale);
        model = model with { SurveyLink = links.SurveyUrl };
        RenderedNotice? email = null;
        string? sms = null;
        try
        {
            if (survey.HasChannel(Email))
            {
                email = renderer.RenderEmail(revision.Content, model, links);
            }

            if (survey.HasChannel(Sms))
            {
                sms = renderer.RenderSms(revision.Content, model);
            }
        }
        catch (NpsRenderException ex)
        {
            var message = Truncate(string.Join("; ", ex.Errors.Select(e => $"{e.Part}: {e.Message}")));
            db.NpsErrors.Add(new NpsError { At = Now, Kind = NpsErrorKind.TemplateFailed, SurveyId = survey.Id == 0 ? null : survey.Id, DealId = survey.DealId, Message = message });
            logger.LogWarning("NPS survey {Survey}: the template did not render: {Errors}", survey.Id, message);
            return new(NpsSurveyStatus.Failed, ReasonTemplate, message);
        }

        var suffix = remind ? ":remind" : "";
        var accepted = 0;
        var refusals = new List<string>();
        if (email is not null)
        {
            if (model.Email is { } address)
            {
                var result = await outbox.EnqueueAsync(db, new NoticeRequest(NotificationChannel.Email, NotificationKind.NpsSurvey, address, email, $"nps:{survey.Id}{suffix}:email") { RecipientName = model.ContactName }, ct);
                accepted += Count(result, NotificationChannel.Email, refusals);
            }
            else
            {
                refusals.Add($"{Email}:{NpsErrorDetails.NoEmail}");
            }
        }

        if (sms is not null)
        {
            if (model.Phone is { } phone)
            {
                var result = await outbox.EnqueueAsync(db, new NoticeRequest(NotificationChannel.Sms, NotificationKind.NpsSurvey, phone, new RenderedNotice(null, null, sms), $"nps:{survey.Id}{suffix}:sms") { RecipientName = model.ContactName }, ct);
                accepted += Count(result, NotificationChannel.Sms, refusals);
            }
            else
            {
                refusals.Add($"{Sms}:{NpsErrorDetails.NoPhone}");
            }
        }

        if (refusals.Count > 0)
        {
            var message = Truncate(string.Join(NpsErrorDetails.Separator, refusals));
            db.NpsErrors.Add(new NpsError { At = Now, Kind = NpsErrorKind.SendRejected, SurveyId = survey.Id == 0 ? null : survey.Id, DealId = survey.DealId, Message = message });
            logger.LogInformation("NPS survey {Survey}: {Refusals}", survey.Id, message);
        }

        return accepted > 0 ? new(NpsSurveyStatus.Sent, null) : new(NpsSurveyStatus.Failed, ReasonRejected, string.Join(NpsErrorDetails.Separator, refusals));
    }

    private static int Count(EnqueueResult result, NotificationChannel channel, List<string> refusals)
    {
        if (result.Accepted)
        {
            return 1;
        }

        refusals.Add($"{channel.ToString().ToLowerInvariant()}:{NpsErrorDetails.Of(result.Outcome)}");
        return 0;
    }

    private async Task LogAsync(long? surveyId, long dealId, NpsErrorKind kind, string message, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.NpsErrors.Add(new NpsError { At = Now, Kind = kind, SurveyId = surveyId, DealId = dealId, Message = Truncate(message) });
        await db.SaveChangesAsync(ct);
    }

    private static string Channels(bool email, bool sms) => (email, sms) switch
    {
        (true, true) => $"{Email},{Sms}",
        (true, false) => Email,
        (false, true) => Sms,
        _ => "",
    };

    private static string Truncate(string message) => message.Length <= NpsLimits.ErrorMessage ? message : message[..NpsLimits.ErrorMessage];

    private DateTime Now => time.GetUtcNow().UtcDateTime;
}
