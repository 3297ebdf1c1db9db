using Loyalty.Core.Bitrix24;
using Loyalty.Core.Portal;
using Loyalty.Core.Sync;
using Loyalty.Web.Jobs;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using Loyalty.Web.Components.Shared;
using MudBlazor;

namespace Loyalty.Web.Components.Pages.Sync;

public partial class SyncPage
{
    private IReadOnlyDictionary<SyncEntity, int> _counts = new Dictionary<SyncEntity, int>();
    private SyncRun? _lastSuccess;
    private int _pendingEvents;
    private IReadOnlyList<SyncIssue> _issues = [];
    private string _endpoint = "";
    private DateTime? _fromDate;
    private bool _starting;
    private SyncRunsGrid _grid = default!;

    [Inject]
    private SyncMonitor Monitor { get; set; } = default!;

    [Inject]
    private SyncQueries Queries { get; set; } = default!;

    [Inject]
    private JobsService Jobs { get; set; } = default!;

    [Inject]
    private IBitrix24Endpoint Endpoint { get; set; } = default!;

    [Inject]
    private IOptions<Bitrix24Options> Bitrix24 { get; set; } = default!;

    [Inject]
    private PortalClock Clock { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        Monitor.Changed += OnMonitorChanged;
        try
        {
            _endpoint = Mask(await Endpoint.GetWebhookUrlAsync());
        }
        catch (Bitrix24Exception ex)
        {
            _endpoint = ex.Description;
        }

        await RefreshAsync();
    }

    private async Task RefreshAsync()
    {
        _counts = await Queries.MirrorCountsAsync();
        _lastSuccess = await Queries.LastSuccessfulAsync();
        _pendingEvents = await Queries.PendingEventsAsync();
        _issues = await Queries.RecentIssuesAsync();
    }

    private void OnMonitorChanged() => _ = InvokeLiveAsync(async () =>
    {
        if (!Monitor.IsRunning)
        {
            // The run finished: its row, the counts and the last success changed.
            _starting = false;
            await RefreshAsync();
            await _grid.ReloadAsync();
        }

        StateHasChanged();
    });

    private Task SyncNowAsync() => StartAsync(SyncKind.Incremental, null);

    private Task ResyncAsync() =>
        StartAsync(SyncKind.Full, _fromDate is { } date ? TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(date.Date, DateTimeKind.Unspecified), Clock.Zone) : null);

    private async Task StartAsync(SyncKind kind, DateTime? fromUtc)
    {
        if (Monitor.IsRunning || _starting)
        {
            Snackbar.Add(L["Sync_AlreadyRunning"], Severity.Info);
            return;
        }

        _starting = true;
        var user = (await AuthenticationState).User;
        var data = new Dictionary<string, string> { [SyncJob.KindKey] = kind.ToString(), [SyncJob.ByKey] = Loyalty.Core.Identity.UserClaims.DisplayName(user) };
        if (fromUtc is { } from)
        {
            data[SyncJob.FromKey] = from.ToString("O");
        }

        await Jobs.RunNowAsync(SyncJob.Incremental, data);
        Snackbar.Add(L["Sync_Started"], Severity.Success);
    }

    private async Task OpenRunAsync(SyncRun run)
    {
        var parameters = new DialogParameters<SyncRunDialog> { { d => d.Run, run } };
        await Dialogs.ShowAsync<SyncRunDialog>(L["Sync_Details"], parameters, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseButton = true });
    }

    private static double Percent(SyncProgress progress) =>
        progress.EntityCount == 0 ? 0 : 100.0 * progress.EntityIndex / progress.EntityCount;

    /// <summary>The webhook's secret is never shown back: "https://x.bitrix24.ru/rest/1/ab••••/".</summary>
    internal static string Mask(Uri webhook) => ConnectionSettings.Mask(ConnectionSettings.WebhookUrlKey, webhook.ToString());

    public void Dispose() => Monitor.Changed -= OnMonitorChanged;
}
