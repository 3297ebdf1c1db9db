using System.Text.Json;
using Loyalty.Core.Bitrix24;
using Loyalty.Core.Data;
using Loyalty.Core.Notifications;
using Loyalty.Core.Portal;
using Loyalty.Tests.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Core.Notifications;

/// <summary>
/// The notifications as the portal wires them (<see cref="NotificationsRegistration.AddNotifications"/>, defaults from
/// configuration as sandbox mode sets them) over a real SQLite file, a real SMTP server and an SMS.ru stand-in on
/// Kestrel, with a clock the test moves. Retries wait 1–2 s of that clock.
/// </summary>
internal sealed class NotificationHarness : IAsyncDisposable
{
    /// <summary>Noon in Moscow on a Monday: outside SMS quiet hours.</summary>
    public static readonly DateTimeOffset Noon = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    private NotificationHarness(TestDatabase database, SmtpTestServer smtp, SmsRuTestServer sms, ManualTimeProvider time, ServiceProvider services)
    {
        Database = database;
        Smtp = smtp;
        Sms = sms;
        Time = time;
        Services = services;
    }

    public TestDatabase Database { get; }

    public SmtpTestServer Smtp { get; }

    public SmsRuTestServer Sms { get; }

    public ManualTimeProvider Time { get; }

    public ServiceProvider Services { get; }

    public NotificationOutbox Outbox => Services.GetRequiredService<NotificationOutbox>();

    public NotificationSender Sender => Services.GetRequiredService<NotificationSender>();

    public NotificationQueries Queries => Services.GetRequiredService<NotificationQueries>();

    public NotificationOptOuts OptOuts => Services.GetRequiredService<NotificationOptOuts>();

    public NoticeTemplates Templates => Services.GetRequiredService<NoticeTemplates>();

    public ChannelSettings Settings => Services.GetRequiredService<ChannelSettings>();

    public static async Task<NotificationHarness> StartAsync(DateTimeOffset? now = null, IDictionary<string, string?>? settings = null)
    {
        var database = await TestDatabase.CreateAsync();
        var smtp = await SmtpTestServer.StartAsync();
        var sms = await SmsRuTestServer.StartAsync();
        var time = new ManualTimeProvider(now ?? Noon);
        var values = new Dictionary<string, string?>
        {
            ["Portal:TimeZone"] = "Europe/Moscow",
            ["Notifications:Smtp:Host"] = "127.0.0.1",
            ["Notifications:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Notifications:Smtp:Tls"] = "None",
            ["Notifications:Smtp:SenderAddress"] = "loyalty@example.ru",
            ["Notifications:Smtp:SenderName"] = "Программа лояльности",
            ["Notifications:Sms:BaseUrl"] = sms.BaseUrl,
            ["Notifications:Sms:ApiId"] = SmsRuTestServer.ApiId,
            ["Notifications:PublicBaseUrl"] = "https://loyalty.example.ru",
            ["Notifications:RetryFirstSeconds"] = "1",
            ["Notifications:RetryMaxSeconds"] = "2",
            ["Notifications:EmailPerMinute"] = "0",
            ["Notifications:SmsPerMinute"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<IDbContextFactory<LoyaltyDbContext>>(database);
        services.Configure<PortalOptions>(configuration.GetSection(PortalOptions.Section));
        services.AddSingleton<PortalClock>();
        services.AddSingleton<WorkerStatus>();
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services.AddSingleton<IBitrix24Client, NoBitrix24>();
        services.AddNotifications(configuration);
        return new NotificationHarness(database, smtp, sms, time, services.BuildServiceProvider());
    }

    public static RenderedNotice Mail(string subject = "Тема", string text = "Текст") => new(subject, $"<p>{text}</p>", text);

    public static NoticeRequest Letter(string to, string key, NotificationKind kind = NotificationKind.Other) =>
        new(NotificationChannel.Email, kind, to, Mail(), key);

    public static NoticeRequest Text(string to, string key, NotificationKind kind = NotificationKind.Other) =>
        new(NotificationChannel.Sms, kind, to, new RenderedNotice(null, null, "Код 1234"), key);

    /// <summary>Queues in a unit of work of its own and saves it.</summary>
    public async Task<EnqueueResult> EnqueueAsync(NoticeRequest request)
    {
        await using var db = Database.CreateDbContext();
        var result = await Outbox.EnqueueAsync(db, request);
        await db.SaveChangesAsync();
        return result;
    }

    public async Task<List<Notification>> AllAsync()
    {
        await using var db = Database.CreateDbContext();
        return await db.Notifications.AsNoTracking().OrderBy(n => n.Id).ToListAsync();
    }

    /// <summary>Runs the sender, moving the clock past every back-off, until nothing waits.</summary>
    public Task DrainAsync(string what) =>
        Eventually.TrueAsync(async () =>
        {
            await Sender.SendDueAsync();
            await using var db = Database.CreateDbContext();
            if (!await db.Notifications.AnyAsync(n => n.Status == NotificationStatus.Waiting || n.Status == NotificationStatus.Sending))
            {
                return true;
            }

            Time.Advance(TimeSpan.FromSeconds(3));
            return false;
        }, what, interval: TimeSpan.FromMilliseconds(1));

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Sms.DisposeAsync();
        await Smtp.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>These tests send no Bitrix24 notices; the Bitrix24 channel has its own test over the sandbox.</summary>
    private sealed class NoBitrix24 : IBitrix24Client
    {
        public Task<JsonElement> CallAsync(string method, IReadOnlyDictionary<string, object?>? parameters = null, CancellationToken ct = default) =>
            throw new Bitrix24TransportException("No Bitrix24 in this test.", 0);

        public Task<Bitrix24BatchResult> BatchAsync(IReadOnlyList<Bitrix24Command> commands, bool halt = false, CancellationToken ct = default) =>
            throw new Bitrix24TransportException("No Bitrix24 in this test.", 0);

        public IAsyncEnumerable<IReadOnlyList<JsonElement>> ListAsync(Bitrix24ListRequest request, CancellationToken ct = default) =>
            throw new Bitrix24TransportException("No Bitrix24 in this test.", 0);
    }
}
