using Loyalty.Core.Nps;

namespace Loyalty.Web.Components.Pages.Nps;

/// <summary>The NPS settings page's form, as typed.</summary>
public sealed class NpsSettingsForm
{
    public string CompanyName { get; set; } = "";

    public string GoogleReviewUrl { get; set; } = "";

    public string YandexReviewUrl { get; set; } = "";

    public string SenderName { get; set; } = "";

    public string SenderEmail { get; set; } = "";

    public int ReplyWindowDays { get; set; }

    public int ContactCooldownDays { get; set; }

    public int CommentRetentionDays { get; set; }

    public int TaskDeadlineHours { get; set; }

    public static NpsSettingsForm From(NpsSettings settings) => new()
    {
        CompanyName = settings.CompanyName,
        GoogleReviewUrl = settings.GoogleReviewUrl ?? "",
        YandexReviewUrl = settings.YandexReviewUrl ?? "",
        SenderName = settings.SenderName ?? "",
        SenderEmail = settings.SenderEmail ?? "",
        ReplyWindowDays = settings.ReplyWindowDays,
        ContactCooldownDays = settings.ContactCooldownDays,
        CommentRetentionDays = settings.CommentRetentionDays,
        TaskDeadlineHours = settings.TaskDeadlineHours,
    };

    public NpsSettings ToSettings() => new()
    {
        CompanyName = CompanyName,
        GoogleReviewUrl = GoogleReviewUrl,
        YandexReviewUrl = YandexReviewUrl,
        SenderName = SenderName,
        SenderEmail = SenderEmail,
        ReplyWindowDays = ReplyWindowDays,
        ContactCooldownDays = ContactCooldownDays,
        CommentRetentionDays = CommentRetentionDays,
        TaskDeadlineHours = TaskDeadlineHours,
    };
}
