namespace Loyalty.Core.Portal;

/// <summary>The <c>Portal</c> section of appsettings.json.</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    public string Name { get; set; } = "Loyalty";

    /// <summary>The IANA time zone in which days, weeks, months and quarters are cut.</summary>
    public string TimeZone { get; set; } = "Europe/Moscow";

    /// <summary>The language a user sees before choosing one: <c>ru</c> or <c>en</c>.</summary>
    public string DefaultLanguage { get; set; } = "ru";

    public TimeZoneInfo ResolveTimeZone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}
