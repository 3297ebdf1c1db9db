#pragma warning disable CS9113 // the first commit: signatures only, bodies follow
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
/// picked deal and reminds once. The outbox does the actual sending (decision 019).
/// </summary>
public sealed class NpsSurveys(
    IDbContextFactory<LoyaltyDbContext> dbFactory, NpsRenderer renderer, NotificationOutbox outbox, TimeProvider time, ILogger<NpsSurveys> logger)
{
    public const string Email = "email";
    public const string Sms = "sms";

    /// <summary>For each enabled rule: the deals in its stage since it was enabled and not yet surveyed by a rule get a scheduled survey. Returns how many.</summary>
    public Task<int> ScheduleFromRulesAsync(CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>The scheduled surveys that are due: rendered and queued in the outbox. Returns how many were sent.</summary>
    public Task<int> SendDueAsync(CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>A survey for a picked deal, sent at once. Never throws for user errors: the result carries a code.</summary>
    public Task<NpsSendResult> SendNowAsync(long dealId, long templateId, bool byEmail, bool bySms, string actor, CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>Re-sends an unanswered sent survey's links, once.</summary>
    public Task<NpsRemindResult> RemindAsync(long surveyId, string actor, CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>The survey notices the outbox failed to deliver, newest first.</summary>
    public Task<IReadOnlyList<NpsFailedDelivery>> FailedDeliveriesAsync(int count = 100, CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>A new token: 16 random bytes, base64url, 22 characters.</summary>
    public static string NewToken() => System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
}
