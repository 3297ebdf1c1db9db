using Loyalty.Core.Bonuses;
using Loyalty.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Loyalty.Web.Components.Shared;

/// <summary>What an editor's own check found: the errors, and whether the form differs from what is saved.</summary>
public readonly record struct EditorCheck(IReadOnlyList<SettingsError> Errors, bool Dirty);

/// <summary>What a save did: the snackbar's text and colour, and where to go next (none stays on the page).</summary>
public sealed record EditorSaved(string Message, Severity Severity = Severity.Success, string? Then = null);

/// <summary>
/// The flow every settings editor shares: check as the user types → show each error on its field and in a summary →
/// save once at a time → a snackbar → the next page. Leaving with unsaved changes asks first, inside the portal (a
/// location-changing handler) and when the tab closes (the page's <c>NavigationLock</c>, bound to <see cref="Dirty"/>).
/// A page supplies the form model, <see cref="Check"/> and <see cref="SaveCoreAsync"/>; its markup shows
/// <see cref="EditorErrorSummary"/> and <see cref="EditorSaveBar"/>.
/// </summary>
public abstract class SettingsEditorBase<TForm> : ComponentBase, IDisposable
    where TForm : class
{
    private IReadOnlyDictionary<string, string> _fieldErrors = new Dictionary<string, string>();
    private IDisposable? _leaveGuard;

    /// <summary>The MudForm around the inputs (<c>@ref="EditForm"</c>): it knows the inputs it could not read.</summary>
    protected MudForm? EditForm;

    [Inject]
    private IStringLocalizer<SharedResource> EditorText { get; set; } = default!;

    [Inject]
    private ISnackbar EditorSnackbar { get; set; } = default!;

    [Inject]
    private IDialogService EditorDialogs { get; set; } = default!;

    [Inject]
    private NavigationManager EditorNavigation { get; set; } = default!;

    /// <summary>The form being edited; null while it loads.</summary>
    protected TForm? Model { get; set; }

    /// <summary>The current errors, from the page's check or the store's refusal.</summary>
    protected IReadOnlyList<SettingsError> Errors { get; private set; } = [];

    /// <summary>The form differs from what is saved.</summary>
    protected bool Dirty { get; set; }

    protected bool Saving { get; private set; }

    /// <summary>Save was tried since the form was loaded: inputs that could not be read are summarised too.</summary>
    protected bool SaveTried { get; private set; }

    protected bool InputsValid { get; private set; } = true;

    /// <summary>The summary shows: an error, or an unreadable input after a save was tried.</summary>
    protected bool ShowsErrors => Errors.Count > 0 || (SaveTried && !InputsValid);

    /// <summary>The page's own rules for the form as it stands.</summary>
    protected abstract EditorCheck Check(TForm model);

    /// <summary>Saves the checked form; null when nothing was saved on purpose (a confirmation declined).</summary>
    protected abstract Task<EditorSaved?> SaveCoreAsync(TForm model);

    public override Task SetParametersAsync(ParameterView parameters)
    {
        _leaveGuard ??= EditorNavigation.RegisterLocationChangingHandler(ConfirmLeavingAsync);
        return base.SetParametersAsync(parameters);
    }

    /// <summary>
    /// The current message for a field, by the validator's name for it (<c>Tiers[1].MinSpend</c>); null when the field is
    /// fine. Passed to sections as a lookup: MudBlazor re-validates a field by itself (on blur) and must get the latest answer.
    /// </summary>
    protected string? ErrorFor(string field) => _fieldErrors.GetValueOrDefault(field);

    /// <summary>The field's rule for MudBlazor's own validation: whatever the page's check says of it.</summary>
    protected Func<T, string?> Rule<T>(string field) => _ => ErrorFor(field);

    protected string Message(SettingsError error) => EditorText[error.MessageKey, error.Arguments];

    /// <summary>Checks the form as it stands, so a mistake shows on its field at once.</summary>
    protected void Revalidate()
    {
        if (Model is null)
        {
            return;
        }

        var check = Check(Model);
        Show(check.Errors);
        Dirty = check.Dirty;
    }

    /// <summary>
    /// After an edit the form is checked again, and every input too: one edit can settle or raise another field's message
    /// (Silver's threshold decides whether Gold's overlaps), and MudBlazor keeps an input's verdict until it validates again.
    /// </summary>
    protected async Task EditedAsync()
    {
        Revalidate();
        if (EditForm is not null)
        {
            await EditForm.ValidateAsync();
            InputsValid = EditForm.IsValid;
        }
    }

    /// <summary>Starts over from <paramref name="model"/> (loaded, reverted or just saved): no verdicts kept.</summary>
    protected void Reset(TForm model)
    {
        Model = model;
        SaveTried = false;
        InputsValid = true;
        Revalidate();
    }

    protected void Show(IReadOnlyList<SettingsError> errors)
    {
        Errors = errors;
        _fieldErrors = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => string.Join(" ", g.Select(Message)));
    }

    protected async Task SaveAsync()
    {
        // A second click while the first save runs does nothing: the button is disabled only after the next render.
        if (Saving || Model is null || EditForm is null)
        {
            return;
        }

        Saving = true;
        try
        {
            SaveTried = true;
            Revalidate();
            await EditForm.ValidateAsync();
            InputsValid = EditForm.IsValid;
            if (Errors.Count > 0 || !InputsValid)
            {
                return;
            }

            if (await SaveCoreAsync(Model) is not { } saved)
            {
                return;
            }

            EditorSnackbar.Add(saved.Message, saved.Severity);
            if (saved.Then is { } next)
            {
                Dirty = false;
                EditorNavigation.NavigateTo(next);
            }
        }
        catch (Exception e) when (e is ISettingsRefusal refusal)
        {
            // The store checks again; whatever it refuses is shown like the page's own findings.
            Show(refusal.Errors);
            EditorSnackbar.Add(EditorText["Editor_Refused"], Severity.Error);
        }
        finally
        {
            Saving = false;
        }
    }

    private async ValueTask ConfirmLeavingAsync(LocationChangingContext context)
    {
        if (!Dirty || Saving)
        {
            return;
        }

        var leave = await EditorDialogs.ShowMessageBoxAsync(EditorText["Editor_LeaveTitle"], EditorText["Editor_LeaveText"], EditorText["Editor_Leave"],
            cancelText: EditorText["Editor_Stay"]);
        if (leave != true)
        {
            context.PreventNavigation();
        }
    }

    public void Dispose()
    {
        _leaveGuard?.Dispose();
        GC.SuppressFinalize(this);
    }
}
