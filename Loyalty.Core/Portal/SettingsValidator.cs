using Loyalty.Core.Bitrix24;
using Loyalty.Core.Data;
using Microsoft.Extensions.Configuration;

namespace Loyalty.Core.Portal;

/// <summary>
/// Checks appsettings.json (and its overrides) before anything is built, so that a wrong setting
/// stops start-up with one sentence naming the key and what it expects, instead of a stack trace
/// from deep inside a provider.
/// </summary>
public static class SettingsValidator
{
    public static readonly IReadOnlyList<string> Languages = ["ru", "en"];

    public static IReadOnlyList<string> Validate(IConfiguration configuration)
    {
        var errors = new List<string>();

        // PostgreSQL is a known value, so it gets its own message; the list of choices names only what works today.
        var provider = Enum<DatabaseProvider>(configuration, "Database:Provider", errors, [DatabaseProvider.Sqlite]);
        if (provider == DatabaseProvider.PostgreSQL)
        {
            errors.Add("Database:Provider = \"PostgreSQL\" is not available in this version yet: use \"Sqlite\".");
        }

        var path = configuration["Database:Path"];
        if (path is not null && (path.Trim().Length == 0 || path.IndexOfAny(Path.GetInvalidPathChars()) >= 0))
        {
            errors.Add($"Database:Path = \"{path}\" is not a file path: expected e.g. \"data/loyalty.db\".");
        }

        var mode = Enum<Bitrix24Mode>(configuration, "Bitrix24:Mode", errors);
        if (mode == Bitrix24Mode.Webhook)
        {
            var url = configuration["Bitrix24:WebhookUrl"];
            if (string.IsNullOrWhiteSpace(url))
            {
                errors.Add("Bitrix24:WebhookUrl is required when Bitrix24:Mode is \"Webhook\": expected the portal's incoming webhook, e.g. \"https://example.bitrix24.ru/rest/1/abc123/\".");
            }
            else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || !uri.AbsolutePath.Contains("/rest/", StringComparison.Ordinal))
            {
                errors.Add($"Bitrix24:WebhookUrl = \"{url}\" is not an incoming webhook URL: expected e.g. \"https://example.bitrix24.ru/rest/1/abc123/\".");
            }
        }

        var zone = configuration["Portal:TimeZone"];
        if (zone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            errors.Add($"Portal:TimeZone = \"{zone}\" is not a known time zone: expected an IANA name such as \"Europe/Moscow\".");
        }

        var language = configuration["Portal:DefaultLanguage"];
        if (language is not null && !Languages.Contains(language))
        {
            errors.Add($"Portal:DefaultLanguage = \"{language}\" is not supported: expected \"ru\" or \"en\".");
        }

        Int(configuration, "Sync:IntervalMinutes", 1, 1440, errors);
        Int(configuration, "Sync:OverlapMinutes", 0, 1440, errors);
        Int(configuration, "Sync:FlushSize", 10, 10000, errors);
        Int(configuration, "Bitrix24:BucketSize", 1, 10000, errors);
        Int(configuration, "Bitrix24:MaxRetries", 0, 100, errors);
        Int(configuration, "Bitrix24:TimeoutSeconds", 1, 600, errors);
        Int(configuration, "Identity:MaxFailedSignIns", 1, 100, errors);
        Int(configuration, "Identity:LockoutMinutes", 1, 1440, errors);
        Int(configuration, "Identity:SignInPostsPerMinute", 1, 10000, errors);

        return errors;
    }

    private static TEnum? Enum<TEnum>(IConfiguration configuration, string key, List<string> errors, TEnum[]? available = null)
        where TEnum : struct, Enum
    {
        var value = configuration[key];
        if (value is null)
        {
            return null;
        }

        if (System.Enum.GetNames<TEnum>().FirstOrDefault(n => n.Equals(value, StringComparison.OrdinalIgnoreCase)) is { } name)
        {
            return System.Enum.Parse<TEnum>(name);
        }

        var expected = string.Join(" or ", (available ?? System.Enum.GetValues<TEnum>()).Select(n => $"\"{n}\""));
        errors.Add($"{key} = \"{value}\" is not valid: expected {expected}.");
        return null;
    }

    private static void Int(IConfiguration configuration, string key, int min, int max, List<string> errors)
    {
        var value = configuration[key];
        if (value is not null && (!int.TryParse(value, out var number) || number < min || number > max))
        {
            errors.Add($"{key} = \"{value}\" is not valid: expected a whole number from {min} to {max}.");
        }
    }
}
