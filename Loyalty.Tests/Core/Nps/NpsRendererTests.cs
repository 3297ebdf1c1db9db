using System.Text.RegularExpressions;
using Loyalty.Core.Nps;

namespace Loyalty.Tests.Core.Nps;

/// <summary>The survey e-mail, SMS and replies rendered for a deal of the mirror.</summary>
public sealed partial class NpsRendererTests
{
    private const string Token = "AbCdEfGhIjKlMnOpQrStUv";

    [Fact]
    public async Task TheEmailNamesTheDealsPeopleAndCarriesElevenColouredScoreLinks()
    {
        await using var world = await NpsWorld.CreateAsync();
        await world.Settings.SaveAsync(new NpsSettings { CompanyName = "Кофейня «Зерно»" }, NpsWorld.Administrator);
        await world.SetContactAsync(1, "Ольга", "Иванова", email: "olga@example.ru");
        await world.MoveDealAsync(10, NpsWorld.WonStage, 1, amount: 150_000_50, title: "Кофемашина для офиса");
        await using var db = world.Database.CreateDbContext();
        var model = (await world.Renderer.ModelAsync(db, 10))!;
        var links = world.Renderer.LinksFor(Token, NpsScale.ZeroToTen);
        var content = NpsDefaults.Template with
        {
            Survey = NpsDefaults.Template.Survey with { Text = "{{ contact.name }}, сделка №{{ deal.id }} на {{ deal.amount }}, менеджер {{ manager.name }}." },
        };

        var email = world.Renderer.RenderEmail(content, model, links);

        // Cyrillic stays as it is; «», NBSP are entities in the HTML source: read it as the mail client shows it.
        var html = System.Net.WebUtility.HtmlDecode(email.Html!);
        Assert.Equal("Кофейня «Зерно»: оцените нашу работу", email.Subject);
        Assert.Contains("Здравствуйте, Ольга!", html, StringComparison.Ordinal);
        // NBSP in the amount is an entity in the HTML source.
        Assert.Contains("Ольга Иванова, сделка №10 на 150\u00A0000,50\u00A0₽, менеджер Анна Смирнова.", html, StringComparison.Ordinal);
        Assert.Contains("Насколько вероятно, что вы порекомендуете Кофейня «Зерно» друзьям и коллегам?", html, StringComparison.Ordinal);
        var scores = ScoreLink().Matches(email.Html!).Select(m => (Url: m.Groups["url"].Value, Score: int.Parse(m.Groups["score"].Value, System.Globalization.CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(Enumerable.Range(0, 11), scores.Select(s => s.Score));
        Assert.All(scores, s => Assert.Equal($"https://loyalty.example.ru/s/{Token}?score={s.Score}", s.Url));
        Assert.Contains($"background:{NpsRenderer.DetractorColor};border-radius:4px\"><a href=\"https://loyalty.example.ru/s/{Token}?score=6\"", html, StringComparison.Ordinal);
        Assert.Contains($"background:{NpsRenderer.PassiveColor};border-radius:4px\"><a href=\"https://loyalty.example.ru/s/{Token}?score=7\"", html, StringComparison.Ordinal);
        Assert.Contains($"background:{NpsRenderer.PromoterColor};border-radius:4px\"><a href=\"https://loyalty.example.ru/s/{Token}?score=9\"", html, StringComparison.Ordinal);
        Assert.Contains("Точно не порекомендую", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-nps=\"logo\"", html, StringComparison.Ordinal);
        Assert.Contains($"10 (Обязательно порекомендую): https://loyalty.example.ru/s/{Token}?score=10", email.Text, StringComparison.Ordinal);
        Assert.Contains("Ольга Иванова, сделка №10", email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AValueWithMarkupStaysTextInTheEmailAndTheReplies()
    {
        await using var world = await NpsWorld.CreateAsync();
        await world.SetContactAsync(1, "<script>alert(1)</script>", "\"><img src=x>", email: "x@example.ru");
        await world.MoveDealAsync(10, NpsWorld.WonStage, 1, title: "<b>Жирная</b> & сделка");
        await using var db = world.Database.CreateDbContext();
        var model = (await world.Renderer.ModelAsync(db, 10))!;
        var content = NpsDefaults.Template with { Survey = NpsDefaults.Template.Survey with { Text = "{{ contact.name }} / {{ deal.title }} <i>курсив</i>" } };

        var email = world.Renderer.RenderEmail(content, model, world.Renderer.LinksFor(Token, NpsScale.ZeroToTen));
        var reply = world.Renderer.RenderReply(content with { Neutral = new NpsNeutralPart { Heading = "Спасибо, {{ contact.first_name }}", Text = "{{ deal.title }}" } }, NpsGroup.Passive, model);

        Assert.DoesNotContain("<script>", email.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", email.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>", email.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x&gt; / &lt;b&gt;Жирная&lt;/b&gt; &amp; сделка &lt;i&gt;курсив&lt;/i&gt;", email.Html, StringComparison.Ordinal);
        Assert.Contains("Здравствуйте, &lt;script&gt;alert(1)&lt;/script&gt;!", email.Html, StringComparison.Ordinal);
        Assert.Equal("Спасибо, <script>alert(1)</script>", reply.Heading);
        Assert.Equal("&lt;b&gt;Жирная&lt;/b&gt; &amp; сделка", reply.TextHtml);
    }

    [Fact]
    public async Task TheLogoAndTheTwoPointScaleShowWhenTheyExist()
    {
        await using var world = await NpsWorld.CreateAsync();
        await world.Settings.SaveLogoAsync([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1]);
        await world.SetContactAsync(1, "Ольга", "Иванова", email: "olga@example.ru");
        await world.MoveDealAsync(10, NpsWorld.WonStage, 1);
        await using var db = world.Database.CreateDbContext();
        var model = (await world.Renderer.ModelAsync(db, 10))!;

        var email = world.Renderer.RenderEmail(NpsDefaults.Template, model, world.Renderer.LinksFor(Token, NpsScale.Satisfaction));

        Assert.Matches("<img src=\"https://loyalty.example.ru/nps/logo\\?v=\\d+\" alt=\"[^\"]+\" style=\"[^\"]+\" data-nps=\"logo\">", email.Html!);
        var scores = ScoreLink().Matches(email.Html!).Select(m => m.Groups["score"].Value).ToList();
        Assert.Equal(["1", "0"], scores);
        Assert.Contains(">Доволен</a>", email.Html, StringComparison.Ordinal);
        Assert.Contains(">Не доволен</a>", email.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSmsCarriesTheShortLinkOnce()
    {
        await using var world = await NpsWorld.CreateAsync();
        await world.SetContactAsync(1, "Ольга", "Иванова", phone: "+7 912 345-67-89");
        await world.MoveDealAsync(10, NpsWorld.WonStage, 1);
        await using var db = world.Database.CreateDbContext();
        var model = (await world.Renderer.ModelAsync(db, 10))! with { SurveyLink = world.Renderer.LinksFor(Token, NpsScale.ZeroToTen).SurveyUrl, CompanyName = "Зерно" };

        var sms = world.Renderer.RenderSms(NpsDefaults.Template, model);
        var without = world.Renderer.RenderSms(NpsDefaults.Template with { Survey = NpsDefaults.Template.Survey with { SmsText = "Оцените {{ company.name }}" } }, model);

        Assert.Equal($"Зерно: оцените нашу работу, это займёт минуту: https://loyalty.example.ru/s/{Token}", sms);
        Assert.Equal($"Оцените Зерно https://loyalty.example.ru/s/{Token}", without);
        Assert.Equal("+79123456789", model.Phone is { } p ? Loyalty.Core.Notifications.NotificationAddresses.Normalize(Loyalty.Core.Notifications.NotificationChannel.Sms, p).Address : null);
    }

    [Fact]
    public async Task EachGroupGetsItsReplyAndTheTemplatesLinksBeatTheSettings()
    {
        await using var world = await NpsWorld.CreateAsync();
        await world.Settings.SaveAsync(new NpsSettings { GoogleReviewUrl = "https://g.page/r/main/review", YandexReviewUrl = "123456" }, NpsWorld.Administrator);
        await world.SetContactAsync(1, "Ольга", "Иванова", email: "olga@example.ru");
        await world.MoveDealAsync(10, NpsWorld.WonStage, 1);
        await using var db = world.Database.CreateDbContext();
        var model = (await world.Renderer.ModelAsync(db, 10))!;
        var branch = NpsDefaults.Template with { Positive = NpsDefaults.Template.Positive with { YandexUrl = "https://yandex.ru/maps/org/999999/?add-review=true", ShowGoogle = false } };

        var promoter = world.Renderer.RenderReply(NpsDefaults.Template, NpsGroup.Promoter, model);
        var branchPromoter = world.Renderer.RenderReply(branch, NpsGroup.Promoter, model);
        var passive = world.Renderer.RenderReply(NpsDefaults.Template, NpsGroup.Passive, model);
        var detractor = world.Renderer.RenderReply(NpsDefaults.Template, NpsGroup.Detractor, model);

        Assert.Equal(["google https://g.page/r/main/review", "yandex https://yandex.ru/maps/org/123456/?add-review=true"], promoter.ReviewLinks.Select(l => $"{l.Service} {l.Url}"));
        Assert.Equal("Оставить отзыв", promoter.ReviewButtonText);
        Assert.Equal(["yandex https://yandex.ru/maps/org/999999/?add-review=true"], branchPromoter.ReviewLinks.Select(l => $"{l.Service} {l.Url}"));
        Assert.Equal("Спасибо за оценку!", passive.Heading);
        Assert.False(passive.ShowCommentForm);
        Assert.True(detractor.ShowCommentForm);
        Assert.Equal("Расскажите, что нам стоит улучшить", detractor.CommentPrompt);
        Assert.Empty(detractor.ReviewLinks);
        Assert.Equal("NPS: клиент Ольга Иванова поставил 3 по сделке «Сделка 10»", world.Renderer.RenderTaskTitle(NpsDefaults.Template, model with { SurveyScore = "3" }));
    }

    [Fact]
    public async Task ATemplateThatFailsAtRenderTimeNamesItsPart()
    {
        await using var world = await NpsWorld.CreateAsync();
        var content = NpsDefaults.Template with { Survey = NpsDefaults.Template.Survey with { Question = "{% for i in (1..3) %}{{ i | divided_by: 0 }}{% endfor %}" } };

        var error = Assert.Throws<NpsRenderException>(() => world.Renderer.RenderEmail(content, NpsRenderer.Example("Зерно"), world.Renderer.LinksFor(Token, NpsScale.ZeroToTen)));

        Assert.Equal("Survey.Question", Assert.Single(error.Errors).Part);
    }

    [GeneratedRegex("<a href=\"(?<url>[^\"]+)\" data-score=\"(?<score>\\d+)\"")]
    private static partial Regex ScoreLink();
}
