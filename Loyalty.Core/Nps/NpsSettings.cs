using Loyalty.Core.Bonuses;

namespace Loyalty.Core.Nps;

/// <summary>The NPS program's settings (<see cref="NpsSettingsStore"/>): the company, its review links, the sender and the time limits.</summary>
public sealed record NpsSettings
{
    /// <summary>The company's name in surveys (<c>{{ company.name }}</c>); empty: the portal's company name.</summary>
    public string CompanyName { get; init; } = "";

    /// <summary>The Google review link (https, a Google host).</summary>
    public string? GoogleReviewUrl { get; init; }

    /// <summary>The Yandex review form, <c>https://yandex.ru/maps/org/{id}/?add-review=true</c>.</summary>
    public string? YandexReviewUrl { get; init; }

    /// <summary>The survey e-mail's sender name; empty: the channel's.</summary>
    public string? SenderName { get; init; }

    /// <summary>The survey e-mail's reply-to address; empty: the channel's.</summary>
    public string? SenderEmail { get; init; }

    /// <summary>Days a customer may pick or change the score after the survey was sent.</summary>
    public int ReplyWindowDays { get; init; } = 7;

    /// <summary>A contact surveyed within this many days is not surveyed again by a rule.</summary>
    public int ContactCooldownDays { get; init; } = 30;

    /// <summary>Days a comment is kept before it is erased (personal data).</summary>
    public int CommentRetentionDays { get; init; } = 365;

    /// <summary>The deadline of a detractor's task, hours after the comment.</summary>
    public int TaskDeadlineHours { get; init; } = 24;
}

/// <summary>The settings' checks, pure.</summary>
public static class NpsSettingsValidator
{
    public const int MaxReplyWindowDays = 90;
    public const int MaxCooldownDays = 365;
    public const int MinRetentionDays = 1;
    public const int MaxRetentionDays = 3650;
    public const int MaxTaskDeadlineHours = 720;

    /// <summary>
    /// The errors (resource keys of <c>NpsText</c>) and the settings as they are saved: trimmed, review links normalized.
    /// </summary>
    public static (NpsSettings Normalized, IReadOnlyList<SettingsError> Errors) Validate(NpsSettings settings)
    {
        var errors = new List<SettingsError>();
        var s = settings with
        {
            CompanyName = (settings.CompanyName ?? "").Trim(),
            SenderName = Blank(settings.SenderName),
            SenderEmail = Blank(settings.SenderEmail),
            GoogleReviewUrl = Blank(settings.GoogleReviewUrl),
            YandexReviewUrl = Blank(settings.YandexReviewUrl),
        };

        TextLimits.Check(errors, nameof(s.CompanyName), s.CompanyName, TextLimits.Name);
        TextLimits.Check(errors, nameof(s.SenderName), s.SenderName, TextLimits.Name);
        if (s.GoogleReviewUrl is { } google)
        {
            var check = NpsReviewLinks.ValidateGoogle(google);
            if (check.Url is null)
            {
                errors.Add(new(nameof(s.GoogleReviewUrl), check.ErrorKey!));
            }
            else
            {
                s = s with { GoogleReviewUrl = check.Url };
            }
        }

        if (s.YandexReviewUrl is { } yandex)
        {
            var check = NpsReviewLinks.ValidateYandex(yandex);
            if (check.Url is null)
            {
                errors.Add(new(nameof(s.YandexReviewUrl), check.ErrorKey!));
            }
            else
            {
                s = s with { YandexReviewUrl = check.Url };
            }
        }

        if (s.SenderEmail is { } email && !Notifications.NotificationAddresses.Normalize(Notifications.NotificationChannel.Email, email).IsValid)
        {
            errors.Add(new(nameof(s.SenderEmail), "NpsErr_SenderEmail"));
        }

        Range(errors, nameof(s.ReplyWindowDays), s.ReplyWindowDays, 1, MaxReplyWindowDays);
        Range(errors, nameof(s.ContactCooldownDays), s.ContactCooldownDays, 0, MaxCooldownDays);
        Range(errors, nameof(s.CommentRetentionDays), s.CommentRetentionDays, MinRetentionDays, MaxRetentionDays);
        Range(errors, nameof(s.TaskDeadlineHours), s.TaskDeadlineHours, 1, MaxTaskDeadlineHours);
        return (s, errors);
    }

    private static void Range(List<SettingsError> errors, string field, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add(new(field, "NpsErr_Range", min, max));
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
