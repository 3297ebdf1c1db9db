using Microsoft.AspNetCore.Components;

namespace Loyalty.Web.Components.Pages.Bonuses;

/// <summary>A section of the settings form: edits part of <see cref="Form"/> in place and reports each edit.</summary>
public abstract class BonusEditorBase : ComponentBase
{
    /// <summary>The rules being edited.</summary>
    [Parameter, EditorRequired]
    public BonusSettingsForm Form { get; set; } = default!;

    /// <summary>
    /// The page's current message for a field, by the validator's name for it (<c>StepAmount</c>, <c>Tiers[1].MinSpend</c>);
    /// null when the field is fine. A lookup rather than a snapshot: MudBlazor re-validates a field by itself (on blur)
    /// and must get the page's latest answer, or it would clear the message.
    /// </summary>
    [Parameter, EditorRequired]
    public Func<string, string?> ErrorFor { get; set; } = default!;

    /// <summary>Called after each edit, for the page to check the rules again.</summary>
    [Parameter]
    public EventCallback Changed { get; set; }

    /// <summary>The field's rule for MudBlazor's own validation: whatever the page's validator says of it.</summary>
    protected Func<T, string?> Rule<T>(string field) => _ => ErrorFor(field);

    protected Task OnChangedAsync() => Changed.InvokeAsync();
}
