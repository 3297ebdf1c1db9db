using Loyalty.Core.Gamification;
using Loyalty.Core.Portal;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Loyalty.Web.Components.Pages.Leaderboards;

/// <summary>
/// The kiosk view of a board. A 1080p screen holds <see cref="RowsPerScreen"/> rows; a longer board turns to its
/// next page every <see cref="PageInterval"/> (a timer of the component's own, stopped when it goes), back to the
/// first after the last.
/// </summary>
public partial class KioskBoard : ComponentBase, IDisposable
{
    /// <summary>Rows that fit a 16:9 screen under the heading, with large avatars (the kiosk's type scales with the width).</summary>
    public const int RowsPerScreen = 8;

    /// <summary>How many rows the kiosk shows when the rating itself shows everyone.</summary>
    public const int DefaultRows = 30;

    private readonly CancellationTokenSource _stop = new();
    private bool _turning;
    private int _page;

    [Inject] private PortalClock Clock { get; set; } = default!;

    [Inject] private TimeProvider Time { get; set; } = default!;

    [Inject] private IJSRuntime JS { get; set; } = default!;

    [Parameter, EditorRequired] public Leaderboard Board { get; set; } = default!;

    /// <summary>When the board was calculated, as the reader sees it.</summary>
    [Parameter, EditorRequired] public string Updated { get; set; } = "";

    [Parameter, EditorRequired] public string ExitHref { get; set; } = "";

    /// <summary>Rows whose place or score changed in the last update: they flash once.</summary>
    [Parameter] public IReadOnlySet<long> Changed { get; set; } = new HashSet<long>();

    /// <summary>How long each page of rows stays on screen.</summary>
    [Parameter] public TimeSpan PageInterval { get; set; } = TimeSpan.FromSeconds(15);

    private bool Team => Board.Rating.Scope == RatingScope.Team;

    private bool ShowNew => Board.Rows.Any(r => r.PreviousRank is not null);

    /// <summary>The rating's top N, else the ranked participants up to <see cref="DefaultRows"/>.</summary>
    private IReadOnlyList<LeaderboardRow> Rows => Board.Rating.TopN > 0 ? Board.Shown : Board.Rows.Where(r => r.Rank is not null).Take(DefaultRows).ToList();

    private int PageCount => Math.Max(1, (Rows.Count + RowsPerScreen - 1) / RowsPerScreen);

    private IEnumerable<LeaderboardRow> PageRows => Rows.Skip(Math.Min(_page, PageCount - 1) * RowsPerScreen).Take(RowsPerScreen);

    protected override void OnParametersSet()
    {
        _page = Math.Min(_page, PageCount - 1);
        if (!_turning)
        {
            _turning = true;
            _ = TurnPagesAsync(_stop.Token);
        }
    }

    private async Task TurnPagesAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(PageInterval, Time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                await InvokeAsync(() =>
                {
                    if (PageCount > 1)
                    {
                        _page = (_page + 1) % PageCount;
                        StateHasChanged();
                    }
                });
            }
        }
        catch (OperationCanceledException)
        {
        }
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
        _stop.Cancel();
        _stop.Dispose();
    }
}
