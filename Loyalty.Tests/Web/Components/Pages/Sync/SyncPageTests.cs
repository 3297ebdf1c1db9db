using Bunit;
using Loyalty.Core.Bitrix24;
using Loyalty.Core.Identity;
using Loyalty.Core.Portal;
using Loyalty.Core.Sync;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Pages.Sync;
using Loyalty.Web.Jobs;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Quartz;

namespace Loyalty.Tests.Web.Components.Pages.Sync;

/// <summary>
/// The Sync page's states on a real SQLite database: no runs yet, a sync in progress (reported through the real
/// <see cref="SyncMonitor"/>), its end, finished runs, and the webhook shown without its secret.
/// </summary>
public sealed class SyncPageTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private const string Webhook = "https://x.bitrix24.ru/rest/1/abcdef123/";

    [Fact]
    public void MaskKeepsTheFirstTwoLettersOfTheWebhookSecretOnly() =>
        Assert.Equal("https://x.bitrix24.ru/rest/1/ab••••/", SyncPage.Mask(new Uri(Webhook)));

    [Fact]
    public async Task ThePageShowsTheWebhookWithItsSecretMasked()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        AddSyncPageServices(ctx, database);

        var cut = RenderPage(ctx);

        cut.WaitForAssertion(() => Assert.Contains("https://x.bitrix24.ru/rest/1/ab••••/", cut.Find("code").TextContent, StringComparison.Ordinal), Deadline);
        Assert.DoesNotContain("abcdef123", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithNoRunsThePageInvitesToSyncAndSaysNoSyncHasSucceeded()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        AddSyncPageServices(ctx, database);

        var cut = RenderPage(ctx);

        cut.WaitForAssertion(
            () => Assert.Equal(
                "Синхронизаций ещё не было. Нажмите «Синхронизировать сейчас», чтобы загрузить данные из Bitrix24.",
                cut.Find("[data-testid=sync-runs-empty]").TextContent.Trim()),
            Deadline);
        Assert.Contains("ещё не выполнялась", cut.Find("[data-testid=sync-last-success]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=sync-progress]"));
        Assert.False(SyncNowButton(cut).HasAttribute("disabled"));
    }

    [Fact]
    public async Task ARunningSyncShowsItsEntityInRussianAndDisablesSyncNowUntilItEnds()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        var monitor = AddSyncPageServices(ctx, database);
        var cut = RenderPage(ctx);
        cut.WaitForElement("[data-testid=sync-runs-empty]", Deadline);

        Assert.True(monitor.TryBegin());
        monitor.Report(new SyncProgress(1, SyncKind.Incremental, SyncEntity.Deals, 7, 10, 1234, 56, Now.UtcDateTime));

        cut.WaitForAssertion(
            () =>
            {
                var progress = cut.Find("[data-testid=sync-progress]").TextContent;
                Assert.Contains("Идёт синхронизация: Сделки", progress, StringComparison.Ordinal);
                Assert.Contains("прочитано 1\u00A0234, изменено 56", progress, StringComparison.Ordinal);
            },
            Deadline);
        Assert.True(SyncNowButton(cut).HasAttribute("disabled"));
        Assert.True(cut.Find("[data-testid=sync-resync]").HasAttribute("disabled"));

        monitor.End();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=sync-progress]")), Deadline);
        Assert.False(SyncNowButton(cut).HasAttribute("disabled"));
        Assert.False(cut.Find("[data-testid=sync-resync]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task ASyncAlreadyRunningWhenThePageOpensIsShownAtOnce()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        var monitor = AddSyncPageServices(ctx, database);
        Assert.True(monitor.TryBegin());
        monitor.Report(new SyncProgress(1, SyncKind.Full, SyncEntity.Contacts, 5, 10, 0, 0, Now.UtcDateTime));

        var cut = RenderPage(ctx);

        cut.WaitForAssertion(() => Assert.Contains("Идёт синхронизация: Контакты", cut.Find("[data-testid=sync-progress]").TextContent, StringComparison.Ordinal), Deadline);
        Assert.True(SyncNowButton(cut).HasAttribute("disabled"));
        monitor.End();
    }

    [Fact]
    public async Task ASucceededAndAFailedRunShowTheirStatusesInRussianAndTheFailuresError()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = database.CreateDbContext())
        {
            db.SyncRuns.Add(new SyncRun
            {
                Kind = SyncKind.Incremental,
                Status = SyncStatus.Succeeded,
                StartedAt = Now.UtcDateTime.AddHours(-2),
                FinishedAt = Now.UtcDateTime.AddHours(-2).AddSeconds(12),
                Counts = """{"Deals":{"Read":1500,"Changed":20,"Facts":3,"Skipped":0}}""",
                TriggeredBy = "Анна Администратор",
            });
            db.SyncRuns.Add(new SyncRun
            {
                Kind = SyncKind.Full,
                Status = SyncStatus.Failed,
                StartedAt = Now.UtcDateTime.AddHours(-1),
                FinishedAt = Now.UtcDateTime.AddHours(-1).AddSeconds(3),
                Error = "Bitrix24 answered 503 three times",
                TriggeredBy = "schedule",
            });
            await db.SaveChangesAsync();
        }

        await using var ctx = new BunitContext();
        AddSyncPageServices(ctx, database);

        var cut = RenderPage(ctx);

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=sync-run-status]").Count), Deadline);
        var rows = cut.FindAll("[data-testid=sync-runs] tbody tr");
        // Newest first: the failed run, then the succeeded one.
        Assert.Contains("Ошибка", rows[0].QuerySelector("[data-testid=sync-run-status]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Bitrix24 answered 503 three times", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Успешно", rows[1].QuerySelector("[data-testid=sync-run-status]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("1\u00A0500", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=sync-runs-empty]"));
        // The last success is the older run: 09:30 UTC less two hours is 10:30 in Moscow.
        Assert.Contains("02.03.2026 10:30", cut.Find("[data-testid=sync-last-success]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncNowAsksTheSchedulerForAnIncrementalSyncInTheAdministratorsName()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        AddSyncPageServices(ctx, database);
        var cut = RenderPage(ctx);
        cut.WaitForElement("[data-testid=sync-runs-empty]", Deadline);

        await SyncNowButton(cut).ClickAsync(new MouseEventArgs());

        var scheduler = await ctx.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var trigger = Assert.Single(await scheduler.GetTriggersOfJob(SyncJob.Incremental));
        Assert.Equal(nameof(SyncKind.Incremental), trigger.JobDataMap.GetString(SyncJob.KindKey));
        Assert.Equal("Анна Администратор", trigger.JobDataMap.GetString(SyncJob.ByKey));
        // Until the run reports back, a second press cannot start another one.
        cut.WaitForAssertion(() => Assert.True(SyncNowButton(cut).HasAttribute("disabled")), Deadline);
    }

    [Fact]
    public async Task SkippedRecordsAreListedByNameWithTheirReasonInTheReadersLanguage()
    {
        using var culture = new CultureScope("ru");
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = database.CreateDbContext())
        {
            var run = new SyncRun { Kind = SyncKind.Full, Status = SyncStatus.Succeeded, StartedAt = Now.UtcDateTime.AddHours(-1), FinishedAt = Now.UtcDateTime.AddHours(-1), Skipped = 1 };
            db.SyncRuns.Add(run);
            await db.SaveChangesAsync();
            db.SyncIssues.Add(new SyncIssue
            {
                RunId = run.Id, Entity = SyncEntity.Deals, EntityId = 123, Title = "Яд", Reason = SyncIssueReason.AmountOutOfRange,
                Field = "OPPORTUNITY", Value = "999999999999999999999.00", Message = "Field OPPORTUNITY = ... is not an amount", At = Now.UtcDateTime.AddHours(-1),
            });
            db.SyncIssues.Add(new SyncIssue
            {
                Entity = SyncEntity.Contacts, EntityId = 7, Reason = SyncIssueReason.BadMultiField,
                Field = "PHONE", Value = "\"+7999\"", Message = "Field PHONE ...", At = Now.UtcDateTime,
            });
            await db.SaveChangesAsync();
        }

        await using var ctx = new BunitContext();
        AddSyncPageServices(ctx, database);

        var cut = RenderPage(ctx);

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=sync-recent-issues] [data-testid=sync-issue]").Count), Deadline);
        var issues = cut.FindAll("[data-testid=sync-recent-issues] [data-testid=sync-issue]");
        // Newest first: the event's re-read of a contact, then the run's deal.
        Assert.Equal("Контакт (ID 7)", issues[0].QuerySelector("[data-testid=sync-issue-record]")!.TextContent.Trim());
        Assert.Contains("Поле PHONE (телефоны, почта) в неверном формате", issues[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("событие", issues[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("Сделка «Яд» (ID 123)", issues[1].QuerySelector("[data-testid=sync-issue-record]")!.TextContent.Trim());
        Assert.Contains("Сумма в поле OPPORTUNITY вне допустимого диапазона", issues[1].QuerySelector("[data-testid=sync-issue-reason]")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("is not an amount", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutSkippedRecordsThePageSaysEveryRecordWasTaken()
    {
        using var culture = new CultureScope("en");
        await using var database = await TestDatabase.CreateAsync();
        await using var ctx = new BunitContext();
        AddSyncPageServices(ctx, database);

        var cut = RenderPage(ctx);

        cut.WaitForAssertion(
            () => Assert.Equal("No skipped records: every CRM record was taken.", cut.Find("[data-testid=sync-issues-empty]").TextContent.Trim()), Deadline);
    }

    [Fact]
    public async Task ARunInterruptedByAStopSaysSoInTheReadersLanguage()
    {
        using var culture = new CultureScope("en");
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = database.CreateDbContext())
        {
            db.SyncRuns.Add(new SyncRun
            {
                Kind = SyncKind.Incremental, Status = SyncStatus.Failed, StartedAt = Now.UtcDateTime.AddHours(-1),
                FinishedAt = Now.UtcDateTime, Error = SyncRun.Interrupted,
            });
            await db.SaveChangesAsync();
        }

        await using var ctx = new BunitContext();
        AddSyncPageServices(ctx, database);

        var cut = RenderPage(ctx);

        cut.WaitForAssertion(
            () => Assert.Equal("Interrupted: the portal stopped during the sync", cut.Find("[data-testid=sync-run-error]").TextContent.Trim()), Deadline);
    }

    /// <summary>The page's services, real except the webhook address; returns the monitor a test drives.</summary>
    private static SyncMonitor AddSyncPageServices(BunitContext ctx, TestDatabase database)
    {
        ctx.AddPortalServices();
        var monitor = new SyncMonitor();
        var time = new ManualTimeProvider(Now);
        ctx.Services.AddSingleton(monitor);
        ctx.Services.AddSingleton<IDbContextFactory<Loyalty.Core.Data.LoyaltyDbContext>>(database);
        ctx.Services.AddSingleton<SyncQueries>();
        ctx.Services.AddSingleton<TimeProvider>(time);
        ctx.Services.AddSingleton(new PortalClock(Options.Create(new PortalOptions()), time));
        ctx.Services.AddSingleton<IBitrix24Endpoint>(new FixedEndpoint(new Uri(Webhook)));
        ctx.Services.AddSingleton(Options.Create(new Bitrix24Options { Mode = Bitrix24Mode.Webhook, WebhookUrl = Webhook }));
        // A real scheduler that is never started: "Sync now" leaves its trigger there for the test to read.
        ctx.Services.AddQuartz(q => q.AddJob<SyncJob>(j => j.WithIdentity(SyncJob.Incremental).StoreDurably()));
        ctx.Services.AddSingleton<JobHistory>();
        ctx.Services.AddSingleton<JobsService>();
        return monitor;
    }

    private static IRenderedComponent<CascadingValue<Task<AuthenticationState>>> RenderPage(BunitContext ctx)
    {
        var administrator = Principals.SignedIn(Roles.Administrator);
        ((System.Security.Claims.ClaimsIdentity)administrator.Identity!).AddClaim(new(UserClaims.DisplayNameType, "Анна Администратор"));
        return ctx.RenderAs<SyncPage>(administrator);
    }

    private static AngleSharp.Dom.IElement SyncNowButton<TComponent>(IRenderedComponent<TComponent> cut)
        where TComponent : IComponent => cut.Find("[data-testid=sync-now]");

    private sealed class FixedEndpoint(Uri webhook) : IBitrix24Endpoint
    {
        public Task<Uri> GetWebhookUrlAsync(CancellationToken ct = default) => Task.FromResult(webhook);
    }
}
