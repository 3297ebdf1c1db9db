using Loyalty.Core.Nps;

namespace Loyalty.Web.Components.Pages.Nps;

/// <summary>The survey message as typed (<see cref="NpsSurveyPart"/>).</summary>
public sealed class NpsSurveyForm
{
    public string EmailSubject { get; set; } = "";

    public string Heading { get; set; } = "";

    public string Text { get; set; } = "";

    public string Question { get; set; } = "";

    public string LowLabel { get; set; } = "";

    public string HighLabel { get; set; } = "";

    public string SatisfiedLabel { get; set; } = "";

    public string UnsatisfiedLabel { get; set; } = "";

    public string BackgroundColor { get; set; } = "";

    public string ButtonColor { get; set; } = "";

    public string TextColor { get; set; } = "";

    public string SmsText { get; set; } = "";
}

/// <summary>The reply to a high score as typed (<see cref="NpsPositivePart"/>).</summary>
public sealed class NpsPositiveForm
{
    public string Heading { get; set; } = "";

    public string Text { get; set; } = "";

    public bool ShowGoogle { get; set; }

    public bool ShowYandex { get; set; }

    public string GoogleUrl { get; set; } = "";

    public string YandexUrl { get; set; } = "";

    public string ReviewButtonText { get; set; } = "";
}

/// <summary>The reply to 7–8 as typed.</summary>
public sealed class NpsNeutralForm
{
    public string Heading { get; set; } = "";

    public string Text { get; set; } = "";
}

/// <summary>The reply to a low score as typed (<see cref="NpsNegativePart"/>).</summary>
public sealed class NpsNegativeForm
{
    public string Heading { get; set; } = "";

    public string Text { get; set; } = "";

    public bool ShowCommentForm { get; set; }

    public string CommentPrompt { get; set; } = "";

    public string ButtonText { get; set; } = "";

    public string ThanksText { get; set; } = "";

    public NpsTaskAssignee TaskAssignee { get; set; }

    public long? TaskEmployeeId { get; set; }

    public string TaskTitle { get; set; } = "";
}

/// <summary>The template editor's form: the name, the scale and the four parts; the preview renders it unsaved.</summary>
public sealed class NpsTemplateForm
{
    public string Name { get; set; } = "";

    public NpsScale Scale { get; set; }

    public NpsSurveyForm Survey { get; set; } = new();

    public NpsPositiveForm Positive { get; set; } = new();

    public NpsNeutralForm Neutral { get; set; } = new();

    public NpsNegativeForm Negative { get; set; } = new();

    public static NpsTemplateForm From(string name, NpsScale scale, NpsTemplateContent content) => new()
    {
        Name = name,
        Scale = scale,
        Survey = new()
        {
            EmailSubject = content.Survey.EmailSubject, Heading = content.Survey.Heading, Text = content.Survey.Text, Question = content.Survey.Question,
            LowLabel = content.Survey.LowLabel, HighLabel = content.Survey.HighLabel, SatisfiedLabel = content.Survey.SatisfiedLabel,
            UnsatisfiedLabel = content.Survey.UnsatisfiedLabel, BackgroundColor = content.Survey.BackgroundColor, ButtonColor = content.Survey.ButtonColor,
            TextColor = content.Survey.TextColor, SmsText = content.Survey.SmsText,
        },
        Positive = new()
        {
            Heading = content.Positive.Heading, Text = content.Positive.Text, ShowGoogle = content.Positive.ShowGoogle, ShowYandex = content.Positive.ShowYandex,
            GoogleUrl = content.Positive.GoogleUrl ?? "", YandexUrl = content.Positive.YandexUrl ?? "", ReviewButtonText = content.Positive.ReviewButtonText,
        },
        Neutral = new() { Heading = content.Neutral.Heading, Text = content.Neutral.Text },
        Negative = new()
        {
            Heading = content.Negative.Heading, Text = content.Negative.Text, ShowCommentForm = content.Negative.ShowCommentForm,
            CommentPrompt = content.Negative.CommentPrompt, ButtonText = content.Negative.ButtonText, ThanksText = content.Negative.ThanksText,
            TaskAssignee = content.Negative.TaskAssignee, TaskEmployeeId = content.Negative.TaskEmployeeId, TaskTitle = content.Negative.TaskTitle,
        },
    };

    public NpsTemplateContent ToContent() => new()
    {
        Survey = new NpsSurveyPart
        {
            EmailSubject = Survey.EmailSubject, Heading = Survey.Heading, Text = Survey.Text, Question = Survey.Question, LowLabel = Survey.LowLabel,
            HighLabel = Survey.HighLabel, SatisfiedLabel = Survey.SatisfiedLabel, UnsatisfiedLabel = Survey.UnsatisfiedLabel,
            BackgroundColor = Survey.BackgroundColor.Trim(), ButtonColor = Survey.ButtonColor.Trim(), TextColor = Survey.TextColor.Trim(), SmsText = Survey.SmsText,
        },
        Positive = new NpsPositivePart
        {
            Heading = Positive.Heading, Text = Positive.Text, ShowGoogle = Positive.ShowGoogle, ShowYandex = Positive.ShowYandex,
            GoogleUrl = Blank(Positive.GoogleUrl), YandexUrl = Blank(Positive.YandexUrl), ReviewButtonText = Positive.ReviewButtonText,
        },
        Neutral = new NpsNeutralPart { Heading = Neutral.Heading, Text = Neutral.Text },
        Negative = new NpsNegativePart
        {
            Heading = Negative.Heading, Text = Negative.Text, ShowCommentForm = Negative.ShowCommentForm, CommentPrompt = Negative.CommentPrompt,
            ButtonText = Negative.ButtonText, ThanksText = Negative.ThanksText, TaskAssignee = Negative.TaskAssignee,
            TaskEmployeeId = Negative.TaskAssignee == NpsTaskAssignee.FixedEmployee ? Negative.TaskEmployeeId : null, TaskTitle = Negative.TaskTitle,
        },
    };

    /// <summary>The name, the scale and the content are what is saved.</summary>
    public bool Same(string name, NpsScale scale, NpsTemplateContent content) => Name.Trim() == name && Scale == scale && ToContent() == content;

    private static string? Blank(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
