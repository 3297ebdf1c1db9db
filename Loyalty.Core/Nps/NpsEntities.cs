using System.Text.Json;

namespace Loyalty.Core.Nps;

/// <summary>How a survey asks: a score 0–10, or satisfied / unsatisfied (stored 1 = satisfied, 0 = unsatisfied).</summary>
public enum NpsScale
{
    ZeroToTen,
    Satisfaction,
}

/// <summary>The NPS group of an answer (UI words: критики / нейтральные / сторонники).</summary>
public enum NpsGroup
{
    Detractor,
    Passive,
    Promoter,
}

/// <summary>Where a survey is: waiting for its due time, sent, failed to render, or cancelled (the contact was surveyed lately).</summary>
public enum NpsSurveyStatus
{
    Scheduled,
    Sent,
    Failed,
    Cancelled,
}

/// <summary>Who gets the task a low score with a comment opens.</summary>
public enum NpsTaskAssignee
{
    DealManager,
    FixedEmployee,
}

/// <summary>What went wrong, for the error log.</summary>
public enum NpsErrorKind
{
    /// <summary>The deal has no contact, or its contact has no e-mail / phone for the rule's channels.</summary>
    NoContactWay,

    /// <summary>The outbox refused a notice (an invalid address, an opt-out).</summary>
    SendRejected,

    /// <summary>A channel failed to deliver (the SMS gateway, the SMTP server).</summary>
    ChannelFailed,

    /// <summary>A Bitrix24 call (the task, a write-back) failed.</summary>
    Bitrix24Failed,

    /// <summary>The template did not render.</summary>
    TemplateFailed,
}

/// <summary>
/// A survey template: the survey message and the three replies. <see cref="ContentJson"/> holds the
/// <see cref="NpsTemplateContent"/>; every save also writes an immutable <see cref="NpsTemplateRevision"/>, which surveys point at.
/// </summary>
public sealed class NpsTemplate
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public NpsScale Scale { get; set; }

    public bool IsArchived { get; set; }

    /// <summary>Set when the template was deleted while surveys use it (a soft delete); a template no survey used is removed.</summary>
    public DateTime? DeletedAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }

    /// <summary>The revision the last save wrote (the one new surveys are sent with).</summary>
    public long? CurrentRevisionId { get; set; }

    public string ContentJson { get; set; } = "{}";

    /// <summary>The content, read from and written to <see cref="ContentJson"/>.</summary>
    public NpsTemplateContent Content
    {
        get => NpsTemplateContent.FromJson(ContentJson);
        set => ContentJson = value.ToJson();
    }
}

/// <summary>A template as it was saved once: never changed, so a survey's links keep working after edits and deletes.</summary>
public sealed class NpsTemplateRevision
{
    public long Id { get; set; }

    public long TemplateId { get; set; }

    public DateTime CreatedAt { get; set; }

    public string? CreatedBy { get; set; }

    public string ContentJson { get; set; } = "{}";

    public NpsScale Scale { get; set; }

    public NpsTemplateContent Content => NpsTemplateContent.FromJson(ContentJson);
}

/// <summary>
/// A rule: a deal entering <see cref="StageId"/> of <see cref="PipelineId"/> gets the template's survey after
/// <see cref="DelayMinutes"/>. Deals that entered the stage before <see cref="EnabledSince"/> are never surveyed by it.
/// </summary>
public sealed class NpsRule
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public bool Enabled { get; set; }

    public long PipelineId { get; set; }

    public string StageId { get; set; } = "";

    public long TemplateId { get; set; }

    public int DelayMinutes { get; set; }

    public bool ByEmail { get; set; }

    public bool BySms { get; set; }

    public DateTime EnabledSince { get; set; }

    public DateTime CreatedAt { get; set; }

    public string? CreatedBy { get; set; }

    public DateTime? UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }
}

/// <summary>One survey of one deal's contact: its token, what was sent and the answer.</summary>
public sealed class NpsSurvey
{
    public long Id { get; set; }

    /// <summary>22 characters, base64url of 16 random bytes: the public page's address <c>/s/{token}</c>.</summary>
    public string Token { get; set; } = "";

    public long DealId { get; set; }

    public long? ContactId { get; set; }

    /// <summary>The deal's responsible when the survey was scheduled.</summary>
    public long? ManagerId { get; set; }

    public long PipelineId { get; set; }

    public long TemplateId { get; set; }

    public long RevisionId { get; set; }

    /// <summary>The rule that scheduled it; null for "send now".</summary>
    public long? RuleId { get; set; }

    public NpsScale Scale { get; set; }

    public NpsSurveyStatus Status { get; set; }

    /// <summary>"email", "sms" or "email,sms".</summary>
    public string Channels { get; set; } = "";

    /// <summary>Why it was cancelled or failed (a code: <c>cooldown</c>, <c>template</c>).</summary>
    public string? StatusReason { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime DueAt { get; set; }

    public DateTime? SentAt { get; set; }

    /// <summary>The person who sent it now or reminded; null for a rule's survey.</summary>
    public string? SentBy { get; set; }

    public int? Score { get; set; }

    /// <summary>The last change of the score.</summary>
    public DateTime? AnsweredAt { get; set; }

    public DateTime? FirstAnsweredAt { get; set; }

    public string? Comment { get; set; }

    public DateTime? CommentedAt { get; set; }

    public DateTime? CommentErasedAt { get; set; }

    public DateTime? RemindedAt { get; set; }

    public DateTime? TaskQueuedAt { get; set; }

    public DateTime? CallTaskQueuedAt { get; set; }

    public bool HasChannel(string channel) => Channels.Split(',').Contains(channel, StringComparer.Ordinal);
}

/// <summary>An entry of the error log.</summary>
public sealed class NpsError
{
    public long Id { get; set; }

    public DateTime At { get; set; }

    public NpsErrorKind Kind { get; set; }

    public long? SurveyId { get; set; }

    public long? DealId { get; set; }

    public string Message { get; set; } = "";
}

/// <summary>The company's logo shown in the survey e-mail and on the reply page: one row.</summary>
public sealed class NpsLogo
{
    public int Id { get; set; }

    public string ContentType { get; set; } = "";

    public byte[] Bytes { get; set; } = [];

    public DateTime UpdatedAt { get; set; }
}

/// <summary>The NPS settings (<see cref="NpsSettings"/> as JSON) and whether the default template was seeded: one row.</summary>
public sealed class NpsSettingsRow
{
    public int Id { get; set; }

    public string? Json { get; set; }

    public DateTime? UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }

    /// <summary>When the default template was seeded; set once, so a template the administrator deleted does not come back.</summary>
    public DateTime? DefaultTemplateSeededAt { get; set; }
}

/// <summary>The limits of the NPS texts and numbers.</summary>
public static class NpsLimits
{
    public const int TokenLength = 22;
    public const int Comment = 2000;
    public const int ErrorMessage = 1000;
    public const int Channels = 20;
    public const int LogoBytes = 512 * 1024;
    public const int MaxDelayMinutes = 43_200;

    /// <summary>A Liquid text of a template part (a heading, a question, a label).</summary>
    public const int Line = 300;

    /// <summary>A Liquid body text of a template part.</summary>
    public const int Text = 4000;

    /// <summary>An SMS with its link: a few segments.</summary>
    public const int Sms = 480;
}

internal static class NpsJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}
