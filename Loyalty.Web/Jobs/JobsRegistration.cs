using Loyalty.Core.Gamification;
using Loyalty.Core.Ledger;
using Loyalty.Core.Notifications;
using Loyalty.Core.Portal;
using Loyalty.Core.Sync;
using Quartz;

namespace Loyalty.Web.Jobs;

internal static class JobsRegistration
{
    /// <summary>The settings only Quartz can judge: one sentence per bad value, like <see cref="SettingsValidator"/>.</summary>
    public static IEnumerable<string> ValidateSettings(IConfiguration configuration) =>
    [
        .. Cron(configuration, "Sync:ReconcileCron", "0 30 3 * * ?"),
        .. Cron(configuration, "Ledger:CheckCron", "0 0 4 * * ?"),
        .. Cron(configuration, "Gamification:RecalculateCron", "0 */10 * * * ?"),
        .. Cron(configuration, "Notifications:SafetyNetCron", "0 * * * * ?"),
        .. Cron(configuration, "Nps:RetentionCron", NpsRetentionJob.DefaultCron),
    ];

    private static IEnumerable<string> Cron(IConfiguration configuration, string key, string example)
    {
        if (configuration[key] is not { } cron)
        {
            return [];
        }

        try
        {
            _ = new CronExpression(cron);
            return [];
        }
        catch (FormatException)
        {
            return [$"{key} = \"{cron}\" is not a Quartz cron expression: expected e.g. \"{example}\" (sec min hour day month weekday)."];
        }
    }

    /// <summary>Quartz in the web app: the jobs, their schedules from configuration, and the run history.</summary>
    public static IHostApplicationBuilder AddPortalJobs(this IHostApplicationBuilder builder)
    {
        var sync = builder.Configuration.GetSection(SyncOptions.Section).Get<SyncOptions>() ?? new SyncOptions();
        var portal = builder.Configuration.GetSection(PortalOptions.Section).Get<PortalOptions>() ?? new PortalOptions();
        var ledger = builder.Configuration.GetSection(LedgerOptions.Section).Get<LedgerOptions>() ?? new LedgerOptions();
        var gamification = builder.Configuration.GetSection(GamificationOptions.Section).Get<GamificationOptions>() ?? new GamificationOptions();
        var notifications = builder.Configuration.GetSection(NotificationOptions.Section).Get<NotificationOptions>() ?? new NotificationOptions();
        builder.Services.AddSingleton<JobHistory>();
        builder.Services.AddSingleton<JobsService>();
        builder.AddQuartz(q =>
        {
            q.UseInMemoryStore();
            q.AddJob<SyncJob>(j => j.WithIdentity(SyncJob.Incremental).StoreDurably().WithDescription("Jobs_SyncIncremental"));
            q.AddJob<SyncJob>(j => j.WithIdentity(SyncJob.Reconcile).StoreDurably().WithDescription("Jobs_SyncReconcile"));
            // On demand only: the recalculation page starts it with the recalculation to run.
            q.AddJob<BonusRecalculationJob>(j => j.WithIdentity(BonusRecalculationJob.Key).StoreDurably().WithDescription("Jobs_BonusRecalculation"));
            q.AddJob<GamificationJob>(j => j.WithIdentity(GamificationJob.Key).StoreDurably().WithDescription("Jobs_Gamification"));
            if (sync.Enabled)
            {
                q.AddTrigger(t => t.ForJob(SyncJob.Incremental).WithIdentity("sync-incremental-schedule", "crm").StartNow()
                    .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMinutes(sync.IntervalMinutes)).RepeatForever()));
                q.AddTrigger(t => t.ForJob(SyncJob.Reconcile).WithIdentity("sync-reconcile-schedule", "crm")
                    .WithCronSchedule(sync.ReconcileCron, c => c.InTimeZone(portal.ResolveTimeZone())));
                // Like the sync, the ratings' full pass follows the CRM: off with it.
                q.AddTrigger(t => t.ForJob(GamificationJob.Key).WithIdentity("ratings-recalculation-schedule", "gamification")
                    .WithCronSchedule(gamification.RecalculateCron, c => c.InTimeZone(portal.ResolveTimeZone())));
            }

            // The ledger check runs whether or not the sync does: nothing else proves the balances.
            q.AddJob<LedgerCheckJob>(j => j.WithIdentity(LedgerCheckJob.Key).StoreDurably().WithDescription("Jobs_LedgerCheck"));
            q.AddTrigger(t => t.ForJob(LedgerCheckJob.Key).WithIdentity("ledger-check-schedule", "ledger")
                .WithCronSchedule(ledger.CheckCron, c => c.InTimeZone(portal.ResolveTimeZone())));

            // Whether or not the sync runs: notices come from the portal's own pages too (tests, sign-in codes).
            q.AddJob<NotificationsJob>(j => j.WithIdentity(NotificationsJob.Key).StoreDurably().WithDescription("Jobs_Notifications"));
            q.AddTrigger(t => t.ForJob(NotificationsJob.Key).WithIdentity("notifications-send-schedule", "notifications")
                .WithCronSchedule(notifications.SafetyNetCron, c => c.InTimeZone(portal.ResolveTimeZone())));

            // Comments are personal data: erased after the settings' retention, whether or not the sync runs.
            q.AddJob<NpsRetentionJob>(j => j.WithIdentity(NpsRetentionJob.Key).StoreDurably().WithDescription("Jobs_NpsRetention"));
            q.AddTrigger(t => t.ForJob(NpsRetentionJob.Key).WithIdentity("nps-retention-schedule", "nps")
                .WithCronSchedule(builder.Configuration["Nps:RetentionCron"] ?? NpsRetentionJob.DefaultCron, c => c.InTimeZone(portal.ResolveTimeZone())));

            q.AddJobListener(sp => sp.GetRequiredService<JobHistory>());
        });
        // The sandbox answers only once the server listens: start the scheduler after that.
        builder.AddQuartzHostedService(o =>
        {
            o.WaitForJobsToComplete = true;
            o.AwaitApplicationStarted = true;
        });
        return builder;
    }
}
