using System.Globalization;
using System.Net;
using System.Resources;
using System.Runtime.CompilerServices;
using Loyalty.Core.Data;
using Loyalty.Core.Portal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Loyalty.Core.Notifications;

/// <summary>
/// A notice to queue: to whom, through which channel, its rendered texts (<see cref="NoticeTemplates"/>) and the
/// occasion's key. <see cref="DueAt"/> defaults to now.
/// </summary>
public sealed record NoticeRequest(NotificationChannel Channel, NotificationKind Kind, string Recipient, RenderedNotice Content, string DedupeKey)
{
    public string? RecipientName { get; init; }

    public DateTime? DueAt { get; init; }
}

public enum EnqueueOutcome
{
    /// <summary>Added to the caller's unit of work; sent once it is saved (once, even if another transaction queues the same key).</summary>
    Queued,

    /// <summary>A notice with this key exists already; nothing was added.</summary>
    Duplicate,

    /// <summary>The recipient opted out; nothing was added.</summary>
    OptedOut,

    /// <summary>The recipient is not an address of the channel; <see cref="EnqueueResult.MessageKey"/> says why.</summary>
    InvalidRecipient,

    /// <summary>The notice lacks a text the channel needs (an e-mail without a subject, an empty message) or the key.</summary>
    Incomplete,
}

/// <summary>What queueing did; <see cref="MessageKey"/> is a resource key of <see cref="NotificationText"/> when it refused.</summary>
public sealed record EnqueueResult(EnqueueOutcome Outcome, string? Recipient = null, string? MessageKey = null)
{
    public bool Accepted => Outcome is EnqueueOutcome.Queued or EnqueueOutcome.Duplicate;
}

/// <summary>
/// The notifications outbox: everything the portal sends to people (e-mail, SMS, Bitrix24 notifications) is a row
/// written by <see cref="EnqueueAsync"/> in the same transaction as the change that caused it, and sent by
/// <see cref="NotificationSender"/>. Queueing is exactly-once by key (a unique index; a conflicting insert is ignored,
/// see <see cref="NotificationInserts"/>); sending is at-least-once towards the channel (decision 016).
/// </summary>
public sealed class NotificationOutbox(ChannelSettings settings, PortalClock clock, UnsubscribeTokens tokens, IOptions<NotificationOptions> options, IOptions<PortalOptions> portal)
{
    private static readonly ResourceManager Texts = new("Loyalty.Core.Notifications.NotificationText", typeof(NotificationOutbox).Assembly);
    private static readonly ConditionalWeakTable<LoyaltyDbContext, object> Hooked = [];

    private readonly WakeSignal _signal = new();

    /// <summary>The sender waits on this; set once a context that queued a notice has saved.</summary>
    internal WakeSignal Signal => _signal;

    /// <summary>Wakes the sender: for callers that commit their own transaction after saving.</summary>
    public void Wake() => _signal.Set();

    /// <summary>
    /// Adds the notice to <paramref name="db"/>'s unit of work (the caller saves, in its transaction). The recipient is
    /// normalised (phone numbers to E.164); an invalid one, an opted-out one (except sign-in codes and tests) or a key
    /// already queued adds nothing and says so. An SMS due in quiet hours is due at their end. Never throws for bad input.
    /// </summary>
    public async Task<EnqueueResult> EnqueueAsync(LoyaltyDbContext db, NoticeRequest request, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(request.DedupeKey) || request.DedupeKey.Length > NotificationLimits.DedupeKey)
        {
            return new(EnqueueOutcome.Incomplete, null, "Notice_BadKey");
        }

        var address = NotificationAddresses.Normalize(request.Channel, request.Recipient);
        if (!address.IsValid)
        {
            return new(EnqueueOutcome.InvalidRecipient, null, address.MessageKey);
        }

        var content = request.Content;
        if (string.IsNullOrWhiteSpace(content.Text) && string.IsNullOrWhiteSpace(content.Html)
            || request.Channel == NotificationChannel.Email && string.IsNullOrWhiteSpace(content.Subject))
        {
            return new(EnqueueOutcome.Incomplete, address.Address, "Notice_Incomplete");
        }

        var recipient = address.Address!;
        if (db.Notifications.Local.Any(n => n.DedupeKey == request.DedupeKey)
            || await db.Notifications.AnyAsync(n => n.DedupeKey == request.DedupeKey, ct))
        {
            return new(EnqueueOutcome.Duplicate, recipient);
        }

        if (NotificationOptOuts.Applies(request.Kind) && await NotificationOptOuts.IsOptedOutAsync(db, recipient, ct))
        {
            return new(EnqueueOutcome.OptedOut, recipient, "Notice_OptedOut");
        }

        var now = clock.UtcNow;
        var due = request.DueAt is { } at && at > now ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : now;
        if (QuietHours.Applies(request.Channel, request.Kind))
        {
            due = (await settings.EffectiveAsync(ct)).QuietHours.NextAllowed(due, clock.Zone);
        }

        var notice = new Notification
        {
            Channel = request.Channel,
            Kind = request.Kind,
            Recipient = recipient,
            RecipientName = Truncate(request.RecipientName, TextLimits.Name * 2),
            Subject = Truncate(content.Subject, NotificationLimits.Subject),
            Html = content.Html,
            Text = content.Text,
            DedupeKey = request.DedupeKey,
            Status = NotificationStatus.Waiting,
            CreatedAt = now,
            DueAt = due,
        };
        if (request.Channel == NotificationChannel.Email)
        {
            AddUnsubscribeLink(notice);
        }

        db.Notifications.Add(notice);
        WakeAfterSave(db);
        return new(EnqueueOutcome.Queued, recipient);
    }

    /// <summary>The public unsubscribe page for <paramref name="notice"/>'s address.</summary>
    public string UnsubscribeUrl(NotificationChannel channel, string address) =>
        PublicAddress.Combine(options.Value.PublicBaseUrl, $"unsubscribe/{tokens.Issue(channel, address)}");

    private void AddUnsubscribeLink(Notification notice)
    {
        var url = UnsubscribeUrl(notice.Channel, notice.Recipient);
        notice.UnsubscribeUrl = url;
        var language = CultureInfo.GetCultureInfo(portal.Value.DefaultLanguage == "en" ? "en" : "ru");
        var text = Texts.GetString("Unsubscribe_Text", language) ?? "Unsubscribe: {0}";
        var link = Texts.GetString("Unsubscribe_Link", language) ?? "Unsubscribe";
        notice.Text = $"{notice.Text}\n\n--\n{string.Format(language, text, url)}\n";
        if (notice.Html is not null)
        {
            var footer = $"<hr><p style=\"font-size:12px;color:#666\"><a href=\"{WebUtility.HtmlEncode(url)}\">{WebUtility.HtmlEncode(link)}</a></p>";
            var body = notice.Html.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
            notice.Html = body >= 0 ? notice.Html.Insert(body, footer) : notice.Html + footer;
        }
    }

    private void WakeAfterSave(LoyaltyDbContext db)
    {
        if (Hooked.TryAdd(db, this))
        {
            db.SavedChanges += (_, _) => _signal.Set();
        }
    }

    private static string? Truncate(string? value, int limit) => value is null || value.Length <= limit ? value : value[..limit];
}
