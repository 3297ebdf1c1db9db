using System.Globalization;
using Loyalty.Core.Bitrix24.UserFields;
using Loyalty.Core.Data;
using Loyalty.Core.Notifications;
using Loyalty.Core.Portal;
using Loyalty.Core.Promoters;
using Loyalty.Core.WriteBack;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Loyalty.Core.Nps;

/// <summary>How the survey page looks: the company, its logo and the template's colours (the defaults for an unknown link).</summary>
public sealed record NpsPageLook(string CompanyName, string? LogoUrl, string BackgroundColor, string ButtonColor, string TextColor);

/// <summary>The survey part of the page, rendered for the survey's deal (plain text: the page encodes it).</summary>
public sealed record NpsQuestion(string Heading, string Text, string Question, string LowLabel, string HighLabel, string SatisfiedLabel, string UnsatisfiedLabel)
{
    public static readonly NpsQuestion Empty = new("", "", "", "", "", "", "");
}

/// <summary>
/// The survey page for one token. <see cref="Found"/> is false for a token that was never issued (or a survey never
/// sent): the page then shows a neutral text in the same frame. <see cref="Reply"/> is the reply to the current score.
/// </summary>
public sealed record NpsSurveyView(bool Found, NpsPageLook Look, NpsScale Scale, NpsQuestion Question)
{
    public long SurveyId { get; init; }

    public int? Score { get; init; }

    /// <summary>Whether the score (and the comment) can still be given or changed.</summary>
    public bool Open { get; init; }

    /// <summary>When the window closes (UTC).</summary>
    public DateTime? ClosesAt { get; init; }

    public NpsReply? Reply { get; init; }

    public string? Comment { get; init; }

    /// <summary>The template's low-score reply has the comment form switched on.</summary>
    public bool CommentFormOn { get; init; }

    /// <summary>The comment form is offered: a low score (0–6, or unsatisfied), the template's form on, the window open.</summary>
    public bool CommentAllowed => Open && CommentFormOn && Score is { } score && NpsMath.Group(Scale, score) == NpsGroup.Detractor;
}

public enum NpsAnswerOutcome
{
    /// <summary>The score or comment was recorded (changed), with its write-backs.</summary>
    Recorded,

    /// <summary>The same score or comment again (a double submit): nothing changed.</summary>
    Unchanged,

    /// <summary>Not a valid score or comment: <see cref="NpsAnswerResult.ErrorKey"/> says why.</summary>
    Invalid,

    /// <summary>The reply window is over: nothing changed.</summary>
    Closed,

    /// <summary>No survey has this token.</summary>
    NotFound,

    /// <summary>A comment where the page offers no comment form (not a low score, or the form is off).</summary>
    NotAllowed,
}

/// <summary>The answer to a post, with the page as it is now.</summary>
public sealed record NpsAnswerResult(NpsAnswerOutcome Outcome, NpsSurveyView View, string? ErrorKey = null);

