using System.Net;
using System.Text.RegularExpressions;
using Loyalty.Core.Data;
using Loyalty.Core.Notifications;
using Loyalty.Tests.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Web.Unsubscribe;

/// <summary>
/// The public unsubscribe page over real HTTP: GET only shows, the button (with its anti-forgery token) and a mail
/// provider's one-click POST opt the address out once, "subscribe again" undoes it, and a bad token gets the neutral
/// page with the same status and layout, never an error.
/// </summary>
public sealed partial class UnsubscribePageTests(UnsubscribePortal portal) : IClassFixture<UnsubscribePortal>
{
    private static readonly string[] Garbage =
    [
        new string('A', 5000),
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "%01%1F%7F",
        "..%2F..%2Fetc%2Fpasswd",
        "CfDJ8" + new string('x', 990),
        "%D0%BF%D1%80%D0%B8%D0%B2%D0%B5%D1%82",
    ];

    [Fact]
    public async Task LookingAtThePageChangesNothingAndShowsTheMaskedAddressAndTheCompany()
    {
        var address = Address();
        var path = Link(address);
        using var client = Client("10.1.0.1");

        for (var i = 0; i < 3; i++)
        {
            using var response = await client.Http.GetAsync(path);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Ask", View(html));
            Assert.Contains("Отписать", Message(html), StringComparison.Ordinal);
            Assert.Contains(Masked(address), Message(html), StringComparison.Ordinal);
            Assert.DoesNotContain(address, html, StringComparison.Ordinal);
            Assert.Equal("Отписаться", Button(html));
            Assert.DoesNotContain("mud-layout", html, StringComparison.Ordinal);
            Assert.DoesNotContain("blazor.web.js", html, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(Company(html)));
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Contains("frame-ancestors", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        }

        Assert.Equal(0, await OptOutRowsAsync(address));
    }

    [Fact]
    public async Task TheButtonOptsTheAddressOutOnceAndLaterNoticesAreNotQueued()
    {
        var address = Address();
        var path = Link(address);
        using var client = Client("10.1.0.2");

        using var first = await client.SubmitAsync(path, new Dictionary<string, string>());
        // The same form sent again (a double click, a reload): still one row.
        var page = await client.Http.GetStringAsync(path);
        using var second = await client.Http.PostAsync(path, new FormUrlEncodedContent(HiddenFields(page).Append(new("action", "unsubscribe"))));

        var html = await first.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("Unsubscribed", View(html));
        Assert.Equal("Вы отписаны", Heading(html));
        Assert.Equal("Подписаться снова", Button(html));
        Assert.Equal(1, await OptOutRowsAsync(address));
        Assert.Equal(OptOutSource.UnsubscribeLink, await SourceAsync(address));

        var queued = await EnqueueAsync(address);
        Assert.Equal(EnqueueOutcome.OptedOut, queued.Outcome);
    }

    [Fact]
    public async Task SubscribingAgainTakesTheAddressOffTheList()
    {
        var address = Address();
        var path = Link(address);
        using var client = Client("10.1.0.3");
        using var unsubscribed = await client.SubmitAsync(path, new Dictionary<string, string>());
        Assert.Equal(1, await OptOutRowsAsync(address));
        // The page now offers the undo (its hidden action field says so).
        Assert.Equal("Unsubscribed", View(await client.Http.GetStringAsync(path)));

        using var again = await client.SubmitAsync(path, new Dictionary<string, string>());

        var html = await again.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("Resubscribed", View(html));
        Assert.Equal(0, await OptOutRowsAsync(address));
        Assert.Equal("Ask", View(await client.Http.GetStringAsync(path)));
        Assert.Equal(EnqueueOutcome.Queued, (await EnqueueAsync(address)).Outcome);
    }

    [Fact]
    public async Task AMailProvidersOneClickPostUnsubscribesWithoutAFormToken()
    {
        var address = Address();
        using var client = Client("10.1.0.4");

        using var response = await client.Http.PostAsync(Link(address), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Unsubscribed", View(await response.Content.ReadAsStringAsync()));
        Assert.Equal(1, await OptOutRowsAsync(address));
    }

    [Fact]
    public async Task APostWithoutTheFormTokenChangesNothing()
    {
        var address = Address();
        using var client = Client("10.1.0.5");

        using var response = await client.Http.PostAsync(Link(address), new FormUrlEncodedContent([new("action", "unsubscribe")]));
        using var notAForm = await client.Http.PostAsync(Link(address), new StringContent("{\"action\":\"unsubscribe\"}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Ask", View(await response.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, notAForm.StatusCode);
        Assert.Equal(0, await OptOutRowsAsync(address));
    }

    [Fact]
    public async Task AnAlteredTokenGetsTheNeutralPageWithTheSameStatusAndLayout()
    {
        var address = Address();
        var token = Token(address);
        var middle = token.Length / 2;
        var altered = token[..middle] + (token[middle] == 'A' ? 'B' : 'A') + token[(middle + 1)..];
        var otherKeys = new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider();
        var foreign = new UnsubscribeTokens(otherKeys).Issue(NotificationChannel.Email, address);
        using var client = Client("10.1.0.6");

        using var valid = await client.Http.GetAsync($"/unsubscribe/{token}");
        var validHtml = await valid.Content.ReadAsStringAsync();
        foreach (var bad in new[] { altered, foreign, token[..^4] })
        {
            using var response = await client.Http.GetAsync($"/unsubscribe/{bad}");
            var html = await response.Content.ReadAsStringAsync();

            Assert.Equal(valid.StatusCode, response.StatusCode);
            Assert.Equal(valid.Content.Headers.ContentType?.ToString(), response.Content.Headers.ContentType?.ToString());
            Assert.Equal("Invalid", View(html));
            Assert.Equal(Heading(validHtml), Heading(html));
            Assert.Equal(Company(validHtml), Company(html));
            Assert.Equal(Landmarks(validHtml).Except(["unsubscribe-button"]), Landmarks(html));
            Assert.Contains("недействительна", Message(html), StringComparison.Ordinal);

            using var posted = await client.Http.PostAsync($"/unsubscribe/{bad}", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
            Assert.Equal("Invalid", View(await posted.Content.ReadAsStringAsync()));
        }

        Assert.Equal(0, await OptOutRowsAsync(address));
    }

    [Fact]
    public async Task GarbageTokensGetTheNeutralPageOrAClientErrorNeverAStackTrace()
    {
        using var client = Client("10.1.0.7");
        var rowsBefore = await AllOptOutRowsAsync();
        foreach (var garbage in Garbage)
        {
            using var get = await client.Http.GetAsync($"/unsubscribe/{garbage}");
            using var post = await client.Http.PostAsync($"/unsubscribe/{garbage}", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
            foreach (var response in new[] { get, post })
            {
                var body = await response.Content.ReadAsStringAsync();
                Assert.True((int)response.StatusCode is 200 or (>= 400 and < 500), $"{garbage[..Math.Min(30, garbage.Length)]}: {(int)response.StatusCode}");
                Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
                Assert.DoesNotContain(" at Loyalty.", body, StringComparison.Ordinal);
                Assert.DoesNotContain("<script>alert", body, StringComparison.Ordinal);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Assert.Equal("Invalid", View(body));
                }
            }
        }

        Assert.Equal(rowsBefore, await AllOptOutRowsAsync());
    }

    [Fact]
    public async Task AReaderWhoChoseEnglishReadsThePageInEnglish()
    {
        var address = Address();
        using var client = Client("10.1.0.8");
        using var chosen = await client.Http.GetAsync("/culture/en?returnUrl=" + Uri.EscapeDataString(Link(address)));

        var html = await client.Http.GetStringAsync(Link(address));

        Assert.Contains("lang=\"en\"", html, StringComparison.Ordinal);
        Assert.Equal("Unsubscribe", Button(html));
        Assert.Contains("from e-mails from", Message(html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TooManyRequestsFromOneAddressGetAFriendly429()
    {
        using var limited = new PortalFactory();
        limited.Settings["Notifications:UnsubscribeRequestsPerMinute"] = "3";
        using var app = limited.WithClientAddresses();
        var path = "/unsubscribe/" + app.Services.GetRequiredService<UnsubscribeTokens>().Issue(NotificationChannel.Email, Address());
        using var client = app.ClientFrom("10.2.0.1");
        using var neighbour = app.ClientFrom("10.2.0.2");

        for (var i = 0; i < 3; i++)
        {
            using var allowed = await client.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await client.Http.GetAsync(path);
        using var refusedPost = await client.Http.PostAsync(path, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        using var other = await neighbour.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedPost.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"unsubscribe-limit\"", html, StringComparison.Ordinal);
        Assert.Contains("Слишком много запросов", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public void EveryEmailOffersTheOneClickUnsubscribe()
    {
        var settings = new SmtpSettings("127.0.0.1", 25, SmtpTlsMode.None, null, null, "Программа лояльности", "loyalty@example.ru", TimeSpan.FromSeconds(5));
        var notice = new Notification { Id = 7, Channel = NotificationChannel.Email, Recipient = "ivan@example.ru", Subject = "Тема", Text = "Текст", UnsubscribeUrl = "https://loyalty.example.ru/unsubscribe/abc" };

        var message = SmtpMailer.Compose(settings, notice);

        Assert.Equal("<https://loyalty.example.ru/unsubscribe/abc>", message.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
    }

    private WebApplicationFactory<Program> App => portal.App;

    private FormClient Client(string address) => App.ClientFrom(address);

    private static string Address() => $"unsub-{Guid.NewGuid():N}@example.ru";

    private static string Masked(string address) => $"u•••{address[address.IndexOf('@') - 1]}@example.ru";

    private string Token(string address) => App.Services.GetRequiredService<UnsubscribeTokens>().Issue(NotificationChannel.Email, address);

    private string Link(string address) => "/unsubscribe/" + Token(address);

    private async Task<LoyaltyDbContext> DbAsync() => await App.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();

    private async Task<int> OptOutRowsAsync(string address)
    {
        await using var db = await DbAsync();
        return await db.NotificationOptOuts.CountAsync(o => o.Address == address);
    }

    private async Task<int> AllOptOutRowsAsync()
    {
        await using var db = await DbAsync();
        return await db.NotificationOptOuts.CountAsync();
    }

    private async Task<OptOutSource> SourceAsync(string address)
    {
        await using var db = await DbAsync();
        return await db.NotificationOptOuts.Where(o => o.Address == address).Select(o => o.Source).SingleAsync();
    }

    private async Task<EnqueueResult> EnqueueAsync(string address)
    {
        await using var db = await DbAsync();
        var outbox = App.Services.GetRequiredService<NotificationOutbox>();
        // Due tomorrow: the portal's own sender leaves it alone while the test looks.
        var result = await outbox.EnqueueAsync(db, new NoticeRequest(NotificationChannel.Email, NotificationKind.Bonus, address, new RenderedNotice("Бонусы", null, "Начислено 10 баллов"), $"unsub-test:{address}")
        {
            DueAt = DateTime.UtcNow.AddDays(1),
        });
        await db.SaveChangesAsync();
        return result;
    }

    private static IEnumerable<KeyValuePair<string, string>> HiddenFields(string html) =>
        HiddenInput().Matches(html).Select(m => new KeyValuePair<string, string>(WebUtility.HtmlDecode(m.Groups["name"].Value), WebUtility.HtmlDecode(m.Groups["value"].Value)))
            .Where(f => f.Key != "action");

    private static string View(string html) => ViewAttribute().Match(html).Groups[1].Value;

    private static string Heading(string html) => WebUtility.HtmlDecode(HeadingElement().Match(html).Groups[1].Value.Trim());

    private static string Message(string html) => WebUtility.HtmlDecode(Element("unsubscribe-message").Match(html).Groups[1].Value.Trim());

    private static string Company(string html) => WebUtility.HtmlDecode(Element("unsubscribe-company").Match(html).Groups[1].Value.Trim());

    private static string Button(string html) => WebUtility.HtmlDecode(Element("unsubscribe-button").Match(html).Groups[1].Value.Trim());

    private static List<string> Landmarks(string html) => TestId().Matches(html).Select(m => m.Groups[1].Value).ToList();

    private static Regex Element(string testId) => new($"data-testid=\"{testId}\"[^>]*>([^<]*)<");

    [GeneratedRegex("data-view=\"([A-Za-z]+)\"")]
    private static partial Regex ViewAttribute();

    [GeneratedRegex("<h1[^>]*>([^<]*)</h1>")]
    private static partial Regex HeadingElement();

    [GeneratedRegex("data-testid=\"([a-z-]+)\"")]
    private static partial Regex TestId();

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)"\s*/?>""")]
    private static partial Regex HiddenInput();
}

/// <summary>One portal for the class, requests naming their client address (<see cref="ClientAddresses"/>).</summary>
public sealed class UnsubscribePortal : IDisposable
{
    private readonly PortalFactory _portal = new();

    public UnsubscribePortal() => App = _portal.WithClientAddresses();

    public WebApplicationFactory<Program> App { get; }

    public void Dispose()
    {
        App.Dispose();
        _portal.Dispose();
    }
}
