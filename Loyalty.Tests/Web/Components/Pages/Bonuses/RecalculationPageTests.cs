using Bunit;
using Loyalty.Core.Bonuses;
using Loyalty.Core.Identity;
using Loyalty.Core.Portal;
using Loyalty.Tests.Core.Bonuses;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Pages.Bonuses;
using Loyalty.Web.Jobs;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Quartz;

namespace Loyalty.Tests.Web.Components.Pages.Bonuses;

/// <summary>
/// The recalculation page's states on a real SQLite database with the real services: idle, a preview being computed
/// and shown, a confirmed apply and its result, a stale preview. The background job is played by the test: the page's
/// trigger is read from a scheduler that is never started, and the test runs the recalculation as the job would.
/// </summary>
public sealed class RecalculationPageTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private static readonly BonusSettings Five = new() { Enabled = true, Tiers = [new("Base", 0, 5, 0)] };

    private static readonly BonusSettings Ten = Five with { Tiers = [new("Base", 0, 10, 0)] };

    [Fact]
    public async Task WithNoRecalculationThePageStatesTheRulesAndInvitesToPreview()
    {
        using var culture = new CultureScope("ru");
        await using var world = await BonusWorld.CreateAsync();
        await world.SaveSettingsAsync(Five);
        await using var ctx = new BunitContext();
        AddServices(ctx, world);

        var cut = RenderPage(ctx);

        cut.WaitForAssertion(() => Assert.StartsWith("Пересчётов ещё не было.", cut.Find("[data-testid=recalc-history-empty]").TextContent.Trim(), StringComparison.Ordinal), Deadline);
        Assert.Contains("История не переписывается", cut.Find("[data-testid=recalc-rules]").TextContent, StringComparison.Ordinal);
        Assert.Contains("С начала программы (вся история)", cut.Find("[data-testid=recalc-mode]").TextContent, StringComparison.Ordinal);
        Assert.False(cut.Find("[data-testid=recalc-preview]").HasAttribute("disabled"));
        Assert.Empty(cut.FindAll("[data-testid=recalc-selected]"));
        Assert.Empty(cut.FindAll("[data-testid=recalc-progress]"));
    }

    [Fact]
    public async Task WhileTheProgramIsOffPreviewIsDisabledAndThePageSaysWhatToDo()
    {
        using var culture = new CultureScope("en");
        await using var world = await BonusWorld.CreateAsync();
        await using var ctx = new BunitContext();
        AddServices(ctx, world);

        var cut = RenderPage(ctx);

        cut.WaitForAssertion(() => Assert.StartsWith("The program is off", cut.Find("[data-testid=recalc-program-off]").TextContent.Trim(), StringComparison.Ordinal), Deadline);
        Assert.True(cut.Find("[data-testid=recalc-preview]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task PreviewAsksTheJobToRunItShowsItsProgressThenTheDifferencesPerCustomer()
    {
        using var culture = new CultureScope("ru");
        await using var world = await SeededAsync();
        await world.SaveSettingsAsync(Ten);
        await using var ctx = new BunitContext();
        AddServices(ctx, world);
        var cut = RenderPage(ctx);
        cut.WaitForElement("[data-testid=recalc-history-empty]", Deadline);

        await cut.Find("[data-testid=recalc-preview]").ClickAsync(new MouseEventArgs());

        var id = await TriggeredIdAsync(ctx);
        cut.WaitForAssertion(() => Assert.Contains($"Пересчёт № {id}, предпросмотр", cut.Find("[data-testid=recalc-progress]").TextContent, StringComparison.Ordinal), Deadline);
        Assert.True(cut.Find("[data-testid=recalc-preview]").HasAttribute("disabled"));
        Assert.Equal("Предпросмотр…", cut.Find("[data-testid=recalc-selected] [data-testid=recalc-status]").TextContent.Trim());

        Assert.True(await world.Recalculations.RunAsync(id));

        cut.WaitForAssertion(() => Assert.Equal("Готов к применению", cut.Find("[data-testid=recalc-selected] [data-testid=recalc-status]").TextContent.Trim()), Deadline);
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=recalc-lines] tbody tr").Count), Deadline);
        Assert.Empty(cut.FindAll("[data-testid=recalc-progress]"));
        var rows = cut.FindAll("[data-testid=recalc-lines] tbody tr");
        // The largest difference first: Petrov's 10,000 ₽ deal gains 500 ₽, Sidorova's 4,000 ₽ deal 200 ₽.
        Assert.Contains("Иван Петров", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("+500,00\u00A0₽", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("1\u00A0000,00\u00A0₽", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("mud-success-text", rows[0].QuerySelector("[data-testid=recalc-line-difference]")!.ClassName, StringComparison.Ordinal);
        Assert.Contains("Мария Сидорова", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("+700,00\u00A0₽", cut.Find("[data-testid=recalc-increase]").TextContent, StringComparison.Ordinal);
        Assert.False(cut.Find("[data-testid=recalc-apply]").HasAttribute("disabled"));
        Assert.False(cut.Find("[data-testid=recalc-preview]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task ApplyConfirmsTheTotalsAppliesOnceAndShowsTheResult()
    {
        using var culture = new CultureScope("ru");
        await using var world = await SeededAsync();
        await world.SaveSettingsAsync(Ten);
        var preview = await world.PreviewAsync(null);
        await using var ctx = new BunitContext();
        AddServices(ctx, world);
        var dialogs = ctx.Render<MudDialogProvider>();
        var cut = RenderPage(ctx);
        cut.WaitForElement("[data-testid=recalc-apply]", Deadline);

        var click = cut.Find("[data-testid=recalc-apply]").ClickAsync(new MouseEventArgs());

        dialogs.WaitForAssertion(
            () => Assert.Equal(
                "Изменятся балансы клиентов: 2 (сделок: 2). Начисление 700,00\u00A0₽, списание 0,00\u00A0₽, итого 700,00\u00A0₽.",
                dialogs.Find("[data-testid=recalc-confirm-text]").TextContent.Trim()),
            Deadline);
        // While the confirmation is open the button is disabled: a double click cannot apply twice.
        cut.WaitForAssertion(() => Assert.True(cut.Find("[data-testid=recalc-apply]").HasAttribute("disabled")), Deadline);
        await dialogs.Find("[data-testid=recalc-confirm]").ClickAsync(new MouseEventArgs());
        await click;

        Assert.Equal(preview.Id, await TriggeredIdAsync(ctx));
        cut.WaitForAssertion(() => Assert.Equal("Применяется…", cut.Find("[data-testid=recalc-selected] [data-testid=recalc-status]").TextContent.Trim()), Deadline);
        Assert.True(await world.Recalculations.RunAsync(preview.Id));

        cut.WaitForAssertion(() => Assert.Contains("Применён", cut.Find("[data-testid=recalc-result]").TextContent, StringComparison.Ordinal), Deadline);
        Assert.Contains("записей в журнале 2, начислено 700,00\u00A0₽", cut.Find("[data-testid=recalc-result]").TextContent, StringComparison.Ordinal);
        Assert.Contains(BonusWorld.Administrator, cut.Find("[data-testid=recalc-result]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=recalc-apply]"));
        Assert.Equal(1_000_00 + 400_00, await world.BalanceAsync(1) + await world.BalanceAsync(2));
        Assert.Contains("Применён", cut.Find("[data-testid=recalc-history] tbody tr").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APreviewOlderThanTheRulesSaysToPreviewAgainAndCannotBeApplied()
    {
        using var culture = new CultureScope("en");
        await using var world = await SeededAsync();
        await world.SaveSettingsAsync(Ten);
        await world.PreviewAsync(null);
        await world.SaveSettingsAsync(Ten with { MaxRedeemSharePercent = 50 });
        await using var ctx = new BunitContext();
        AddServices(ctx, world);

        var cut = RenderPage(ctx);

        cut.WaitForAssertion(() => Assert.Equal("The program's rules changed after this preview — preview again.", cut.Find("[data-testid=recalc-stale]").TextContent.Trim()), Deadline);
        Assert.Empty(cut.FindAll("[data-testid=recalc-apply]"));
    }

    /// <summary>Two customers whose deals accrued at 5 %: Petrov 10,000 ₽, Sidorova 4,000 ₽.</summary>
    private static async Task<BonusWorld> SeededAsync()
    {
        var world = await BonusWorld.CreateAsync();
        await world.AddContactAsync(1, "Иван", "Петров");
        await world.AddContactAsync(2, "Мария", "Сидорова");
        await world.SaveSettingsAsync(Five);
        await world.WinAsync(10, 1, 0, 10_000_00, BonusWorld.Local(2026, 1, 20));
        await world.WinAsync(11, 2, 0, 4_000_00, BonusWorld.Local(2026, 2, 5));
        await world.Processor.ProcessAsync();
        return world;
    }

    private static void AddServices(BunitContext ctx, BonusWorld world)
    {
        ctx.AddPortalServices();
        ctx.Services.AddSingleton<Microsoft.EntityFrameworkCore.IDbContextFactory<Loyalty.Core.Data.LoyaltyDbContext>>(world.Database);
        ctx.Services.AddSingleton(world.Recalculations);
        ctx.Services.AddSingleton(world.Settings);
        ctx.Services.AddSingleton<TimeProvider>(world.Time);
        ctx.Services.AddSingleton(world.Clock);
        // A real scheduler that is never started: the page's trigger stays there for the test to read.
        ctx.Services.AddQuartz(q => q.AddJob<BonusRecalculationJob>(j => j.WithIdentity(BonusRecalculationJob.Key).StoreDurably()));
        ctx.Services.AddSingleton<JobHistory>();
        ctx.Services.AddSingleton<JobsService>();
    }

    private static async Task<long> TriggeredIdAsync(BunitContext ctx)
    {
        var scheduler = await ctx.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var trigger = Assert.Single(await scheduler.GetTriggersOfJob(BonusRecalculationJob.Key));
        await scheduler.UnscheduleJob(trigger.Key);
        return long.Parse(trigger.JobDataMap.GetString(BonusRecalculationJob.IdKey)!, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static IRenderedComponent<CascadingValue<Task<AuthenticationState>>> RenderPage(BunitContext ctx)
    {
        var administrator = Principals.SignedIn(Roles.Administrator);
        ((System.Security.Claims.ClaimsIdentity)administrator.Identity!).AddClaim(new(UserClaims.DisplayNameType, BonusWorld.Administrator));
        return ctx.RenderAs<RecalculationPage>(administrator);
    }
}
