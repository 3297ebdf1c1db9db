using System.Globalization;
using System.Net;
using System.Text.Json;
using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Gamification;
using Loyalty.Core.Ledger;
using Loyalty.Core.Notifications;
using Loyalty.Core.Sync;
using Loyalty.Core.WriteBack;
using Loyalty.Tests.Core.Sync;
using Loyalty.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Core.Gamification;

/// <summary>
/// Gamification end to end: the sandbox portal over real HTTP, the sync, then points, ratings, badges and notices.
/// The clock stands still on 20 March 2026 (13:00 in Moscow), so the current month is March and holds the
/// sandbox's last 20 days. Expected rankings are worked out here from the mirror's rows and the formula as
/// documented (ADR 006), not by RatingMath.
/// </summary>
public sealed class GamificationOverSandboxTests
{
    private static readonly DateTimeOffset Anchor = new(2026, 3, 20, 9, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Start = Anchor.AddMinutes(30);
    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
    private static readonly DateTime MarchStart = new(2026, 2, 28, 21, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime AprilStart = new(2026, 3, 31, 21, 0, 0, DateTimeKind.Utc);
    private const string March = "2026-03";

    private static readonly RatingDefinition ManagerOfTheMonth = new()
    {
        Name = "Менеджер месяца", Scope = RatingScope.Individual, Period = PeriodKind.Month,
        Criteria = [new(Metric.DealSum, 40), new(Metric.WonDeals, 20), new(Metric.NewClients, 20), new(Metric.AverageDeal, 10), new(Metric.Calls, 10)],
        Threshold = new Threshold(Metric.WonDeals, 1),
    };

    private static readonly RatingDefinition Departments = new()
    {
        Name = "Отделы", Scope = RatingScope.Team, Period = PeriodKind.Month,
        Criteria = [new(Metric.DealSum, 50), new(Metric.WonDeals, 30), new(Metric.Calls, 20)],
    };

    [Fact]
    public async Task AfterASyncTheRatingsRankTheMirrorAsTheDocumentedFormulaDoes()
    {
        var time = new ManualTimeProvider(Start);
        await using var portal = CreatePortal(time);
        portal.Start();
        await portal.Sync.RunAsync(SyncKind.Incremental, null, "test");
        var individual = await Queries(portal).SaveRatingAsync(ManagerOfTheMonth, "test");
        var teams = await Queries(portal).SaveRatingAsync(Departments, "test");

        await Pipeline(portal).RunFullAsync();

        var mirror = await MirrorRows.LoadAsync(portal);
        Assert.True(mirror.Deals.Count(d => d.WonAt >= MarchStart) >= 5, "the sandbox should have won deals in March");
        var expected = Expected.Individual(ManagerOfTheMonth, mirror);
        Assert.True(expected.Count(r => r.Rank is not null) >= 3, "several managers should take part");
        Assert.Contains(expected, r => r.Rank is null);
        Assert.Equal(expected, await BoardAsync(portal, individual.Id));
        Assert.Equal(expected, await StoredAsync(portal, individual.Id));

        var expectedTeams = Expected.Teams(Departments, mirror);
        Assert.True(expectedTeams.Count >= 2, "the sandbox should have departments under the top one");
        Assert.Equal(expectedTeams, await BoardAsync(portal, teams.Id));
        Assert.Equal(expectedTeams, await StoredAsync(portal, teams.Id));
    }

    [Fact]
    public async Task AWonDealMovesItsManagerUpPaysOnceAwardsABadgeAndMovingItBackUndoesEverything()
    {
        var time = new ManualTimeProvider(Start);
        await using var portal = CreatePortal(time);
        portal.Start();
        await portal.Sync.RunAsync(SyncKind.Incremental, null, "test");

        // The deal to win: its manager takes part, is not first, and climbs with it (worked out from the mirror).
        var mirror = await MirrorRows.LoadAsync(portal);
        var before = Expected.Individual(ManagerOfTheMonth, mirror);
        var (deal, manager, rankBefore, rankAfter) = ChooseDeal(mirror, before, Start.UtcDateTime.AddMinutes(1));
        var winsBefore = mirror.Deals.Count(d => d.AssignedById == manager && d.WonAt >= MarchStart && d.WonAt < AprilStart);

        var rating = await Queries(portal).SaveRatingAsync(ManagerOfTheMonth, "test");
        long firstClientId, monthWinsId;
        await using (var db = await DbAsync(portal))
        {
            // Awarded to everyone on the first pass (silently); it makes the next award news.
            var firstClient = db.Badges.Add(new Badge { Name = "Первый клиент", Rule = BadgeRule.FirstWonDeal, Icon = "handshake", CreatedAt = Start.UtcDateTime }).Entity;
            // Only the deal to win takes its manager to this threshold.
            var monthWins = db.Badges.Add(new Badge
            {
                Name = "Серия побед", Rule = BadgeRule.MetricInPeriod, Metric = Metric.WonDeals, Period = PeriodKind.Month, Repeatable = true,
                BronzeThreshold = winsBefore + 1, Icon = "star", CreatedAt = Start.UtcDateTime,
            }).Entity;
            await db.SaveChangesAsync();
            (firstClientId, monthWinsId) = (firstClient.Id, monthWins.Id);
        }

        await Pipeline(portal).RunFullAsync();
        Assert.Equal(before, await BoardAsync(portal, rating.Id));
        var account = new AccountKey(AccountKind.EmployeePoints, manager);
        var balanceBefore = await Ledger(portal).BalanceAsync(account);
        await using (var db = await DbAsync(portal))
        {
            Assert.True(await db.BadgeAwards.AnyAsync(a => a.BadgeId == firstClientId && a.EmployeeId == manager && a.RevokedAt == null));
            Assert.False(await db.BadgeAwards.AnyAsync(a => a.BadgeId == monthWinsId && a.EmployeeId == manager));
            Assert.False(await db.GamificationNotices.AnyAsync(), "what the CRM's history earned is not announced");
        }

        // Won in the portal, like a manager would: through the REST API.
        time.Advance(TimeSpan.FromMinutes(1));
        await SyncOverSandboxTests.UpdateDealStageAsync(portal, deal.Id, "WON");
        await portal.Sync.RunAsync(SyncKind.Incremental, null, "test");
        var changed = new List<(long, string)>();
        Hub(portal).Changed += (id, key) => changed.Add((id, key));
        await Pipeline(portal).RunIncrementalAsync();

        var won = Expected.Individual(ManagerOfTheMonth, await MirrorRows.LoadAsync(portal));
        Assert.Equal(rankAfter, won.Single(r => r.Id == manager).Rank);
        Assert.True(rankAfter < rankBefore);
        Assert.Equal(1, rankAfter);
        Assert.Equal(won, await BoardAsync(portal, rating.Id));
        Assert.Contains((rating.Id, March), changed);
        var points = deal.AmountMinor >= 100_000_00 ? 100 : deal.AmountMinor >= 50_000_00 ? 50 : 20;
        Assert.Equal(balanceBefore + points, await Ledger(portal).BalanceAsync(account));
        Assert.Equal([(EntryKind.Accrual, (long)points)], await DealEntriesAsync(portal, deal.Id));
        await using (var db = await DbAsync(portal))
        {
            var award = await db.BadgeAwards.SingleAsync(a => a.BadgeId == monthWinsId && a.EmployeeId == manager);
            Assert.Equal((BadgeLevel.Bronze, March, March, (DateTime?)null), (award.Level, award.PeriodKey, award.EarnedInPeriod, award.RevokedAt));
            var notice = await db.GamificationNotices.SingleAsync(n => n.Kind == NoticeKind.BadgeAwarded);
            Assert.Equal((manager, (long?)monthWinsId), (notice.EmployeeId, notice.BadgeId));
        }

        // The notice reaches the manager in Bitrix24, through the notifications outbox (the portal's worker may be first).
        await Notifications(portal).SendDueAsync();
        await Eventually.TrueAsync(
            async () => { await using var db = await DbAsync(portal); return !await db.Notifications.AnyAsync(n => n.Channel == NotificationChannel.Bitrix24 && n.Status != NotificationStatus.Sent); },
            "every Bitrix24 notice sent");
        var notified = await NotificationsAsync(portal);
        await using (var db = await DbAsync(portal))
        {
            Assert.False(await db.CrmWriteBacks.AnyAsync(w => w.Method == "im.notify.system.add"), "notices go through the notifications outbox now");
            var rows = await db.Notifications.Where(n => n.Channel == NotificationChannel.Bitrix24).ToListAsync();
            Assert.All(rows, n => Assert.Equal((NotificationKind.Gamification, NotificationStatus.Sent), (n.Kind, n.Status)));
            Assert.Equal(rows.Count, notified.Count);
        }

        Assert.Contains(notified, n => n.UserId == manager && n.Message.Contains("«Серия побед»", StringComparison.Ordinal));
        // The deal also made them the month's leader: news, sent once.
        Assert.Single(notified, n => n.UserId == manager && n.Message.Contains("первое место", StringComparison.Ordinal) && n.Message.Contains("«Менеджер месяца»", StringComparison.Ordinal));

        // Replays change nothing: the same sync again in full and incrementally, the same events delivered again, every pass again.
        var snapshot = await SnapshotAsync(portal);
        await ReplayAsync(portal, deal.Id);
        Assert.Equal(snapshot, await SnapshotAsync(portal));
        Assert.Equal(notified, await NotificationsAsync(portal));

        // Moved back while March is open: the manager goes back, the points are reversed and the badge revoked.
        time.Advance(TimeSpan.FromMinutes(1));
        await SyncOverSandboxTests.UpdateDealStageAsync(portal, deal.Id, "EXECUTING");
        await portal.Sync.RunAsync(SyncKind.Incremental, null, "test");
        await Pipeline(portal).RunIncrementalAsync();

        var back = Expected.Individual(ManagerOfTheMonth, await MirrorRows.LoadAsync(portal));
        Assert.Equal(before, back);
        Assert.Equal(back, await BoardAsync(portal, rating.Id));
        Assert.Equal(balanceBefore, await Ledger(portal).BalanceAsync(account));
        Assert.Equal([(EntryKind.Accrual, (long)points), (EntryKind.Reversal, -(long)points)], await DealEntriesAsync(portal, deal.Id));
        await using (var db = await DbAsync(portal))
        {
            var award = await db.BadgeAwards.SingleAsync(a => a.BadgeId == monthWinsId && a.EmployeeId == manager);
            Assert.NotNull(award.RevokedAt);
            Assert.True(await db.BadgeAwards.AnyAsync(a => a.BadgeId == firstClientId && a.EmployeeId == manager && a.RevokedAt == null), "the manager's first won deal is still the one it was");
            Assert.Equal(1, await db.GamificationNotices.CountAsync(n => n.Kind == NoticeKind.BadgeAwarded));
        }

        snapshot = await SnapshotAsync(portal);
        await ReplayAsync(portal, deal.Id);
        Assert.Equal(snapshot, await SnapshotAsync(portal));
        Assert.Equal(0, await Ledger(portal).BalanceAsync(account) - balanceBefore);
    }

    private static SyncPortal CreatePortal(ManualTimeProvider time)
    {
        var portal = new SyncPortal(time: time);
        portal.Settings["Sandbox:AnchorUtc"] = Anchor.ToString("O", CultureInfo.InvariantCulture);
        // The test makes its own ratings and badges.
        portal.Settings["Gamification:CreateExamples"] = "false";
        return portal;
    }

    /// <summary>A deal in progress whose manager is ranked, not first, and climbs once it is won at <paramref name="wonAt"/> — to first place, if one does.</summary>
    private static (DealRow Deal, long Manager, int RankBefore, int RankAfter) ChooseDeal(MirrorRows mirror, IReadOnlyList<ExpectedRow> before, DateTime wonAt)
    {
        var ranks = before.Where(r => r.Rank is not null).ToDictionary(r => r.Id, r => r.Rank!.Value);
        var active = mirror.Employees.Where(e => e.Active).Select(e => e.Id).ToHashSet();
        var climbs = mirror.Deals
            .Where(d => d.PipelineId == 0 && d.Semantics == StageSemantics.InProgress && d.AssignedById is { } m && active.Contains(m) && ranks.GetValueOrDefault(m) > 1)
            .OrderBy(d => d.Id)
            .Select(d => (Deal: d, Manager: d.AssignedById!.Value, After: Expected.Individual(ManagerOfTheMonth, mirror.WithWon(d.Id, wonAt)).Single(r => r.Id == d.AssignedById).Rank))
            .Where(c => c.After < ranks[c.Manager])
            .OrderBy(c => c.After)
            .ToList();
        Assert.True(climbs.Count > 0, "no deal in progress would move its manager up; has the sandbox company changed?");
        return (climbs[0].Deal, climbs[0].Manager, ranks[climbs[0].Manager], climbs[0].After!.Value);
    }

    private static async Task ReplayAsync(SyncPortal portal, long dealId)
    {
        await portal.Sync.RunAsync(SyncKind.Full, null, "test");
        await portal.Sync.RunAsync(SyncKind.Incremental, null, "test");
        await Pipeline(portal).RunIncrementalAsync();
        using var http = new HttpClient { BaseAddress = portal.BaseAddress };
        for (var i = 0; i < 3; i++)
        {
            using var response = await http.PostAsync("/api/bitrix24/events", DealEvent(dealId));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await portal.Sync.RefetchPendingAsync();
        await Pipeline(portal).RunIncrementalAsync();
        await Pipeline(portal).RunFullAsync();
        await Outbox(portal).SendDueAsync();
        await Notifications(portal).SendDueAsync();
    }

    private static FormUrlEncodedContent DealEvent(long dealId) => new(new Dictionary<string, string>
    {
        ["event"] = "ONCRMDEALUPDATE",
        ["event_handler_id"] = "7",
        ["data[FIELDS][ID]"] = dealId.ToString(CultureInfo.InvariantCulture),
        ["ts"] = "1773999000",
        ["auth[domain]"] = "sandbox.local",
        ["auth[application_token]"] = "sandbox-app-token",
    });

    /// <summary>Everything gamification writes, without the times that say when a pass last looked.</summary>
    private static async Task<List<string>> SnapshotAsync(SyncPortal portal)
    {
        await using var db = await DbAsync(portal);
        var lines = new List<string>();
        lines.AddRange((await db.CrmFacts.OrderBy(f => f.Id).Select(f => f.Key).ToListAsync()).Select(k => $"fact {k}"));
        lines.AddRange((await db.RatingPeriods.OrderBy(p => p.Id).ToListAsync()).Select(p => $"period {p.RatingId} {p.Key} v{p.RatingVersion} closed={p.ClosedAt:O} leader={p.LeaderId} n={p.Participants}"));
        lines.AddRange((await db.RatingResults.OrderBy(r => r.RatingPeriodId).ThenBy(r => r.ParticipantId).ToListAsync())
            .Select(r => $"result {r.RatingPeriodId} {r.ParticipantId} #{r.Rank} was #{r.PreviousRank} {r.Score} {r.TotalsJson} {r.UpdatedAt:O}"));
        lines.AddRange((await db.RatingDailyScores.OrderBy(s => s.RatingPeriodId).ThenBy(s => s.Day).ThenBy(s => s.ParticipantId).ToListAsync())
            .Select(s => $"daily {s.RatingPeriodId} {s.Day} {s.ParticipantId} #{s.Rank} {s.Score}"));
        lines.AddRange((await db.LedgerEntries.OrderBy(e => e.Id).ToListAsync())
            .Select(e => $"entry {e.Id} {e.AccountId} {e.Kind} {e.Amount} {e.SourceKey} {e.OccurredAt:O} deal={e.DealId} reverses={e.ReversesEntryId}"));
        lines.AddRange((await db.LedgerAccounts.OrderBy(a => a.Id).ToListAsync()).Select(a => $"account {a.Id} {a.Kind} {a.OwnerId} {a.Balance}"));
        lines.AddRange((await db.BadgeAwards.OrderBy(a => a.Id).ToListAsync())
            .Select(a => $"award {a.Id} {a.BadgeId} {a.EmployeeId} {a.Level} {a.PeriodKey} {a.EarnedInPeriod} {a.AwardedAt:O} {a.RevokedAt:O}"));
        lines.AddRange((await db.GamificationNotices.OrderBy(n => n.Id).ToListAsync()).Select(n => $"notice {n.Id} {n.Kind} {n.EmployeeId} {n.Text}"));
        lines.AddRange((await db.CrmWriteBacks.OrderBy(w => w.Key).ToListAsync()).Select(w => $"write-back {w.Key} {w.Method} {w.Parameters} sent={w.SentAt is not null}"));
        lines.AddRange((await db.Notifications.OrderBy(n => n.DedupeKey).ToListAsync()).Select(n => $"notification {n.DedupeKey} {n.Channel} {n.Recipient} {n.Text}"));
        return lines;
    }

    private static async Task<List<(EntryKind, long)>> DealEntriesAsync(SyncPortal portal, long dealId)
    {
        await using var db = await DbAsync(portal);
        var entries = await db.LedgerEntries.Where(e => e.DealId == dealId)
            .Join(db.LedgerAccounts.Where(a => a.Kind == AccountKind.EmployeePoints), e => e.AccountId, a => a.Id, (e, _) => e)
            .OrderBy(e => e.Id).Select(e => new { e.Kind, e.Amount }).ToListAsync();
        return entries.Select(e => (e.Kind, e.Amount)).ToList();
    }

    /// <summary>The notifications the sandbox portal received (its journal of writes).</summary>
    private static async Task<List<(long UserId, string Message)>> NotificationsAsync(SyncPortal portal)
    {
        using var http = new HttpClient { BaseAddress = portal.BaseAddress };
        using var journal = JsonDocument.Parse(await http.GetStringAsync("/sandbox/journal?secret=sandbox&method=im.notify.system.add"));
        return journal.RootElement.EnumerateArray()
            .Select(e => e.GetProperty("parameters"))
            .Select(p => (long.Parse(Text(p.GetProperty("USER_ID")), CultureInfo.InvariantCulture), Text(p.GetProperty("MESSAGE"))))
            .ToList();

        static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
    }

    private static async Task<List<ExpectedRow>> BoardAsync(SyncPortal portal, long ratingId)
    {
        var board = await Queries(portal).LeaderboardAsync(ratingId, March);
        Assert.NotNull(board);
        Assert.Equal(March, board.Period.Key);
        return board.Rows.Select(r => new ExpectedRow(r.ParticipantId, r.Rank, r.Score)).ToList();
    }

    /// <summary>The stored results, in rank order (unranked after, as the board lists them).</summary>
    private static async Task<List<ExpectedRow>> StoredAsync(SyncPortal portal, long ratingId)
    {
        await using var db = await DbAsync(portal);
        var period = await db.RatingPeriods.SingleAsync(p => p.RatingId == ratingId && p.Key == March);
        var rows = await db.RatingResults.Where(r => r.RatingPeriodId == period.Id).ToListAsync();
        var order = (await BoardAsync(portal, ratingId)).Select(r => r.Id).ToList();
        return rows.OrderBy(r => order.IndexOf(r.ParticipantId)).Select(r => new ExpectedRow(r.ParticipantId, r.Rank, r.Score / 100m)).ToList();
    }

    private static async Task<LoyaltyDbContext> DbAsync(SyncPortal portal) => await SyncOverSandboxTests.DbAsync(portal);

    private static GamificationQueries Queries(SyncPortal portal) => portal.Services.GetRequiredService<GamificationQueries>();

    private static GamificationPipeline Pipeline(SyncPortal portal) => portal.Services.GetRequiredService<GamificationPipeline>();

    private static LeaderboardHub Hub(SyncPortal portal) => portal.Services.GetRequiredService<LeaderboardHub>();

    private static LedgerService Ledger(SyncPortal portal) => portal.Services.GetRequiredService<LedgerService>();

    private static CrmWriteBackOutbox Outbox(SyncPortal portal) => portal.Services.GetRequiredService<CrmWriteBackOutbox>();

    private static NotificationSender Notifications(SyncPortal portal) => portal.Services.GetRequiredService<NotificationSender>();

    private sealed record ExpectedRow(long Id, int? Rank, decimal Score);

    private sealed record EmployeeRow(long Id, string FirstName, string LastName, bool Active, long? DepartmentId);

    private sealed record DepartmentRow(long Id, string Name, long? ParentId);

    private sealed record DealRow(long Id, long? AssignedById, long? ContactId, long PipelineId, StageSemantics Semantics, DateTime? WonAt, long AmountMinor, string? CurrencyId);

    private sealed record CallRow(long? ResponsibleId, DateTime? EndTime);

    /// <summary>The mirror's rows the ratings read: live employees and departments, live deals, completed live calls.</summary>
    private sealed record MirrorRows(List<EmployeeRow> Employees, List<DepartmentRow> Departments, List<DealRow> Deals, List<CallRow> Calls)
    {
        public static async Task<MirrorRows> LoadAsync(SyncPortal portal)
        {
            await using var db = await DbAsync(portal);
            var employees = await db.Employees.Where(e => e.DeletedAt == null).Select(e => new EmployeeRow(e.Id, e.FirstName, e.LastName, e.Active, e.DepartmentId)).ToListAsync();
            var departments = await db.Departments.Where(d => d.DeletedAt == null).Select(d => new DepartmentRow(d.Id, d.Name, d.ParentId)).ToListAsync();
            var deals = await db.Deals.Where(d => d.DeletedAt == null)
                .Select(d => new DealRow(d.Id, d.AssignedById, d.ContactId, d.PipelineId, d.Semantics, d.WonAt, d.AmountMinor, d.CurrencyId)).ToListAsync();
            var calls = await db.Activities.Where(a => a.DeletedAt == null && a.Kind == ActivityKind.Call && a.Completed).Select(a => new CallRow(a.ResponsibleId, a.EndTime)).ToListAsync();
            // Every sandbox deal is in roubles: no conversion to work out.
            Assert.All(deals, d => Assert.True(d.CurrencyId is null or "RUB"));
            return new MirrorRows(employees, departments, deals, calls);
        }

        public MirrorRows WithWon(long dealId, DateTime wonAt) => this with
        {
            Deals = Deals.Select(d => d.Id == dealId ? d with { Semantics = StageSemantics.Success, WonAt = wonAt } : d).ToList(),
        };
    }

    /// <summary>The documented formula, worked out from the mirror's rows with LINQ.</summary>
    private static class Expected
    {
        private static readonly StringComparer RussianNames = StringComparer.Create(CultureInfo.GetCultureInfo("ru-RU"), ignoreCase: true);

        /// <summary>Raw figures of an employee in March: won deals' sum and count, new clients, completed calls.</summary>
        private sealed record Figures(long DealSum, long WonDeals, long NewClients, long Calls)
        {
            public static readonly Figures None = new(0, 0, 0, 0);

            public bool Any => WonDeals + NewClients + Calls > 0;

            public static Figures operator +(Figures a, Figures b) => new(a.DealSum + b.DealSum, a.WonDeals + b.WonDeals, a.NewClients + b.NewClients, a.Calls + b.Calls);

            public double? Value(Metric metric) => metric switch
            {
                Metric.DealSum => DealSum,
                Metric.WonDeals => WonDeals,
                Metric.NewClients => NewClients,
                Metric.Calls => Calls,
                Metric.AverageDeal => WonDeals == 0 ? null : (double)DealSum / WonDeals,
                _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "not used by these ratings"),
            };
        }

        public static List<ExpectedRow> Individual(RatingDefinition rating, MirrorRows mirror)
        {
            var figures = PerEmployee(mirror);
            // Every active employee, and an inactive one with figures.
            var people = mirror.Employees
                .Select(e => (e.Id, Name: Name(e), Figures: figures.GetValueOrDefault(e.Id, Figures.None), e.Active))
                .Where(p => p.Active || p.Figures.Any)
                .Select(p => (p.Id, p.Name, p.Figures))
                .ToList();
            return Rank(rating, people);
        }

        public static List<ExpectedRow> Teams(RatingDefinition rating, MirrorRows mirror)
        {
            var figures = PerEmployee(mirror);
            var ids = mirror.Departments.Select(d => d.Id).ToHashSet();
            var top = mirror.Departments.Where(d => d.ParentId is not { } parent || !ids.Contains(parent)).ToList();
            // The departments right under the top one, each with everyone below it.
            var teams = top.Count == 1 ? mirror.Departments.Where(d => d.ParentId == top[0].Id).ToList() : top;
            var people = teams.Select(team =>
            {
                var below = Below(mirror, team.Id);
                var sum = mirror.Employees.Where(e => e.DepartmentId is { } d && below.Contains(d))
                    .Select(e => figures.GetValueOrDefault(e.Id, Figures.None)).Aggregate(Figures.None, (a, b) => a + b);
                return (team.Id, team.Name, sum);
            }).ToList();
            return Rank(rating, people);
        }

        private static Dictionary<long, Figures> PerEmployee(MirrorRows mirror)
        {
            bool InMarch(DateTime? at) => at >= MarchStart && at < AprilStart;
            var won = mirror.Deals.Where(d => d.Semantics == StageSemantics.Success && d.WonAt is not null).ToList();
            // A new client: the contact's first won deal ever (earliest, then lower ID) is this month's.
            var firsts = won.Where(d => d.ContactId is not null).GroupBy(d => d.ContactId)
                .Select(g => g.OrderBy(d => d.WonAt).ThenBy(d => d.Id).First()).Where(d => InMarch(d.WonAt)).ToList();
            var ids = won.Select(d => d.AssignedById).Concat(mirror.Calls.Select(c => c.ResponsibleId)).OfType<long>().Distinct();
            return ids.ToDictionary(id => id, id => new Figures(
                won.Where(d => d.AssignedById == id && InMarch(d.WonAt)).Sum(d => d.AmountMinor),
                won.Count(d => d.AssignedById == id && InMarch(d.WonAt)),
                firsts.Count(d => d.AssignedById == id),
                mirror.Calls.Count(c => c.ResponsibleId == id && InMarch(c.EndTime))));
        }

        /// <summary>
        /// Each criterion against the best of those taking part (value ÷ best), times its weight's share, summed
        /// (100 · normalised · weight ÷ total weight, per criterion, as doubles in the rating's order) and rounded to
        /// hundredths; ties by the heaviest criterion's normalised value, then the next, then the Russian name, then the ID.
        /// </summary>
        private static List<ExpectedRow> Rank(RatingDefinition rating, List<(long Id, string Name, Figures Figures)> participants)
        {
            var totalWeight = rating.Criteria.Sum(c => c.Weight);
            bool Takes((long Id, string Name, Figures Figures) p) => rating.Threshold is not { } t || (p.Figures.Value(t.Metric) ?? 0) >= t.Minimum;
            var taking = participants.Where(Takes).ToList();
            var best = rating.Criteria.Select(c => taking.Select(p => p.Figures.Value(c.Metric)).OfType<double>().DefaultIfEmpty(0).Max()).ToList();
            var scored = participants.Select(p =>
            {
                var normalized = rating.Criteria.Select((c, i) => p.Figures.Value(c.Metric) is { } v && v > 0 && best[i] > 0 ? Math.Min(1, v / best[i]) : 0).ToList();
                var exact = rating.Criteria.Select((c, i) => 100.0 * normalized[i] * c.Weight / totalWeight).Sum();
                return (p.Id, p.Name, Takes: Takes(p), Score: decimal.Round((decimal)exact, 2, MidpointRounding.AwayFromZero), Normalized: normalized);
            }).ToList();
            var heaviestFirst = rating.Criteria.Select((c, i) => (c.Weight, i)).OrderByDescending(x => x.Weight).ThenBy(x => x.i).Select(x => x.i).ToList();
            var ordered = scored.OrderByDescending(s => s.Takes).ThenByDescending(s => s.Score);
            foreach (var i in heaviestFirst)
            {
                ordered = ordered.ThenByDescending(s => s.Normalized[i]);
            }

            var rank = 0;
            return ordered.ThenBy(s => s.Name, RussianNames).ThenBy(s => s.Id).ToList()
                .Select(s => new ExpectedRow(s.Id, s.Takes ? ++rank : null, s.Score)).ToList();
        }

        private static HashSet<long> Below(MirrorRows mirror, long department)
        {
            var all = new HashSet<long> { department };
            var added = true;
            while (added)
            {
                added = false;
                foreach (var d in mirror.Departments.Where(d => d.ParentId is { } p && all.Contains(p) && !all.Contains(d.Id)))
                {
                    added |= all.Add(d.Id);
                }
            }

            return all;
        }

        private static string Name(EmployeeRow e) =>
            string.Join(' ', new[] { e.FirstName, e.LastName }.Where(s => s.Length > 0)) is { Length: > 0 } name ? name : $"#{e.Id}";
    }
}
