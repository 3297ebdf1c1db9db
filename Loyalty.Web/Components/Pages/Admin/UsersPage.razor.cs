using Loyalty.Core.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using MudBlazor;

namespace Loyalty.Web.Components.Pages.Admin;

public partial class UsersPage
{
    private MudDataGrid<UserRow> _grid = default!;
    private string? _me;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    /// <summary>The search text, kept in the address so a filtered list can be bookmarked.</summary>
    [SupplyParameterFromQuery(Name = "q")]
    public string? Search { get; set; }

    [SupplyParameterFromQuery(Name = "role")]
    public string? Role { get; set; }

    protected override async Task OnInitializedAsync() =>
        _me = UserClaims.Id((await AuthenticationState).User);

    private async Task<GridData<UserRow>> LoadAsync(GridState<UserRow> state, CancellationToken ct)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        var query = new UserQuery(
            Search,
            Roles.All.Contains(Role) ? Role : null,
            sort?.SortBy switch
            {
                nameof(UserRow.DisplayName) => UserSort.DisplayName,
                nameof(UserRow.CreatedAtUtc) => UserSort.CreatedAt,
                nameof(UserRow.LastSignInAtUtc) => UserSort.LastSignIn,
                _ => UserSort.Email,
            },
            sort?.Descending ?? false,
            state.Page * state.PageSize,
            state.PageSize);
        var page = await Users.ListAsync(query, ct);
        return new GridData<UserRow> { Items = page.Rows, TotalItems = page.Total };
    }

    private Task SearchChanged(string? value) => SetQueryAsync("q", value);

    private Task RoleChanged(string? value) => SetQueryAsync("role", value);

    private async Task SetQueryAsync(string name, string? value)
    {
        if (name == "q")
        {
            Search = value;
        }
        else
        {
            Role = value;
        }

        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter(name, string.IsNullOrWhiteSpace(value) ? null : value), replace: true);
        await _grid.ReloadServerData();
    }

    private async Task AddAsync()
    {
        var dialog = await Dialogs.ShowAsync<NewUserDialog>(L["Users_Add"], new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: string email })
        {
            Snackbar.Add(L["Users_Created_Message", email], Severity.Success);
            await _grid.ReloadServerData();
        }
    }

    private async Task EditRolesAsync(UserRow user)
    {
        var parameters = new DialogParameters<RolesDialog> { { d => d.User, user } };
        var dialog = await Dialogs.ShowAsync<RolesDialog>(L["Users_EditRoles"], parameters, new DialogOptions { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add(L["Users_RolesSaved", user.DisplayName], Severity.Success);
            await _grid.ReloadServerData();
        }
    }

    private async Task ResetPasswordAsync(UserRow user)
    {
        var parameters = new DialogParameters<ResetPasswordDialog> { { d => d.User, user } };
        var dialog = await Dialogs.ShowAsync<ResetPasswordDialog>(L["Users_ResetPassword"], parameters, new DialogOptions { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add(L["Users_PasswordReset", user.DisplayName], Severity.Success);
            await _grid.ReloadServerData();
        }
    }

    private async Task SetLockedAsync(UserRow user, bool locked)
    {
        var result = await Users.SetLockedAsync(user.Id, locked, _me ?? "");
        Report(result, locked ? L["Users_LockedMessage", user.DisplayName] : L["Users_UnlockedMessage", user.DisplayName]);
        await _grid.ReloadServerData();
    }

    private void Report(IdentityResult result, string success)
    {
        if (result.Succeeded)
        {
            Snackbar.Add(success, Severity.Success);
            return;
        }

        foreach (var error in result.Errors)
        {
            Snackbar.Add(ErrorText.For(error), Severity.Error);
        }
    }
}
