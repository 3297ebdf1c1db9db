namespace Loyalty.Core.Bitrix24;

public enum Bitrix24Mode
{
    /// <summary>The emulated portal mounted inside the web app: the embedded default.</summary>
    Sandbox,

    /// <summary>A real Bitrix24 portal reached through an incoming webhook.</summary>
    Webhook,
}

/// <summary>The <c>Bitrix24</c> section of appsettings.json.</summary>
public sealed class Bitrix24Options
{
    public const string Section = "Bitrix24";

    public Bitrix24Mode Mode { get; set; } = Bitrix24Mode.Sandbox;

    /// <summary>The incoming webhook, e.g. <c>https://example.bitrix24.ru/rest/1/abc123/</c>. Required in Webhook mode.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The outgoing webhook's application token: events whose <c>auth[application_token]</c> differs are refused.</summary>
    public string? ApplicationToken { get; set; }

    /// <summary>The portal's leaky bucket: drain rate (2 on ordinary plans, 5 on Enterprise) and size (50 or 250).</summary>
    public double RequestsPerSecond { get; set; } = 2;

    public int BucketSize { get; set; } = 50;

    /// <summary>How many times a call is retried on QUERY_LIMIT_EXCEEDED, 5xx and time-outs before it fails.</summary>
    public int MaxRetries { get; set; } = 8;

    /// <summary>Per-request time-out; the cloud portal's own hard limit is 60 s.</summary>
    public int TimeoutSeconds { get; set; } = 65;
}
