using Loyalty.Core.Nps;
using Loyalty.Web.Components.Shared;
using Quartz;

namespace Loyalty.Web.Jobs;

/// <summary>Erases NPS comments older than the settings' retention, nightly (<c>Nps:RetentionCron</c>) and on "Run now".</summary>
[DisallowConcurrentExecution]
internal sealed class NpsRetentionJob(NpsRetention retention) : IJob
{
    public static readonly JobKey Key = new("nps-retention", "nps");

    public const string DefaultCron = "0 15 4 * * ?";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var erased = await retention.EraseExpiredAsync(cancellationToken);
        context.Result = new JobResult("Jobs_ResultNpsRetention", Formats.Number(erased));
    }
}
