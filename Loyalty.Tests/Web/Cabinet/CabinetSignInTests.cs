using System.Net;
using Loyalty.Core.Cabinet;
using Loyalty.Core.Identity;
using Loyalty.Core.Notifications;
using Loyalty.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Web.Cabinet;

/// <summary>
/// The cabinet's password-less sign-in over HTTP, with the code and link read from the sandbox mailbox the portal's real
/// SMTP client and SMS gateway client deliver to: one neutral answer for every address, a code or a link used once,
/// five wrong codes void it, an expired one is refused, a switched-off promoter gets nothing.
/// </summary>
public sealed class CabinetSignInTests(CabinetPortal portal) : IClassFixture<CabinetPortal>
{
    private const string Neutral = "Если этот адрес принадлежит промоутеру, мы отправили на него код и ссылку для входа. Они действуют 15 мин. и только один раз.";

    [Fact]
    public async Task APromoterSignsInWithTheCodeFromItsEmailAndSeesItsOwnCabinet()
    {
        using var client = CabinetClient.For(portal);
        var after = portal.LastMailId;

        var page = await client.RequestAsync("  " + CabinetPortal.IvanEmail.ToUpperInvariant() + " ");
        Assert.Equal(Neutral, CabinetPortal.Alert(page, "cabinet-sent"));
        var mail = await portal.MailAsync(CabinetPortal.IvanEmail, after);
        Assert.StartsWith("Код входа в кабинет промоутера: ", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("Здравствуйте, Иван!", mail.TextBody, StringComparison.Ordinal);
        var signedIn = await client.EnterCodeAsync(page, CabinetPortal.CodeIn(mail.Subject));

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/cabinet", CabinetPortal.PathOf(signedIn));
        var cabinet = await client.Http.GetStringAsync("/cabinet");
        Assert.Contains("Здравствуйте, Иван!", cabinet, StringComparison.Ordinal);
        Assert.Contains(portal.Ivan.ActiveCode!, cabinet, StringComparison.Ordinal);
        Assert.DoesNotContain(portal.Maria.ActiveCode!, cabinet, StringComparison.Ordinal);
        // The code is in the subject and the text; the database has only its salted hash.
        await using var db = await portal.DbFactory.CreateDbContextAsync();
        var row = await db.Set<CabinetSignInCode>().Where(c => c.PromoterId == portal.Ivan.Id).OrderByDescending(c => c.Id).FirstAsync();
        Assert.NotNull(row.UsedAt);
        Assert.DoesNotContain(CabinetPortal.CodeIn(mail.Subject), row.CodeHash + row.TokenHash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePhoneOnTheContactGetsAnSmsWithTheCodeAndTheLinkThatSignsInOnce()
    {
        using var client = CabinetClient.For(portal);
        string sms;

        // Typed as people type it; the contact holds it written another way.
        var page = await client.RequestAsync("8 916 123-00-01");
        Assert.Equal(Neutral, CabinetPortal.Alert(page, "cabinet-sent"));
        // In-process the SMS gateway has no address to reach (the browser test reads one from the sandbox mailbox): the outbox row is the SMS.
        await using (var db = await portal.DbFactory.CreateDbContextAsync())
        {
            var notice = await db.Notifications.SingleAsync(n => n.Recipient == CabinetPortal.IvanPhone && n.Kind == NotificationKind.SignInCode);
            Assert.Equal(NotificationChannel.Sms, notice.Channel);
            sms = notice.Text ?? "";
        }

        var link = CabinetPortal.LinkIn(sms);

        // Someone else (a copied message) opens the same link first, but presses after the promoter.
        using var other = CabinetClient.For(portal);
        var otherPage = await other.Http.GetStringAsync(link);
        Assert.Contains("cabinet-link-submit", otherPage, StringComparison.Ordinal);

        var first = await client.UseLinkAsync(link);
        Assert.NotNull(first);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("/cabinet", CabinetPortal.PathOf(first));
        Assert.Contains(portal.Ivan.ActiveCode!, await client.Http.GetStringAsync("/cabinet"), StringComparison.Ordinal);

        // Used: the late press is refused, and a new visit offers no button.
        var replay = await other.PostAsync(otherPage, link, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Contains("Ссылка для входа устарела или уже использована.", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await other.UseLinkAsync(link));
        Assert.Equal(HttpStatusCode.Redirect, (await other.Http.GetAsync("/cabinet")).StatusCode);
        // And the code sent with it is used up too (typed in another browser).
        using var third = CabinetClient.For(portal);
        var code = await third.PostAsync(await third.Http.GetStringAsync("/cabinet/sign-in"), "/cabinet/sign-in", new Dictionary<string, string>
        {
            ["_handler"] = "cabinet-code", ["Code.Address"] = CabinetPortal.IvanPhone, ["Code.Value"] = CabinetPortal.CodeIn(sms),
        });
        Assert.Equal("Код неверный или больше не действует.", CabinetPortal.Alert(await code.Content.ReadAsStringAsync(), "cabinet-error"));
    }

    [Fact]
    public async Task AnUnknownAddressGetsTheSameAnswerAndNothingIsSent()
    {
        using var client = CabinetClient.For(portal);
        const string stranger = "nobody.cabinet@example.ru";

        var page = await client.RequestAsync(stranger);
        // A known address asked just after: its notice arriving shows the stranger's would have arrived by now.
        var after = portal.LastMailId;
        var known = await client.RequestAsync(CabinetPortal.MariaEmail);
        await portal.MailAsync(CabinetPortal.MariaEmail, after);

        Assert.Equal(Neutral, CabinetPortal.Alert(page, "cabinet-sent"));
        Assert.Equal(CabinetPortal.Alert(known, "cabinet-sent"), CabinetPortal.Alert(page, "cabinet-sent"));
        Assert.Contains("cabinet-code-submit", page, StringComparison.Ordinal);
        Assert.DoesNotContain(portal.Mailbox.Mail, m => m.EnvelopeTo.Contains(stranger, StringComparer.OrdinalIgnoreCase));
        await using var db = await portal.DbFactory.CreateDbContextAsync();
        Assert.False(await db.Notifications.AnyAsync(n => n.Recipient == stranger));
        Assert.False(await db.Set<CabinetSignInCode>().AnyAsync(c => c.Address == stranger));
        // Any code typed for it is simply wrong.
        var code = await client.EnterCodeAsync(page, "123456");
        Assert.Equal("Код неверный или больше не действует.", CabinetPortal.Alert(await code.Content.ReadAsStringAsync(), "cabinet-error"));
    }

    [Fact]
    public async Task ASwitchedOffPromoterGetsTheSameAnswerButNoCode()
    {
        using var client = CabinetClient.For(portal);

        var page = await client.RequestAsync(CabinetPortal.OffEmail);

        Assert.Equal(Neutral, CabinetPortal.Alert(page, "cabinet-sent"));
        await using var db = await portal.DbFactory.CreateDbContextAsync();
        Assert.False(await db.Notifications.AnyAsync(n => n.Recipient == CabinetPortal.OffEmail));
        Assert.False(await db.Set<CabinetSignInCode>().AnyAsync(c => c.PromoterId == portal.Off.Id));
    }

    [Fact]
    public async Task FiveWrongCodesVoidTheRequestSoEvenTheRightCodeFailsAfterwards()
    {
        using var client = CabinetClient.For(portal);
        var after = portal.LastMailId;
        var page = await client.RequestAsync(CabinetPortal.MariaEmail);
        var right = CabinetPortal.CodeIn((await portal.MailAsync(CabinetPortal.MariaEmail, after)).Subject);
        var wrong = right == "000000" ? "111111" : "000000";

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var answer = await client.EnterCodeAsync(page, wrong);
            Assert.Equal("Код неверный или больше не действует.", CabinetPortal.Alert(await answer.Content.ReadAsStringAsync(), "cabinet-error"));
        }

        var fifth = await client.EnterCodeAsync(page, wrong);
        Assert.Equal("Слишком много неверных попыток: этот код больше не действует. Запросите новый.", CabinetPortal.Alert(await fifth.Content.ReadAsStringAsync(), "cabinet-error"));
        var late = await client.EnterCodeAsync(page, right);
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.Equal("Код неверный или больше не действует.", CabinetPortal.Alert(await late.Content.ReadAsStringAsync(), "cabinet-error"));
        Assert.Equal(HttpStatusCode.Redirect, (await client.Http.GetAsync("/cabinet")).StatusCode);
    }

    [Fact]
    public async Task AnExpiredCodeAndLinkAreRefused()
    {
        using var client = CabinetClient.For(portal);
        var after = portal.LastMailId;
        var page = await client.RequestAsync(CabinetPortal.IvanEmail);
        var mail = await portal.MailAsync(CabinetPortal.IvanEmail, after);
        // Fifteen minutes pass (the row's time is what the portal compares with its clock).
        await using (var db = await portal.DbFactory.CreateDbContextAsync())
        {
            var past = DateTime.UtcNow.AddMinutes(-1);
            Assert.Equal(1, await db.Set<CabinetSignInCode>().Where(c => c.Address == CabinetPortal.IvanEmail && c.UsedAt == null && c.VoidedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.ExpiresAt, past)));
        }

        var code = await client.EnterCodeAsync(page, CabinetPortal.CodeIn(mail.Subject));
        Assert.Equal("Код неверный или больше не действует.", CabinetPortal.Alert(await code.Content.ReadAsStringAsync(), "cabinet-error"));
        Assert.Null(await client.UseLinkAsync(CabinetPortal.LinkIn(mail.TextBody!)));
        Assert.Equal(HttpStatusCode.Redirect, (await client.Http.GetAsync("/cabinet")).StatusCode);
    }

    [Fact]
    public async Task ANewRequestVoidsTheOlderCode()
    {
        using var client = CabinetClient.For(portal);
        var after = portal.LastMailId;
        var firstPage = await client.RequestAsync("work.ivan@example.ru");
        var first = await portal.MailAsync("work.ivan@example.ru", after);
        after = portal.LastMailId;
        await client.RequestAsync("work.ivan@example.ru");
        var second = await portal.MailAsync("work.ivan@example.ru", after);
        Assert.NotEqual(first.Id, second.Id);

        var old = await client.EnterCodeAsync(firstPage, CabinetPortal.CodeIn(first.Subject));
        Assert.Equal("Код неверный или больше не действует.", CabinetPortal.Alert(await old.Content.ReadAsStringAsync(), "cabinet-error"));
        var fresh = await client.EnterCodeAsync(firstPage, CabinetPortal.CodeIn(second.Subject));
        Assert.Equal(HttpStatusCode.Redirect, fresh.StatusCode);
    }

    [Fact]
    public async Task AnAddressAskedTooOftenIsToldToWaitWhetherOrNotItIsAPromoters()
    {
        using var client = CabinetClient.For(portal);
        foreach (var address in new[] { "limit.nobody@example.ru", "+79161230002" })
        {
            for (var i = 0; i < CabinetPortal.RequestsPerAddress; i++)
            {
                Assert.Equal(Neutral, CabinetPortal.Alert(await client.RequestAsync(address), "cabinet-sent"));
            }

            Assert.Equal("Для этого адреса уже запрошено много кодов. Попробуйте через 15 мин.", CabinetPortal.Alert(await client.RequestAsync(address), "cabinet-error"));
        }
    }

    [Fact]
    public async Task GarbageIsSaidToBeNoAddressAndAnEmptyFieldIsAskedFor()
    {
        using var client = CabinetClient.For(portal);
        Assert.Equal("Это не похоже на e-mail или номер телефона.", CabinetPortal.Alert(await client.RequestAsync("abc"), "cabinet-error"));
        Assert.Equal("Введите e-mail или номер телефона.", CabinetPortal.Alert(await client.RequestAsync(" "), "cabinet-error"));
        Assert.Equal("Это не похоже на e-mail или номер телефона.", CabinetPortal.Alert(await client.RequestAsync(new string('9', 5000)), "cabinet-error"));
    }

    [Fact]
    public async Task SignOutEndsTheSessionAndACopiedCookieStopsWorking()
    {
        using var client = CabinetClient.For(portal);
        var after = portal.LastMailId;
        var page = await client.RequestAsync(CabinetPortal.MariaEmail);
        var mail = await portal.MailAsync(CabinetPortal.MariaEmail, after);
        Assert.Equal(HttpStatusCode.Redirect, (await client.EnterCodeAsync(page, CabinetPortal.CodeIn(mail.Subject))).StatusCode);
        var cabinet = await client.Http.GetStringAsync("/cabinet");
        Assert.Contains(portal.Maria.ActiveCode!, cabinet, StringComparison.Ordinal);

        var signedOut = await client.PostAsync(cabinet, "/cabinet/sign-out", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal("/cabinet/sign-in?signedOut=1", CabinetPortal.PathOf(signedOut));
        var again = await client.Http.GetAsync("/cabinet");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal("/cabinet/sign-in", CabinetPortal.PathOf(again));
        // The promoter's account exists for the cookie's sake, with the Promoter role and no password.
        await using var db = await portal.DbFactory.CreateDbContextAsync();
        var user = await db.Users.SingleAsync(u => u.PromoterId == portal.Maria.Id);
        Assert.Null(user.PasswordHash);
        Assert.Equal("Мария Соколова", user.DisplayName);
    }
}
