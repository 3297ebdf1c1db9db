using Loyalty.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Loyalty.Core.Nps;

/// <summary>
/// Comments are personal data (decision 019): kept for <see cref="NpsSettings.CommentRetentionDays"/> after they were
/// written, then erased, and erasable on request — one answer's, or every answer of a contact. Erasing keeps the score
/// (the figures do not change) and records when: <c>Comment = null</c>, <c>CommentErasedAt</c> set. One UPDATE in the
/// database, whatever the number of answers.
/// </summary>
public sealed class NpsRetention(IDbContextFactory<LoyaltyDbContext> dbFactory, NpsSettingsStore settings, TimeProvider time, ILogger<NpsRetention> logger)
{
    /// <summary>Erases the comments older than the retention period; returns how many.</summary>
    public async Task<int> EraseExpiredAsync(CancellationToken ct = default)
    {
        var days = (await settings.CurrentAsync(ct)).CommentRetentionDays;
        var now = time.GetUtcNow().UtcDateTime;
        var before = now.AddDays(-Math.Max(1, days));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // A comment without its own time (written with the answer) ages from the answer.
        var erased = await db.NpsSurveys
            .Where(s => s.Comment != null && (s.CommentedAt ?? s.AnsweredAt ?? s.CreatedAt) < before)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Comment, (string?)null).SetProperty(s => s.CommentErasedAt, now), ct);
        if (erased > 0)
        {
            logger.LogInformation("NPS: {Count} comments older than {Days} days erased", erased, days);
        }

        return erased;
    }

    /// <summary>Erases one answer's comment; false when the survey does not exist or has no comment.</summary>
    public async Task<bool> EraseCommentAsync(long surveyId, string actor, CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var erased = await db.NpsSurveys.Where(s => s.Id == surveyId && s.Comment != null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Comment, (string?)null).SetProperty(s => s.CommentErasedAt, now), ct);
        if (erased > 0)
        {
            logger.LogInformation("NPS: the comment of survey {Survey} erased by {Actor}", surveyId, actor);
        }

        return erased > 0;
    }

    /// <summary>Erases every comment a contact wrote (a request to forget them); returns how many.</summary>
    public async Task<int> EraseContactCommentsAsync(long contactId, string actor, CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var erased = await db.NpsSurveys.Where(s => s.ContactId == contactId && s.Comment != null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Comment, (string?)null).SetProperty(s => s.CommentErasedAt, now), ct);
        logger.LogInformation("NPS: {Count} comments of contact {Contact} erased by {Actor}", erased, contactId, actor);
        return erased;
    }
}
