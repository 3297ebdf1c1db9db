using Loyalty.Core.Data;
using Loyalty.Core.Ledger;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Web.Jobs;

/// <summary>The nightly ledger check as the running portal schedules it, and "Run now" on the Jobs page.</summary>
public sealed class LedgerCheckJobTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TheCheckIsScheduledAtFourInTheMorningPortalTimeAndRunsNowInTheUsersName()
    {
        await using var portal = new PortalFactory();
        using var client = portal.CreateClient();
        var jobs = portal.Services.GetRequiredService<JobsService>();
        var history = portal.Services.GetRequiredService<JobHistory>();
        var ledger = portal.Services.GetRequiredService<LedgerService>();
        await ledger.CreditAsync(new AccountKey(AccountKind.CustomerBonus, 1), EntryKind.Accrual, 100_00, new PostingInfo("a", DateTime.UtcNow, "test"));

        var job = Assert.Single(await jobs.ListAsync(), j => j.Key.Equals(LedgerCheckJob.Key));

        Assert.Equal("Jobs_LedgerCheck", job.DescriptionKey);
        // 04:00 in Moscow (UTC+3) is 01:00 UTC, within the next day.
        Assert.NotNull(job.NextRunUtc);
        Assert.Equal(new TimeSpan(1, 0, 0), job.NextRunUtc.Value.TimeOfDay);
        Assert.InRange(job.NextRunUtc.Value - DateTime.UtcNow, TimeSpan.Zero, TimeSpan.FromDays(1));

        await jobs.RunNowAsync(LedgerCheckJob.Key, new Dictionary<string, string> { [SyncJob.ByKey] = "Анна Администратор" });

        await WaitForResultAsync(history, new JobResult("Jobs_ResultLedgerClean", "1"));
        var clean = Assert.Single(await Check(portal).RecentAsync(10));
        Assert.Equal(("Анна Администратор", 1, 0), (clean.TriggeredBy, clean.AccountsChecked, clean.Mismatches));

        await using (var db = await portal.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE LedgerAccounts SET Balance = Balance + 1");
        }

        await jobs.RunNowAsync(LedgerCheckJob.Key);

        await WaitForResultAsync(history, new JobResult("Jobs_ResultLedgerMismatches", "1"));
        var runs = await Check(portal).RecentAsync(10);
        Assert.Equal(2, runs.Count);
        Assert.Equal((LedgerCheckJob.BySchedule, 1), (runs[0].TriggeredBy, runs[0].Mismatches));
    }

    [Fact]
    public async Task TheScheduleComesFromLedgerCheckCron()
    {
        await using var portal = new PortalFactory();
        portal.Settings["Ledger:CheckCron"] = "0 15 2 * * ?";
        using var client = portal.CreateClient();

        var job = Assert.Single(await portal.Services.GetRequiredService<JobsService>().ListAsync(), j => j.Key.Equals(LedgerCheckJob.Key));

        // 02:15 in Moscow is 23:15 UTC.
        Assert.Equal(new TimeSpan(23, 15, 0), job.NextRunUtc?.TimeOfDay);
    }

    private static LedgerCheck Check(PortalFactory portal) => portal.Services.GetRequiredService<LedgerCheck>();

    private static Task WaitForResultAsync(JobHistory history, JobResult expected) =>
        Eventually.TrueAsync(() => history.Last(LedgerCheckJob.Key)?.Result == expected, $"the ledger check to report {expected}", Deadline);
}
