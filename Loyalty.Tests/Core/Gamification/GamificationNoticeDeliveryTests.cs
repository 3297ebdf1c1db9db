using System.Globalization;
using System.Text.Json;
using Loyalty.Core.Bitrix24;
using Loyalty.Core.Data;
using Loyalty.Core.Gamification;
using Loyalty.Core.Notifications;
using Loyalty.Core.Sync;
using Loyalty.Tests.Core.Sync;
using Loyalty.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Core.Gamification;

/// <summary>
/// Gamification's Bitrix24 notices go through the notifications outbox (decision 016): a notice is a notification row
/// (channel Bitrix24, kind Gamification) written with it, sent by the notifications sender through the portal's Bitrix24
/// client to the sandbox over real HTTP, and the sandbox receives it once even when the occasion is queued twice.
/// </summary>
public sealed class GamificationNoticeDeliveryTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 20, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ANoticeQueuedTwiceIsOneNotificationRowAndReachesTheEmployeeOnce()
    {
        await using var portal = new SyncPortal(time: new ManualTimeProvider(Start));
        portal.Start();
        await portal.Sync.RunAsync(SyncKind.Incremental, null, "test");
        long employee;
        await using (var db = await DbAsync(portal))
        {
            employee = await db.Employees.Where(e => e.Active).OrderBy(e => e.Id).Select(e => e.Id).FirstAsync();
        }

        var message = $"Вы получили значок «Проверка доставки {Guid.NewGuid():N}»";
        // The same occasion twice, in two units of work (a pass replayed).
        for (var i = 0; i < 2; i++)
        {
            await using var db = await DbAsync(portal);
            await portal.Services.GetRequiredService<GamificationNotices>().AddAsync(db, NoticeKind.BadgeAwarded, employee, message, null, null, "badge:delivery-test:Gold:2026-03", default);
            await db.SaveChangesAsync();
        }

        await portal.Services.GetRequiredService<NotificationSender>().SendDueAsync();
        await portal.WaitUntilAsync(db => db.Notifications.AnyAsync(n => n.Text == message && n.Status == NotificationStatus.Sent), "the notice sent");

        await using (var db = await DbAsync(portal))
        {
            var row = await db.Notifications.SingleAsync(n => n.Text == message);
            Assert.Equal((NotificationChannel.Bitrix24, NotificationKind.Gamification, employee.ToString(CultureInfo.InvariantCulture), 1), (row.Channel, row.Kind, row.Recipient, row.Attempts));
            Assert.False(string.IsNullOrEmpty(row.ProviderMessageId), "the Bitrix24 notification's ID is kept");
            Assert.False(await db.CrmWriteBacks.AnyAsync(w => w.Method == Bitrix24Notifier.Method));
            Assert.Equal(2, await db.GamificationNotices.CountAsync(n => n.Text == message));
        }

        var journal = await JournalAsync(portal);
        Assert.Single(journal, n => n.UserId == employee && n.Message == message);
    }

    [Fact]
    public async Task ANoticeToAUserBitrix24DoesNotKnowFailsAtOnce()
    {
        await using var portal = new SyncPortal(time: new ManualTimeProvider(Start));
        portal.Start();
        await using (var db = await DbAsync(portal))
        {
            var queued = await portal.Services.GetRequiredService<NotificationOutbox>().EnqueueAsync(db, new NoticeRequest(
                NotificationChannel.Bitrix24, NotificationKind.Gamification, "987654", new RenderedNotice(null, null, "Нет такого сотрудника"), "test:unknown-user"));
            Assert.Equal(EnqueueOutcome.Queued, queued.Outcome);
            await db.SaveChangesAsync();
        }

        await portal.Services.GetRequiredService<NotificationSender>().SendDueAsync();
        await portal.WaitUntilAsync(db => db.Notifications.AnyAsync(n => n.DedupeKey == "test:unknown-user" && n.Status == NotificationStatus.Failed), "the notice failed");

        await using (var db = await DbAsync(portal))
        {
            var row = await db.Notifications.SingleAsync(n => n.DedupeKey == "test:unknown-user");
            Assert.Equal(1, row.Attempts);
            Assert.Equal(NotificationFailures.Bitrix24Error, row.FailureCode);
            Assert.Contains("USER_ID_EMPTY", row.LastError, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string, SendResult> Errors => new()
    {
        { "QUERY_LIMIT_EXCEEDED", SendResult.Transient },
        { "500", SendResult.Transient },
        { "transport", SendResult.Transient },
        { "expired_token", SendResult.Permanent },
        { "NOT_FOUND", SendResult.Permanent },
        { "ACCESS_DENIED", SendResult.Permanent },
        { "USER_ID_EMPTY", SendResult.Permanent },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Bitrix24ErrorsAreClassifiedAsPermanentOrTransient(string error, SendResult expected)
    {
        Bitrix24Exception ex = error switch
        {
            "QUERY_LIMIT_EXCEEDED" => new Bitrix24LimitException(error, "Too many requests", 503),
            "500" => new Bitrix24Exception("INTERNAL_SERVER_ERROR", "Internal error", 500),
            "transport" => new Bitrix24TransportException("Connection refused", 0),
            "expired_token" => new Bitrix24AuthException(error, "The access token provided has expired", 401),
            "NOT_FOUND" => new Bitrix24NotFoundException(error, "Not found", 400),
            "ACCESS_DENIED" => new Bitrix24AccessException(error, "Access denied", 403),
            _ => new Bitrix24Exception(error, "User ID can't be empty", 400),
        };

        Assert.Equal(expected, Bitrix24Notifier.Classify(ex).Result);
    }

    private static async Task<LoyaltyDbContext> DbAsync(SyncPortal portal) => await SyncOverSandboxTests.DbAsync(portal);

    private static async Task<List<(long UserId, string Message)>> JournalAsync(SyncPortal portal)
    {
        using var http = new HttpClient { BaseAddress = portal.BaseAddress };
        using var journal = JsonDocument.Parse(await http.GetStringAsync("/sandbox/journal?secret=sandbox&method=im.notify.system.add"));
        return journal.RootElement.EnumerateArray()
            .Select(e => e.GetProperty("parameters"))
            .Select(p => (long.Parse(Text(p.GetProperty("USER_ID")), CultureInfo.InvariantCulture), Text(p.GetProperty("MESSAGE"))))
            .ToList();

        static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
    }
}
