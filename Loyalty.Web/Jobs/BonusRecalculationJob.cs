using System.Globalization;
using Loyalty.Core.Bonuses;
using Quartz;

namespace Loyalty.Web.Jobs;

/// <summary>
/// Computes a bonus recalculation's preview or posts its differences, whichever it waits for, off the page's thread.
/// Started by the recalculation page with the recalculation's ID; "Run now" on the Jobs page runs the oldest waiting one.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class BonusRecalculationJob(BonusRecalculations recalculations) : IJob
{
    public static readonly JobKey Key = new("bonus-recalculation", "bonuses");

    public const string IdKey = "id";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var id = context.MergedJobDataMap.TryGetString(IdKey, out var text) && long.TryParse(text, CultureInfo.InvariantCulture, out var given)
            ? given
            : await recalculations.PendingAsync(cancellationToken);
        context.Result = id is { } run && await recalculations.RunAsync(run, cancellationToken)
            ? new JobResult("Jobs_ResultRecalculation", run.ToString(CultureInfo.InvariantCulture))
            : new JobResult("Jobs_ResultNothingToDo");
    }
}
