using System.Net;
using System.Text.RegularExpressions;
using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Promoters;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Sandbox.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Web.Cabinet;

/// <summary>
/// The sandbox portal with two promoters switched on through the registry (Иван Петров and Мария Соколова, each with its
/// own e-mail and phone), a switched-off one, and the sandbox mailbox where the portal's SMTP and SMS notices arrive.
/// </summary>
public sealed partial class CabinetPortal : PortalFactory, IAsyncLifetime
{
    public const string IvanEmail = "ivan.cabinet@example.ru";
    public const string IvanPhone = "+79161230001";
    public const string MariaEmail = "maria.cabinet@example.ru";
    public const string OffEmail = "off.cabinet@example.ru";

    /// <summary>Each test asks for a few codes; the per-address limit has its own test, with addresses of its own.</summary>
    public const int RequestsPerAddress = 6;

    public CabinetPortal()
    {
        // Sign-in codes are never held by quiet hours; the rest of the sandbox's notices may be, so none are.
        Settings["Notifications:QuietFrom"] = "00:00";
        Settings["Notifications:QuietTo"] = "00:00";
        Settings["Cabinet:RequestsPerAddress"] = RequestsPerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public Promoter Ivan { get; private set; } = null!;

    public Promoter Maria { get; private set; } = null!;

    public Promoter Off { get; private set; } = null!;

    public SandboxMailbox Mailbox => Services.GetRequiredService<SandboxMailbox>();

    public IDbContextFactory<LoyaltyDbContext> DbFactory => Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>();

    public async Task InitializeAsync()
    {
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            var now = DateTime.UtcNow;
            db.Contacts.AddRange(
                new Contact { Id = 910_001, FirstName = "Иван", LastName = "Петров", Emails = "work.ivan@example.ru; " + IvanEmail, EmailNormalized = "work.ivan@example.ru", Phones = "+7 (916) 123-00-01", PhoneDigits = "79161230001", SyncedAt = now, ModifiedAt = now },
                new Contact { Id = 910_002, FirstName = "Мария", LastName = "Соколова", Emails = MariaEmail, EmailNormalized = MariaEmail, Phones = "+79161230002", PhoneDigits = "79161230002", SyncedAt = now, ModifiedAt = now },
                new Contact { Id = 910_003, FirstName = "Олег", LastName = "Выключенный", Emails = OffEmail, EmailNormalized = OffEmail, SyncedAt = now, ModifiedAt = now });
            await db.SaveChangesAsync();
        }

        var registry = Services.GetRequiredService<PromoterRegistry>();
        Ivan = await registry.SwitchOnAsync(910_001, "test");
        Maria = await registry.SwitchOnAsync(910_002, "test");
        Off = await registry.SwitchOnAsync(910_003, "test");
        await registry.SwitchOffAsync(Off.Id, "test");
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    /// <summary>The newest e-mail to <paramref name="address"/> that carries a code other than those already seen.</summary>
    public Task<ReceivedMail> MailAsync(string address, int after = 0) =>
        Eventually.ValueAsync(
            () => Task.FromResult(Mailbox.Mail.Where(m => m.Id > after && m.EnvelopeTo.Contains(address, StringComparer.OrdinalIgnoreCase)).OrderByDescending(m => m.Id).FirstOrDefault()),
            $"a sign-in e-mail to {address}");

    /// <summary>A client signed in to the cabinet as the promoter that owns <paramref name="email"/>, with the code from its e-mail.</summary>
    public async Task<CabinetClient> SignedInPromoterAsync(string email)
    {
        var client = CabinetClient.For(this);
        var after = LastMailId;
        var page = await client.RequestAsync(email);
        var mail = await MailAsync(email, after);
        var response = await client.EnterCodeAsync(page, CodeIn(mail.Subject));
        Assert.Equal("/cabinet", PathOf(response));
        return client;
    }

    public int LastMailId => Mailbox.Mail.Select(m => (int)m.Id).DefaultIfEmpty(0).Max();

    public static string CodeIn(string text) => SixDigits().Match(text) is { Success: true } match ? match.Value : throw new InvalidOperationException("No code in: " + text);

    /// <summary>The link's path and query (the public address of the tests is not this in-process server).</summary>
    public static string LinkIn(string text) =>
        LinkPattern().Match(text) is { Success: true } match ? new Uri(match.Value).PathAndQuery : throw new InvalidOperationException("No link in: " + text);

    /// <summary>Where a redirect points, as a path and query, whether the header is absolute or relative.</summary>
    public static string? PathOf(HttpResponseMessage response) =>
        response.Headers.Location is not { } location ? null : location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;

    /// <summary>The neutral answer or the error the sign-in page shows, as text.</summary>
    public static string Alert(string html, string testId) =>
        Regex.Match(html, $"data-testid=\"{testId}\">(?<text>[^<]*)<") is { Success: true } match ? WebUtility.HtmlDecode(match.Groups["text"].Value) : "";

    [GeneratedRegex(@"(?<![\d+])\d{6}(?!\d)")]
    private static partial Regex SixDigits();

    [GeneratedRegex(@"https?://\S+/cabinet/sign-in/link\?token=[A-Za-z0-9_-]+")]
    private static partial Regex LinkPattern();
}
