using System.Net;
using System.Text.RegularExpressions;
using Loyalty.Core.Nps;
using Loyalty.Tests.TestSupport;
using Loyalty.Tests.Web.Referral;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Web.Nps;

/// <summary>
/// The public survey page over real HTTP: a score link shows its score and records nothing (mail scanners fetch every
/// link); the page's own post records it and shows the reply for its group; a low score's comment is recorded with its
/// task; a guessed token gets the same frame; oversized bodies and too many posts are refused; the logo is served.
/// </summary>
public sealed partial class NpsPageTests(NpsPortal portal) : IClassFixture<NpsPortal>
{
    [Fact]
    public async Task AScoreLinkShowsTheScoreChosenAndRecordsNothing()
    {
        var survey = await portal.AddSurveyAsync();
        using var scanner = portal.NewClient();

        // A mail scanner opens every link of the e-mail, some twice.
        HttpResponseMessage? three = null;
        for (var score = 0; score <= 10; score++)
        {
            var page = await scanner.Http.GetAsync($"s/{survey.Token}?score={score}");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            three = score == 3 ? page : three;
        }

        await scanner.Http.GetAsync($"s/{survey.Token}?score=3");
        var html = await three!.Content.ReadAsStringAsync();
        Assert.Matches("value=\"3\" checked", html);
        Assert.Single(CheckedRadio().Matches(html));
        Assert.Contains("data-testid=\"nps-confirm\"", html, StringComparison.Ordinal);
        Assert.Contains("Подтвердить оценку", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"ru\"", html, StringComparison.Ordinal);
        Assert.True(three.Headers.CacheControl?.NoStore);

        var stored = await portal.SurveyAsync(survey.Id);
        Assert.Null(stored.Score);
        Assert.Null(stored.AnsweredAt);
        Assert.Empty(await portal.WritesAsync(survey.Id));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("99999999999")]
    [InlineData("-1")]
    [InlineData("99")]
    public async Task AnUnreadableOrOutOfRangeScoreInTheLinkChoosesNothingAndIsNoError(string score)
    {
        var survey = await portal.AddSurveyAsync();
        using var client = portal.NewClient();

        var page = await client.Http.GetAsync($"s/{survey.Token}?score={Uri.EscapeDataString(score)}");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Empty(CheckedRadio().Matches(html));
        Assert.Contains("data-testid=\"nps-confirm\"", html, StringComparison.Ordinal);
        Assert.Null((await portal.SurveyAsync(survey.Id)).Score);
    }

    [Fact]
    public async Task ThePagesPostRecordsALowScoreAndItsCommentOpensATask()
    {
        var survey = await portal.AddSurveyAsync();
        using var client = portal.NewClient();

        var reply = await client.SubmitAsync($"s/{survey.Token}?score=3", new Dictionary<string, string> { ["ScoreInput.Value"] = "3" });

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        var html = await reply.Content.ReadAsStringAsync();
        Assert.Contains(NpsDefaults.Template.Negative.Heading, html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"nps-comment-form\"", html, StringComparison.Ordinal);
        Assert.Equal(3, (await portal.SurveyAsync(survey.Id)).Score);

        var form = FormFields.Hidden(html);
        form["CommentInput.Text"] = "<script>alert(1)</script> Доставку перенесли";
        var thanks = await client.Http.PostAsync($"s/{survey.Token}", new FormUrlEncodedContent(form));

        var thanksHtml = await thanks.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, thanks.StatusCode);
        Assert.Contains("data-testid=\"nps-comment-thanks\"", thanksHtml, StringComparison.Ordinal);
        Assert.Contains(NpsDefaults.Template.Negative.ThanksText, thanksHtml, StringComparison.Ordinal);
        Assert.Equal("<script>alert(1)</script> Доставку перенесли", (await portal.SurveyAsync(survey.Id)).Comment);
        var writes = await portal.WritesAsync(survey.Id);
        Assert.Single(writes, w => w.Method == "tasks.task.add");
        Assert.Single(writes, w => w.Method == "crm.deal.update");

