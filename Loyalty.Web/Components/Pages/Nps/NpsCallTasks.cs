namespace Loyalty.Web.Components.Pages.Nps;

/// <summary>
/// "Задача на звонок" for an unanswered survey: NpsTasks.QueueCallTaskAsync from the public part of the NPS program.
/// Until that part is in the portal the button is hidden (<see cref="Available"/> false).
/// </summary>
internal static class NpsCallTasks
{
    public static bool Available => false;

    /// <summary>Queues the call task; the error's resource key when it was refused.</summary>
    public static Task<string?> QueueAsync(IServiceProvider services, long surveyId, string actor) => Task.FromResult<string?>("NpsDash_CallTaskUnavailable");
}
