#pragma warning disable CS9113 // the first commit: signatures only, bodies follow
using Loyalty.Core.Data;
using Loyalty.Core.Notifications;

namespace Loyalty.Core.Nps;

/// <summary>A marker the template editor lists: its Liquid text and the resource key of its description.</summary>
public sealed record NpsMarker(string Liquid, string DescriptionKey);

/// <summary>One score's link in the e-mail: <c>/s/{token}?score=N</c>.</summary>
public sealed record NpsScoreLink(int Score, string Url);

/// <summary>The links of a survey: the page and one per score (11 on 0–10; satisfied 1 and unsatisfied 0 on the two-point scale).</summary>
public sealed record NpsScoreLinks(string SurveyUrl, NpsScale Scale, IReadOnlyList<NpsScoreLink> Scores);

/// <summary>The values the markers take for one deal (strings as they are shown; HTML-encoded when rendered into HTML).</summary>
public sealed record NpsModel
{
    public string ContactName { get; init; } = "";

    public string ContactFirstName { get; init; } = "";

    public string DealTitle { get; init; } = "";

    /// <summary>The amount as a Russian reader reads it: «150 000 ₽».</summary>
    public string DealAmount { get; init; } = "";

    public long DealId { get; init; }

    public string ManagerName { get; init; } = "";

    public string CompanyName { get; init; } = "";

    /// <summary>The survey page; empty in a preview without a survey.</summary>
    public string SurveyLink { get; init; } = "";

    /// <summary>The score given (for the task title), empty before an answer.</summary>
    public string SurveyScore { get; init; } = "";

    /// <summary>The absolute address of the logo, null when there is none.</summary>
    public string? LogoUrl { get; init; }

    public string? GoogleReviewUrl { get; init; }

    public string? YandexReviewUrl { get; init; }

    // What the deal's mirror rows said, for scheduling.
    public long? ContactId { get; init; }

    public long? ManagerId { get; init; }

    public long PipelineId { get; init; }

    public string? Email { get; init; }

    public string? Phone { get; init; }
}

/// <summary>A review link on the positive reply.</summary>
public sealed record NpsReviewLink(string Service, string Url);

/// <summary>The reply page's texts for a group: plain text (the page encodes them), <see cref="TextHtml"/> already encoded.</summary>
public sealed record NpsReply(NpsGroup Group, string Heading, string Text, string TextHtml)
{
    public IReadOnlyList<NpsReviewLink> ReviewLinks { get; init; } = [];

    public string ReviewButtonText { get; init; } = "";

    public bool ShowCommentForm { get; init; }

    public string CommentPrompt { get; init; } = "";

    public string ButtonText { get; init; } = "";

    public string ThanksText { get; init; } = "";
}

/// <summary>A template did not render (a filter given a value it cannot take): the errors name the part.</summary>
public sealed class NpsRenderException(IReadOnlyList<TemplateError> errors)
    : Exception("The NPS template did not render: " + string.Join("; ", errors.Select(e => $"{e.Part}: {e.Message}")))
{
    public IReadOnlyList<TemplateError> Errors { get; } = errors;
}

/// <summary>
/// Renders a survey template for one deal: the e-mail (HTML with one button per score, and the text part), the SMS
/// with the short link and the reply page's texts. Liquid through <see cref="NoticeTemplates"/>, values HTML-encoded.
/// </summary>
public sealed class NpsRenderer(NoticeTemplates templates, Portal.PublicAddress address, Microsoft.Extensions.Options.IOptions<Portal.PortalOptions> portal)
{
    /// <summary>The markers, for the editor's list.</summary>
    public static IReadOnlyList<NpsMarker> Markers { get; } =
    [
        new("{{ contact.name }}", "NpsMarker_ContactName"),
        new("{{ contact.first_name }}", "NpsMarker_ContactFirstName"),
        new("{{ deal.title }}", "NpsMarker_DealTitle"),
        new("{{ deal.amount }}", "NpsMarker_DealAmount"),
        new("{{ deal.id }}", "NpsMarker_DealId"),
        new("{{ manager.name }}", "NpsMarker_ManagerName"),
        new("{{ company.name }}", "NpsMarker_CompanyName"),
        new("{{ survey.link }}", "NpsMarker_SurveyLink"),
        new("{{ survey.score }}", "NpsMarker_SurveyScore"),
    ];

    /// <summary>The model of deal <paramref name="dealId"/> from the mirror; null when the deal is not there.</summary>
    public Task<NpsModel?> ModelAsync(LoyaltyDbContext db, long dealId, CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>The links of survey <paramref name="token"/>.</summary>
    public NpsScoreLinks LinksFor(string token, NpsScale scale) => throw new NotImplementedException();

    /// <summary>The survey e-mail. Throws <see cref="NpsRenderException"/> when a text does not render.</summary>
    public RenderedNotice RenderEmail(NpsTemplateContent content, NpsModel model, NpsScoreLinks links) => throw new NotImplementedException();

    /// <summary>The survey SMS with the short link. Throws <see cref="NpsRenderException"/> when the text does not render.</summary>
    public string RenderSms(NpsTemplateContent content, NpsModel model) => throw new NotImplementedException();

    /// <summary>The reply page's texts for <paramref name="group"/>. Throws <see cref="NpsRenderException"/> when a text does not render.</summary>
    public NpsReply RenderReply(NpsTemplateContent content, NpsGroup group, NpsModel model) => throw new NotImplementedException();

    /// <summary>The task title of a low score.</summary>
    public string RenderTaskTitle(NpsTemplateContent content, NpsModel model) => throw new NotImplementedException();
}
