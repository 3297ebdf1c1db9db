using System.Net;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Sandbox.Mail;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Loyalty.Tests.Web.Sandbox;

/// <summary>The sandbox portal's mail side, with no settings of its own: whatever the e-mail channel's defaults point at.</summary>
public sealed class MailSandbox() : SandboxPortal(new Dictionary<string, string?> { ["Sandbox:Mailbox:Capacity"] = "5" })
{
    public SandboxMailbox Mailbox => Services.GetRequiredService<SandboxMailbox>();

    public MailFaults Faults => Services.GetRequiredService<MailFaults>();

    public int SmtpPort
    {
        get
        {
            _ = Address;
            return int.Parse(Services.GetRequiredService<IConfiguration>()["Notifications:Smtp:Port"]!, System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Runs <paramref name="body"/> with the faults set, then switches them off again.</summary>
    public async Task WithFaultsAsync(int rate, MailFault[] kinds, Func<Task> body)
    {
        Faults.Set(rate, kinds);
        try
        {
            await body();
        }
        finally
        {
            Faults.Set(0, []);
        }
    }
}

/// <summary>
/// MailKit, as any mail client would, talks to the sandbox's SMTP server over a real socket on 127.0.0.1; what it
/// accepts is in the mailbox, parsed, and fault injection answers as a real server would.
/// </summary>
public sealed class SandboxMailTests(MailSandbox portal) : IClassFixture<MailSandbox>
{
    [Fact]
    public async Task InSandboxModeTheChannelsArePointedAtTheSandboxSmtpServerAndSmsGateway()
    {
        var configuration = portal.Services.GetRequiredService<IConfiguration>();
        var channels = await portal.Services.GetRequiredService<Loyalty.Core.Notifications.ChannelSettings>().EffectiveAsync();

        Assert.Equal("127.0.0.1", channels.Smtp.Host);
        Assert.Equal(portal.SmtpPort, channels.Smtp.Port);
        Assert.Equal(Loyalty.Core.Notifications.SmtpTlsMode.None, channels.Smtp.Tls);
        Assert.True(channels.Smtp.IsConfigured);
        // A stable name the SMS client's requests are routed from to the portal's own /sandbox/sms/ (SandboxSmsRouting).
        Assert.Equal("http://sms.sandbox.localhost/sandbox/sms/", channels.Sms.BaseUrl);
        Assert.Equal("sandbox-sms", channels.Sms.ApiId);
        var balance = await portal.Services.GetRequiredService<Loyalty.Core.Notifications.ChannelChecks>().SmsBalanceAsync();
        Assert.True(balance > 0, $"the sandbox gateway's balance, read by the portal's SMS client, is {balance}");

        Assert.Equal("127.0.0.1", configuration["Notifications:Smtp:Host"]);
        Assert.Equal("None", configuration["Notifications:Smtp:Tls"]);
        Assert.True(portal.SmtpPort > 0);
    }

    [Fact]
    public async Task AnEmailSentWithMailKitArrivesWithBothPartsAndItsCyrillicIntact()
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Программа лояльности", "loyalty@example.ru"));
        message.To.Add(new MailboxAddress("Анна Смирнова", "anna@example.ru"));
        message.Subject = "Ваши бонусы: 1 234,50 ₽";
        message.Body = new BodyBuilder
        {
            TextBody = "Здравствуйте, Анна! Начислено 500 бонусов.",
            HtmlBody = "<p>Здравствуйте, <b>Анна</b>! Начислено 500 бонусов.</p><script>alert(1)</script>",
        }.ToMessageBody();

        using (var client = new SmtpClient())
        {
            await client.ConnectAsync("127.0.0.1", portal.SmtpPort, SecureSocketOptions.None);
            await client.AuthenticateAsync("any-user", "any-password");
            await client.SendAsync(message);
            await client.DisconnectAsync(true);
        }

        var received = portal.Mailbox.Mail.First(m => m.Subject == "Ваши бонусы: 1 234,50 ₽");
        Assert.Equal("Здравствуйте, Анна! Начислено 500 бонусов.", received.TextBody?.Trim());
        Assert.Contains("<b>Анна</b>", received.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Анна Смирнова", received.To, StringComparison.Ordinal);
        Assert.Equal(["anna@example.ru"], received.EnvelopeTo);
        Assert.Equal("loyalty@example.ru", received.EnvelopeFrom);
        Assert.Contains(received.Headers, h => h.Key == "Subject");
        // Shown on the mailbox page only after sanitizing: the script is gone, the text stays.
        var shown = MailHtml.Sanitize(received.HtmlBody!);
        Assert.DoesNotContain("script", shown, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<b>Анна</b>", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePortalsTestEmailAndSmsReachTheSandboxMailbox()
    {
        var checks = portal.Services.GetRequiredService<Loyalty.Core.Notifications.ChannelChecks>();

        var email = await checks.SendTestEmailAsync("anna.smirnova@example.ru", "Анна");
        var sms = await checks.SendTestSmsAsync("+7 912 345-67-89", "Анна");

        Assert.True(email.Succeeded, $"{email.FailureCode}: {email.Reply}");
        Assert.True(sms.Succeeded, $"{sms.FailureCode}: {sms.Reply}");
        Assert.Contains(portal.Mailbox.Mail, m => m.EnvelopeTo.Contains("anna.smirnova@example.ru"));
        Assert.Contains(portal.Mailbox.Sms, m => m.To == "79123456789");
    }

    [Fact]
    public async Task TheMailboxKeepsOnlyItsCapacityNewestFirst()
    {
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", portal.SmtpPort, SecureSocketOptions.None);
        for (var i = 1; i <= 7; i++)
        {
            await client.SendAsync(Plain($"Письмо {i}"));
        }

        await client.DisconnectAsync(true);

        var subjects = portal.Mailbox.Mail.Select(m => m.Subject).ToList();
        Assert.Equal(5, subjects.Count);
        Assert.Equal(["Письмо 7", "Письмо 6", "Письмо 5", "Письмо 4", "Письмо 3"], subjects);
    }

    [Theory]
    [InlineData(MailFault.SmtpTemporary, 450)]
    [InlineData(MailFault.SmtpPermanent, 550)]
    public async Task AnInjectedRecipientFaultIsAnsweredWithItsSmtpCodeAndNothingIsKept(MailFault fault, int code)
    {
        await portal.WithFaultsAsync(100, [fault], async () =>
        {
            var before = portal.Mailbox.Mail.Count(m => m.Subject == "Сбой " + code);
            using var client = new SmtpClient();
            await client.ConnectAsync("127.0.0.1", portal.SmtpPort, SecureSocketOptions.None);

            var error = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(Plain("Сбой " + code)));

            Assert.Equal(code, (int)error.StatusCode);
            Assert.Contains("sandbox fault injection", error.Message, StringComparison.Ordinal);
            Assert.Equal(before, portal.Mailbox.Mail.Count(m => m.Subject == "Сбой " + code));
        });
    }

    [Fact]
    public async Task AnInjectedRefusalAnswersTheConnectionWith554AndTheNextConnectionWorksOnceFaultsAreOff()
    {
        await portal.WithFaultsAsync(100, [MailFault.SmtpRefused], async () =>
        {
            using var client = new SmtpClient();
            var error = await Assert.ThrowsAnyAsync<Exception>(() => client.ConnectAsync("127.0.0.1", portal.SmtpPort, SecureSocketOptions.None));
            Assert.True(error is SmtpCommandException { StatusCode: (SmtpStatusCode)554 } or SmtpProtocolException or IOException, error.ToString());
        });

        using var again = new SmtpClient();
        await again.ConnectAsync("127.0.0.1", portal.SmtpPort, SecureSocketOptions.None);
        await again.SendAsync(Plain("После сбоя"));
        Assert.Contains(portal.Mailbox.Mail, m => m.Subject == "После сбоя");
    }

    [Fact]
    public async Task AClientThatSendsGarbageGetsAnSmtpErrorAndTheServerKeepsServing()
    {
        using (var socket = new System.Net.Sockets.TcpClient())
        {
            await socket.ConnectAsync(IPAddress.Loopback, portal.SmtpPort);
            var stream = socket.GetStream();
            using var reader = new StreamReader(stream);
            Assert.StartsWith("220", await reader.ReadLineAsync());
            await stream.WriteAsync("HELO\u0000\u00ff garbage\r\nMAIL FROM:<<<>>>\r\n"u8.ToArray());
            var reply = await reader.ReadLineAsync();
            Assert.Matches("^5\\d\\d", reply);
        }

        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", portal.SmtpPort, SecureSocketOptions.None);
        await client.SendAsync(Plain("После мусора"));
        Assert.Contains(portal.Mailbox.Mail, m => m.Subject == "После мусора");
    }

    private static MimeMessage Plain(string subject)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("loyalty@example.ru"));
        message.To.Add(MailboxAddress.Parse("client@example.ru"));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = subject };
        return message;
    }
}
