using Bunit;
using Loyalty.Core.Data;
using Loyalty.Core.Identity;
using Loyalty.Core.Ledger;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Pages.Bonuses;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Host = Microsoft.AspNetCore.Components.CascadingValue<System.Threading.Tasks.Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState>>;

namespace Loyalty.Tests.Web.Components.Pages.Bonuses;

/// <summary>
/// The customer card ("the special section of the client card", seed 001) on a real SQLite database seeded through the
/// ledger: the figures, the way to the next tier, the history with deal titles, and redemptions for sales roles only.
/// </summary>
public sealed class CustomerCardPageTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private TestDatabase _database = default!;
    private BunitContext _ctx = default!;
    private IRenderedComponent<Host>? _dialogs;
    private Task? _pressed;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _ctx = new BunitContext();
        _ctx.AddPortalServices();
        _ctx.Services.AddBonusServices(_database);
        await BonusSeed.SeedAsync(_ctx.Services);
    }

    public async Task DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public void TheCardShowsTheCustomersFiguresInRussianFormats()
    {
        using var culture = new CultureScope("ru");

        var cut = Open(BonusSeed.Anna, Roles.Accountant);

        cut.WaitForAssertion(() => Assert.Equal("Анна Смирнова", cut.Find("[data-testid=card-name]").TextContent.Trim()), Deadline);
        Assert.Equal("1\u00A0300,00\u00A0₽", Text(cut, "card-balance"));
        Assert.Equal("1\u00A0800,00\u00A0₽", Text(cut, "card-accrued"));
        Assert.Equal("500,00\u00A0₽", Text(cut, "card-redeemed"));
        Assert.Equal("5\u00A0%", Text(cut, "card-percent"));
        Assert.Equal("2\u00A0%", Text(cut, "card-discount"));
        Assert.Equal("Выигранные сделки: 2, на сумму 60\u00A0000,00\u00A0₽", Text(cut, "card-won"));
        Assert.Equal("Silver", Text(cut, "card-tier-name"));
        Assert.Contains("Последняя покупка: 05.10.2026", cut.Find("[data-testid=card-tier]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTierSectionShowsHowMuchIsLeftToTheNextTier()
    {
        using var culture = new CultureScope("ru");

        var cut = Open(BonusSeed.Anna, Roles.SalesHead);

        cut.WaitForAssertion(() => Assert.Equal("Ещё 90\u00A0000,00\u00A0₽ до уровня Gold", Text(cut, "card-next-tier")), Deadline);
        // 60 000 ₽ spent: a tenth of the way from Silver (50 000 ₽) to Gold (150 000 ₽).
        Assert.Equal("10", cut.Find("[data-testid=card-tier] [role=progressbar]").GetAttribute("aria-valuenow"));
    }

    [Fact]
    public void AtTheTopTierTheCardSaysSo()
    {
        using var culture = new CultureScope("ru");

        var cut = Open(BonusSeed.Galina, Roles.SalesHead);

        cut.WaitForAssertion(() => Assert.Equal("Высший уровень программы", Text(cut, "card-next-tier")), Deadline);
        Assert.Equal("Platinum", Text(cut, "card-tier-name"));
        Assert.Equal("7\u00A0%", Text(cut, "card-discount"));
    }

    [Fact]
    public void TheHistoryIsNewestFirstWithKindsInWordsSignedAmountsAndDealsByTitleLinkedToBitrix24()
    {
        using var culture = new CultureScope("ru");

        var cut = Open(BonusSeed.Anna, Roles.Accountant);

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=history-kind]").Count), Deadline);
        Assert.Equal(["Списание", "Начисление", "Начисление"], cut.FindAll("[data-testid=history-kind]").Select(e => e.TextContent.Trim()));
        Assert.Equal(["-500,00\u00A0₽", "+600,00\u00A0₽", "+1\u00A0200,00\u00A0₽"], cut.FindAll("[data-testid=history-amount]").Select(e => e.TextContent.Trim()));
        Assert.Equal(["Массаж, курс", "Абонемент на год"], cut.FindAll("[data-testid=history-deal]").Select(e => e.TextContent.Trim()));
        var deal = cut.Find("[data-testid=history-deal] a");
        Assert.Equal(PortalBunit.FixedCrmAddress.Portal + "/crm/deal/details/2/", deal.GetAttribute("href"));
        Assert.Equal("_blank", deal.GetAttribute("target"));
        Assert.Equal("noopener", deal.GetAttribute("rel"));
        var rows = cut.FindAll("[data-testid=history-grid] tbody tr");
        Assert.Contains("20.10.2026 12:00", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("head@demo.loyalty", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Оплата части визита", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Система (бонусы)", rows[1].TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("system:", rows[1].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEmailSavedAsWhoDidItShowsAsThatAccountsName()
    {
        using var culture = new CultureScope("ru");
        await using (var db = _database.CreateDbContext())
        {
            db.Users.Add(new AppUser
            {
                UserName = "head@demo.loyalty", NormalizedUserName = "HEAD@DEMO.LOYALTY", Email = "head@demo.loyalty", NormalizedEmail = "HEAD@DEMO.LOYALTY",
                DisplayName = "Ирина Руководитель", NormalizedDisplayName = "ИРИНА РУКОВОДИТЕЛЬ",
            });
            await db.SaveChangesAsync();
        }

        var cut = Open(BonusSeed.Anna, Roles.Accountant);

        cut.WaitForAssertion(() => Assert.Equal("Ирина Руководитель", cut.FindAll("[data-testid=actor]")[0].TextContent.Trim()), Deadline);
        Assert.Equal("head@demo.loyalty", cut.FindAll("[data-testid=actor]")[0].GetAttribute("title"));
        Assert.Equal("Система (бонусы)", cut.FindAll("[data-testid=actor]")[1].TextContent.Trim());
    }

    [Fact]
    public void AnUnknownContactGetsAClearNotFoundState()
    {
        using var culture = new CultureScope("ru");

        var cut = Open(999_999, Roles.SalesHead);

        cut.WaitForAssertion(
            () => Assert.Equal(
                "Клиент № 999999 не найден ни в бонусной программе, ни в CRM. Проверьте ссылку или найдите клиента в списке.",
                Text(cut, "card-not-found")),
            Deadline);
        Assert.Empty(cut.FindAll("[data-testid=card-redeem]"));
    }

    [Theory]
    [InlineData(Roles.Accountant, false)]
    [InlineData(Roles.SalesHead, true)]
    [InlineData(Roles.Administrator, true)]
    public void OnlySalesRolesSeeTheRedemptionButton(string role, bool sees)
    {
        using var culture = new CultureScope("ru");

        var cut = Open(BonusSeed.Anna, role);

        cut.WaitForElement("[data-testid=card-name]", Deadline);
        Assert.Equal(sees, cut.FindAll("[data-testid=card-redeem]").Count == 1);
    }

    [Fact]
    public async Task ARedemptionAboveTheBalanceIsRefusedWithTheLimitInRoubles()
    {
        using var culture = new CultureScope("ru");
        var cut = Open(BonusSeed.Anna, Roles.SalesHead);
        await OpenDialogAsync(cut);

        Dialog("[data-testid=redeem-amount] input, input[data-testid=redeem-amount]").Input("5 000");
        await Dialog("[data-testid=redeem-submit]").ClickAsync(new MouseEventArgs());

        _dialogs!.WaitForAssertion(
            () => Assert.Equal("Сумма больше доступной: можно списать не больше 1\u00A0300,00\u00A0₽.", Dialog("[data-testid=redeem-refusal]").TextContent.Trim()),
            Deadline);
        Assert.Equal(1, await RedemptionsOfAnnaAsync());
    }

    [Fact]
    public async Task ARedemptionOnAnotherCustomersDealIsRefusedInWords()
    {
        using var culture = new CultureScope("en");
        var cut = Open(BonusSeed.Anna, Roles.SalesHead);
        await OpenDialogAsync(cut);

        Dialog("[data-testid=redeem-amount] input, input[data-testid=redeem-amount]").Input("100");
        Dialog("[data-testid=redeem-deal-id] input, input[data-testid=redeem-deal-id]").Input("3");
        await Dialog("[data-testid=redeem-submit]").ClickAsync(new MouseEventArgs());

        _dialogs!.WaitForAssertion(() => Assert.Equal("Deal 3 belongs to another customer.", Dialog("[data-testid=redeem-refusal]").TextContent.Trim()), Deadline);
    }

    [Fact]
    public async Task AnAmountThatIsNotRoublesAndKopecksIsRefusedBeforeAnythingIsPosted()
    {
        using var culture = new CultureScope("ru");
        var cut = Open(BonusSeed.Anna, Roles.SalesHead);
        await OpenDialogAsync(cut);

        Dialog("[data-testid=redeem-amount] input, input[data-testid=redeem-amount]").Input("10,555");
        await Dialog("[data-testid=redeem-submit]").ClickAsync(new MouseEventArgs());

        _dialogs!.WaitForAssertion(() => Assert.StartsWith("Введите сумму в рублях", Dialog("[data-testid=redeem-refusal]").TextContent.Trim(), StringComparison.Ordinal), Deadline);
        Assert.Equal(1, await RedemptionsOfAnnaAsync());
    }

    [Fact]
    public async Task ARedemptionWithinTheBalanceIsPostedAndTheCardRefreshes()
    {
        using var culture = new CultureScope("ru");
        var cut = Open(BonusSeed.Anna, Roles.SalesHead);
        await OpenDialogAsync(cut);
        Assert.Contains("Можно списать не больше 1\u00A0300,00\u00A0₽.", Dialog("[data-testid=redeem-limit]").TextContent, StringComparison.Ordinal);

        Dialog("[data-testid=redeem-amount] input, input[data-testid=redeem-amount]").Input("1 000,50");
        Dialog("[data-testid=redeem-comment] textarea, textarea[data-testid=redeem-comment]").Change("Оплата визита 23.11");
        await Dialog("[data-testid=redeem-submit]").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => Assert.Equal("299,50\u00A0₽", Text(cut, "card-balance")), Deadline);
        cut.WaitForAssertion(() => Assert.Equal("-1\u00A0000,50\u00A0₽", cut.FindAll("[data-testid=history-amount]")[0].TextContent.Trim()), Deadline);
        Assert.Equal("1\u00A0500,50\u00A0₽", Text(cut, "card-redeemed"));
        _dialogs!.WaitForAssertion(() => Assert.Empty(_dialogs!.FindAll("[data-testid=redeem-submit]")), Deadline);
        Assert.Equal(2, await RedemptionsOfAnnaAsync());
        await _pressed!.WaitAsync(Deadline);
        await using var db = _database.CreateDbContext();
        var posted = await db.LedgerEntries.Where(e => e.Kind == EntryKind.Redemption).OrderByDescending(e => e.Id).FirstAsync();
        Assert.Equal((-1_000_50L, "user@demo.loyalty", "Оплата визита 23.11"), (posted.Amount, posted.Actor, posted.Comment));
    }

    private IRenderedComponent<Host> Open(long contactId, string role)
    {
        var user = Principals.SignedIn(role);
        _ctx.Render<MudPopoverProvider>();
        _dialogs = _ctx.RenderAs<MudDialogProvider>(user);
        return _ctx.Render<Host>(parameters => parameters
            .Add(p => p.Value, Task.FromResult(new Microsoft.AspNetCore.Components.Authorization.AuthenticationState(user)))
            .AddChildContent<CustomerCardPage>(card => card.Add(c => c.ContactId, contactId)));
    }

    /// <summary>Presses "Record redemption"; its handler runs on until the dialog closes, so it is not awaited here.</summary>
    private Task OpenDialogAsync(IRenderedComponent<Host> cut)
    {
        cut.WaitForElement("[data-testid=card-redeem]", Deadline);
        _pressed = cut.Find("[data-testid=card-redeem]").ClickAsync(new MouseEventArgs());
        _dialogs!.WaitForElement("[data-testid=redeem-submit]", Deadline);
        return Task.CompletedTask;
    }

    private AngleSharp.Dom.IElement Dialog(string selector) => _dialogs!.Find(selector);

    private async Task<int> RedemptionsOfAnnaAsync()
    {
        await using var db = _database.CreateDbContext();
        return await db.LedgerEntries.CountAsync(e => e.Kind == EntryKind.Redemption
            && db.LedgerAccounts.Any(a => a.Id == e.AccountId && a.Kind == AccountKind.CustomerBonus && a.OwnerId == BonusSeed.Anna));
    }

    private static string Text(IRenderedComponent<Host> cut, string testId) => cut.Find($"[data-testid={testId}]").TextContent.Trim();
}
