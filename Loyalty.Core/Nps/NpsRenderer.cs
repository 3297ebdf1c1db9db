using System.Globalization;
using System.Net;
using System.Text;
using Loyalty.Core.Data;
using Loyalty.Core.Notifications;
using Loyalty.Core.Portal;
using Loyalty.Core.Promoters;
using Microsoft.EntityFrameworkCore;

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
/// with the short link and the reply page's texts. Liquid through <see cref="NoticeTemplates"/>; every text is rendered
/// as plain text and then HTML-encoded as a whole where it lands in HTML, so neither a value (a contact named
/// <c>&lt;script&gt;</c>) nor the template's own text can add markup.
/// </summary>
public sealed class NpsRenderer(NoticeTemplates templates, PublicAddress address, ReferralPageSettings page)
{
    /// <summary>The colours of the score buttons: critics, passives, promoters.</summary>
    public const string DetractorColor = "#d32f2f";
    public const string PassiveColor = "#9e9e9e";
    public const string PromoterColor = "#2e7d32";

    private static readonly CultureInfo Russian = PortalCultures.FormatsOf(PortalCultures.Russian);

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

    /// <summary>
    /// The model of deal <paramref name="dealId"/> from the mirror (its contact, responsible, the company's name, logo and
    /// review links from the settings); null when the deal is not there or deleted.
    /// </summary>
    public async Task<NpsModel?> ModelAsync(LoyaltyDbContext db, long dealId, CancellationToken ct = default)
    {
        var deal = await db.Deals.AsNoTracking().FirstOrDefaultAsync(d => d.Id == dealId && d.DeletedAt == null, ct);
        if (deal is null)
        {
            return null;
        }

        var contact = deal.ContactId is { } contactId
            ? await db.Contacts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == contactId && c.DeletedAt == null, ct)
            : null;
        var manager = deal.AssignedById is { } managerId
            ? await db.Employees.AsNoTracking().FirstOrDefaultAsync(e => e.Id == managerId, ct)
            : null;
        var settings = await NpsSettingsStore.CurrentAsync(db, ct);
        var company = settings.CompanyName.Length > 0 ? settings.CompanyName : await page.CompanyNameAsync(db, ct);
        var logo = await NpsSettingsStore.LogoUpdatedAtAsync(db, ct);
        return new NpsModel
        {
            ContactName = contact?.FullName ?? "",
            ContactFirstName = contact is null ? "" : contact.FirstName.Length > 0 ? contact.FirstName : contact.FullName,
            DealTitle = deal.Title,
            DealAmount = Amount(deal.AmountMinor, deal.CurrencyId),
            DealId = deal.Id,
            ManagerName = manager?.FullName ?? "",
            CompanyName = company,
            LogoUrl = logo is { } at ? address.Of($"nps/logo?v={at.Ticks.ToString(CultureInfo.InvariantCulture)}") : null,
            GoogleReviewUrl = settings.GoogleReviewUrl,
            YandexReviewUrl = settings.YandexReviewUrl,
            ContactId = contact?.Id,
            ManagerId = deal.AssignedById,
            PipelineId = deal.PipelineId,
            Email = First(contact?.EmailNormalized) ?? First(contact?.Emails),
            Phone = First(contact?.Phones) ?? contact?.PhoneDigits,
        };
    }

    /// <summary>An example model for a preview without a deal.</summary>
    public static NpsModel Example(string companyName) => new()
    {
        ContactName = "Иван Петров",
        ContactFirstName = "Иван",
        DealTitle = "Поставка оборудования",
        DealAmount = Amount(150_000_00, "RUB"),
        DealId = 1,
        ManagerName = "Анна Смирнова",
        CompanyName = companyName,
    };

    /// <summary>The links of survey <paramref name="token"/>: the page and one per score.</summary>
    public NpsScoreLinks LinksFor(string token, NpsScale scale)
    {
        var survey = address.Of($"s/{Uri.EscapeDataString(token)}");
        IEnumerable<int> scores = scale == NpsScale.Satisfaction ? [1, 0] : Enumerable.Range(0, 11);
        return new NpsScoreLinks(survey, scale, scores.Select(s => new NpsScoreLink(s, $"{survey}?score={s.ToString(CultureInfo.InvariantCulture)}")).ToList());
    }

    /// <summary>The survey e-mail. Throws <see cref="NpsRenderException"/> when a text does not render.</summary>
    public RenderedNotice RenderEmail(NpsTemplateContent content, NpsModel model, NpsScoreLinks links)
    {
        model = model with { SurveyLink = links.SurveyUrl };
        var liquid = LiquidModel(model);
        var errors = new List<TemplateError>();
        var survey = content.Survey;
        var subject = Render("Survey.EmailSubject", survey.EmailSubject, liquid, errors);
        var heading = Render("Survey.Heading", survey.Heading, liquid, errors);
        var text = Render("Survey.Text", survey.Text, liquid, errors);
        var question = Render("Survey.Question", survey.Question, liquid, errors);
        var low = Render("Survey.LowLabel", survey.LowLabel, liquid, errors);
        var high = Render("Survey.HighLabel", survey.HighLabel, liquid, errors);
        var satisfied = Render("Survey.SatisfiedLabel", survey.SatisfiedLabel, liquid, errors);
        var unsatisfied = Render("Survey.UnsatisfiedLabel", survey.UnsatisfiedLabel, liquid, errors);
        if (errors.Count > 0)
        {
            throw new NpsRenderException(errors);
        }

        subject = string.Join(' ', subject.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var background = Colour(survey.BackgroundColor, "#f4f5f7");
        var foreground = Colour(survey.TextColor, "#222222");
        var button = Colour(survey.ButtonColor, PromoterColor);

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<title>").Append(Encode(subject)).Append("</title></head>");
        html.Append("<body style=\"margin:0;padding:0;background:").Append(background).Append(";color:").Append(foreground).Append(";font-family:Arial,Helvetica,sans-serif\">");
        html.Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"background:").Append(background).Append("\"><tr><td align=\"center\" style=\"padding:24px 12px\">");
        html.Append("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" style=\"max-width:600px;width:100%\">");
        if (model.LogoUrl is { } logo)
        {
            html.Append("<tr><td align=\"center\" style=\"padding-bottom:16px\"><img src=\"").Append(Encode(logo)).Append("\" alt=\"").Append(Encode(model.CompanyName))
                .Append("\" style=\"max-width:200px;max-height:80px\" data-nps=\"logo\"></td></tr>");
        }

        if (heading.Length > 0)
        {
            html.Append("<tr><td><h1 style=\"font-size:22px;margin:0 0 12px;color:").Append(foreground).Append("\">").Append(Encode(heading)).Append("</h1></td></tr>");
        }

        if (text.Length > 0)
        {
            html.Append("<tr><td><p style=\"font-size:15px;line-height:1.5;margin:0 0 16px\">").Append(Multiline(text)).Append("</p></td></tr>");
        }

        html.Append("<tr><td><p style=\"font-size:16px;font-weight:bold;margin:0 0 12px\">").Append(Multiline(question)).Append("</p></td></tr>");
        html.Append("<tr><td><table role=\"presentation\" cellpadding=\"0\" cellspacing=\"4\" style=\"width:100%\"><tr>");
        foreach (var link in links.Scores)
        {
            var (label, colour, width) = links.Scale == NpsScale.Satisfaction
                ? (link.Score == 1 ? satisfied : unsatisfied, link.Score == 1 ? button : DetractorColor, "50%")
                : (link.Score.ToString(CultureInfo.InvariantCulture), ScoreColour(link.Score), "9%");
            html.Append("<td align=\"center\" width=\"").Append(width).Append("\" style=\"background:").Append(colour).Append(";border-radius:4px\">")
                .Append("<a href=\"").Append(Encode(link.Url)).Append("\" data-score=\"").Append(link.Score.ToString(CultureInfo.InvariantCulture))
                .Append("\" style=\"display:block;padding:10px 0;color:#ffffff;text-decoration:none;font-weight:bold;font-size:15px\">")
                .Append(Encode(label)).Append("</a></td>");
        }

        html.Append("</tr></table></td></tr>");
        if (links.Scale == NpsScale.ZeroToTen && (low.Length > 0 || high.Length > 0))
        {
            html.Append("<tr><td><table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"font-size:12px;color:#666666\"><tr>")
                .Append("<td align=\"left\">").Append(Encode(low)).Append("</td><td align=\"right\">").Append(Encode(high)).Append("</td></tr></table></td></tr>");
        }

        html.Append("</table></td></tr></table></body></html>");

        var plain = new StringBuilder();
        if (heading.Length > 0)
        {
            plain.Append(heading).Append("\n\n");
        }

        if (text.Length > 0)
        {
            plain.Append(text).Append("\n\n");
        }

        plain.Append(question).Append("\n\n");
        foreach (var link in links.Scores)
        {
            var label = links.Scale == NpsScale.Satisfaction
                ? (link.Score == 1 ? satisfied : unsatisfied)
                : link.Score.ToString(CultureInfo.InvariantCulture) + link.Score switch
                {
                    0 when low.Length > 0 => $" ({low})",
                    10 when high.Length > 0 => $" ({high})",
                    _ => "",
                };
            plain.Append(label).Append(": ").Append(link.Url).Append('\n');
        }

        return new RenderedNotice(subject, html.ToString(), plain.ToString());
    }

    /// <summary>
    /// The survey SMS with the short link <c>/s/{token}</c> (added at the end when the text does not place
    /// <c>{{ survey.link }}</c> itself). Throws <see cref="NpsRenderException"/> when the text does not render.
    /// </summary>
    public string RenderSms(NpsTemplateContent content, NpsModel model)
    {
        var errors = new List<TemplateError>();
        var text = Render("Survey.SmsText", content.Survey.SmsText, LiquidModel(model), errors);
        if (errors.Count > 0)
        {
            throw new NpsRenderException(errors);
        }

        text = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (model.SurveyLink.Length > 0 && !text.Contains(model.SurveyLink, StringComparison.Ordinal))
        {
            text = text.Length == 0 ? model.SurveyLink : $"{text} {model.SurveyLink}";
        }

        return text;
    }

    /// <summary>The reply page's texts for <paramref name="group"/>. Throws <see cref="NpsRenderException"/> when a text does not render.</summary>
    public NpsReply RenderReply(NpsTemplateContent content, NpsGroup group, NpsModel model)
    {
        var liquid = LiquidModel(model);
        var errors = new List<TemplateError>();
        NpsReply reply;
        switch (group)
        {
            case NpsGroup.Promoter:
            {
                var part = content.Positive;
                var text = Render("Positive.Text", part.Text, liquid, errors);
                var links = new List<NpsReviewLink>();
                if (part.ShowGoogle && (part.GoogleUrl ?? model.GoogleReviewUrl) is { Length: > 0 } google)
                {
                    links.Add(new NpsReviewLink("google", google));
                }

                if (part.ShowYandex && (part.YandexUrl ?? model.YandexReviewUrl) is { Length: > 0 } yandex)
                {
                    links.Add(new NpsReviewLink("yandex", yandex));
                }

                reply = new NpsReply(group, Render("Positive.Heading", part.Heading, liquid, errors), text, Multiline(text))
                {
                    ReviewLinks = links,
                    ReviewButtonText = Render("Positive.ReviewButtonText", part.ReviewButtonText, liquid, errors),
                };
                break;
            }

            case NpsGroup.Passive:
            {
                var text = Render("Neutral.Text", content.Neutral.Text, liquid, errors);
                reply = new NpsReply(group, Render("Neutral.Heading", content.Neutral.Heading, liquid, errors), text, Multiline(text));
                break;
            }

            default:
            {
                var part = content.Negative;
                var text = Render("Negative.Text", part.Text, liquid, errors);
                reply = new NpsReply(NpsGroup.Detractor, Render("Negative.Heading", part.Heading, liquid, errors), text, Multiline(text))
                {
                    ShowCommentForm = part.ShowCommentForm,
                    CommentPrompt = Render("Negative.CommentPrompt", part.CommentPrompt, liquid, errors),
                    ButtonText = Render("Negative.ButtonText", part.ButtonText, liquid, errors),
                    ThanksText = Render("Negative.ThanksText", part.ThanksText, liquid, errors),
                };
                break;
            }
        }

        return errors.Count > 0 ? throw new NpsRenderException(errors) : reply;
    }

    /// <summary>The task title of a low score (one line). Throws <see cref="NpsRenderException"/> when it does not render.</summary>
    public string RenderTaskTitle(NpsTemplateContent content, NpsModel model)
    {
        var errors = new List<TemplateError>();
        var title = Render("Negative.TaskTitle", content.Negative.TaskTitle, LiquidModel(model), errors);
        if (errors.Count > 0)
        {
            throw new NpsRenderException(errors);
        }

        title = string.Join(' ', title.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return title.Length > 0 ? title : $"NPS {model.SurveyScore}: {model.DealTitle}";
    }

    /// <summary>A deal's amount as a Russian reader reads it: «150 000 ₽», «1 500,50 ₽», «2 000 USD».</summary>
    public static string Amount(long minor, string? currency)
    {
        if (currency is null or "" or "RUB" or "RUR")
        {
            return PromoterNotices.Money(minor, Russian);
        }

        return (minor / 100m).ToString(minor % 100 == 0 ? "N0" : "N2", Russian) + "\u00A0" + currency;
    }

    /// <summary>The button colour of a score: red for critics (0–6), grey for passives (7–8), green for promoters (9–10).</summary>
    public static string ScoreColour(int score) => NpsMath.Group(score) switch
    {
        NpsGroup.Promoter => PromoterColor,
        NpsGroup.Passive => PassiveColor,
        _ => DetractorColor,
    };

    private static Dictionary<string, object?> LiquidModel(NpsModel model) => new()
    {
        ["contact"] = new Dictionary<string, object?> { ["name"] = model.ContactName, ["first_name"] = model.ContactFirstName },
        ["deal"] = new Dictionary<string, object?>
        {
            ["title"] = model.DealTitle,
            ["amount"] = model.DealAmount,
            ["id"] = model.DealId.ToString(CultureInfo.InvariantCulture),
        },
        ["manager"] = new Dictionary<string, object?> { ["name"] = model.ManagerName },
        ["company"] = new Dictionary<string, object?> { ["name"] = model.CompanyName },
        ["survey"] = new Dictionary<string, object?> { ["link"] = model.SurveyLink, ["score"] = model.SurveyScore },
    };

    private string Render(string part, string? source, Dictionary<string, object?> model, List<TemplateError> errors)
    {
        if (string.IsNullOrEmpty(source))
        {
            return "";
        }

        var result = templates.Render(null, null, source, model);
        if (result.Notice is { } notice)
        {
            return notice.Text.Trim();
        }

        errors.AddRange(result.Errors.Select(e => e with { Part = part }));
        return "";
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);

    /// <summary>Encoded, line breaks kept as <c>&lt;br&gt;</c>.</summary>
    private static string Multiline(string value) =>
        string.Join("<br>", value.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(Encode));

    private static string Colour(string? value, string fallback) =>
        value is { Length: 7 } && value[0] == '#' && value.Skip(1).All(Uri.IsHexDigit) ? value : fallback;

    private static string? First(string? list) =>
        list?.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
}
