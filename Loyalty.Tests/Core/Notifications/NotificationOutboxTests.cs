using Loyalty.Core.Notifications;
using Loyalty.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Core.Notifications;

public sealed class NotificationOutboxTests
{
    [Fact]
    public async Task TheSameNoticeQueuedTwiceIsSentOnce()
    {
        await using var harness = await NotificationHarness.StartAsync();

        var first = await harness.EnqueueAsync(NotificationHarness.Letter("anna@example.ru", "nps:survey:7"));
        var second = await harness.EnqueueAsync(NotificationHarness.Letter("anna@example.ru", "nps:survey:7"));
        await using (var db = harness.Database.CreateDbContext())
        {
            // Twice in one unit of work too.
            Assert.Equal(EnqueueOutcome.Queued, (await harness.Outbox.EnqueueAsync(db, NotificationHarness.Letter("boris@example.ru", "nps:survey:8"))).Outcome);
            Assert.Equal(EnqueueOutcome.Duplicate, (await harness.Outbox.EnqueueAsync(db, NotificationHarness.Letter("boris@example.ru", "nps:survey:8"))).Outcome);
            await db.SaveChangesAsync();
        }

        await harness.DrainAsync("the notices to be sent");

        Assert.Equal(EnqueueOutcome.Queued, first.Outcome);
        Assert.Equal(EnqueueOutcome.Duplicate, second.Outcome);
        Assert.Equal(2, (await harness.AllAsync()).Count);
        Assert.Equal(2, harness.Smtp.Received.Count);
    }

    [Fact]
    public async Task AUnitOfWorkThatDroppedItsNoticeCanQueueTheSameOccasionAgain()
    {
        await using var harness = await NotificationHarness.StartAsync();
        await using var db = harness.Database.CreateDbContext();
        Assert.Equal(EnqueueOutcome.Queued, (await harness.Outbox.EnqueueAsync(db, NotificationHarness.Letter("vera@example.ru", "nps:survey:9"))).Outcome);
        Assert.Equal(EnqueueOutcome.Duplicate, (await harness.Outbox.EnqueueAsync(db, NotificationHarness.Letter("vera@example.ru", "nps:survey:9"))).Outcome);

        // A caller starting over (after a failed save, say) clears its unit of work: the notice is queued again, once.
        db.ChangeTracker.Clear();
        var again = await harness.Outbox.EnqueueAsync(db, NotificationHarness.Letter("vera@example.ru", "nps:survey:9"));
        await db.SaveChangesAsync();

        Assert.Equal(EnqueueOutcome.Queued, again.Outcome);
        Assert.Equal("nps:survey:9", Assert.Single(await harness.AllAsync()).DedupeKey);
        Assert.Equal(EnqueueOutcome.Duplicate, (await harness.Outbox.EnqueueAsync(db, NotificationHarness.Letter("vera@example.ru", "nps:survey:9"))).Outcome);
    }

    [Fact]
    public async Task TwoConcurrentTransactionsQueueingTheSameOccasionBothCommitAndItIsSentOnce()
    {
        await using var harness = await NotificationHarness.StartAsync();
        await using var a = harness.Database.CreateDbContext();
        await using var b = harness.Database.CreateDbContext();
        // Both see no notice yet: each queues it in its own transaction, beside a change of its own.
        Assert.Equal(EnqueueOutcome.Queued, (await harness.Outbox.EnqueueAsync(a, NotificationHarness.Letter("anna@example.ru", "promoter:deal:42"))).Outcome);
        Assert.Equal(EnqueueOutcome.Queued, (await harness.Outbox.EnqueueAsync(b, NotificationHarness.Letter("anna@example.ru", "promoter:deal:42"))).Outcome);
        a.NotificationOptOuts.Add(new NotificationOptOut { Address = "a@example.ru", Channel = NotificationChannel.Email, CreatedAt = DateTime.UtcNow });
        b.NotificationOptOuts.Add(new NotificationOptOut { Address = "b@example.ru", Channel = NotificationChannel.Email, CreatedAt = DateTime.UtcNow });

        await Task.WhenAll(Commit(a), Commit(b));
        await harness.DrainAsync("the notice to be sent");

        Assert.Single(await harness.AllAsync());
        Assert.Single(harness.Smtp.Received);
        // The transaction that lost the race kept its other change.
        Assert.Equal(2, await a.NotificationOptOuts.CountAsync());

        static async Task Commit(Loyalty.Core.Data.LoyaltyDbContext db)
        {
            await Task.Yield();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }
    }

