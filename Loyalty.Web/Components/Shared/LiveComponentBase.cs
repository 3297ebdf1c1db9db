using System.Globalization;
using Microsoft.AspNetCore.Components;

namespace Loyalty.Web.Components.Shared;

/// <summary>
/// A component that re-renders when something happens on another thread (a sync, a job, a CRM event).
/// Such a callback runs with that thread's culture, not the user's: <see cref="InvokeLiveAsync"/> restores the
/// language and formats the circuit had when the component was created, so an English page stays English and
/// a Russian one keeps its decimal commas.
/// </summary>
public abstract class LiveComponentBase : ComponentBase
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    protected Task InvokeLiveAsync(Func<Task> work) => InvokeAsync(() =>
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
        return work();
    });
}
