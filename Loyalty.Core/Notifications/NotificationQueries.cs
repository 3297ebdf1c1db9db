using Loyalty.Core.Data;
using Loyalty.Core.Portal;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Notifications;

/// <summary>The Notifications page's filters; every one optional. <see cref="From"/> and <see cref="To"/> are portal-zone days.</summary>
public sealed record NotificationFilter(
    NotificationChannel? Channel = null, NotificationStatus? Status = null, DateOnly? From = null, DateOnly? To = null, string? Recipient = null, NotificationKind? Kind = null);

/// <summary>One notice in the list: its subject and the start of its text (<see cref="NotificationQueries.TextStartLength"/> characters), not its texts in full.</summary>
public sealed record NotificationRow(
    long Id, NotificationChannel Channel, NotificationKind Kind, NotificationStatus Status, string Recipient, string? RecipientName, string? Subject,
    DateTime CreatedAt, DateTime DueAt, int Attempts, DateTime? SentAt, DateTime? FailedAt, string? FailureCode, string? LastError, string? ProviderMessageId,
    string TextStart = "");

/// <summary>One notice in full, texts included.</summary>
public sealed record NotificationDetail(NotificationRow Row, string DedupeKey, string? Html, string Text, string? UnsubscribeUrl, DateTime? FirstTriedAt = null);

/// <summary>How many notices are failed now, and the one that failed last (for the dashboard).</summary>
public sealed record FailedNotices(int Count, NotificationRow? Latest);

/// <summary>Today's counters, cut in the portal's zone: sent and failed today, waiting (and sending) now.</summary>
public sealed record NotificationCounters(int SentToday, int Waiting, int FailedToday, int FailedTotal);

/// <summary>
/// What the Notifications page reads and does: the outbox, filtered and paged in the database; today's counters;
/// retrying one failed notice or all of them.
/// </summary>
public sealed class NotificationQueries(IDbContextFactory<LoyaltyDbContext> dbFactory, NotificationOutbox outbox, PortalClock clock)
{
    /// <summary>How much of a notice's text the list carries.</summary>
    public const int TextStartLength = 120;

    public async Task<(IReadOnlyList<NotificationRow> Rows, int Total)> ListAsync(NotificationFilter filter, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Notifications.AsNoTracking();
        if (filter.Channel is { } channel)
        {
            query = query.Where(n => n.Channel == channel);
        }

        if (filter.Status is { } status)
        {
            query = query.Where(n => n.Status == status);
        }

        if (filter.Kind is { } kind)
        {
            query = query.Where(n => n.Kind == kind);
        }

        if (filter.From is { } from)
        {
            var start = clock.StartOfDayUtc(from);
            query = query.Where(n => n.CreatedAt >= start);
        }

        if (filter.To is { } to)
        {
            var end = clock.EndOfDayUtc(to);
            query = query.Where(n => n.CreatedAt < end);
        }

        if (!string.IsNullOrWhiteSpace(filter.Recipient))
        {
            var text = filter.Recipient.Trim();
            var phone = PhoneNumbers.Normalize(text).E164;
            var lower = text.ToLowerInvariant();
            query = query.Where(n => n.Recipient.Contains(lower) || (phone != null && n.Recipient == phone) || (n.RecipientName != null && n.RecipientName.Contains(text)));
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(n => n.Id).Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 500))
            .Select(n => new NotificationRow(n.Id, n.Channel, n.Kind, n.Status, n.Recipient, n.RecipientName, n.Subject, n.CreatedAt, n.DueAt, n.Attempts,
                n.SentAt, n.FailedAt, n.FailureCode, n.LastError, n.ProviderMessageId, n.Text.Substring(0, TextStartLength)))
            .ToListAsync(ct);
        return (rows, total);
    }

    public async Task<NotificationDetail?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Notifications.AsNoTracking().Where(n => n.Id == id)
            .Select(n => new NotificationDetail(
                new NotificationRow(n.Id, n.Channel, n.Kind, n.Status, n.Recipient, n.RecipientName, n.Subject, n.CreatedAt, n.DueAt, n.Attempts,
                    n.SentAt, n.FailedAt, n.FailureCode, n.LastError, n.ProviderMessageId, n.Text.Substring(0, TextStartLength)),
                n.DedupeKey, n.Html, n.Text, n.UnsubscribeUrl, n.FirstTriedAt))
            .FirstOrDefaultAsync(ct);
    }

    public async Task<NotificationCounters> CountersAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var today = DateOnly.FromDateTime(clock.Now);
        var start = clock.StartOfDayUtc(today);
        var sent = await db.Notifications.CountAsync(n => n.Status == NotificationStatus.Sent && n.SentAt >= start, ct);
        var waiting = await db.Notifications.CountAsync(n => n.Status == NotificationStatus.Waiting || n.Status == NotificationStatus.Sending, ct);
        var failedToday = await db.Notifications.CountAsync(n => n.Status == NotificationStatus.Failed && n.FailedAt >= start, ct);
        var failed = await db.Notifications.CountAsync(n => n.Status == NotificationStatus.Failed, ct);
        return new NotificationCounters(sent, waiting, failedToday, failed);
    }

    /// <summary>The failed notices' count and the last one to fail, by its failure time.</summary>
    public async Task<FailedNotices> FailedAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var failed = db.Notifications.AsNoTracking().Where(n => n.Status == NotificationStatus.Failed);
        var count = await failed.CountAsync(ct);
        if (count == 0)
        {
            return new FailedNotices(0, null);
        }

        var latest = await failed.OrderByDescending(n => n.FailedAt).ThenByDescending(n => n.Id)
            .Select(n => new NotificationRow(n.Id, n.Channel, n.Kind, n.Status, n.Recipient, n.RecipientName, n.Subject, n.CreatedAt, n.DueAt, n.Attempts,
                n.SentAt, n.FailedAt, n.FailureCode, n.LastError, n.ProviderMessageId, n.Text.Substring(0, TextStartLength)))
            .FirstOrDefaultAsync(ct);
        return new FailedNotices(count, latest);
    }

    /// <summary>Puts a failed (or skipped) notice back in the queue, due now, its retry window restarted; false when it is neither.</summary>
    public async Task<bool> RetryAsync(long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var changed = await Requeue(db.Notifications.Where(n => n.Id == id && (n.Status == NotificationStatus.Failed || n.Status == NotificationStatus.Skipped)), ct);
        return changed > 0;
    }

    /// <summary>Puts every failed notice (of one channel, if given) back in the queue; returns how many.</summary>
    public async Task<int> RetryAllAsync(NotificationChannel? channel = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var failed = db.Notifications.Where(n => n.Status == NotificationStatus.Failed);
        if (channel is { } c)
        {
            failed = failed.Where(n => n.Channel == c);
        }

        return await Requeue(failed, ct);
    }

    private async Task<int> Requeue(IQueryable<Notification> notices, CancellationToken ct)
    {
        var now = clock.UtcNow;
        var changed = await notices.ExecuteUpdateAsync(s => s
            .SetProperty(n => n.Status, NotificationStatus.Waiting)
            .SetProperty(n => n.DueAt, now)
            .SetProperty(n => n.Attempts, 0)
            .SetProperty(n => n.FirstTriedAt, (DateTime?)null)
            .SetProperty(n => n.FailedAt, (DateTime?)null), ct);
        if (changed > 0)
        {
            outbox.Wake();
        }

        return changed;
    }
}
