using Loyalty.Core.Data;
using Loyalty.Core.Portal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Loyalty.Core.Notifications;

/// <summary>
/// Sends what is due in the outbox. A notice is claimed (<see cref="NotificationStatus.Sending"/>, one more attempt),
/// handed to its channel, then marked: sent with the provider's message ID; failed at once on a permanent failure;
/// due again after an exponential back-off with jitter on a transient one, until the retry window (24 hours by default,
/// counted from the first attempt) has passed, then failed. Marks are written in small batches, so a crash between a
/// send and its mark leaves the notice "sending": after <see cref="NotificationOptions.SendingLeaseMinutes"/> it is
/// due again and sent once more (at-least-once towards the channel). At send time SMS quiet hours are checked again
/// (a retry may fall in the night) and so is the opt-out list. Each channel keeps to its messages-per-minute limit.
/// </summary>
public sealed class NotificationSender(
    IDbContextFactory<LoyaltyDbContext> dbFactory, ChannelSettings settings, ISmsProvider sms, Bitrix24Notifier bitrix24, PortalClock clock,
    IOptions<NotificationOptions> options, ILogger<NotificationSender> logger)
{
    private const int BatchSize = 100;
    private const int MarkEvery = 50;

    private readonly SemaphoreSlim _running = new(1, 1);
    private readonly Dictionary<NotificationChannel, Queue<DateTime>> _sentTimes = new()
    {
        [NotificationChannel.Email] = new(), [NotificationChannel.Sms] = new(), [NotificationChannel.Bitrix24] = new(),
    };

    /// <summary>Sends every notice due now (within the channels' rate limits); returns how many were sent. One run at a time.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        await _running.WaitAsync(ct);
        try
        {
            return await SendDueCoreAsync(ct);
        }
        finally
        {
            _running.Release();
        }
    }

    /// <summary>The wait after the <paramref name="attempts"/>-th failed attempt: first × 2^(n−1), at most the cap, times a random 0.5–1.</summary>
    public static TimeSpan Backoff(int attempts, double firstSeconds, double maxSeconds, double random)
    {
        var seconds = Math.Min(maxSeconds, firstSeconds * Math.Pow(2, Math.Clamp(attempts - 1, 0, 30)));
        return TimeSpan.FromSeconds(seconds * (0.5 + 0.5 * Math.Clamp(random, 0, 1)));
    }

    private async Task<int> SendDueCoreAsync(CancellationToken ct)
    {
        var config = await settings.EffectiveAsync(ct);
        await ReclaimInterruptedAsync(ct);
        var blocked = new HashSet<NotificationChannel>();
        var sent = 0;
        SmtpSession? smtp = null;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var now = clock.UtcNow;
                var blockedList = blocked.ToList();
                List<Notification> due;
                await using (var db = await dbFactory.CreateDbContextAsync(ct))
                {
                    due = await db.Notifications.AsNoTracking()
                        .Where(n => n.Status == NotificationStatus.Waiting && n.DueAt <= now && !blockedList.Contains(n.Channel))
                        .OrderBy(n => n.DueAt).ThenBy(n => n.Id).Take(BatchSize).ToListAsync(ct);
                }

                if (due.Count == 0)
                {
                    break;
                }

                due = await HoldQuietAsync(due, config, now, ct);
                due = await SkipOptedOutAsync(due, now, ct);
                due = Limit(due, config, now, blocked);
                if (due.Count == 0)
                {
                    continue;
                }

                await ClaimAsync(due, now, ct);
                var outcomes = new List<(Notification Notice, SendOutcome Outcome)>();
                foreach (var notice in due)
                {
                    SendOutcome outcome;
                    try
                    {
                        outcome = await SendOneAsync(notice, config, () => smtp ??= SmtpMailer.Open(config.Smtp), ct);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                    {
                        // A channel's bug must not stop the others: the notice is retried like any transient failure.
                        logger.LogError(ex, "Sending notice {Id} threw", notice.Id);
                        outcome = SendOutcome.Transient(NotificationFailures.ProviderError, $"{ex.GetType().Name}: {ex.Message}");
                    }

                    if (outcome.Result == SendResult.Sent)
                    {
                        sent++;
                    }

                    _sentTimes[notice.Channel].Enqueue(clock.UtcNow);
                    outcomes.Add((notice, outcome));
                    if (outcomes.Count >= MarkEvery)
                    {
                        await MarkAsync(outcomes, config, ct);
                        outcomes.Clear();
                    }
                }

                await MarkAsync(outcomes, config, ct);
            }
        }
        finally
        {
            if (smtp is not null)
            {
                await smtp.DisposeAsync();
            }
        }

        return sent;
    }

    private async Task<SendOutcome> SendOneAsync(Notification notice, EffectiveChannelSettings config, Func<SmtpSession> smtp, CancellationToken ct) => notice.Channel switch
    {
        NotificationChannel.Email => await smtp().SendAsync(SmtpMailer.Compose(config.Smtp, notice), ct),
        NotificationChannel.Sms => await sms.SendAsync(notice.Recipient, notice.Text, ct),
        _ => await bitrix24.SendAsync(notice.Recipient, notice.Text, ct),
    };

    /// <summary>Notices left "sending" by a crash (or a stopped host) past the lease are due again.</summary>
    private async Task ReclaimInterruptedAsync(CancellationToken ct)
    {
        var now = clock.UtcNow;
        var before = now - TimeSpan.FromMinutes(Math.Max(1, options.Value.SendingLeaseMinutes));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var reclaimed = await db.Notifications.Where(n => n.Status == NotificationStatus.Sending && n.SendingSince < before)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.Status, NotificationStatus.Waiting).SetProperty(n => n.DueAt, now).SetProperty(n => n.SendingSince, (DateTime?)null), ct);
        if (reclaimed > 0)
        {
            logger.LogWarning("{Count} notice(s) were left sending by an interrupted attempt; they are sent again", reclaimed);
        }
    }

    /// <summary>SMS due inside quiet hours move to their end (sign-in codes and tests are never held).</summary>
    private async Task<List<Notification>> HoldQuietAsync(List<Notification> due, EffectiveChannelSettings config, DateTime now, CancellationToken ct)
    {
        var held = due.Where(n => QuietHours.Applies(n.Channel, n.Kind)).Select(n => (n, At: config.QuietHours.NextAllowed(now, clock.Zone))).Where(h => h.At > now).ToList();
        if (held.Count == 0)
        {
            return due;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        foreach (var group in held.GroupBy(h => h.At))
        {
            var ids = group.Select(h => h.n.Id).ToList();
            var at = group.Key;
            await db.Notifications.Where(n => ids.Contains(n.Id) && n.Status == NotificationStatus.Waiting).ExecuteUpdateAsync(s => s.SetProperty(n => n.DueAt, at), ct);
        }

        var heldIds = held.Select(h => h.n.Id).ToHashSet();
        return due.Where(n => !heldIds.Contains(n.Id)).ToList();
    }

    private async Task<List<Notification>> SkipOptedOutAsync(List<Notification> due, DateTime now, CancellationToken ct)
    {
        var addresses = due.Where(n => n.Channel != NotificationChannel.Bitrix24 && NotificationOptOuts.Applies(n.Kind)).Select(n => n.Recipient).Distinct().ToList();
        if (addresses.Count == 0)
        {
            return due;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var out_ = (await db.NotificationOptOuts.Where(o => addresses.Contains(o.Address)).Select(o => o.Address).ToListAsync(ct)).ToHashSet();
        if (out_.Count == 0)
        {
            return due;
        }

        var skipped = due.Where(n => n.Channel != NotificationChannel.Bitrix24 && NotificationOptOuts.Applies(n.Kind) && out_.Contains(n.Recipient)).Select(n => n.Id).ToList();
        await db.Notifications.Where(n => skipped.Contains(n.Id) && n.Status == NotificationStatus.Waiting).ExecuteUpdateAsync(s => s
            .SetProperty(n => n.Status, NotificationStatus.Skipped)
            .SetProperty(n => n.FailureCode, NotificationFailures.OptedOut)
            .SetProperty(n => n.FailedAt, now), ct);
        return due.Where(n => !skipped.Contains(n.Id)).ToList();
    }

    /// <summary>Keeps each channel within its messages per minute; a channel out of room is left for a later round.</summary>
    private List<Notification> Limit(List<Notification> due, EffectiveChannelSettings config, DateTime now, HashSet<NotificationChannel> blocked)
    {
        var room = new Dictionary<NotificationChannel, int>();
        foreach (var (channel, times) in _sentTimes)
        {
            while (times.TryPeek(out var at) && (at <= now - TimeSpan.FromMinutes(1) || at > now + TimeSpan.FromMinutes(1)))
            {
                times.Dequeue();
            }

            var limit = config.PerMinute(channel);
            room[channel] = limit <= 0 ? int.MaxValue : Math.Max(0, limit - times.Count);
        }

        var kept = new List<Notification>();
        foreach (var notice in due)
        {
            if (room[notice.Channel] > 0)
            {
                room[notice.Channel]--;
                kept.Add(notice);
            }
            else
            {
                blocked.Add(notice.Channel);
            }
        }

        return kept;
    }

    private async Task ClaimAsync(List<Notification> due, DateTime now, CancellationToken ct)
    {
        var ids = due.Select(n => n.Id).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Notifications.Where(n => ids.Contains(n.Id) && n.Status == NotificationStatus.Waiting).ExecuteUpdateAsync(s => s
            .SetProperty(n => n.Status, NotificationStatus.Sending)
            .SetProperty(n => n.SendingSince, now)
            .SetProperty(n => n.Attempts, n => n.Attempts + 1)
            .SetProperty(n => n.FirstTriedAt, n => n.FirstTriedAt ?? now), ct);
        foreach (var notice in due)
        {
            notice.Attempts++;
            notice.FirstTriedAt ??= now;
        }
    }

    private async Task MarkAsync(List<(Notification Notice, SendOutcome Outcome)> outcomes, EffectiveChannelSettings config, CancellationToken ct)
    {
        if (outcomes.Count == 0)
        {
            return;
        }

        var now = clock.UtcNow;
        var ids = outcomes.Select(o => o.Notice.Id).ToList();
        // Marks are written even when the host is stopping: a message that went out must not be sent again.
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var rows = await db.Notifications.Where(n => ids.Contains(n.Id)).ToDictionaryAsync(n => n.Id, CancellationToken.None);
        foreach (var (notice, outcome) in outcomes)
        {
            if (!rows.TryGetValue(notice.Id, out var row) || row.Status != NotificationStatus.Sending)
            {
                continue;
            }

            row.SendingSince = null;
            switch (outcome.Result)
            {
                case SendResult.Sent:
                    row.Status = NotificationStatus.Sent;
                    row.SentAt = now;
                    row.ProviderMessageId = ChannelChecks.Cut(outcome.ProviderMessageId, 200);
                    row.FailureCode = null;
                    row.LastError = null;
                    break;
                case SendResult.Permanent:
                    Fail(row, outcome.FailureCode, outcome.Detail, now);
                    logger.LogWarning("Notice {Id} to {Channel} failed for good: {Code} {Detail}", row.Id, row.Channel, outcome.FailureCode, outcome.Detail);
                    break;
                default:
                    if (now - (row.FirstTriedAt ?? now) >= config.RetryFor)
                    {
                        Fail(row, NotificationFailures.GaveUp, $"{outcome.FailureCode}: {outcome.Detail}", now);
                        logger.LogWarning("Notice {Id} to {Channel} failed after {Attempts} attempts over {Window}: {Detail}", row.Id, row.Channel, row.Attempts, config.RetryFor, outcome.Detail);
                    }
                    else
                    {
                        row.Status = NotificationStatus.Waiting;
                        row.DueAt = now + Backoff(row.Attempts, options.Value.RetryFirstSeconds, options.Value.RetryMaxSeconds, Random.Shared.NextDouble());
                        row.FailureCode = outcome.FailureCode;
                        row.LastError = ChannelChecks.Cut(outcome.Detail, NotificationLimits.Error);
                    }

                    break;
            }
        }

        await db.SaveChangesAsync(CancellationToken.None);
    }

    private static void Fail(Notification row, string? code, string? detail, DateTime now)
    {
        row.Status = NotificationStatus.Failed;
        row.FailedAt = now;
        row.FailureCode = code;
        row.LastError = ChannelChecks.Cut(detail, NotificationLimits.Error);
    }
}
