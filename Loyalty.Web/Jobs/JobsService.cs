using Quartz;

namespace Loyalty.Web.Jobs;

public sealed record JobInfo(JobKey Key, string DescriptionKey, DateTime? NextRunUtc, JobRunRecord? LastRun, bool Running);

/// <summary>What the Jobs page shows and does: every job with its last and next run, and "Run now".</summary>
internal sealed class JobsService(ISchedulerFactory schedulers, JobHistory history)
{
    public async Task<IReadOnlyList<JobInfo>> ListAsync(CancellationToken ct = default)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var jobs = new List<JobInfo>();
        foreach (var key in (await scheduler.GetJobKeys(GroupMatcher<JobKey>.AnyGroup(), ct)).OrderBy(k => k.ToString()))
        {
            var detail = await scheduler.GetJobDetail(key, ct);
            var triggers = await scheduler.GetTriggersOfJob(key, ct);
            var next = triggers.Select(t => t.NextFireTimeUtc).Where(t => t is not null).Min();
            jobs.Add(new JobInfo(key, detail?.Description ?? key.Name, next?.UtcDateTime, history.Last(key), history.IsRunning(key)));
        }

        return jobs;
    }

    public async Task RunNowAsync(JobKey key, IDictionary<string, string>? data = null, CancellationToken ct = default)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var map = new JobDataMap();
        foreach (var (name, value) in data ?? new Dictionary<string, string>())
        {
            map.Add(name, value);
        }

        await scheduler.TriggerJob(key, map, ct);
    }
}
