using Loyalty.Core.Gamification;
using Loyalty.Core.Portal;
using Loyalty.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace Loyalty.Web.Components.Pages.Leaderboards;

/// <summary>
/// A rating's live leaderboard. The page reads its board once, then listens to <see cref="LeaderboardHub"/>: a
/// recalculation that changes the board pushes it to every open page at once, read from memory — no page polls
/// the database. Without a period in the address it follows the current one, also across midnight.
/// </summary>
public partial class LeaderboardPage : LiveComponentBase, IDisposable
{
    /// <summary>How many rows the kiosk shows when the rating itself shows everyone.</summary>
    private const int KioskDefaultRows = 15;

    /// <summary>Rows built at a time: a board of thousands is shown a page at a time, so every push stays cheap.</summary>
    internal const int RowsPerPage = 200;

    private static readonly TimeSpan ChartRefresh = TimeSpan.FromMinutes(1);

    private readonly CancellationTokenSource _stop = new();
    private Leaderboard? _board;
    private IReadOnlyList<RatingPeriodSummary> _periods = [];
    private IReadOnlyList<ScoreSeries> _chart = [];
    private List<BreadcrumbItem> _crumbs = [];
    private HashSet<long> _changed = [];
    private DateTime _chartReadAt;
    private long? _expanded;
    private bool _showAll;
    private int _limit = RowsPerPage;
    private bool _loading = true;
    private bool _ready;
    private bool _refreshQueued;
    private bool _subscribed;

    [Inject] private GamificationQueries Queries { get; set; } = default!;

    [Inject] private LeaderboardHub Hub { get; set; } = default!;

    [Inject] private PortalClock Clock { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private IJSRuntime JS { get; set; } = default!;

    [Parameter] public long RatingId { get; set; }

    /// <summary>The period's key (<c>2026-12</c>, <c>2026-W49</c>, …); none: the current period, followed as time goes on.</summary>
    [SupplyParameterFromQuery(Name = "period")]
    public string? PeriodKey { get; set; }

    /// <summary>Full-screen for a TV: no menus, large type, the top rows.</summary>
    [SupplyParameterFromQuery(Name = "kiosk")]
    public string? KioskText { get; set; }

    private bool Kiosk => QueryValues.Flag(KioskText);

    private bool Team => _board?.Rating.Scope == RatingScope.Team;

    private bool IsCurrent => _board is not null && _board.Period.Contains(Clock.UtcNow);

    /// <summary>"New" means something only once the board has moved: on its first calculation everyone would be new.</summary>
    private bool ShowNew => _board?.Rows.Any(r => r.PreviousRank is not null) == true;

    private int Ranked => _board?.Rows.Count(r => r.Rank is not null) ?? 0;

    private IReadOnlyList<LeaderboardRow> ListedRows => _board is null ? [] : _showAll ? _board.Rows : _board.Shown;

    private IEnumerable<LeaderboardRow> VisibleRows => ListedRows.Take(_limit);

    private int MoreCount => Math.Max(0, ListedRows.Count - _limit);

    private int HiddenCount => _board is null || _board.Rating.TopN == 0 ? 0 : _board.Rows.Count - _board.Shown.Count;

    private IReadOnlyList<LeaderboardRow> KioskRows => _board is null ? []
        : _board.Rating.TopN > 0 ? _board.Shown : _board.Rows.Where(r => r.Rank is not null).Take(KioskDefaultRows).ToList();

    private string Updated => _board?.CalculatedAt is { } at ? L["Leaderboard_UpdatedAt", Formats.DateTime(Clock.ToPortal(at))] : L["Leaderboard_NotCalculated"];

    protected override void OnInitialized()
    {
        Hub.Changed += OnBoardChanged;
        _subscribed = true;
        _ = FollowTimeAsync(_stop.Token);
    }

    protected override async Task OnParametersSetAsync()
    {
        _loading = _board is null;
        _expanded = null;
        _showAll = false;
        _limit = RowsPerPage;
        _changed = [];
        _board = await Queries.LeaderboardAsync(RatingId, PeriodKey);
        if (_board is not null)
        {
            _periods = await PeriodsWithAsync(_board);
            _chart = await Queries.ChartAsync(RatingId, _board.Period.Key);
            _chartReadAt = Clock.UtcNow;
            _crumbs = [new(L["Leaderboards_Title"], "/leaderboards"), new(LeaderboardFormats.Period(_board.Period), null, disabled: true)];
        }

        _loading = false;
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && _subscribed)
        {
            _ready = true;
            StateHasChanged();
        }
    }

