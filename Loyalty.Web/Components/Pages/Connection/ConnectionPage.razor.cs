using Loyalty.Core.Bitrix24;
using Loyalty.Core.Bitrix24.UserFields;
using Loyalty.Core.Identity;
using Loyalty.Core.Portal;
using Loyalty.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace Loyalty.Web.Components.Pages.Connection;

/// <summary>
/// The Bitrix24 connection: the webhook and the events' token, "Test connection", and what the last check found —
/// the portal's user fields (present, created, missing and what to do), the scopes, the writes that wait for a field.
/// Saving the webhook and testing the connection both check (and create) the fields.
/// </summary>
public partial class ConnectionPage
{
    private SecretState? _webhook;
    private SecretState? _token;
    private string? _newWebhook;
    private string? _newToken;
    private string? _webhookError;
    private string? _tokenError;
    private bool _testing;
    private ConnectionTest? _result;
    private FieldOverview _overview = new(null, [], [], 0);

    [Inject]
    private ConnectionSettings Settings { get; set; } = default!;

    [Inject]
    private ConnectionTester Tester { get; set; } = default!;

    [Inject]
    private UserFieldProvisioner Provisioner { get; set; } = default!;

    [Inject]
    private PortalFieldStatus FieldStatus { get; set; } = default!;

    [Inject]
    private IOptions<Bitrix24Options> Options { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private PortalClock Clock { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private bool IsSandbox => Options.Value.Mode == Bitrix24Mode.Sandbox;

    protected override async Task OnInitializedAsync()
    {
        Provisioner.Checked += OnChecked;
        await LoadAsync();
    }

    public void Dispose() => Provisioner.Checked -= OnChecked;

    private async Task LoadAsync()
    {
        _webhook = await Settings.StateAsync(ConnectionSettings.WebhookUrlKey);
        _token = await Settings.StateAsync(ConnectionSettings.ApplicationTokenKey);
        _overview = await FieldStatus.OverviewAsync();
    }

    private void OnChecked() => _ = InvokeLiveAsync(async () =>
    {
        _overview = await FieldStatus.OverviewAsync();
        StateHasChanged();
    });

    private string Describe(SecretState? state) => state switch
    {
        null or { IsSet: false } => L["Connection_NotSet"],
        { FromConfiguration: true } => $"{state.Masked} ({L["Connection_FromConfig"]})",
        _ => $"{state.Masked} ({L["Connection_SetBy", Formats.DateTime(Clock.ToPortal(state.UpdatedAt!.Value)), state.UpdatedBy is { } by ? ActorDisplay.Text(L, by) ?? by : ""]})",
    };

    private async Task SaveWebhookAsync()
    {
        var value = _newWebhook?.Trim();
        if (ConnectionSettings.Validate(ConnectionSettings.WebhookUrlKey, value) is [var error, ..])
        {
            _webhookError = L[error.MessageKey, error.Arguments];
            return;
        }

        if (string.IsNullOrEmpty(value) || !Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps
            || uri.AbsolutePath.Trim('/').Split('/') is not ["rest", _, { Length: > 0 }, ..])
        {
            _webhookError = L["Connection_InvalidWebhook"];
            return;
        }

        _webhookError = null;
        await Settings.SaveAsync(ConnectionSettings.WebhookUrlKey, value, await UserAsync());
        _newWebhook = null;
        _result = null;
        await LoadAsync();
        Snackbar.Add(L["Connection_Saved"], Severity.Success);
        await CheckFieldsAsync();
    }

    private async Task SaveTokenAsync()
    {
        if (ConnectionSettings.Validate(ConnectionSettings.ApplicationTokenKey, _newToken) is [var error, ..])
        {
            _tokenError = L[error.MessageKey, error.Arguments];
            return;
        }

        _tokenError = null;
        await Settings.SaveAsync(ConnectionSettings.ApplicationTokenKey, _newToken, await UserAsync());
        _newToken = null;
        await LoadAsync();
        Snackbar.Add(L["Connection_Saved"], Severity.Success);
    }

    private async Task TestAsync()
    {
        _testing = true;
        try
        {
            _result = await Tester.TestAsync();
            if (_result.Ok)
            {
                await CheckFieldsAsync();
            }
        }
        finally
        {
            _testing = false;
        }
    }

    /// <summary>Lists the fields and creates the missing ones; a portal that cannot be reached is reported, not thrown.</summary>
    private async Task CheckFieldsAsync()
    {
        try
        {
            var result = await Provisioner.ProvisionAsync();
            Snackbar.Add(L["Connection_FieldsChecked", result.Created, result.Missing], result.Missing > 0 ? Severity.Warning : Severity.Success);
        }
        catch (Bitrix24Exception ex)
        {
            Snackbar.Add(L["Connection_CheckFailed", ex.Description], Severity.Error);
        }

        _overview = await FieldStatus.OverviewAsync();
    }

    private async Task<string> UserAsync() => UserClaims.DisplayName((await AuthenticationState).User);
}