        // Opened again, the page shows the score given and lets the customer change it.
        var again = await client.Http.GetStringAsync($"s/{survey.Token}");
        Assert.Contains("data-testid=\"nps-your-score\"", again, StringComparison.Ordinal);
        Assert.Matches("value=\"3\" checked", again);
        Assert.DoesNotContain("<script>alert", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHighScoreShowsTheReviewLinksAndAMiddleOneThanks()
    {
        var settings = portal.Services.GetRequiredService<NpsSettingsStore>();
        Assert.Empty(await settings.SaveAsync(new NpsSettings { CompanyName = "Кухни Плюс", YandexReviewUrl = "https://yandex.ru/maps/org/1234567890/?add-review=true" }, "test"));
        var high = await portal.AddSurveyAsync();
        var middle = await portal.AddSurveyAsync();
        using var client = portal.NewClient();

        var promoter = await (await client.SubmitAsync($"s/{high.Token}?score=10", new Dictionary<string, string> { ["ScoreInput.Value"] = "10" })).Content.ReadAsStringAsync();
        var passive = await (await client.SubmitAsync($"s/{middle.Token}", new Dictionary<string, string> { ["ScoreInput.Value"] = "8" })).Content.ReadAsStringAsync();

        Assert.Contains("Кухни Плюс", promoter, StringComparison.Ordinal);
        Assert.Matches("<a [^>]*href=\"https://yandex.ru/maps/org/1234567890/\\?add-review=true\"[^>]*rel=\"noopener\"|<a [^>]*rel=\"noopener\"[^>]*href=\"https://yandex.ru/maps/org/1234567890/\\?add-review=true\"", promoter);
        Assert.DoesNotContain("nps-comment-form", promoter, StringComparison.Ordinal);
        Assert.Contains(NpsDefaults.Template.Neutral.Heading, passive, StringComparison.Ordinal);
        Assert.DoesNotContain("nps-comment-form", passive, StringComparison.Ordinal);
        Assert.DoesNotContain("nps-reviews", passive, StringComparison.Ordinal);
        Assert.Equal(10, (await portal.SurveyAsync(high.Id)).Score);
        Assert.Equal(8, (await portal.SurveyAsync(middle.Id)).Score);
    }

    [Fact]
    public async Task APostWithoutAScoreOrPastTheWindowChangesNothing()
    {
        var survey = await portal.AddSurveyAsync();
        var old = await portal.AddSurveyAsync(sentAt: DateTime.UtcNow.AddDays(-8));
        using var client = portal.NewClient();

        var empty = await (await client.SubmitAsync($"s/{survey.Token}", new Dictionary<string, string>())).Content.ReadAsStringAsync();
        var bogus = await (await client.SubmitAsync($"s/{survey.Token}", new Dictionary<string, string> { ["ScoreInput.Value"] = "eleven" })).Content.ReadAsStringAsync();
        var closed = await client.Http.GetStringAsync($"s/{old.Token}?score=9");

        Assert.Contains("Выберите оценку.", empty, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"nps-error\"", bogus, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"nps-closed\"", closed, StringComparison.Ordinal);
        Assert.DoesNotContain("nps-score-form", closed, StringComparison.Ordinal);
        Assert.Null((await portal.SurveyAsync(survey.Id)).Score);
        Assert.Null((await portal.SurveyAsync(old.Id)).Score);
        Assert.DoesNotContain("Exception", empty + bogus + closed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AGuessedTokenGetsTheSameFrameAndRecordsNothing()
    {
        var survey = await portal.AddSurveyAsync();
        using var first = portal.NewClient();
        var good = await first.Http.GetAsync($"s/{survey.Token}?score=5");
        var goodHtml = await good.Content.ReadAsStringAsync();

        foreach (var token in new[] { NpsPortal.NewToken(), "short", new string('x', 300), "%3Cscript%3E" })
        {
            using var guesser = portal.NewClient();
            var bad = await guesser.Http.GetAsync($"s/{token}?score=5");
            var badHtml = await bad.Content.ReadAsStringAsync();
            Assert.Equal(good.StatusCode, bad.StatusCode);
            Assert.Equal(good.Content.Headers.ContentType?.ToString(), bad.Content.Headers.ContentType?.ToString());
            Assert.Equal(good.Headers.Select(h => h.Key).Order(), bad.Headers.Select(h => h.Key).Order());
            Assert.Equal(Skeleton(goodHtml), Skeleton(badHtml));
            Assert.Contains("data-testid=\"nps-invalid\"", badHtml, StringComparison.Ordinal);
            Assert.Contains("__RequestVerificationToken", badHtml, StringComparison.Ordinal);
        }

        // A post to a guessed token, with a real page's form, is answered with the same neutral page.
        var form = FormFields.Hidden(goodHtml);
        form["ScoreInput.Value"] = "5";
        var posted = await first.Http.PostAsync($"s/{NpsPortal.NewToken()}", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("data-testid=\"nps-invalid\"", await posted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null((await portal.SurveyAsync(survey.Id)).Score);
    }

    [Fact]
    public async Task AnOversizedBodyIsRefusedBeforeItIsRead()
    {
        var survey = await portal.AddSurveyAsync();
        await portal.Services.GetRequiredService<NpsAnswers>().RecordScoreAsync(survey.Token, 2);
        using var client = portal.NewClient();
        var page = await client.Http.GetStringAsync($"s/{survey.Token}");
        var form = FormFields.Hidden(page);
        form["_handler"] = "nps-comment";
        form["CommentInput.Text"] = new string('я', 20_000);

        var answer = await client.Http.PostAsync($"s/{survey.Token}", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.StatusCode);
        Assert.DoesNotContain("Exception", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null((await portal.SurveyAsync(survey.Id)).Comment);
    }

    [Fact]
    public async Task TooManyPostsToOneSurveyGetAFriendly429()
    {
        var survey = await portal.AddSurveyAsync();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < NpsPortal.PostsPerToken + 2 && refused is null; i++)
        {
            // Each post from another address: the per-token limit holds them all.
            using var client = portal.NewClient();
            var answer = await client.SubmitAsync($"s/{survey.Token}", new Dictionary<string, string> { ["ScoreInput.Value"] = (i % 11).ToString(System.Globalization.CultureInfo.InvariantCulture) });
            statuses.Add(answer.StatusCode);
            refused = answer.StatusCode == HttpStatusCode.TooManyRequests ? answer : null;
        }

        Assert.NotNull(refused);
        Assert.Equal(NpsPortal.PostsPerToken, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.True(refused.Headers.Contains("Retry-After"));
        Assert.Contains("Слишком много запросов", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Another survey is not held back by this one.
        var other = await portal.AddSurveyAsync();
        using var someone = portal.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await someone.SubmitAsync($"s/{other.Token}", new Dictionary<string, string> { ["ScoreInput.Value"] = "9" })).StatusCode);
    }

    [Fact]
    public async Task TheLogoIsServedAnonymouslyWithItsTypeAndNoSniffing()
    {
        var settings = portal.Services.GetRequiredService<NpsSettingsStore>();
        await settings.DeleteLogoAsync();
        using var client = portal.NewClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("nps/logo")).StatusCode);

        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89];
        Assert.Null(await settings.SaveLogoAsync(png));
        var logo = await client.Http.GetAsync("nps/logo");

        Assert.Equal(HttpStatusCode.OK, logo.StatusCode);
        Assert.Equal("image/png", logo.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", logo.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(logo.Headers.CacheControl?.Public);
        Assert.Equal(png, await logo.Content.ReadAsByteArrayAsync());

        var survey = await portal.AddSurveyAsync();
        var page = await client.Http.GetStringAsync($"s/{survey.Token}");
        Assert.Matches("<img class=\"nps-logo\" src=\"nps/logo\\?v=\\d+\"", page);
        await settings.DeleteLogoAsync();
    }

    /// <summary>The page's frame: the elements from the body to the heading, without texts and values.</summary>
    private static string Skeleton(string html)
    {
        var body = html[html.IndexOf("<body", StringComparison.Ordinal)..html.IndexOf("data-testid=\"nps-heading\"", StringComparison.Ordinal)];
        return string.Join(' ', TagName().Matches(body).Select(m => m.Value));
    }

    [GeneratedRegex("<[a-z0-9]+")]
    private static partial Regex TagName();

    [GeneratedRegex("type=\"radio\"[^>]*checked")]
    private static partial Regex CheckedRadio();
}
