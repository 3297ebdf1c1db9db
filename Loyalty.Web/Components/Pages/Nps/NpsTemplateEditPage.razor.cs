using System.Text.RegularExpressions;
using Loyalty.Core.Gamification;
using Loyalty.Core.Nps;
using Loyalty.Core.Portal;
using Loyalty.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Loyalty.Web.Components.Pages.Nps;

/// <summary>
/// A survey template's editor: the name, the scale and the four parts (survey message, replies to a high, middle and
/// low score) beside the markers, and a live preview for a real deal. Saving writes a new revision; the store's
/// Liquid errors show on their field with the part and the line.
/// </summary>
public sealed partial class NpsTemplateEditPage
{
    private NpsTemplate? _template;
    private bool _missing;
    private int _tab;
    private EmployeeOption? _employee;

    [Parameter]
    public long TemplateId { get; set; }

    [Inject]
    private NpsTemplateStore Store { get; set; } = default!;

    [Inject]
    private BadgeGallery People { get; set; } = default!;

    [Inject]
    private PortalClock Clock { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        if (_template?.Id == TemplateId)
        {
            return;
        }

        _template = await Store.GetAsync(TemplateId);
        _missing = _template is null || _template.DeletedAt is not null;
        if (_template is not null && !_missing)
        {
            await LoadAsync(_template);
        }
    }

    private async Task LoadAsync(NpsTemplate template)
    {
        var content = template.Content;
        _employee = content.Negative.TaskEmployeeId is { } employee ? await People.EmployeeAsync(employee) : null;
        Reset(NpsTemplateForm.From(template.Name, template.Scale, content));
    }

    protected override EditorCheck Check(NpsTemplateForm model)
    {
        var content = model.ToContent();
        var errors = NpsTemplateStore.Validate(model.Name.Trim(), model.Scale, content);
        return new(NpsMessages.Localize(errors), _template is not null && !model.Same(_template.Name, _template.Scale, _template.Content));
    }

    protected override async Task<EditorSaved?> SaveCoreAsync(NpsTemplateForm model)
    {
        var actor = ActorName.Of((await AuthenticationState).User);
        var saved = await Store.SaveAsync(TemplateId, model.Name.Trim(), model.Scale, model.ToContent(), actor);
        if (!saved.Succeeded)
        {
            Show(NpsMessages.Localize(saved.Errors));
            OpenFirstFailingPart();
            return new(L["Editor_Refused"], Severity.Error);
        }

        _template = saved.Template!;
        await LoadAsync(_template);
        return new(L["NpsAdmin_TemplateSaved", _template.Name]);
    }

    private async Task RevertAsync()
    {
        if (_template is not null)
        {
            await LoadAsync(_template);
        }
    }

    private async Task EmployeeAsync(EmployeeOption? employee)
    {
        _employee = employee;
        Model!.Negative.TaskEmployeeId = employee?.Id;
        await EditedAsync();
    }

    /// <summary>The tab of the first part with an error comes forward, so a refused save shows why.</summary>
    private void OpenFirstFailingPart()
    {
        var parts = VisibleParts();
        var first = Errors.Select(e => Array.IndexOf(parts, e.Field.Split('.')[0])).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
        if (first >= 0)
        {
            _tab = first;
        }
    }

    private string[] VisibleParts() => Model?.Scale == NpsScale.Satisfaction ? ["Survey", "Positive", "Negative"] : NpsTemplateFields.Parts;

    /// <summary>The number of errors in a part, for its tab's badge; null when none.</summary>
    private object? PartBadge(string part) =>
        Errors.Count(e => e.Field == part || e.Field.StartsWith(part + ".", StringComparison.Ordinal)) is > 0 and var count ? count : null;

    private string Label(string field) => L["NpsAdmin_Field_" + field.Split('.')[^1]];

    private static string FieldId(string field) => "nps-field-" + field.Replace('.', '-');

    private static string SwatchStyle(string color) =>
        "display:inline-block;flex:none;width:24px;height:24px;border:1px solid #bbb;border-radius:4px;background:"
        + (ColorPattern().IsMatch(color ?? "") ? color : "transparent");

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex ColorPattern();
}
