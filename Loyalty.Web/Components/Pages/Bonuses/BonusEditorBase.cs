using Microsoft.AspNetCore.Components;

namespace Loyalty.Web.Components.Pages.Bonuses;

/// <summary>A section of the settings form: edits part of <see cref="Form"/> in place and reports each edit.</summary>
public abstract class BonusEditorBase : ComponentBase
{
    /// <summary>The rules being edited.</summary>
    [Parameter, EditorRequired]
    public BonusSettingsForm Form { get; set; } = default!;

    /// <summary>Messages by the validator's field names (<c>StepAmount</c>, <c>Tiers[1].MinSpend</c>).</summary>
    [Parameter, EditorRequired]
    public IReadOnlyDictionary<string, string> Errors { get; set; } = default!;

    /// <summary>Called after each edit, for the page to check the rules again.</summary>
    [Parameter]
    public EventCallback Changed { get; set; }

    protected string? ErrorFor(string field) => Errors.GetValueOrDefault(field);

    protected Task OnChangedAsync() => Changed.InvokeAsync();
}
