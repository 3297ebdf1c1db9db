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
}
