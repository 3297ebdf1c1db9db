using Loyalty.Core.Gamification;
using Loyalty.Web.Components.Shared;
using Quartz;

namespace Loyalty.Web.Jobs;

/// <summary>
/// The full gamification pass on its schedule (<c>Gamification:RecalculateCron</c>): new facts' points, every current
/// period of every rating in full (catching changes no fact reports, such as a reassigned deal), the badges, and the
/// closing of the periods that ended.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class GamificationJob(GamificationPipeline pipeline) : IJob
{
    public static readonly JobKey Key = new("ratings-recalculation", "gamification");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var run = await pipeline.RunFullAsync(cancellationToken);
        context.Result = new JobResult("Jobs_ResultGamification", Formats.Number(run.Recalculations));
    }
}
