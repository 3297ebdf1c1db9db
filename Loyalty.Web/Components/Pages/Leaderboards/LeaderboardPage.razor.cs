using Loyalty.Core.Gamification;
using Loyalty.Core.Portal;
using Loyalty.Web.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace Loyalty.Web.Components.Pages.Leaderboards;

/// <summary>
/// A rating's live leaderboard. The page reads its board once, then listens to <see cref="LeaderboardHub"/>: a
/// recalculation that changes the board pushes it to every open page at once, read from memory — no page polls
/// the database. Without a period in the address it follows the current one, also across midnight. What is shown
/// lives in <see cref="LeaderboardHeader"/>, <see cref="LeaderboardTable"/>, <see cref="KioskBoard"/> and <see cref="ScoreChart"/>.
/// </summary>
public partial class LeaderboardPage : LiveComponentBase, IDisposable
{
    private static readonly TimeSpan ChartRefresh = TimeSpan.FromMinutes(1);

    private readonly CancellationTokenSource _stop = new();
    private Leaderboard? _board;
    private IReadOnlyList<RatingPeriodSummary> _periods = [];
    private IReadOnlyList<ScoreSeries> _chart = [];
    private HashSet<long> _changed = [];
    private DateTime _chartReadAt;
    private bool _loading = true;
    private bool _ready;
    private bool _refreshQueued;
    private bool _subscribed;

    [Inject] private GamificationQueries Queries { get; set; } = default!;

    [Inject] private LeaderboardHub Hub { get; set; } = default!;

    [Inject] private PortalClock Clock { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Parameter] public long RatingId { get; set; }

    /// <summary>The period's key (<c>2026-12</c>, <c>2026-W49</c>, …); none: the current period, followed as time goes on.</summary>
    [SupplyParameterFromQuery(Name = "period")]
    public string? PeriodKey { get; set; }

    /// <summary>Full-screen for a TV: no menus, large type, the top rows page by page.</summary>
    [SupplyParameterFromQuery(Name = "kiosk")]
    public string? KioskText { get; set; }

    private bool Kiosk => QueryValues.Flag(KioskText);

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
        _changed = [];
        _board = await Queries.LeaderboardAsync(RatingId, PeriodKey);
        if (_board is not null)
        {
            _periods = await Queries.PeriodsAsync(RatingId);
            await ReadChartAsync(_board);
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

        _changed = LeaderboardAddress.ChangedRows(before, board);
        _board = board;
        if (before is null || before.Period.Key != board.Period.Key)
        {
            _periods = await Queries.PeriodsAsync(RatingId);
        }

        if (Clock.UtcNow - _chartReadAt >= ChartRefresh || before?.Period.Key != board.Period.Key)
        {
            await ReadChartAsync(board);
        }

        StateHasChanged();
    }

    private async Task ReadChartAsync(Leaderboard board)
    {
        // The kiosk shows no chart.
        _chart = Kiosk ? [] : await Queries.ChartAsync(RatingId, board.Period.Key);
        _chartReadAt = Clock.UtcNow;
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

    private Task GoToAsync(string key)
    {
        var current = _board is null ? null : Periods.Containing(_board.Rating.Period, Clock.UtcNow, Clock.Zone).Key;
        Navigation.NavigateTo(PageUrl(key == current ? null : key, Kiosk));
        return Task.CompletedTask;
    }

    private string PageUrl(string? periodKey, bool kiosk) => LeaderboardAddress.Of(RatingId, periodKey, kiosk);

    public void Dispose()
    {
        Hub.Changed -= OnBoardChanged;
        _stop.Cancel();
        _stop.Dispose();
    }
}
