using Loyalty.Core.Gamification;
using Loyalty.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Loyalty.Web.Components.Pages.Gamification;

public partial class BadgeGalleryPage
{
    private GalleryView? _view;
    private long? _loadedFor;
    private bool _loaded;

    [Inject]
    private BadgeGallery Gallery { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    /// <summary>The employee whose earned and locked badges are shown; kept in the address so the view can be shared.</summary>
    [SupplyParameterFromQuery(Name = "employee")]
    public string? EmployeeText { get; set; }

    private long? Employee { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        // The address changed under the page (back, forward, a link): show what it says.
        Employee = QueryValues.Id(EmployeeText);
        if (!_loaded || _loadedFor != Employee)
        {
            await LoadAsync();
        }
    }

    private async Task LoadAsync()
    {
        _loadedFor = Employee;
        _loaded = true;
        _view = await Gallery.GalleryAsync(Employee);
    }

    private async Task ChooseAsync(EmployeeOption? employee)
    {
        Employee = employee?.Id;
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("employee", Employee), replace: true);
        if (_loadedFor != Employee)
        {
            await LoadAsync();
        }
    }

    private async Task AwardAsync(GalleryBadge badge)
    {
        var parameters = new DialogParameters<ManualAwardDialog>
        {
            { d => d.BadgeId, badge.Id },
            { d => d.Employee, _view?.Employee },
        };
        var dialog = await Dialogs.ShowAsync<ManualAwardDialog>(L["Award_Title"], parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: ManualAwardDialog.Awarded awarded })
        {
            Snackbar.Add(L["Award_Done", awarded.BadgeName, awarded.EmployeeName], Severity.Success);
            await LoadAsync();
        }
    }
}
