using Loyalty.Core.Ledger;
using Loyalty.Web.Components.Shared;
using Quartz;

namespace Loyalty.Web.Jobs;

/// <summary>
/// Proves nightly that every cached balance equals the sum of its entries (and on demand: "Run now", the Ledger
/// page's "Check now" runs the check itself). The run, with any mismatching accounts, is kept for the Ledger page.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class LedgerCheckJob(LedgerCheck check) : IJob
{
    public static readonly JobKey Key = new("ledger-check", "ledger");

    /// <summary>Who triggered a scheduled run.</summary>
    public const string BySchedule = "schedule";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        // The Jobs page's "Run now" names the user under the same key for every job.
        var by = context.MergedJobDataMap.TryGetString(SyncJob.ByKey, out var user) && !string.IsNullOrEmpty(user) ? user : BySchedule;
        var run = await check.RunAsync(by, cancellationToken);
        context.Result = run.Mismatches == 0
            ? new JobResult("Jobs_ResultLedgerClean", Formats.Number(run.AccountsChecked))
            : new JobResult("Jobs_ResultLedgerMismatches", Formats.Number(run.Mismatches));
    }
}
