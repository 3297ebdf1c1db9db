using Bunit;
using Loyalty.Core.Crm;
using Loyalty.Core.Gamification;
using Loyalty.Tests.TestSupport;
using Loyalty.Tests.Web.Components.Pages.Gamification;
using Loyalty.Web.Components.Shared;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Loyalty.Tests.Web.Components.Shared;

/// <summary>A toast about a new leader names the leader: everyone watching sees it, and most of them are someone else.</summary>
public sealed class NoticeToastsTests : IAsyncLifetime
{
    private TestDatabase _database = default!;
    private BunitContext _ctx = default!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _ctx = new BunitContext();
        GamificationPages.AddServices(_ctx, _database);
        _ctx.Services.AddSingleton<NoticeSubjects>();
    }

    public async Task DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task ANewLeadersToastNamesTheLeaderAndThePeriod()
    {
        using var culture = new CultureScope("ru");
        GamificationNotice notice;
        await using (var db = _database.CreateDbContext())
        {
            db.Employees.Add(new Employee { Id = 7, FirstName = "Жанна", LastName = "Климова", Active = true });
            var rating = db.Ratings.Add(new Rating { Name = "Лучший менеджер месяца", Scope = RatingScope.Individual, Period = PeriodKind.Month }).Entity;
            await db.SaveChangesAsync();
            notice = db.GamificationNotices.Add(new GamificationNotice
            {
                Kind = NoticeKind.NewLeader, EmployeeId = 7, RatingId = rating.Id, CreatedAt = new DateTime(2026, 12, 6, 10, 0, 0, DateTimeKind.Utc),
                Text = "Вы вышли на первое место в рейтинге «Лучший менеджер месяца» (2026-12).",
            }).Entity;
            await db.SaveChangesAsync();
        }

        var provider = _ctx.Render<MudSnackbarProvider>();
        _ctx.Render<NoticeToasts>();
        var snackbar = _ctx.Services.GetRequiredService<ISnackbar>();

        _ctx.Services.GetRequiredService<LeaderboardHub>().Notify(notice);

        provider.WaitForAssertion(() => Assert.Single(snackbar.ShownSnackbars), GamificationPages.Deadline);
        var message = snackbar.ShownSnackbars.Single().Message;
        Assert.Equal("Жанна Климова — первое место в «Лучший менеджер месяца», декабрь 2026", message);
        Assert.DoesNotContain("Вы ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void OnAPhoneOnlyTheNewestOfSeveralToastsShows()
    {
        var provider = _ctx.Render<MudSnackbarProvider>();
        var snackbar = _ctx.Services.GetRequiredService<ISnackbar>();

        provider.InvokeAsync(() =>
        {
            snackbar.Add("first");
            snackbar.Add("second");
            snackbar.Add("third");
        });

        // app.css hides every toast but the last under 600 px: they must be siblings in the container, newest last.
        provider.WaitForAssertion(() => Assert.Equal(3, provider.FindAll("#mud-snackbar-container > .mud-snackbar").Count), GamificationPages.Deadline);
        Assert.Contains("third", provider.FindAll("#mud-snackbar-container > .mud-snackbar")[^1].TextContent, StringComparison.Ordinal);
        var css = File.ReadAllText(Path.Combine(PortalProcess.RepositoryRoot(), "Loyalty.Web", "wwwroot", "app.css"));
        Assert.Matches(@"@media \(max-width: 599\.98px\)\s*\{\s*#mud-snackbar-container \.mud-snackbar:not\(:last-child\) \{ display: none; \}", css);
    }
}
