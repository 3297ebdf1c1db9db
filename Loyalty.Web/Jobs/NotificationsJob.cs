using Loyalty.Core.Notifications;
using Loyalty.Web.Components.Shared;
using Quartz;

namespace Loyalty.Web.Jobs;

/// <summary>
/// The outbox's safety net (<c>Notifications:SafetyNetCron</c>, every minute by default): sends what is due, should
/// the worker that is woken on every queued notice be stuck. The sender runs one pass at a time, so the two never overlap.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class NotificationsJob(NotificationSender sender) : IJob
{
    public static readonly JobKey Key = new("notifications-send", "notifications");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var sent = await sender.SendDueAsync(cancellationToken);
        context.Result = new JobResult("Jobs_ResultNotifications", Formats.Number(sent));
    }
}
