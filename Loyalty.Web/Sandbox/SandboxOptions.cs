namespace Loyalty.Web.Sandbox;

/// <summary>The <c>Sandbox</c> section of appsettings.json: the emulated Bitrix24 portal used when <c>Bitrix24:Mode = Sandbox</c>.</summary>
internal sealed class SandboxOptions
{
    public const string Section = "Sandbox";

    /// <summary>The webhook secret: the second path segment of <c>/sandbox/rest/{userId}/{secret}/{method}</c>.</summary>
    public string Secret { get; set; } = "sandbox";

    /// <summary>
    /// The user the webhook belongs to: the first path segment of its URL. A webhook is bound to the user who created
    /// it, so the secret with any other user id is refused with INVALID_CREDENTIALS (§1.1).
    /// </summary>
    public long WebhookUserId { get; set; } = 1;

    /// <summary>Whether the webhook's user is a (CRM) administrator: only one may add, change or delete user fields (§5.13).</summary>
    public bool WebhookUserIsAdmin { get; set; } = true;

    /// <summary>
    /// The scopes ticked for the webhook (<c>Sandbox:Scopes:0 = crm</c>, …); unset means every scope the sandbox serves.
    /// A method of a scope not listed answers <c>insufficient_scope</c> (§1.1).
    /// </summary>
    public string[]? Scopes { get; set; }

    /// <summary>
    /// The longest whole user field name, <c>UF_CRM_</c> included. PROTOCOL §5.13 says 20 (the limit of older portals,
    /// and the one an app must fit to work everywhere); today's cloud documentation says 50.
    /// </summary>
    public int UserFieldNameMaxLength { get; set; } = 20;

    /// <summary>Seed of the demo company; the same seed and anchor always give the same data.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>The sandbox's own SQLite file; a relative path is resolved against the folder of the app database.</summary>
    public string Path { get; set; } = "sandbox.db";

    /// <summary>The emulated portal's server time zone: every date it returns carries this zone's offset.</summary>
    public string TimeZone { get; set; } = "Europe/Moscow";

    /// <summary>The "now" of the generated history; unset means the moment the sandbox is first created (then stored).</summary>
    public DateTimeOffset? AnchorUtc { get; set; }

    public SandboxRateLimitOptions RateLimit { get; set; } = new();

    public SandboxFaultOptions Faults { get; set; } = new();

    public SandboxCompanyOptions Company { get; set; } = new();

    public SandboxLiveOptions Live { get; set; } = new();

    public SandboxEventOptions Events { get; set; } = new();
}

internal sealed class SandboxRateLimitOptions
{
    /// <summary>Drain rate of the leaky bucket; 0 switches the limit off.</summary>
    public double RequestsPerSecond { get; set; } = 2;

    public int BucketSize { get; set; } = 50;
}

/// <summary>Probabilities (0–1) that a REST call fails on purpose, for testing a client's resilience.</summary>
internal sealed class SandboxFaultOptions
{
    public int Seed { get; set; }

    public double QueryLimitExceededRate { get; set; }

    public double ServerErrorRate { get; set; }

    public double SlowResponseRate { get; set; }

    public int SlowResponseMs { get; set; } = 3000;

    public double ExpiredTokenRate { get; set; }
}

internal sealed class SandboxCompanyOptions
{
    public int Managers { get; set; } = 30;

    public int Departments { get; set; } = 5;

    public int Contacts { get; set; } = 2500;

    public int Leads { get; set; } = 8000;

    public int Deals { get; set; } = 6000;

    public int Activities { get; set; } = 20000;

    public int Tasks { get; set; } = 4000;

    public int HistoryDays { get; set; } = 365;
}

internal sealed class SandboxLiveOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Seconds between two bursts of activity; fractions are allowed (tests use them).</summary>
    public double IntervalSeconds { get; set; } = 5;

    /// <summary>The promoter program's part of live mode (<c>Sandbox:Live:Promoters</c>).</summary>
    public SandboxLivePromoterOptions Promoters { get; set; } = new();

    /// <summary>The survey customers' part of live mode (<c>Sandbox:Live:Nps</c>).</summary>
    public SandboxLiveNpsOptions Nps { get; set; } = new();
}

/// <summary>
/// How live mode's customers answer the portal's NPS surveys (<see cref="Changes.LiveNps"/>): a share of them, some
/// minutes after sending, with a realistic mix of scores and Russian comments for most low ones.
/// </summary>
internal sealed class SandboxLiveNpsOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>The share of sent surveys that are answered.</summary>
    public double AnswerShare { get; set; } = 0.6;

    /// <summary>The earliest answer, in minutes after sending (tests set 0).</summary>
    public double MinDelayMinutes { get; set; } = 2;

    /// <summary>The latest answer, in minutes after sending (tests set 0).</summary>
    public double MaxDelayMinutes { get; set; } = 20;

    /// <summary>The share of low scores (0–6, unsatisfied) that come with a comment.</summary>
    public double DetractorCommentShare { get; set; } = 0.8;

    /// <summary>A request header naming each customer's (simulated) client address, as for the referral visitors; unset: none.</summary>
    public string? ClientAddressHeader { get; set; }
}

/// <summary>
/// How live mode acts out the promoter program: rates per hour (a beat does the expected share, the fraction by
/// chance), all "a few per hour" by default so the registry fills up over a working day.
/// </summary>
internal sealed class SandboxLivePromoterOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>How many demo contacts become promoters (their <c>UF_CRM_LOY_PROMOTER</c> ticked), one at a time.</summary>
    public int Promoters { get; set; } = 3;

    /// <summary>Contacts made promoters per hour, until <see cref="Promoters"/> is reached.</summary>
    public double PromotersPerHour { get; set; } = 2;

    /// <summary>Visitors per hour who open a promoter's link and send the referral form.</summary>
    public double VisitsPerHour { get; set; } = 4;

    /// <summary>Referred leads converted per hour (contact + deal).</summary>
    public double ConversionsPerHour { get; set; } = 3;

    /// <summary>Referred deals won per hour.</summary>
    public double WinsPerHour { get; set; } = 2;

    /// <summary>
    /// A request header that names each visitor's (simulated, distinct) client address, for a portal that reads one
    /// (behind a proxy, or a test's hook), so the per-address limits see many visitors; unset: none is sent.
    /// </summary>
    public string? ClientAddressHeader { get; set; }
}

internal sealed class SandboxEventOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Where events are posted: an absolute URL, or a path on the app's own first listening address (unset: <c>/api/bitrix24/events</c>).</summary>
    public string? Url { get; set; }
}