/// <summary>
/// The public survey page's side in Core (decision 019, "Public page and answers"): finds a survey by its token,
/// records a score and a comment, and queues what goes to Bitrix24 in the same transaction — the deal's
/// <c>UF_CRM_LOY_NPS</c> (latest wins), a timeline comment per change, and the detractor's task on the first comment
/// (<see cref="NpsTasks"/>). The same score or comment twice changes nothing, so a double submit counts once; after
/// the reply window nothing changes. An unknown token takes the same path (one look-up, the settings) as a known one.
/// </summary>
public sealed class NpsAnswers(
    IDbContextFactory<LoyaltyDbContext> dbFactory, NpsRenderer renderer, NoticeTemplates templates, PublicAddress address,
    ReferralPageSettings page, IOptions<PortalOptions> portal, TimeProvider time, ILogger<NpsAnswers> logger)
{
    /// <summary>A well-formed token nobody holds (tokens are random; this one is looked up, never issued).</summary>
    private const string Placeholder = "AAAAAAAAAAAAAAAAAAAAAA";

    /// <summary>The logo's address on the page (versioned by its change time, so a new logo is not hidden by a cache).</summary>
    public const string LogoPath = "nps/logo";

    /// <summary>The deal field the last score is written to.</summary>
    public static string DealField => PortalUserFields.DealNps.Code;

    /// <summary>The language of what goes to Bitrix24: the portal's.</summary>
    private CultureInfo Language => portal.Value.DefaultLanguage == "en" ? PortalCultures.English : PortalCultures.Russian;

    public async Task<NpsSurveyView> FindAsync(string? token, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var survey = await LookupAsync(db, token, ct);
        return (await ViewAsync(db, survey, ct)).View;
    }

    /// <summary>Records <paramref name="score"/>: 0–10, or 0 / 1 on the two-point scale.</summary>
    public async Task<NpsAnswerResult> RecordScoreAsync(string? token, int? score, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var survey = await LookupAsync(db, token, ct);
        if (survey is null)
        {
            return new(NpsAnswerOutcome.NotFound, (await ViewAsync(db, null, ct)).View);
        }

        var settings = await NpsSettingsStore.CurrentAsync(db, ct);
        var now = time.GetUtcNow().UtcDateTime;
        if (score is not { } value || !NpsMath.IsValidScore(survey.Scale, value))
        {
            return new(NpsAnswerOutcome.Invalid, (await ViewAsync(db, survey, ct)).View, "NpsPage_PickScore");
        }

        if (now >= ClosesAt(survey, settings))
        {
            return new(NpsAnswerOutcome.Closed, (await ViewAsync(db, survey, ct)).View);
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            // The row is changed only if the score differs: of two posts of one score at the same moment, one changes it.
            var changed = await db.NpsSurveys
                .Where(s => s.Id == survey.Id && (s.Score == null || s.Score != value))
                .ExecuteUpdateAsync(u => u
                    .SetProperty(s => s.Score, value)
                    .SetProperty(s => s.AnsweredAt, now)
                    .SetProperty(s => s.FirstAnsweredAt, s => s.FirstAnsweredAt ?? now), ct);
            if (changed == 0)
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return new(NpsAnswerOutcome.Unchanged, (await ViewAsync(db, await ReloadAsync(db, survey.Id, ct), ct)).View);
            }

            var before = survey.Score;
            var language = Language;
            await CrmWriteBackOutbox.EnqueueAsync(db, $"nps:{survey.Id}:score", "crm.deal.update",
                new Dictionary<string, object> { ["id"] = survey.DealId, ["fields"] = new Dictionary<string, object> { [DealField] = value } }, now, ct);
            await CrmWriteBackOutbox.EnqueueAsync(db, $"nps:{survey.Id}:score:{value}:{Stamp(now)}", "crm.timeline.comment.add",
                TimelineComment(survey.DealId, ScoreComment(survey.Scale, value, before, language)), now, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        logger.LogInformation("NPS survey {Survey} answered: {Score}", survey.Id, value);
        db.ChangeTracker.Clear();
        return new(NpsAnswerOutcome.Recorded, (await ViewAsync(db, await ReloadAsync(db, survey.Id, ct), ct)).View);
    }

    /// <summary>
    /// Records the comment of a low score (trimmed, at most <see cref="NpsLimits.Comment"/> characters, kept as text).
    /// The first comment queues the task in Bitrix24; each changed comment goes to the deal's timeline.
    /// </summary>
    public async Task<NpsAnswerResult> CommentAsync(string? token, string? comment, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var survey = await LookupAsync(db, token, ct);
        var (view, content, model) = await ViewAsync(db, survey, ct);
        if (survey is null)
        {
            return new(NpsAnswerOutcome.NotFound, view);
        }

        if (!view.Open && view.Score is not null)
        {
            return new(NpsAnswerOutcome.Closed, view);
        }

        if (!view.CommentAllowed)
        {
            return new(NpsAnswerOutcome.NotAllowed, view);
        }

        var text = (comment ?? "").Trim();
        if (text.Length == 0)
        {
            return new(NpsAnswerOutcome.Invalid, view, "NpsPage_CommentRequired");
        }

        if (text.Length > NpsLimits.Comment)
        {
            return new(NpsAnswerOutcome.Invalid, view, "NpsPage_CommentTooLong");
        }

        var now = time.GetUtcNow().UtcDateTime;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            var changed = await db.NpsSurveys
                .Where(s => s.Id == survey.Id && (s.Comment == null || s.Comment != text))
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Comment, text).SetProperty(s => s.CommentedAt, now), ct);
            if (changed == 0)
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return new(NpsAnswerOutcome.Unchanged, (await ViewAsync(db, await ReloadAsync(db, survey.Id, ct), ct)).View);
            }

            var language = Language;
            await CrmWriteBackOutbox.EnqueueAsync(db, $"nps:{survey.Id}:comment:{Stamp(now)}", "crm.timeline.comment.add",
                TimelineComment(survey.DealId, NpsPageText.Get("NpsPage_CrmComment", language, text)), now, ct);

            // One task per survey: the first comment opens it; later changes reach the timeline only.
            var first = await db.NpsSurveys.Where(s => s.Id == survey.Id && s.TaskQueuedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.TaskQueuedAt, now), ct);
            if (first == 1)
            {
                var settings = await NpsSettingsStore.CurrentAsync(db, ct);
                await NpsTasks.EnqueueDetractorTaskAsync(db, survey, content, model, text, settings, renderer, templates, Zone, language, now, logger, ct);
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        logger.LogInformation("NPS survey {Survey} commented", survey.Id);
        db.ChangeTracker.Clear();
        return new(NpsAnswerOutcome.Recorded, (await ViewAsync(db, await ReloadAsync(db, survey.Id, ct), ct)).View);
    }

    /// <summary>
    /// The window for picking or changing the score: <see cref="NpsSettings.ReplyWindowDays"/> from the first answer,
    /// or from the sending while there is none (decision 019).
    /// </summary>
    public static DateTime ClosesAt(NpsSurvey survey, NpsSettings settings) =>
        (survey.FirstAnsweredAt ?? survey.SentAt ?? survey.CreatedAt).AddDays(Math.Max(1, settings.ReplyWindowDays));

    /// <summary>What a token may be: 22 characters of base64url. Anything else is looked up as the placeholder.</summary>
    public static string Usable(string? token) =>
        token is { Length: NpsLimits.TokenLength } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? token : Placeholder;

    private TimeZoneInfo Zone => portal.Value.ResolveTimeZone();

    private static string Stamp(DateTime now) => now.Ticks.ToString(CultureInfo.InvariantCulture);

    private static async Task<NpsSurvey?> LookupAsync(LoyaltyDbContext db, string? token, CancellationToken ct)
    {
        // Always one look-up, also for a malformed token: the same work for every answer.
        var usable = Usable(token);
        var survey = await db.NpsSurveys.AsNoTracking().FirstOrDefaultAsync(s => s.Token == usable, ct);
        return survey is { Status: NpsSurveyStatus.Sent } && usable != Placeholder ? survey : null;
    }

    private static Task<NpsSurvey?> ReloadAsync(LoyaltyDbContext db, long id, CancellationToken ct) =>
        db.NpsSurveys.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);

    private async Task<(NpsSurveyView View, NpsTemplateContent Content, NpsModel Model)> ViewAsync(LoyaltyDbContext db, NpsSurvey? survey, CancellationToken ct)
    {
        var settings = await NpsSettingsStore.CurrentAsync(db, ct);
        var logoAt = await NpsSettingsStore.LogoUpdatedAtAsync(db, ct);
        // The same name as the renderer's model gives (the referral page's company when the NPS settings name none), so
        // a known and an unknown token show the same company.
        var company = settings.CompanyName is { Length: > 0 } name ? name : await page.CompanyNameAsync(db, ct);
        // Relative to the page (its base is the site root): the page may be opened on another name than the public one.
        var logo = logoAt is { } at ? $"{LogoPath}?v={at.Ticks.ToString(CultureInfo.InvariantCulture)}" : null;
        if (survey is null)
        {
            var defaults = NpsDefaults.Template.Survey;
            var look = new NpsPageLook(company, logo, defaults.BackgroundColor, defaults.ButtonColor, defaults.TextColor);
            return (new NpsSurveyView(false, look, NpsScale.ZeroToTen, NpsQuestion.Empty), NpsDefaults.Template, new NpsModel { CompanyName = company });
        }

        var json = await db.NpsTemplateRevisions.AsNoTracking().Where(r => r.Id == survey.RevisionId).Select(r => r.ContentJson).FirstOrDefaultAsync(ct);
        var content = json is null ? NpsDefaults.Template : NpsTemplateContent.FromJson(json);
        var model = await renderer.ModelAsync(db, survey.DealId, ct) ?? new NpsModel { DealId = survey.DealId, ContactId = survey.ContactId, ManagerId = survey.ManagerId };
        model = model with
        {
            CompanyName = model.CompanyName is { Length: > 0 } known ? known : company,
            SurveyLink = address.Of($"s/{survey.Token}"),
            SurveyScore = survey.Score?.ToString(CultureInfo.InvariantCulture) ?? "",
        };

        var part = content.Survey;
        var question = new NpsQuestion(
            Render(part.Heading, model), Render(part.Text, model), Render(part.Question, model),
            Render(part.LowLabel, model), Render(part.HighLabel, model), Render(part.SatisfiedLabel, model), Render(part.UnsatisfiedLabel, model));
        NpsReply? reply = null;
        if (survey.Score is { } score)
        {
            try
            {
                reply = renderer.RenderReply(content, NpsMath.Group(survey.Scale, score), model);
            }
            catch (NpsRenderException e)
            {
                // A template that does not render must not leave the customer with an error: the page thanks plainly.
                logger.LogWarning(e, "The reply of NPS survey {Survey} did not render", survey.Id);
            }
        }

        var closesAt = ClosesAt(survey, settings);
        var view = new NpsSurveyView(true, new NpsPageLook(model.CompanyName, logo, Color(part.BackgroundColor, "#f4f5f7"), Color(part.ButtonColor, "#2e7d32"), Color(part.TextColor, "#222222")), survey.Scale, question)
        {
            SurveyId = survey.Id,
            Score = survey.Score,
            Open = time.GetUtcNow().UtcDateTime < closesAt,
            ClosesAt = closesAt,
            Reply = reply,
            Comment = survey.Comment,
            CommentFormOn = content.Negative.ShowCommentForm,
        };
        return (view, content, model);
    }

    /// <summary>A Liquid line of the template as plain text (the page encodes it); a line that does not render is left out.</summary>
    private string Render(string? source, NpsModel model)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            return "";
        }

        var rendered = templates.Render(null, null, source, LiquidModel(model));
        return rendered.Notice?.Text.Trim() ?? "";
    }

    /// <summary>The markers' values (<see cref="NpsRenderer.Markers"/>) as Liquid reads them.</summary>
    internal static Dictionary<string, object?> LiquidModel(NpsModel model) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["contact"] = new Dictionary<string, object?> { ["name"] = model.ContactName, ["first_name"] = model.ContactFirstName },
        ["deal"] = new Dictionary<string, object?> { ["title"] = model.DealTitle, ["amount"] = model.DealAmount, ["id"] = model.DealId },
        ["manager"] = new Dictionary<string, object?> { ["name"] = model.ManagerName },
        ["company"] = new Dictionary<string, object?> { ["name"] = model.CompanyName },
        ["survey"] = new Dictionary<string, object?> { ["link"] = model.SurveyLink, ["score"] = model.SurveyScore },
    };

    /// <summary>A colour as CSS takes it, or the default: only <c>#rrggbb</c> reaches a style attribute.</summary>
    internal static string Color(string? value, string fallback) =>
        value is { Length: 7 } && value[0] == '#' && value.Skip(1).All(char.IsAsciiHexDigit) ? value : fallback;

    internal static Dictionary<string, object> TimelineComment(long dealId, string text) => new()
    {
        ["fields"] = new Dictionary<string, object> { ["ENTITY_ID"] = dealId, ["ENTITY_TYPE"] = "deal", ["COMMENT"] = text },
    };

    private static string ScoreComment(NpsScale scale, int score, int? before, CultureInfo language)
    {
        if (scale == NpsScale.Satisfaction)
        {
            return NpsPageText.Get(score >= 1 ? "NpsPage_CrmSatisfied" : "NpsPage_CrmUnsatisfied", language);
        }

        var group = NpsPageText.Group(NpsMath.Group(score), language);
        return before is { } was
            ? NpsPageText.Get("NpsPage_CrmRescored", language, score, group, was)
            : NpsPageText.Get("NpsPage_CrmScored", language, score, group);
    }
}