    /// <summary>A board changed somewhere: if it is this one, show it — at most one refresh waits at a time.</summary>
    private void OnBoardChanged(long ratingId, string periodKey)
    {
        if (ratingId != RatingId || _refreshQueued || (periodKey.Length > 0 && periodKey != _board?.Period.Key))
        {
            return;
        }

        _refreshQueued = true;
        _ = InvokeLiveAsync(async () =>
        {
            _refreshQueued = false;
            await RefreshAsync(_board?.Period.Key ?? PeriodKey);
        });
    }

    private async Task RefreshAsync(string? periodKey)
    {
        var before = _board;
        var board = await Queries.LeaderboardAsync(RatingId, periodKey);
        if (board is null || (before is not null && board.Revision == before.Revision))
        {
            return;
        }

        _changed = ChangedRows(before, board);
        _board = board;
        if (before is null || before.Period.Key != board.Period.Key)
        {
            _periods = await PeriodsWithAsync(board);
        }

        if (Clock.UtcNow - _chartReadAt >= ChartRefresh || before?.Period.Key != board.Period.Key)
        {
            _chart = await Queries.ChartAsync(RatingId, board.Period.Key);
            _chartReadAt = Clock.UtcNow;
        }

        StateHasChanged();
    }

    /// <summary>Rows whose place or score differs from the board shown before (they flash once).</summary>
    internal static HashSet<long> ChangedRows(Leaderboard? before, Leaderboard after)
    {
        if (before is null || before.Period.Key != after.Period.Key)
        {
            return [];
        }

        var old = before.Rows.ToDictionary(r => r.ParticipantId);
        return after.Rows.Where(r => !old.TryGetValue(r.ParticipantId, out var was) || was.Rank != r.Rank || was.Score != r.Score)
            .Select(r => r.ParticipantId).ToHashSet();
    }

    /// <summary>
    /// Every half minute: the kiosk's clock moves on, and a page that follows the current period moves to the next
    /// one when it starts (midnight, Monday, the first of the month).
    /// </summary>
    private async Task FollowTimeAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(30));
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                await InvokeLiveAsync(async () =>
                {
                    if (PeriodKey is null && _board is not null && !_board.Period.Contains(Clock.UtcNow))
                    {
                        await RefreshAsync(null);
                    }

                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<IReadOnlyList<RatingPeriodSummary>> PeriodsWithAsync(Leaderboard board)
    {
        var periods = (await Queries.PeriodsAsync(RatingId)).ToList();
        var current = Periods.Containing(board.Rating.Period, Clock.UtcNow, Clock.Zone);
        foreach (var needed in new[] { current, board.Period })
        {
            if (periods.All(p => p.Period.Key != needed.Key))
            {
                periods.Add(new RatingPeriodSummary(needed, needed.Key == board.Period.Key && board.Closed, null, null));
            }
        }

        return periods.OrderByDescending(p => p.Period.StartUtc).ToList();
    }

    private void Toggle(long participantId) => _expanded = _expanded == participantId ? null : participantId;

    private Task GoToAsync(string key)
    {
        var current = _board is null ? null : Periods.Containing(_board.Rating.Period, Clock.UtcNow, Clock.Zone).Key;
        Navigation.NavigateTo(PageUrl(key == current ? null : key, Kiosk));
        return Task.CompletedTask;
    }

    private string PageUrl(string? periodKey, bool kiosk)
    {
        var query = new List<string>();
        if (periodKey is not null)
        {
            query.Add("period=" + Uri.EscapeDataString(periodKey));
        }

        if (kiosk)
        {
            query.Add("kiosk=true");
        }

        return $"/leaderboards/{RatingId}" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
    }

    private async Task FullScreenAsync()
    {
        try
        {
            await JS.InvokeVoidAsync("document.documentElement.requestFullscreen");
        }
        catch (JSException)
        {
            // The browser refused (no user gesture, or no full-screen support): the kiosk still fills the window.
        }
    }

    public void Dispose()
    {
        Hub.Changed -= OnBoardChanged;
        _stop.Cancel();
        _stop.Dispose();
    }
}
