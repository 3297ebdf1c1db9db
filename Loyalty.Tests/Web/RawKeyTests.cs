using System.Net;
using System.Text.RegularExpressions;
using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Gamification;
using Loyalty.Core.Identity;
using Loyalty.Core.Ledger;
using Loyalty.Core.Portal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Loyalty.Tests.TestSupport;

namespace Loyalty.Tests.Web;

/// <summary>
/// The Russian pages, as the administrator and the sales head open them over HTTP (prerendered, with badges, awards for
/// periods and points for a call and a lead in the database), show no key meant for machines: no period key
/// (<c>2026-W49</c>, <c>2026-12</c>, <c>2026-Q4</c>) and no "(activity 20058)". The text is what a reader sees: tags,
/// scripts and Blazor's state comments are left out.
/// </summary>
public sealed partial class RawKeyTests : IClassFixture<PortalFactory>
{
    private readonly PortalFactory _portal;

    public RawKeyTests(PortalFactory portal) => _portal = portal;

    [Fact]
    public async Task RussianPagesShowNoRawKeysToTheAdministratorOrTheSalesHead()
    {
        var badges = await SeedAsync();
        string[] gamification = ["/", "/leaderboards", .. (await RatingIdsAsync()).Select(id => $"/leaderboards/{id}"), "/badges", $"/badges?employee={Anna}",
            .. badges.Select(id => $"/badges/{id}"), $"/employees/{Anna}", "/nps", "/nps/answers"];
        var pages = new Dictionary<string, string[]>
        {
            [Roles.Administrator] = [.. gamification, "/bonuses/customers", "/admin/ledger", "/admin/jobs", "/admin/sync", "/gamification/points", "/gamification/ratings", "/gamification/badges"],
            [Roles.SalesHead] = gamification,
        };

        var found = new List<string>();
        foreach (var (role, paths) in pages)
        {
            var demo = DemoAccounts.All.Single(d => d.Role == role);
            using var client = FormClient.For(_portal);
            await client.SignInAsync(demo.Email, demo.Password);
            foreach (var path in paths)
            {
                var response = await client.Http.GetAsync(path);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{role} {path}: {(int)response.StatusCode}");
                var text = VisibleText(await response.Content.ReadAsStringAsync());
                found.AddRange(RawKey().Matches(text).Select(m => $"{role} {path}: «{m.Value}»"));
                if (path == $"/employees/{Anna}")
                {
                    // The call is named by its subject; the lead the mirror does not hold by its trigger alone.
                    Assert.Contains("Звонок: Звонок по договору", text, StringComparison.Ordinal);
                    Assert.Contains("Новый лид", text, StringComparison.Ordinal);
                }
            }
        }

        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }

    [Theory]
    [InlineData("Период: 2026-W49", true)]
    [InlineData("Лучший менеджер (2026-12)", true)]
    [InlineData("IV квартал 2026 · 2026-Q4", true)]
    [InlineData("Звонок (activity 20058)", true)]
    [InlineData("Новый лид (lead 6769)", true)]
    [InlineData("неделя 30.11–06.12.2026", false)]
    [InlineData("декабрь 2026, 6 декабря 2026", false)]
    [InlineData("1 558 ₽ · 06.12.2026 14:30", false)]
    public void TheScanFindsKeysAndLeavesPeopleTextAlone(string text, bool key)
    {
        Assert.Equal(key, RawKey().IsMatch(VisibleText($"<div title=\"2026-W49\">{text}</div><!--Blazor:{{\"k\":\"2026-12\"}}--><script>var k='2026-W49'</script>")));
    }

    private const long Anna = 9001;

    /// <summary>
    /// On top of the portal's default ratings and badges: an employee holding every periodic badge for the current period,
    /// points for a call (an entry from before reasons: its comment is the trigger) and for a lead the mirror does not hold.
    /// </summary>
    private async Task<List<long>> SeedAsync()
    {
        var dbFactory = _portal.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>();
        var now = DateTime.UtcNow;
        var zone = _portal.Services.GetRequiredService<PortalClock>().Zone;
        List<long> badges;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            db.Employees.Add(new Employee { Id = Anna, FirstName = "Анна", LastName = "Смирнова", Active = true, SyncedAt = now });
            db.Activities.Add(new Activity { Id = 20058, OwnerTypeId = 2, OwnerId = 1, Kind = ActivityKind.Call, Completed = true, ResponsibleId = Anna, Subject = "Звонок по договору", SyncedAt = now });
            var periodic = await db.Badges.AsNoTracking().Where(b => b.Period != null).ToListAsync();
            Assert.NotEmpty(periodic);
            db.BadgeAwards.AddRange(periodic.Select(b =>
            {
                var key = Periods.Containing(b.Period!.Value, now, zone).Key;
                return new BadgeAward { BadgeId = b.Id, EmployeeId = Anna, Level = BadgeLevel.Bronze, PeriodKey = key, EarnedInPeriod = key, AwardedAt = now, AwardedBy = BadgeEvaluator.Actor };
            }));
            await db.SaveChangesAsync();
            badges = [.. periodic.Select(b => b.Id)];
        }

        var ledger = _portal.Services.GetRequiredService<LedgerService>();
        var account = new AccountKey(AccountKind.EmployeePoints, Anna);
        await ledger.CreditAsync(account, EntryKind.Accrual, 5, new PostingInfo("activity:20058:completed", now, PointsProcessor.Actor, "CallCompleted", 1));
        await ledger.CreditAsync(account, EntryKind.Accrual, 3, new PostingInfo("lead:6769:created", now, PointsProcessor.Actor, "LeadCreated", 1, null,
            LedgerReason.Of(LedgerReason.Points, ("Trigger", PointTrigger.LeadCreated), ("Type", "lead"), ("Id", 6769))));
        return badges;
    }

    private async Task<List<long>> RatingIdsAsync()
    {
        await using var db = await _portal.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        return await db.Ratings.AsNoTracking().Select(r => r.Id).ToListAsync();
    }

    private static string VisibleText(string html)
    {
        var text = Hidden().Replace(html, " ");
        text = Tag().Replace(text, " ");
        // As a reader sees it: a name inside a link is one word apart from the text before it, not a line.
        return string.Join(' ', WebUtility.HtmlDecode(text).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    [GeneratedRegex(@"<script\b.*?</script>|<style\b.*?</style>|<!--.*?-->", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Hidden();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();

    /// <summary>A period key (week, quarter, month, day) standing alone, or a CRM record named by its type and ID.</summary>
    [GeneratedRegex(@"(?<![\d.])\d{4}-(W\d{2}|Q[1-4]|\d{2}(-\d{2})?)(?![\d])|\((activity|lead|task|deal|contact) \d+\)")]
    private static partial Regex RawKey();
}
