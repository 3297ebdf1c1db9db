using System.Globalization;
using Loyalty.Core.Notifications;
using Loyalty.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Loyalty.Web.Components.Pages.Notifications;

/// <summary>
/// The outbox (decision 016): everything the portal sent or will send to people, filtered in the address (so a link
/// can be shared and the dashboard can point at the failed ones), paged in the database, newest first; each notice's
/// rendered content, attempts and errors; retrying one failed notice or all of them. The counters and the list follow
/// the sender while the page is open.
/// </summary>
public partial class NotificationsPage
{
    /// <summary>How often an open page looks again at the outbox.</summary>
    public static TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(3);

    private static CultureInfo Culture => WebServices.FormatCulture;

    private readonly CancellationTokenSource _closing = new();
    private MudDataGrid<NotificationRow>? _grid;
    private NotificationCounters? _counters;
    private string? _loadedFilter;
    private bool _busy;
    private Task? _refresh;

    [SupplyParameterFromQuery(Name = QueryKeys.Channel)]
    public string? ChannelText { get; set; }

    [SupplyParameterFromQuery(Name = QueryKeys.Status)]
    public string? StatusText { get; set; }

    [SupplyParameterFromQuery(Name = QueryKeys.Kind)]
    public string? KindText { get; set; }

    /// <summary>Created on or after this day (the portal's zone), <c>yyyy-MM-dd</c>.</summary>
    [SupplyParameterFromQuery(Name = QueryKeys.From)]
    public string? FromText { get; set; }

    /// <summary>Created on or before this day (the portal's zone), <c>yyyy-MM-dd</c>.</summary>
    [SupplyParameterFromQuery(Name = QueryKeys.To)]
    public string? ToText { get; set; }

    /// <summary>An address, a name or a phone number in any Russian format.</summary>
    [SupplyParameterFromQuery(Name = QueryKeys.Recipient)]
    public string? Recipient { get; set; }

    private NotificationChannel? Channel { get; set; }

    private NotificationStatus? Status { get; set; }

    private NotificationKind? Kind { get; set; }

    private DateOnly? From { get; set; }

    private DateOnly? To { get; set; }

    private bool HasFilters => Channel is not null || Status is not null || Kind is not null || From is not null || To is not null || !string.IsNullOrWhiteSpace(Recipient);

    private string Filter => string.Join('|', Channel, Status, Kind, From, To, Recipient?.Trim());

    private NotificationFilter Current => new(Channel, Status, From, To, string.IsNullOrWhiteSpace(Recipient) ? null : Recipient.Trim(), Kind);

    protected override async Task OnInitializedAsync()
    {
        _counters = await Queries.CountersAsync();
        _refresh = RefreshLoopAsync(_closing.Token);
    }

    protected override async Task OnParametersSetAsync()
    {
        // The address may carry anything: a value that cannot be read is left out, as if it were not there.
        Channel = Parse<NotificationChannel>(ChannelText);
        Status = Parse<NotificationStatus>(StatusText);
        Kind = Parse<NotificationKind>(KindText);
        (From, To) = (QueryValues.Day(FromText), QueryValues.Day(ToText));
        if (_grid is not null && _loadedFilter is not null && _loadedFilter != Filter)
        {
            await _grid.ReloadServerData();
        }
    }

    private async Task<GridData<NotificationRow>> LoadAsync(GridState<NotificationRow> state, CancellationToken ct)
    {
        _loadedFilter = Filter;
        var (rows, total) = await Queries.ListAsync(Current, state.Page * state.PageSize, state.PageSize, ct);
        return new GridData<NotificationRow> { Items = rows, TotalItems = total };
    }

