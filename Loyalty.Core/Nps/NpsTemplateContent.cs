using System.Text.Json;

namespace Loyalty.Core.Nps;

/// <summary>
/// A survey template's texts: the survey message and the replies to a high, middle and low score. Texts take Liquid
/// markers (<see cref="NpsRenderer.Markers"/>); values are HTML-encoded where they land in HTML.
/// </summary>
public sealed record NpsTemplateContent
{
    public NpsSurveyPart Survey { get; init; } = new();

    /// <summary>The reply to 9–10 and to "satisfied".</summary>
    public NpsPositivePart Positive { get; init; } = new();

    /// <summary>The reply to 7–8.</summary>
    public NpsNeutralPart Neutral { get; init; } = new();

    /// <summary>The reply to 0–6 and to "unsatisfied".</summary>
    public NpsNegativePart Negative { get; init; } = new();

    public string ToJson() => JsonSerializer.Serialize(this, NpsJson.Options);

    public static NpsTemplateContent FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new();
        }

        try
        {
            var content = JsonSerializer.Deserialize<NpsTemplateContent>(json, NpsJson.Options) ?? new();
            return content with
            {
                Survey = content.Survey ?? new(),
                Positive = content.Positive ?? new(),
                Neutral = content.Neutral ?? new(),
                Negative = content.Negative ?? new(),
            };
        }
        catch (JsonException)
        {
            return new();
        }
    }
}

/// <summary>The survey message: e-mail and SMS.</summary>
public sealed record NpsSurveyPart
{
    public string EmailSubject { get; init; } = "";

    public string Heading { get; init; } = "";

    public string Text { get; init; } = "";

    public string Question { get; init; } = "";

    /// <summary>The 0 end of the 0–10 scale («Точно нет»).</summary>
    public string LowLabel { get; init; } = "";

    /// <summary>The 10 end of the 0–10 scale («Обязательно»).</summary>
    public string HighLabel { get; init; } = "";

    public string SatisfiedLabel { get; init; } = "";

    public string UnsatisfiedLabel { get; init; } = "";

    public string BackgroundColor { get; init; } = "#f4f5f7";

    public string ButtonColor { get; init; } = "#2e7d32";

    public string TextColor { get; init; } = "#222222";

    /// <summary>The SMS; the short link <c>{{ survey.link }}</c> is added at the end when the text lacks it.</summary>
    public string SmsText { get; init; } = "";
}

/// <summary>The reply to a high score: thanks and the review links.</summary>
public sealed record NpsPositivePart
{
    public string Heading { get; init; } = "";

    public string Text { get; init; } = "";

    public bool ShowGoogle { get; init; } = true;

    public bool ShowYandex { get; init; } = true;

    /// <summary>Overrides the settings' Google link (a branch's own page).</summary>
    public string? GoogleUrl { get; init; }

    /// <summary>Overrides the settings' Yandex link.</summary>
    public string? YandexUrl { get; init; }

    public string ReviewButtonText { get; init; } = "";
}

/// <summary>The reply to 7–8.</summary>
public sealed record NpsNeutralPart
{
    public string Heading { get; init; } = "";

    public string Text { get; init; } = "";
}

/// <summary>The reply to a low score: the comment form and the task it opens.</summary>
public sealed record NpsNegativePart
{
    public string Heading { get; init; } = "";

    public string Text { get; init; } = "";

    public bool ShowCommentForm { get; init; } = true;

    public string CommentPrompt { get; init; } = "";

    public string ButtonText { get; init; } = "";

    /// <summary>Shown after the comment was sent.</summary>
    public string ThanksText { get; init; } = "";

    public NpsTaskAssignee TaskAssignee { get; init; } = NpsTaskAssignee.DealManager;

    /// <summary>The Bitrix24 user of <see cref="NpsTaskAssignee.FixedEmployee"/>.</summary>
    public long? TaskEmployeeId { get; init; }

    /// <summary>The task's title (Liquid).</summary>
    public string TaskTitle { get; init; } = "";
}

/// <summary>The seeded Russian template (seed 004's survey, positive and negative parts).</summary>
public static class NpsDefaults
{
    public const string TemplateName = "Опрос NPS после сделки";

    public static NpsTemplateContent Template { get; } = new()
    {
        Survey = new NpsSurveyPart
        {
            EmailSubject = "{{ company.name }}: оцените нашу работу",
            Heading = "Здравствуйте, {{ contact.first_name }}!",
            Text = "Спасибо, что выбрали {{ company.name }}. Нам важно ваше мнение о сделке «{{ deal.title }}»: ответ займёт меньше минуты.",
            Question = "Насколько вероятно, что вы порекомендуете {{ company.name }} друзьям и коллегам?",
            LowLabel = "Точно не порекомендую",
            HighLabel = "Обязательно порекомендую",
            SatisfiedLabel = "Доволен",
            UnsatisfiedLabel = "Не доволен",
            BackgroundColor = "#f4f5f7",
            ButtonColor = "#2e7d32",
            TextColor = "#222222",
            SmsText = "{{ company.name }}: оцените нашу работу, это займёт минуту: {{ survey.link }}",
        },
        Positive = new NpsPositivePart
        {
            Heading = "Спасибо за высокую оценку!",
            Text = "Мы рады, что вам понравилось. Будем благодарны, если вы расскажете о нас в отзыве — это помогает другим выбрать {{ company.name }}.",
            ShowGoogle = true,
            ShowYandex = true,
            ReviewButtonText = "Оставить отзыв",
        },
        Neutral = new NpsNeutralPart
        {
            Heading = "Спасибо за оценку!",
            Text = "Мы учтём ваше мнение и постараемся стать лучше.",
        },
        Negative = new NpsNegativePart
        {
            Heading = "Нам жаль, что вы остались недовольны",
            Text = "Расскажите, что нам стоит улучшить: ваш ответ прочитает руководитель и свяжется с вами.",
            ShowCommentForm = true,
            CommentPrompt = "Расскажите, что нам стоит улучшить",
            ButtonText = "Отправить",
            ThanksText = "Спасибо! Мы разберёмся и свяжемся с вами.",
            TaskAssignee = NpsTaskAssignee.DealManager,
            TaskTitle = "NPS: клиент {{ contact.name }} поставил {{ survey.score }} по сделке «{{ deal.title }}»",
        },
    };
}
