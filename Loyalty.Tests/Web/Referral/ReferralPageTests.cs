using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Loyalty.Core.Promoters;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Sandbox;
using Loyalty.Web.Sandbox.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Web.Referral;

/// <summary>
/// The public referral page over real HTTP, against the sandbox: a valid form becomes a submission, a consent record
/// and a Bitrix24 lead (title, source, promoter field, multifields, timeline comment); every way of getting it wrong is
/// answered on the page in Russian, and nothing is recorded twice.
/// </summary>
public sealed partial class ReferralPageTests(ReferralPortal portal) : IClassFixture<ReferralPortal>
{
    private static Dictionary<string, string> Form(string name = "Ольга Смирнова", string phone = "8 (916) 123-45-67", string email = "Olga@Example.ru", bool consent = true)
    {
        var form = new Dictionary<string, string> { ["Input.Name"] = name, ["Input.Phone"] = phone, ["Input.Email"] = email };
        if (consent)
        {
            form["Input.Consent"] = "true";
        }

        return form;
    }

    [Fact]
    public async Task AValidFormBecomesASubmissionAConsentAndALeadWithItsPromoter()
    {
        var (promoter, code) = await portal.AddPromoterAsync("Иван", "Петров");
        using var client = portal.ClientFrom(ReferralPortal.NewAddress());

        var page = await client.Http.GetAsync($"r/{code.ToLowerInvariant()}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"referral-form\"", html, StringComparison.Ordinal);
        Assert.Contains(ReferralPageSettings.DefaultCompanyName, html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"ru\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("blazor-error-ui", html, StringComparison.Ordinal);
        Assert.True(page.Headers.CacheControl?.NoStore);
        Assert.True(page.Headers.Contains("Content-Security-Policy"));

        var answer = await client.SubmitAsync($"r/{code}", Form());
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("data-testid=\"referral-thanks\"", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var submission = Assert.Single(await portal.SubmissionsAsync(promoter.Id));
        Assert.Equal("Ольга Смирнова", submission.Name);
        Assert.Equal("+79161234567", submission.Phone);
        Assert.Equal("olga@example.ru", submission.Email);
        await using (var db = await portal.Db.CreateDbContextAsync())
        {
            var consent = await db.Set<ConsentRecord>().SingleAsync(c => c.Id == submission.ConsentId);
            var policy = await db.Set<ReferralPolicyVersion>().SingleAsync(p => p.Version == consent.PolicyVersion);
            Assert.Equal(ReferralPageSettings.Hash(policy.Text), consent.PolicyHash);
            Assert.Equal(submission.ClientAddress, consent.ClientAddress);
        }

        var done = await Eventually.MatchAsync(async () => (await portal.SubmissionsAsync(promoter.Id)).Single(), s => s.Status == ReferralSubmissionStatus.Done, "the lead and its comment sent");
        var lead = (await portal.GetAsync("crm.lead.get", $"id={done.LeadId}")).Result;
        Assert.Equal("Рекомендация: Иван Петров", lead.GetProperty("TITLE").GetString());
        Assert.Equal("RECOMMENDATION", lead.GetProperty("SOURCE_ID").GetString());
        Assert.Equal(promoter.ContactId.ToString(System.Globalization.CultureInfo.InvariantCulture), lead.GetProperty(ReferralLeadSender.LeadPromoterField).GetString());
        Assert.Equal("Ольга Смирнова", lead.GetProperty("NAME").GetString());
        Assert.Equal("+79161234567", lead.GetProperty("PHONE")[0].GetProperty("VALUE").GetString());
        Assert.Equal("olga@example.ru", lead.GetProperty("EMAIL")[0].GetProperty("VALUE").GetString());
        Assert.Equal(ReferralLeadSender.Originator, lead.GetProperty("ORIGINATOR_ID").GetString());
        var comment = Assert.Single(Comments(done.LeadId!.Value));
        Assert.Contains("Иван Петров", comment, StringComparison.Ordinal);
        Assert.Contains(code, comment, StringComparison.Ordinal);

        var policyPage = await client.Http.GetStringAsync($"r/{code}/policy");
        Assert.Contains("data-testid=\"referral-policy-text\"", policyPage, StringComparison.Ordinal);
        Assert.Equal($"r/{code}/policy", Regex.Match(html, "href=\"(r/[^\"]+/policy)\"").Groups[1].Value, ignoreCase: true);
    }

    [Fact]
    public async Task AnUnknownARevokedAndASwitchedOffCodeAnswerLikeAValidOne()
    {
        var (_, valid) = await portal.AddPromoterAsync("Анна", "Котова");
        var (off, offCode) = await portal.AddPromoterAsync("Олег", "Сидоров", active: false);
        Assert.False(off.Active);
        using var client = portal.ClientFrom(ReferralPortal.NewAddress());

        // Each a first visit (no cookie yet), as a guesser's would be.
        var good = await client.Http.GetAsync($"r/{valid}");
        var goodHtml = await good.Content.ReadAsStringAsync();
        foreach (var code in new[] { "ZZZZZZZZ", offCode, "no-such-code-at-all" })
        {
            using var visitor = portal.ClientFrom(ReferralPortal.NewAddress());
            var bad = await visitor.Http.GetAsync($"r/{Uri.EscapeDataString(code)}");
            var badHtml = await bad.Content.ReadAsStringAsync();
            Assert.Equal(good.StatusCode, bad.StatusCode);
            Assert.Equal(good.Content.Headers.ContentType?.ToString(), bad.Content.Headers.ContentType?.ToString());
            Assert.Equal(good.Headers.Select(h => h.Key).Order(), bad.Headers.Select(h => h.Key).Order());
            Assert.Equal(Skeleton(goodHtml), Skeleton(badHtml));
            Assert.Contains("data-testid=\"referral-invalid\"", badHtml, StringComparison.Ordinal);
            Assert.Contains("Ссылка больше не действует", badHtml, StringComparison.Ordinal);
        }

        // A post to an invalid code is answered the same way, and nothing is recorded.
        var posted = await client.SubmitAsync($"r/{valid}", Form(), "r/ZZZZZZZZ");
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("data-testid=\"referral-invalid\"", await posted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await portal.SubmissionsAsync(off.Id));
    }

    [Fact]
    public async Task AFilledHoneypotIsThankedAndNothingIsRecorded()
    {
        var (promoter, code) = await portal.AddPromoterAsync("Пётр", "Медведев");
        using var client = portal.ClientFrom(ReferralPortal.NewAddress());
        var form = Form();
        form["Input.Website"] = "http://spam.example";

        var answer = await client.SubmitAsync($"r/{code}", form);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("data-testid=\"referral-thanks\"", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await portal.SubmissionsAsync(promoter.Id));
    }

    [Fact]
    public async Task MistakesAreNamedInRussianNextToTheirFieldsAndTheValuesStay()
    {
        var (promoter, code) = await portal.AddPromoterAsync("Мария", "Белова");
        using var client = portal.ClientFrom(ReferralPortal.NewAddress());

        var badPhone = await (await client.SubmitAsync($"r/{code}", Form(phone: "12-34", email: ""))).Content.ReadAsStringAsync();
        Assert.Contains("Не похоже на номер телефона", badPhone, StringComparison.Ordinal);
        Assert.Contains("value=\"12-34\"", badPhone, StringComparison.Ordinal);
        Assert.Contains("value=\"Ольга Смирнова\"", badPhone, StringComparison.Ordinal);
        Assert.Matches("referral-phone\"[^>]*/>\\s*<span class=\"account-field-error\"", badPhone);

        var noContact = await (await client.SubmitAsync($"r/{code}", Form(phone: " ", email: ""))).Content.ReadAsStringAsync();
        Assert.Contains("Укажите телефон или адрес электронной почты.", noContact, StringComparison.Ordinal);

        var badEmail = await (await client.SubmitAsync($"r/{code}", Form(phone: "", email: "olga@"))).Content.ReadAsStringAsync();
        Assert.Contains("Не похоже на адрес электронной почты", badEmail, StringComparison.Ordinal);

        var noConsent = await (await client.SubmitAsync($"r/{code}", Form(consent: false))).Content.ReadAsStringAsync();
        Assert.Contains("Без согласия на обработку персональных данных", noConsent, StringComparison.Ordinal);

        var longName = await (await client.SubmitAsync($"r/{code}", Form(name: new string('Я', ReferralLimits.Name + 1)))).Content.ReadAsStringAsync();
        Assert.Contains($"Не длиннее {ReferralLimits.Name} символов.", longName, StringComparison.Ordinal);

        var noName = await (await client.SubmitAsync($"r/{code}", Form(name: ""))).Content.ReadAsStringAsync();
        Assert.Contains("Укажите имя.", noName, StringComparison.Ordinal);

        // A forged form token is not a form of ours.
        var forged = await client.SubmitAsync($"r/{code}", new Dictionary<string, string>(Form()) { ["Input.FormToken"] = "forged" });
        Assert.Contains("Форма устарела", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Empty(await portal.SubmissionsAsync(promoter.Id));
        Assert.DoesNotContain("Exception", badPhone + noContact + badEmail + noConsent + longName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOversizedBodyIsRefusedBeforeItIsRead()
    {
        var (promoter, code) = await portal.AddPromoterAsync("Юлия", "Орлова");
        using var client = portal.ClientFrom(ReferralPortal.NewAddress());
        var form = Form();
        form["Input.Name"] = new string('x', 40_000);

        var answer = await client.SubmitAsync($"r/{code}", form);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.StatusCode);
        Assert.DoesNotContain("Exception", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await portal.SubmissionsAsync(promoter.Id));
    }

    [Fact]
    public async Task TheSameFormPostedTwiceIsOneSubmissionAndOneLead()
    {
        var (promoter, code) = await portal.AddPromoterAsync("Глеб", "Титов");
        using var client = portal.ClientFrom(ReferralPortal.NewAddress());
        var page = await client.Http.GetStringAsync($"r/{code}");
        var hidden = HiddenFields(page);
        foreach (var (key, value) in Form())
        {
            hidden[key] = value;
        }

        var posts = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => client.Http.PostAsync($"r/{code}", new FormUrlEncodedContent(hidden))));
        var again = await client.Http.PostAsync($"r/{code}", new FormUrlEncodedContent(hidden));

        foreach (var post in posts.Append(again))
        {
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
            Assert.Contains("data-testid=\"referral-thanks\"", await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var done = await Eventually.MatchAsync(() => portal.SubmissionsAsync(promoter.Id), s => s.Count == 1 && s[0].Status == ReferralSubmissionStatus.Done, "one submission sent");
        Assert.Single(await LeadsOfAsync(promoter.ContactId));
        Assert.Equal(done[0].LeadId, (await LeadsOfAsync(promoter.ContactId))[0]);
    }

    [Fact]
    public async Task ABitrix24OutageLosesNothingAndDoublesNothing()
    {
        var (promoter, code) = await portal.AddPromoterAsync("Вера", "Ланская");
        var faults = portal.Services.GetRequiredService<SandboxOptions>().Faults;
        using var client = portal.ClientFrom(ReferralPortal.NewAddress());
        faults.ServerErrorRate = 1;
        try
        {
            var answer = await client.SubmitAsync($"r/{code}", Form(name: "Во время сбоя"));
            Assert.Contains("data-testid=\"referral-thanks\"", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var failed = await Eventually.MatchAsync(() => portal.SubmissionsAsync(promoter.Id), s => s.Count == 1 && s[0].Attempts >= 2, "two failed attempts");
            Assert.NotNull(failed[0].LastError);
            Assert.Null(failed[0].LeadId);
            Assert.Equal(0, StoredLeads(promoter.ContactId));
        }
        finally
        {
            faults.ServerErrorRate = 0;
        }

        portal.Services.GetRequiredService<ReferralOutbox>().Wake();
        var done = await Eventually.MatchAsync(() => portal.SubmissionsAsync(promoter.Id), s => s[0].Status == ReferralSubmissionStatus.Done, "sent after the outage");
        Assert.Null(done[0].LastError);
        Assert.Equal([done[0].LeadId!.Value], await LeadsOfAsync(promoter.ContactId));
        Assert.Single(Comments(done[0].LeadId!.Value));
    }

    [Fact]
    public async Task ASendWhoseAnswerWasLostFindsItsLeadInsteadOfAddingAnother()
    {
        var (promoter, code) = await portal.AddPromoterAsync("Роман", "Гусев");
        var sender = portal.Services.GetRequiredService<ReferralLeadSender>();
        // Hold the sender so the worker cannot send while the test sets the scene.
        long leadId;
        await using (var db = await portal.Db.CreateDbContextAsync())
        {
            var consent = new ConsentRecord { GivenAt = DateTime.UtcNow, ClientAddress = "10.9.9.9", PolicyVersion = 1, PolicyHash = "x", Purpose = Referrals.ConsentPurpose };
            db.Set<ConsentRecord>().Add(consent);
            await db.SaveChangesAsync();
            var submission = new ReferralSubmission
            {
                PromoterId = promoter.Id, Code = code, Name = "Потерянный ответ", Phone = "+79160000001", CreatedAt = DateTime.UtcNow,
                ClientAddress = "10.9.9.9", FormToken = "lost-answer-" + Guid.NewGuid().ToString("N"), ConsentId = consent.Id,
                Status = ReferralSubmissionStatus.Pending, LookupFirst = true, DueAt = DateTime.UtcNow.AddDays(1),
            };
            db.Set<ReferralSubmission>().Add(submission);
            await db.SaveChangesAsync();

            // The earlier send reached Bitrix24: the lead is there with the submission's marker, but its answer never came back.
            leadId = (await portal.PostJsonAsync("crm.lead.add", new
            {
                fields = new Dictionary<string, object>
                {
                    ["TITLE"] = "Рекомендация: Роман Гусев", ["NAME"] = "Потерянный ответ", ["ORIGINATOR_ID"] = ReferralLeadSender.Originator,
                    ["ORIGIN_ID"] = ReferralLeadSender.Marker(submission), [ReferralLeadSender.LeadPromoterField] = promoter.ContactId,
                },
            })).Result.GetInt64();
            submission.DueAt = DateTime.UtcNow;
            await db.SaveChangesAsync();
        }

        portal.Services.GetRequiredService<ReferralOutbox>().Wake();
        await sender.SendDueAsync();

        var done = await Eventually.MatchAsync(() => portal.SubmissionsAsync(promoter.Id), s => s[0].Status == ReferralSubmissionStatus.Done, "the lost lead found");
        Assert.Equal(leadId, done[0].LeadId);
        Assert.Equal([leadId], await LeadsOfAsync(promoter.ContactId));
        Assert.Single(Comments(leadId));
    }

    [Fact]
    public async Task ErasureBlanksThePersonAndKeepsTheRecord()
    {
        var (promoter, code) = await portal.AddPromoterAsync("Илья", "Жуков");
        using var client = portal.ClientFrom(ReferralPortal.NewAddress());
        await client.SubmitAsync($"r/{code}", Form(name: "Стереть Меня", phone: "+7 916 555-44-33", email: "erase.me@example.ru"));
        var sent = await Eventually.MatchAsync(() => portal.SubmissionsAsync(promoter.Id), s => s.Count == 1 && s[0].Status == ReferralSubmissionStatus.Done, "sent");

        var erased = await portal.Services.GetRequiredService<Referrals>().EraseAsync("8 916 555 44 33", null);

        Assert.Equal(1, erased);
        var row = (await portal.SubmissionsAsync(promoter.Id)).Single();
        Assert.Equal("", row.Name);
        Assert.Null(row.Phone);
        Assert.Null(row.Email);
        Assert.Equal("", row.ClientAddress);
        Assert.NotNull(row.ErasedAt);
        Assert.Equal(sent[0].LeadId, row.LeadId);
        Assert.Equal(promoter.Id, row.PromoterId);
        await using var db = await portal.Db.CreateDbContextAsync();
        var consent = await db.Set<ConsentRecord>().SingleAsync(c => c.Id == row.ConsentId);
        Assert.Equal("", consent.ClientAddress);
        Assert.NotNull(consent.ErasedAt);
        Assert.Equal(0, await portal.Services.GetRequiredService<Referrals>().EraseAsync(null, "nobody@example.ru"));
    }

    [Fact]
    public async Task TooManyPostsFromOneAddressGetAFriendly429()
    {
        var (_, code) = await portal.AddPromoterAsync("Лев", "Носов");
        using var client = portal.ClientFrom(ReferralPortal.NewAddress());
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 12 && refused is null; i++)
        {
            var answer = await client.SubmitAsync($"r/{code}", Form(phone: "1"));
            statuses.Add(answer.StatusCode);
            refused = answer.StatusCode == HttpStatusCode.TooManyRequests ? answer : null;
        }

        Assert.NotNull(refused);
        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.True(refused.Headers.Contains("Retry-After"));
        Assert.Contains("Слишком много заявок", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Another address is not held back by this one.
        using var other = portal.ClientFrom(ReferralPortal.NewAddress());
        Assert.Equal(HttpStatusCode.OK, (await other.SubmitAsync($"r/{code}", Form(phone: "1"))).StatusCode);
    }

    private async Task<List<long>> LeadsOfAsync(long promoterContactId)
    {
        var reply = await portal.GetAsync("crm.lead.list", $"filter[{ReferralLeadSender.LeadPromoterField}]={promoterContactId}&select[]=ID");
        return [.. reply.Result.EnumerateArray().Select(r => long.Parse(r.GetProperty("ID").GetString()!, System.Globalization.CultureInfo.InvariantCulture))];
    }

    /// <summary>Leads with the promoter's field, read from the sandbox's store (its REST API may be failing on purpose).</summary>
    private int StoredLeads(long promoterContactId)
    {
        var store = portal.Services.GetRequiredService<SandboxStore>();
        return store.Read(() => store.Leads.Rows.Count(r => r.Custom is { } custom && custom.TryGetValue(ReferralLeadSender.LeadPromoterField, out var value)
            && value?.ToString() == promoterContactId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    private List<string> Comments(long leadId)
    {
        var store = portal.Services.GetRequiredService<SandboxStore>();
        return store.Read(() => store.TimelineComments.Rows
            .Where(r => (string?)r["ENTITY_TYPE"] == "lead" && r["ENTITY_ID"] is long id && id == leadId)
            .Select(r => (string)r["COMMENT"]!).ToList());
    }

    /// <summary>The page's frame: the layout's elements up to the heading, without texts and values.</summary>
    private static string Skeleton(string html)
    {
        var body = html[html.IndexOf("<body", StringComparison.Ordinal)..html.IndexOf("data-testid=\"referral-heading\"", StringComparison.Ordinal)];
        return string.Join(' ', TagName().Matches(body).Select(m => m.Value));
    }

    private static Dictionary<string, string> HiddenFields(string page) => FormFields.Hidden(page);

    [GeneratedRegex("<[a-z0-9]+")]
    private static partial Regex TagName();
}