    /// <summary>Looks again every few seconds while the page is open: the sender works behind it.</summary>
    private async Task RefreshLoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                await InvokeLiveAsync(ReloadAsync);
            }
        }
        catch (OperationCanceledException)
        {
            // The page closed.
        }
        catch (ObjectDisposedException)
        {
            // The circuit went away between two looks.
        }
    }

    private async Task ReloadAsync()
    {
        _counters = await Queries.CountersAsync(_closing.Token);
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }

        StateHasChanged();
    }

    private Task SetAsync(string key, object? value)
    {
        switch (key)
        {
            case QueryKeys.Channel: Channel = value as NotificationChannel?; break;
            case QueryKeys.Status: Status = value as NotificationStatus?; break;
            case QueryKeys.Kind: Kind = value as NotificationKind?; break;
            case QueryKeys.From: From = value as DateOnly?; break;
            case QueryKeys.To: To = value as DateOnly?; break;
            case QueryKeys.Recipient: Recipient = value as string; break;
        }

        return ApplyAsync();
    }

    private Task ClearAsync()
    {
        (Channel, Status, Kind, From, To, Recipient) = (null, null, null, null, null, null);
        return ApplyAsync();
    }

    private async Task ApplyAsync()
    {
        // The grid is reloaded here; the address change that follows must not reload it a second time.
        _loadedFilter = Filter;
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            [QueryKeys.Channel] = Channel?.ToString(),
            [QueryKeys.Status] = Status?.ToString(),
            [QueryKeys.Kind] = Kind?.ToString(),
            [QueryKeys.From] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            [QueryKeys.To] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            [QueryKeys.Recipient] = string.IsNullOrWhiteSpace(Recipient) ? null : Recipient,
        }), replace: true);
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    private async Task OpenAsync(long id)
    {
        var parameters = new DialogParameters<NotificationDialog>
        {
            { d => d.Id, id },
            { d => d.OnRetry, RetryAsync },
        };
        await Dialogs.ShowAsync<NotificationDialog>(L["Notifications_DetailsTitle"], parameters,
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseButton = true, CloseOnEscapeKey = true });
    }

    private async Task RetryAsync(long id)
    {
        _busy = true;
        try
        {
            var retried = await Queries.RetryAsync(id);
            Snackbar.Add(retried ? L["Notifications_Retried"] : L["Notifications_NotRetried"], retried ? Severity.Success : Severity.Warning);
            await ReloadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task RetryAllAsync()
    {
        var failed = (await Queries.CountersAsync()).FailedTotal;
        if (failed == 0)
        {
            await ReloadAsync();
            return;
        }

        var confirmed = await Dialogs.ShowMessageBoxAsync(L["Notifications_RetryAllTitle"], L["Notifications_RetryAllText", Formats.Number(failed)],
            L["Notifications_RetryAllYes"], cancelText: L["Common_Cancel"]);
        if (confirmed != true)
        {
            return;
        }

        _busy = true;
        try
        {
            var count = await Queries.RetryAllAsync();
            Snackbar.Add(L["Notifications_RetriedAll", Formats.Number(count)], count > 0 ? Severity.Success : Severity.Info);
            await ReloadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private string When(NotificationRow row) => row switch
    {
        { Status: NotificationStatus.Sent, SentAt: { } sent } => L["Notifications_WhenSent", Formats.DateTime(Clock.ToPortal(sent))],
        { Status: NotificationStatus.Failed, FailedAt: { } failed } => L["Notifications_WhenFailed", Formats.DateTime(Clock.ToPortal(failed))],
        { Status: NotificationStatus.Waiting or NotificationStatus.Sending } => L["Notifications_WhenDue", Formats.DateTime(Clock.ToPortal(row.DueAt))],
        _ => "—",
    };

    private static string? Reason(NotificationRow row) =>
        row.Status == NotificationStatus.Sent ? null : row.LastError is { Length: > 0 } error ? error : NotificationText.Failure(row.FailureCode);

    private static string Content(NotificationRow row) => row.Subject is { Length: > 0 } subject ? subject : row.TextStart;

    private static string Shorten(string? text, int length)
    {
        var line = string.Join(' ', (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= length ? line : string.Concat(line.AsSpan(0, length - 1), "…");
    }

    private string Count(int? value) => value is { } v ? Formats.Number(v) : "…";

    private static T? Parse<T>(string? text) where T : struct, Enum =>
        Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) ? value : null;

    private static DateTime? ToDate(DateOnly? day) => day?.ToDateTime(TimeOnly.MinValue);

    private static DateOnly? ToDay(DateTime? date) => date is { } d ? DateOnly.FromDateTime(d) : null;

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        if (_refresh is not null)
        {
            await _refresh;
        }

        _closing.Dispose();
    }

    private static class QueryKeys
    {
        public const string Channel = "channel";
        public const string Status = "status";
        public const string Kind = "kind";
        public const string From = "from";
        public const string To = "to";
        public const string Recipient = "q";
    }
}
