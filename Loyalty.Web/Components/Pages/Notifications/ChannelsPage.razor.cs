using System.Text.Json;
using Loyalty.Core.Bitrix24;
using Loyalty.Core.Identity;
using Loyalty.Core.Notifications;
using Loyalty.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Loyalty.Web.Components.Pages.Notifications;

/// <summary>
/// The notification channels (decision 011's editor): SMTP, SMS.ru, rate limits, quiet hours and the retry window, with
/// a test e-mail and a test SMS sent through the saved settings. Secrets are write-only, shown masked as on the Connection page.
/// </summary>
public partial class ChannelsPage
{
    private ChannelSettingsView? _view;
    private string _saved = "";
    private decimal? _balance;
    private string? _testEmail;
    private string? _testPhone;
    private bool _testing;
    private ChannelTestResult? _emailResult;
    private ChannelTestResult? _smsResult;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        _balance = await Checks.SmsBalanceAsync();
    }

    private async Task LoadAsync()
    {
        _view = await Settings.GetAsync();
        _saved = Snapshot(_view.Form);
        Reset(_view.Form.Copy());
    }

    protected override EditorCheck Check(ChannelSettingsForm model) => new(ChannelSettings.Validate(model), Snapshot(model) != _saved);

    protected override async Task<EditorSaved?> SaveCoreAsync(ChannelSettingsForm model)
    {
        await Settings.SaveAsync(model, await UserAsync());
        await LoadAsync();
        _balance = await Checks.SmsBalanceAsync();
        return new(L["Channels_Saved"]);
    }

    private Task Revert()
    {
        Reset(_view!.Form.Copy());
        return Task.CompletedTask;
    }

    private async Task SetQuietAsync(TimeSpan? time, bool from)
    {
        var value = TimeOnly.FromTimeSpan(time ?? TimeSpan.Zero);
        if (from)
        {
            Model!.QuietFrom = value;
        }
        else
        {
            Model!.QuietTo = value;
        }

        await EditedAsync();
    }

    private async Task TestEmailAsync()
    {
        _testing = true;
        try
        {
            _emailResult = await Checks.SendTestEmailAsync(_testEmail?.Trim() ?? "", await UserAsync());
        }
        finally
        {
            _testing = false;
        }
    }

    private async Task TestSmsAsync()
    {
        _testing = true;
        try
        {
            _smsResult = await Checks.SendTestSmsAsync(_testPhone?.Trim() ?? "", await UserAsync());
            _balance = await Checks.SmsBalanceAsync();
        }
        finally
        {
            _testing = false;
        }
    }

    private string Describe(SecretState state) => state switch
    {
        { IsSet: false } => L["Connection_NotSet"],
        { FromConfiguration: true } => $"{state.Masked} ({L["Connection_FromConfig"]})",
        _ => state.Masked ?? "",
    };

    private string Where(string field) => L["Channels_Field_" + field];

    /// <summary>The form as saved, to tell whether it changed; secrets typed but not saved count as a change.</summary>
    private static string Snapshot(ChannelSettingsForm form) => JsonSerializer.Serialize(form);

    private async Task<string> UserAsync() => UserClaims.DisplayName((await AuthenticationState).User);
}