    [Fact]
    public async Task ANoticeIsWrittenOnlyWithTheChangeThatCausedIt()
    {
        await using var harness = await NotificationHarness.StartAsync();
        await using (var db = harness.Database.CreateDbContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await harness.Outbox.EnqueueAsync(db, NotificationHarness.Letter("anna@example.ru", "k"));
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        Assert.Empty(await harness.AllAsync());
    }

    [Fact]
    public async Task AnInvalidRecipientIsRefusedWithAClearMessage()
    {
        await using var harness = await NotificationHarness.StartAsync();

        var phone = await harness.EnqueueAsync(NotificationHarness.Text("12-34", "a"));
        var email = await harness.EnqueueAsync(NotificationHarness.Letter("anna at example", "b"));
        var empty = await harness.EnqueueAsync(new NoticeRequest(NotificationChannel.Email, NotificationKind.Other, "anna@example.ru", new RenderedNotice("", "", ""), "c"));

        Assert.Equal((EnqueueOutcome.InvalidRecipient, "Phone_Unrecognized"), (phone.Outcome, phone.MessageKey));
        Assert.Equal((EnqueueOutcome.InvalidRecipient, "Email_Invalid"), (email.Outcome, email.MessageKey));
        Assert.Equal(EnqueueOutcome.Incomplete, empty.Outcome);
        Assert.False(phone.Accepted);
        Assert.Contains("+7", NotificationText.Get(phone.MessageKey!, System.Globalization.CultureInfo.GetCultureInfo("en")), StringComparison.Ordinal);
        Assert.Empty(await harness.AllAsync());
    }

    [Fact]
    public async Task AnOptedOutRecipientIsRefusedAtEnqueueAndSkippedAtSendButSignInCodesStillGo()
    {
        await using var harness = await NotificationHarness.StartAsync();
        await harness.EnqueueAsync(NotificationHarness.Letter("anna@example.ru", "before"));
        await harness.EnqueueAsync(NotificationHarness.Text("+79123456789", "code", NotificationKind.SignInCode));

        // She unsubscribes through the link of a message already queued.
        var token = (await harness.AllAsync()).First().UnsubscribeUrl!.Split('/').Last();
        Assert.Equal(new OptOutAddress(NotificationChannel.Email, "anna@example.ru"), await harness.OptOuts.UnsubscribeAsync(token));
        await harness.OptOuts.OptOutAsync(NotificationChannel.Sms, "8 912 345 67 89", OptOutSource.Administrator);
        var after = await harness.EnqueueAsync(NotificationHarness.Letter("Anna@Example.ru", "after"));
        await harness.DrainAsync("the queue to empty");

        Assert.Equal(EnqueueOutcome.OptedOut, after.Outcome);
        var notices = await harness.AllAsync();
        Assert.Equal(NotificationStatus.Skipped, notices.Single(n => n.DedupeKey == "before").Status);
        Assert.Equal(NotificationFailures.OptedOut, notices.Single(n => n.DedupeKey == "before").FailureCode);
        Assert.Equal(NotificationStatus.Sent, notices.Single(n => n.DedupeKey == "code").Status);
        Assert.Empty(harness.Smtp.Received);
        Assert.Single(harness.Sms.Sent);
    }

    [Fact]
    public async Task AnUnsubscribeTokenCannotBeGuessedOrAltered()
    {
        await using var harness = await NotificationHarness.StartAsync();
        var tokens = harness.Services.GetRequiredService<UnsubscribeTokens>();
        var token = tokens.Issue(NotificationChannel.Email, "anna@example.ru");

        Assert.Equal("anna@example.ru", tokens.Verify(token)!.Address);
        Assert.Null(tokens.Verify(token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1]));
        Assert.Null(tokens.Verify("anna@example.ru"));
        Assert.Null(tokens.Verify(""));
        Assert.Null(await harness.OptOuts.UnsubscribeAsync("not-a-token"));
        Assert.DoesNotContain("anna", token, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AnSmsQueuedAtNightWaitsForTheMorningButASignInCodeGoesNow()
    {
        // 23:30 in Moscow.
        await using var harness = await NotificationHarness.StartAsync(new DateTimeOffset(2026, 12, 7, 20, 30, 0, TimeSpan.Zero));
        await harness.EnqueueAsync(NotificationHarness.Text("+79123456789", "survey", NotificationKind.NpsSurvey));
        await harness.EnqueueAsync(NotificationHarness.Text("+79123456780", "code", NotificationKind.SignInCode));
        await harness.EnqueueAsync(NotificationHarness.Letter("anna@example.ru", "mail", NotificationKind.NpsSurvey));

        await harness.Sender.SendDueAsync();

        var notices = await harness.AllAsync();
        var survey = notices.Single(n => n.DedupeKey == "survey");
        Assert.Equal(NotificationStatus.Waiting, survey.Status);
        Assert.Equal(new DateTime(2026, 12, 8, 6, 0, 0, DateTimeKind.Utc), survey.DueAt);
        Assert.Equal(NotificationStatus.Sent, notices.Single(n => n.DedupeKey == "code").Status);
        Assert.Equal(NotificationStatus.Sent, notices.Single(n => n.DedupeKey == "mail").Status);

        harness.Time.Advance(TimeSpan.FromHours(9.5));
        await harness.Sender.SendDueAsync();
        Assert.Equal(NotificationStatus.Sent, (await harness.AllAsync()).Single(n => n.DedupeKey == "survey").Status);
    }

    [Fact]
    public async Task ARetryThatFallsInTheNightIsHeldAtSendTime()
    {
        // 20:59 in Moscow: queued in the day, the gateway is busy, the retry comes after 21:00.
        await using var harness = await NotificationHarness.StartAsync(new DateTimeOffset(2026, 12, 7, 17, 59, 59, TimeSpan.Zero));
        harness.Sms.Code = _ => 220;
        await harness.EnqueueAsync(NotificationHarness.Text("+79123456789", "survey", NotificationKind.NpsSurvey));
        await harness.Sender.SendDueAsync();
        harness.Sms.Code = _ => 100;

        harness.Time.Advance(TimeSpan.FromMinutes(1));
        await harness.Sender.SendDueAsync();

        var notice = Assert.Single(await harness.AllAsync());
        Assert.Equal(NotificationStatus.Waiting, notice.Status);
        Assert.Equal(1, notice.Attempts);
        Assert.Equal(new DateTime(2026, 12, 8, 6, 0, 0, DateTimeKind.Utc), notice.DueAt);
        Assert.Empty(harness.Sms.Sent);
    }

    [Fact]
    public async Task TransientFailuresGiveUpAfterTheRetryWindowAndFailedNoticesCanBeRetried()
    {
        await using var harness = await NotificationHarness.StartAsync(settings: new Dictionary<string, string?> { ["Notifications:RetryMaxSeconds"] = "3600" });
        harness.Sms.Code = _ => 220;
        await harness.EnqueueAsync(NotificationHarness.Text("+79123456789", "a", NotificationKind.SignInCode));
        await harness.EnqueueAsync(NotificationHarness.Text("+79123456780", "b", NotificationKind.SignInCode));

        // Hour after hour for a day: every attempt meets a busy gateway.
        await Eventually.TrueAsync(async () =>
        {
            await harness.Sender.SendDueAsync();
            harness.Time.Advance(TimeSpan.FromMinutes(61));
            return (await harness.AllAsync()).All(n => n.Status == NotificationStatus.Failed);
        }, "both notices to give up", interval: TimeSpan.FromMilliseconds(1));

        var failed = await harness.AllAsync();
        Assert.All(failed, n =>
        {
            Assert.Equal(NotificationFailures.GaveUp, n.FailureCode);
            Assert.Contains("220", n.LastError, StringComparison.Ordinal);
            Assert.True(n.FailedAt - n.FirstTriedAt >= TimeSpan.FromHours(24));
            Assert.InRange(n.Attempts, 10, 40);
        });
        var counters = await harness.Queries.CountersAsync();
        Assert.Equal(2, counters.FailedTotal);

        harness.Sms.Code = _ => 100;
        Assert.True(await harness.Queries.RetryAsync(failed[0].Id));
        Assert.False(await harness.Queries.RetryAsync(failed[0].Id));
        await harness.Sender.SendDueAsync();
        var one = await harness.AllAsync();
        Assert.Equal([NotificationStatus.Sent, NotificationStatus.Failed], one.Select(n => n.Status));

        Assert.Equal(1, await harness.Queries.RetryAllAsync());
        await harness.Sender.SendDueAsync();
        Assert.All(await harness.AllAsync(), n => Assert.Equal(NotificationStatus.Sent, n.Status));
        Assert.Equal(2, harness.Sms.Sent.Count);
    }

    [Fact]
    public async Task TheListFiltersByChannelStatusPeriodAndRecipient()
    {
        await using var harness = await NotificationHarness.StartAsync();
        harness.Smtp.RejectRecipient = a => a.StartsWith("bad", StringComparison.Ordinal);
        await harness.EnqueueAsync(NotificationHarness.Letter("anna@example.ru", "1"));
        await harness.EnqueueAsync(NotificationHarness.Letter("bad@example.ru", "2"));
        await harness.EnqueueAsync(NotificationHarness.Text("+79123456789", "3"));
        await harness.DrainAsync("the queue to empty");

        var today = DateOnly.FromDateTime(harness.Time.GetUtcNow().UtcDateTime);
        Assert.Equal(3, (await harness.Queries.ListAsync(new NotificationFilter(From: today, To: today), 0, 50)).Total);
        Assert.Equal(0, (await harness.Queries.ListAsync(new NotificationFilter(From: today.AddDays(1)), 0, 50)).Total);
        Assert.Equal(2, (await harness.Queries.ListAsync(new NotificationFilter(Channel: NotificationChannel.Email), 0, 50)).Total);
        var failed = await harness.Queries.ListAsync(new NotificationFilter(Status: NotificationStatus.Failed), 0, 50);
        Assert.Equal("bad@example.ru", Assert.Single(failed.Rows).Recipient);
        Assert.Equal("+79123456789", Assert.Single((await harness.Queries.ListAsync(new NotificationFilter(Recipient: "8 912 345-67-89"), 0, 50)).Rows).Recipient);
        Assert.Equal(new NotificationCounters(2, 0, 1, 1), await harness.Queries.CountersAsync());
        var detail = await harness.Queries.GetAsync(failed.Rows[0].Id);
        Assert.Equal("2", detail!.DedupeKey);
    }

    [Fact]
    public async Task ChannelSettingsComeFromConfigurationUntilSavedAndSecretsAreNeverShown()
    {
        await using var harness = await NotificationHarness.StartAsync(settings: new Dictionary<string, string?> { ["Notifications:Smtp:Password"] = "smtp-secret-1" });

        var defaults = await harness.Settings.GetAsync();
        Assert.False(defaults.Saved);
        Assert.Equal("127.0.0.1", defaults.Form.SmtpHost);
        Assert.Equal(SmtpTlsMode.None, defaults.Form.SmtpTls);
        Assert.Null(defaults.Form.SmtpPassword);
        Assert.True(defaults.SmtpPassword.IsSet);
        Assert.True(defaults.SmtpPassword.FromConfiguration);
        Assert.DoesNotContain("secret", defaults.SmtpPassword.Masked, StringComparison.Ordinal);

        var form = defaults.Form.Copy();
        form.SmtpPort = 0;
        var refused = await Assert.ThrowsAsync<ChannelSettingsInvalidException>(() => harness.Settings.SaveAsync(form, "admin"));
        Assert.Contains(refused.Errors, e => e.Field == nameof(form.SmtpPort));

        form.SmtpPort = 2525;
        form.SmsApiId = "new-api-id";
        await harness.Settings.SaveAsync(form, "admin");
        var saved = await harness.Settings.GetAsync();
        var effective = await harness.Settings.EffectiveAsync();
        Assert.True(saved.Saved);
        Assert.Equal("admin", saved.UpdatedBy);
        Assert.Equal(2525, effective.Smtp.Port);
        Assert.Equal("smtp-secret-1", effective.Smtp.Password);
        Assert.Equal("new-api-id", effective.Sms.ApiId);
        Assert.Null(saved.Form.SmsApiId);
        Assert.Equal("ne••••", saved.SmsApiId.Masked);
        await using var db = harness.Database.CreateDbContext();
        var row = await db.ChannelSettings.SingleAsync();
        Assert.DoesNotContain("new-api-id", row.SmsApiIdProtected, StringComparison.Ordinal);
        Assert.DoesNotContain("smtp-secret", row.SmtpPasswordProtected, StringComparison.Ordinal);
    }
}
