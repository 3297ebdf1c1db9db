using System.Collections.Concurrent;
using Quartz;

namespace Loyalty.Web.Jobs;

/// <summary>What a job reports as its result: a resource key of the UI strings and its argument.</summary>
public sealed record JobResult(string Key, string? Argument = null);

public sealed record JobRunRecord(DateTime StartedAt, TimeSpan Duration, bool Succeeded, JobResult Result);

/// <summary>The last run of every job since the portal started (the sync's own runs are kept in the database).</summary>
internal sealed class JobHistory(TimeProvider time) : IJobListener
{
    private readonly ConcurrentDictionary<JobKey, JobRunRecord> _last = new();
    private readonly ConcurrentDictionary<JobKey, DateTime> _running = new();

    public string Name => nameof(JobHistory);

    public event Action? Changed;

    public JobRunRecord? Last(JobKey key) => _last.GetValueOrDefault(key);

    public bool IsRunning(JobKey key) => _running.ContainsKey(key);

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        _running[context.JobDetail.Key] = time.GetUtcNow().UtcDateTime;
        Changed?.Invoke();
        return ValueTask.CompletedTask;
    }

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        _running.TryRemove(context.JobDetail.Key, out var started);
        _last[context.JobDetail.Key] = new JobRunRecord(
            started == default ? time.GetUtcNow().UtcDateTime : started,
            context.JobRunTime,
            jobException is null,
            jobException is not null ? new JobResult("Jobs_ResultError", jobException.GetBaseException().Message)
            : context.Result as JobResult ?? new JobResult("Jobs_ResultError", context.Result?.ToString()));
        Changed?.Invoke();
        return ValueTask.CompletedTask;
    }
}
