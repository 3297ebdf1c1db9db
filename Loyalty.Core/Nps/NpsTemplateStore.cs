using System.Globalization;
using System.Text.RegularExpressions;
using Loyalty.Core.Bonuses;
using Loyalty.Core.Data;
using Loyalty.Core.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Nps;

/// <summary>A template save: the template as saved, or the errors (nothing saved then).</summary>
public sealed record NpsTemplateResult(NpsTemplate? Template, IReadOnlyList<SettingsError> Errors)
{
    public bool Succeeded => Template is not null && Errors.Count == 0;
}

/// <summary>What a delete did.</summary>
public enum NpsDeleteOutcome
{
    /// <summary>No survey used it: the template and its revisions are gone.</summary>
    Removed,

    /// <summary>Surveys use it: hidden (<see cref="NpsTemplate.DeletedAt"/>), their links keep working.</summary>
    Hidden,

    NotFound,

    /// <summary>A rule sends it; the rule must be changed or deleted first.</summary>
    UsedByRule,
}

/// <summary>
/// The survey templates: any number, archived, restored, deleted (hard when unused, soft when surveys use it). Every
/// save writes a new <see cref="NpsTemplateRevision"/>. The default Russian template is seeded once on a fresh start.
/// </summary>
public sealed partial class NpsTemplateStore(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider time)
{
    private static readonly NoticeTemplates Liquid = new();

    private readonly SemaphoreSlim _seedLock = new(1, 1);
    private volatile bool _seedChecked;

    /// <summary>The templates not deleted, archived ones too when <paramref name="includeArchived"/>, by name.</summary>
    public async Task<IReadOnlyList<NpsTemplate>> ListAsync(bool includeArchived = true, CancellationToken ct = default)
    {
        await EnsureDefaultAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.NpsTemplates.AsNoTracking().Where(t => t.DeletedAt == null);
        if (!includeArchived)
        {
            query = query.Where(t => !t.IsArchived);
        }

        var list = await query.ToListAsync(ct);
        return list.OrderBy(t => t.IsArchived).ThenBy(t => t.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(t => t.Id).ToList();
    }

    /// <summary>A template (a deleted one too: its <see cref="NpsTemplate.DeletedAt"/> says so); null when there is none.</summary>
    public async Task<NpsTemplate?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.NpsTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
    }

    public async Task<NpsTemplateRevision?> RevisionAsync(long revisionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.NpsTemplateRevisions.AsNoTracking().FirstOrDefaultAsync(r => r.Id == revisionId, ct);
    }

    /// <summary>The revisions of a template, newest first.</summary>
    public async Task<IReadOnlyList<NpsTemplateRevision>> RevisionsAsync(long templateId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.NpsTemplateRevisions.AsNoTracking().Where(r => r.TemplateId == templateId).OrderByDescending(r => r.Id).ToListAsync(ct);
    }

    /// <summary>The rules that send a template (by name, for the page's explanation).</summary>
    public async Task<IReadOnlyList<NpsRule>> RulesUsingAsync(long templateId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.NpsRules.AsNoTracking().Where(r => r.TemplateId == templateId).OrderBy(r => r.Id).ToListAsync(ct);
    }

