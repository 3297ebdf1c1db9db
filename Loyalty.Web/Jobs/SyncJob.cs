using Loyalty.Core.Sync;
using Quartz;

namespace Loyalty.Web.Jobs;

/// <summary>
/// Runs the CRM sync: incremental on its schedule, reconciliation nightly, and either on demand ("Sync now",
/// "Re-sync from date") with the kind and date in the trigger's data.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class SyncJob(CrmSync sync) : IJob
{
    public static readonly JobKey Incremental = new("sync-incremental", "crm");
    public static readonly JobKey Reconcile = new("sync-reconcile", "crm");

    public const string KindKey = "kind";
    public const string FromKey = "from";
    public const string ByKey = "by";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var data = context.MergedJobDataMap;
        var kind = data.TryGetString(KindKey, out var k) && Enum.TryParse<SyncKind>(k, out var parsed)
            ? parsed
            : context.JobDetail.Key.Equals(Reconcile) ? SyncKind.Reconcile : SyncKind.Incremental;
        DateTime? from = data.TryGetString(FromKey, out var f) && DateTime.TryParse(f, null, System.Globalization.DateTimeStyles.RoundtripKind, out var date) ? date : null;
        var by = data.TryGetString(ByKey, out var user) && !string.IsNullOrEmpty(user) ? user : "schedule";
        try
        {
            var runId = await sync.RunAsync(kind, from, by, cancellationToken);
            context.Result = new JobResult("Jobs_ResultRun", runId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (SyncAlreadyRunningException)
        {
            context.Result = new JobResult("Jobs_ResultSkipped");
        }
    }
}