    /// <summary>A new template with the default texts (or <paramref name="content"/>), and its first revision.</summary>
    public async Task<NpsTemplateResult> CreateAsync(string name, NpsScale scale, string actor, NpsTemplateContent? content = null, CancellationToken ct = default)
    {
        var (normalized, errors) = Check(name, scale, content ?? NpsDefaults.Template);
        if (errors.Count > 0)
        {
            return new(null, errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await EmployeeErrorAsync(db, normalized, ct) is { } employee)
        {
            return new(null, [employee]);
        }

        var template = await AddAsync(db, name.Trim(), scale, normalized, actor, ct);
        return new(template, []);
    }

    /// <summary>Validates and saves the template (a new revision); refuses a deleted one.</summary>
    public async Task<NpsTemplateResult> SaveAsync(long id, string name, NpsScale scale, NpsTemplateContent content, string actor, CancellationToken ct = default)
    {
        var (normalized, errors) = Check(name, scale, content);
        if (errors.Count > 0)
        {
            return new(null, errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var template = await db.NpsTemplates.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (template is null || template.DeletedAt is not null)
        {
            return new(null, [new SettingsError("Template", "NpsErr_TemplateGone")]);
        }

        if (await EmployeeErrorAsync(db, normalized, ct) is { } employee)
        {
            return new(null, [employee]);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = Now;
        var revision = new NpsTemplateRevision { TemplateId = id, CreatedAt = now, CreatedBy = actor, Scale = scale, ContentJson = normalized.ToJson() };
        db.NpsTemplateRevisions.Add(revision);
        await db.SaveChangesAsync(ct);
        template.Name = name.Trim();
        template.Scale = scale;
        template.ContentJson = revision.ContentJson;
        template.UpdatedAt = now;
        template.UpdatedBy = actor;
        template.CurrentRevisionId = revision.Id;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new(template, []);
    }

    /// <summary>Hides the template from the pickers. False when it does not exist, is deleted, or an enabled rule sends it.</summary>
    public async Task<bool> ArchiveAsync(long id, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.NpsRules.AnyAsync(r => r.TemplateId == id && r.Enabled, ct))
        {
            return false;
        }

        return await SetArchivedAsync(db, id, true, actor, ct);
    }

    public async Task<bool> RestoreAsync(long id, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await SetArchivedAsync(db, id, false, actor, ct);
    }

    /// <summary>
    /// Removes a template no survey used (with its revisions); hides one that surveys use, so their links keep working.
    /// Refused while a rule sends it.
    /// </summary>
    public async Task<NpsDeleteOutcome> DeleteAsync(long id, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var template = await db.NpsTemplates.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (template is null || template.DeletedAt is not null)
        {
            return NpsDeleteOutcome.NotFound;
        }

        if (await db.NpsRules.AnyAsync(r => r.TemplateId == id, ct))
        {
            return NpsDeleteOutcome.UsedByRule;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await db.NpsSurveys.AnyAsync(s => s.TemplateId == id, ct))
        {
            template.DeletedAt = Now;
            template.UpdatedAt = template.DeletedAt.Value;
            template.UpdatedBy = actor;
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return NpsDeleteOutcome.Hidden;
        }

        await db.NpsTemplateRevisions.Where(r => r.TemplateId == id).ExecuteDeleteAsync(ct);
        db.NpsTemplates.Remove(template);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return NpsDeleteOutcome.Removed;
    }

    /// <summary>
    /// Seeds <see cref="NpsDefaults.Template"/> once: on a fresh start with no template; never again after that (the
    /// settings row remembers it). True when it seeded now.
    /// </summary>
    public async Task<bool> EnsureDefaultAsync(CancellationToken ct = default)
    {
        if (_seedChecked)
        {
            return false;
        }

        await _seedLock.WaitAsync(ct);
        try
        {
            if (_seedChecked)
            {
                return false;
            }

            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var row = await NpsSettingsStore.RowAsync(db, ct);
            var seeded = false;
            if (row.DefaultTemplateSeededAt is null)
            {
                if (!await db.NpsTemplates.AnyAsync(ct))
                {
                    await AddAsync(db, NpsDefaults.TemplateName, NpsScale.ZeroToTen, NpsDefaults.Template, null, ct);
                    seeded = true;
                }

                row.DefaultTemplateSeededAt = Now;
                await db.SaveChangesAsync(ct);
            }

            await transaction.CommitAsync(ct);
            _seedChecked = true;
            return seeded;
        }
        finally
        {
            _seedLock.Release();
        }
    }

    /// <summary>The errors of a template's texts: Liquid (part and line), colours, lengths, what must not be empty.</summary>
    public static IReadOnlyList<SettingsError> Validate(string name, NpsScale scale, NpsTemplateContent content) => Check(name, scale, content).Errors;

    /// <summary>The content as it is saved (review links normalized) and its errors.</summary>
    public static (NpsTemplateContent Normalized, IReadOnlyList<SettingsError> Errors) Check(string name, NpsScale scale, NpsTemplateContent content)
    {
        var errors = new List<SettingsError>();
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(new("Name", "NpsErr_Required"));
        }

        TextLimits.Check(errors, "Name", name, TextLimits.Name);
        if (!Enum.IsDefined(scale))
        {
            errors.Add(new("Scale", "NpsErr_Scale"));
        }

        var survey = content.Survey ?? new();
        var positive = content.Positive ?? new();
        var neutral = content.Neutral ?? new();
        var negative = content.Negative ?? new();

        Text(errors, "Survey.EmailSubject", survey.EmailSubject, NpsLimits.Line, required: true);
        Text(errors, "Survey.Heading", survey.Heading, NpsLimits.Line);
        Text(errors, "Survey.Text", survey.Text, NpsLimits.Text);
        Text(errors, "Survey.Question", survey.Question, NpsLimits.Line, required: true);
        Text(errors, "Survey.LowLabel", survey.LowLabel, NpsLimits.Line);
        Text(errors, "Survey.HighLabel", survey.HighLabel, NpsLimits.Line);
        Text(errors, "Survey.SatisfiedLabel", survey.SatisfiedLabel, NpsLimits.Line, required: scale == NpsScale.Satisfaction);
        Text(errors, "Survey.UnsatisfiedLabel", survey.UnsatisfiedLabel, NpsLimits.Line, required: scale == NpsScale.Satisfaction);
        Text(errors, "Survey.SmsText", survey.SmsText, NpsLimits.Sms, required: true);
        Colour(errors, "Survey.BackgroundColor", survey.BackgroundColor);
        Colour(errors, "Survey.ButtonColor", survey.ButtonColor);
        Colour(errors, "Survey.TextColor", survey.TextColor);

        Text(errors, "Positive.Heading", positive.Heading, NpsLimits.Line, required: true);
        Text(errors, "Positive.Text", positive.Text, NpsLimits.Text);
        Text(errors, "Positive.ReviewButtonText", positive.ReviewButtonText, NpsLimits.Line, required: positive.ShowGoogle || positive.ShowYandex);
        var google = Link(errors, "Positive.GoogleUrl", positive.GoogleUrl, NpsReviewLinks.ValidateGoogle);
        var yandex = Link(errors, "Positive.YandexUrl", positive.YandexUrl, NpsReviewLinks.ValidateYandex);

        // The two-point scale has no middle score, and the editor hides its reply.
        Text(errors, "Neutral.Heading", neutral.Heading, NpsLimits.Line, required: scale == NpsScale.ZeroToTen);
        Text(errors, "Neutral.Text", neutral.Text, NpsLimits.Text);

        Text(errors, "Negative.Heading", negative.Heading, NpsLimits.Line, required: true);
        Text(errors, "Negative.Text", negative.Text, NpsLimits.Text);
        Text(errors, "Negative.CommentPrompt", negative.CommentPrompt, NpsLimits.Line);
        Text(errors, "Negative.ButtonText", negative.ButtonText, NpsLimits.Line, required: negative.ShowCommentForm);
        Text(errors, "Negative.ThanksText", negative.ThanksText, NpsLimits.Text, required: negative.ShowCommentForm);
        Text(errors, "Negative.TaskTitle", negative.TaskTitle, NpsLimits.Line, required: negative.ShowCommentForm);
        if (!Enum.IsDefined(negative.TaskAssignee))
        {
            errors.Add(new("Negative.TaskAssignee", "NpsErr_TaskAssignee"));
        }
        else if (negative.TaskAssignee == NpsTaskAssignee.FixedEmployee && negative.TaskEmployeeId is null or <= 0)
        {
            errors.Add(new("Negative.TaskEmployeeId", "NpsErr_TaskEmployee"));
        }

        var normalized = new NpsTemplateContent
        {
            Survey = survey with
            {
                BackgroundColor = Lower(survey.BackgroundColor),
                ButtonColor = Lower(survey.ButtonColor),
                TextColor = Lower(survey.TextColor),
            },
            Positive = positive with { GoogleUrl = google, YandexUrl = yandex },
            Neutral = neutral,
            Negative = negative with { TaskEmployeeId = negative.TaskAssignee == NpsTaskAssignee.FixedEmployee ? negative.TaskEmployeeId : null },
        };
        return (normalized, errors);
    }

    private static void Text(List<SettingsError> errors, string field, string? value, int limit, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add(new(field, "NpsErr_Required"));
            }

            return;
        }

        if (TextLimits.Check(errors, field, value, limit))
        {
            return;
        }

        foreach (var error in Liquid.Validate(new NoticeTemplate(null, null, value)))
        {
            errors.Add(new(field, "NpsErr_Template", error.Line?.ToString(CultureInfo.InvariantCulture) ?? "?", error.Message));
        }
    }

    private static void Colour(List<SettingsError> errors, string field, string? value)
    {
        if (value is null || !HexColour().IsMatch(value))
        {
            errors.Add(new(field, "NpsErr_Colour"));
        }
    }

    private static string? Link(List<SettingsError> errors, string field, string? value, Func<string?, NpsLinkCheck> check)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var result = check(value);
        if (!result.IsValid)
        {
            errors.Add(new(field, result.ErrorKey!));
        }

        return result.Url;
    }

    private static string Lower(string? colour) => (colour ?? "").ToLowerInvariant();

    private static async Task<SettingsError?> EmployeeErrorAsync(LoyaltyDbContext db, NpsTemplateContent content, CancellationToken ct)
    {
        if (content.Negative.TaskAssignee != NpsTaskAssignee.FixedEmployee || content.Negative.TaskEmployeeId is not { } id)
        {
            return null;
        }

        var exists = await db.Employees.AnyAsync(e => e.Id == id && e.DeletedAt == null && e.Active, ct);
        return exists ? null : new SettingsError("Negative.TaskEmployeeId", "NpsErr_TaskEmployee");
    }

    private async Task<NpsTemplate> AddAsync(LoyaltyDbContext db, string name, NpsScale scale, NpsTemplateContent content, string? actor, CancellationToken ct)
    {
        var now = Now;
        var json = content.ToJson();
        var ownTransaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            var template = new NpsTemplate { Name = name, Scale = scale, CreatedAt = now, UpdatedAt = now, UpdatedBy = actor, ContentJson = json };
            db.NpsTemplates.Add(template);
            await db.SaveChangesAsync(ct);
            var revision = new NpsTemplateRevision { TemplateId = template.Id, CreatedAt = now, CreatedBy = actor, Scale = scale, ContentJson = json };
            db.NpsTemplateRevisions.Add(revision);
            await db.SaveChangesAsync(ct);
            template.CurrentRevisionId = revision.Id;
            await db.SaveChangesAsync(ct);
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(ct);
            }

            return template;
        }
        finally
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }

    private async Task<bool> SetArchivedAsync(LoyaltyDbContext db, long id, bool archived, string actor, CancellationToken ct)
    {
        var template = await db.NpsTemplates.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (template is null || template.DeletedAt is not null)
        {
            return false;
        }

        template.IsArchived = archived;
        template.UpdatedAt = Now;
        template.UpdatedBy = actor;
        await db.SaveChangesAsync(ct);
        return true;
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex HexColour();
}
