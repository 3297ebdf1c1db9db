using AngleSharp.Dom;
using Bunit;
using Loyalty.Core.Data;
using Loyalty.Core.Identity;
using Loyalty.Core.Promoters;
using Loyalty.Tests.Core.Promoters;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Pages.Promoters;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Host = Microsoft.AspNetCore.Components.CascadingValue<System.Threading.Tasks.Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState>>;

namespace Loyalty.Tests.Web.Components.Pages.Promoters;

/// <summary>
/// The review page, the registry's review badge and the card's manual attribution on a real SQLite file with the real
/// engine: flags in words with what they matched, approve and reject with a reason, attribute a found deal, detach a line.
/// </summary>
public sealed class PromoterReviewPageTests : IAsyncLifetime
{
    private const long PromoterContact = 7;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private PromoterWorld _world = default!;
    private BunitContext _ctx = default!;
    private IRenderedComponent<Host>? _dialogs;

    public async Task InitializeAsync()
    {
        _world = await PromoterWorld.CreateAsync();
        await _world.SetContactAsync(PromoterContact, "Ольга", "Промоутерова", phone: "79991112233", email: "olga@example.ru");
        await _world.SetContactAsync(50, "Иван", "Покупатель");
        await _world.SetContactAsync(51, "Анна", "Давняя");
        _ctx = new BunitContext();
        _ctx.AddPortalServices();
        _world.AddPageServices(_ctx.Services);
    }

    public async Task DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await _world.DisposeAsync();
    }

    [Fact]
    public async Task FlaggedItemsShowTheirFlagsInWordsAndAreApprovedOrRejectedWithAReason()
    {
        using var culture = new CultureScope("ru");
        var promoter = await FlaggedAsync();

        var cut = Open<PromoterReviewPage>("/promoters/review", Roles.Administrator);
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=review-item]").Count), Deadline);
        var items = cut.FindAll("[data-testid=review-item]");
        Assert.Equal("Ольга Промоутерова", items[0].QuerySelector("[data-testid=review-promoter]")!.TextContent.Trim());
        Assert.Contains("Сделка 900", items[0].QuerySelector("[data-testid=review-record]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Иван Покупатель", items[0].QuerySelector("[data-testid=review-customer]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("1\u00A0000,00\u00A0₽", items[0].QuerySelector("[data-testid=review-amount]")!.TextContent.Trim());
        Assert.Equal("Сам себя привёл: 79991112233", items[0].QuerySelector("[data-testid=review-flag]")!.TextContent.Trim());
        Assert.StartsWith("Уже был клиентом: раньше: сделка «Сделка 899»", items[1].QuerySelector("[data-testid=review-flag]")!.TextContent.Trim(), StringComparison.Ordinal);

        // Approve the first: a reason is required.
        var pressed = items[0].QuerySelector("[data-testid=review-approve]")!.ClickAsync(new MouseEventArgs());
        _dialogs!.WaitForElement("[data-testid=reason-input]", Deadline);
        await _dialogs!.Find("[data-testid=reason-confirm]").ClickAsync(new MouseEventArgs());
        _dialogs!.WaitForAssertion(() => Assert.Contains("Укажите причину", _dialogs!.Markup, StringComparison.Ordinal), Deadline);
        Textarea(_dialogs!, "reason-input").Input("Жена промоутера, покупка настоящая");
        await _dialogs!.Find("[data-testid=reason-confirm]").ClickAsync(new MouseEventArgs());
        await pressed.WaitAsync(Deadline);
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=review-item]")), Deadline);

        // Reject the other.
        pressed = cut.Find("[data-testid=review-reject]").ClickAsync(new MouseEventArgs());
        _dialogs!.WaitForElement("[data-testid=reason-input]", Deadline);
        Textarea(_dialogs!, "reason-input").Input("Давний клиент");
        await _dialogs!.Find("[data-testid=reason-confirm]").ClickAsync(new MouseEventArgs());
        await pressed.WaitAsync(Deadline);
        cut.WaitForElement("[data-testid=review-empty]", Deadline);

        var lines = (await _world.CommissionsOfAsync(promoter.Id)).ToDictionary(c => c.DealId!.Value);
        Assert.Equal((CommissionStatus.Accrued, "Жена промоутера, покупка настоящая"), (lines[900].Status, lines[900].ReviewReason));
        Assert.Equal((CommissionStatus.Rejected, "Давний клиент"), (lines[901].Status, lines[901].ReviewReason));
        Assert.Equal(1_000_00L, (await _world.Commissions.BalanceAsync(promoter.Id)).Balance);
    }

    [Fact]
    public async Task TheRegistryCountsTheItemsOnReview()
    {
        using var culture = new CultureScope("ru");
        await FlaggedAsync();

        var registry = Open<PromotersPage>("/promoters", Roles.Administrator);

        registry.WaitForAssertion(() => Assert.Contains("2", registry.Find("[data-testid=promoters-review-badge]").TextContent, StringComparison.Ordinal), Deadline);
        Assert.Equal("/promoters/review", registry.Find("[data-testid=promoters-review]").GetAttribute("href"));
    }

    [Fact]
    public async Task TheCardsRegisterShowsTheReviewOutcomes()
    {
        using var culture = new CultureScope("ru");
        var promoter = await FlaggedAsync();
        var lines = (await _world.CommissionsOfAsync(promoter.Id)).ToDictionary(c => c.DealId!.Value);
        await _world.Commissions.ApproveAsync(lines[900].Id, "Жена промоутера, покупка настоящая", PromoterWorld.Administrator);
        await _world.Commissions.RejectAsync(lines[901].Id, "Давний клиент", PromoterWorld.Administrator);

        var card = OpenCard(promoter.Id, Roles.Administrator);
        card.WaitForAssertion(() => Assert.Equal(2, card.FindAll("[data-testid=referral-note]").Count), Deadline);
        var notes = card.FindAll("[data-testid=referral-note]").Select(n => n.TextContent.Trim()).ToList();
        Assert.Contains(notes, n => n.StartsWith($"Одобрено: {PromoterWorld.Administrator}", StringComparison.Ordinal) && n.EndsWith("Жена промоутера, покупка настоящая", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.StartsWith($"Отклонено: {PromoterWorld.Administrator}", StringComparison.Ordinal) && n.EndsWith("Давний клиент", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnAdministratorAttributesAFoundDealOnTheCardAndDetachesIt()
    {
        using var culture = new CultureScope("ru");
        var promoter = await _world.Registry.SwitchOnAsync(PromoterContact, PromoterWorld.Administrator);
        await _world.WinDealAsync(700, 30_000_00, _world.UtcNow.AddDays(-1), contactId: 50);
        await _world.WinDealAsync(701, 30_000_00, _world.UtcNow.AddDays(-1), contactId: 51);
        await _world.Commissions.ProcessAsync();

        var cut = OpenCard(promoter.Id, Roles.Administrator);
        cut.WaitForElement("[data-testid=referrals-empty]", Deadline);
        var pressed = cut.Find("[data-testid=promoter-attribute]").ClickAsync(new MouseEventArgs());
        _dialogs!.WaitForElement("[data-testid=attribute-search]", Deadline);
        DialogInput("attribute-search").Input("700");
        _dialogs!.WaitForAssertion(() => Assert.Equal("Сделка 700", _dialogs!.Find("[data-testid=attribute-choice-title]").TextContent.Trim()), Deadline);
        await _dialogs!.Find("[data-testid=attribute-choice]").ClickAsync(new MouseEventArgs());
        Textarea(_dialogs!, "attribute-reason").Input("Заказ по телефону от знакомого Ольги");
        await _dialogs!.Find("[data-testid=attribute-confirm]").ClickAsync(new MouseEventArgs());
        await pressed.WaitAsync(Deadline);

        cut.WaitForAssertion(() => Assert.Equal("3\u00A0000,00\u00A0₽", cut.Find("[data-testid=referral-commission]").TextContent.Trim()), Deadline);
        Assert.StartsWith("Закреплено вручную:", cut.Find("[data-testid=referral-note]").TextContent.Trim(), StringComparison.Ordinal);

        pressed = cut.Find("[data-testid=referral-detach]").ClickAsync(new MouseEventArgs());
        _dialogs!.WaitForElement("[data-testid=reason-input]", Deadline);
        Assert.Contains("Сделка 700", _dialogs!.Find("[data-testid=reason-dialog-text]").TextContent, StringComparison.Ordinal);
        Textarea(_dialogs!, "reason-input").Input("Ошиблись промоутером");
        await _dialogs!.Find("[data-testid=reason-confirm]").ClickAsync(new MouseEventArgs());
        await pressed.WaitAsync(Deadline);

        cut.WaitForAssertion(() => Assert.StartsWith("Откреплено:", cut.Find("[data-testid=referral-note]").TextContent.Trim(), StringComparison.Ordinal), Deadline);
        Assert.Empty(cut.FindAll("[data-testid=referral-detach]"));
        Assert.Equal(CommissionStatus.Reversed, Assert.Single(await _world.CommissionsOfAsync(promoter.Id)).Status);
        Assert.Equal(0L, (await _world.Commissions.BalanceAsync(promoter.Id)).Balance);
    }

    [Fact]
    public async Task AnAccountantSeesNoAttributionOrDetachButtons()
    {
        using var culture = new CultureScope("ru");
        var promoter = await _world.Registry.SwitchOnAsync(PromoterContact, PromoterWorld.Administrator);
        await _world.WinDealAsync(700, 30_000_00, _world.UtcNow.AddDays(-1), contactId: 50, userFields: $$"""{"UF_CRM_LOY_PR_ID":"{{PromoterContact}}"}""");
        await _world.Commissions.ProcessAsync();

        var cut = OpenCard(promoter.Id, Roles.Accountant);
        cut.WaitForElement("[data-testid=referral-line]", Deadline);
        Assert.Empty(cut.FindAll("[data-testid=promoter-attribute]"));
        Assert.Empty(cut.FindAll("[data-testid=referral-detach]"));
    }

    [Fact]
    public async Task TheSettingsPageSavesTheWelcomeBonus()
    {
        using var culture = new CultureScope("ru");
        var cut = Open<PromoterSettingsPage>("/promoters/settings", Roles.Administrator);
        cut.WaitForElement("[data-testid=promoter-welcome-bonus]", Deadline);
        Assert.Equal("0,00", Input(cut, "promoter-welcome-bonus").GetAttribute("value"));

        Input(cut, "promoter-welcome-bonus").Change("500");
        cut.WaitForElement("[data-testid=promoter-unsaved]", Deadline);
        await cut.Find("[data-testid=promoter-save]").ClickAsync(new MouseEventArgs());

        var current = await _world.Settings.CurrentAsync();
        Assert.Equal((1, 500_00L), (current.Version, current.Settings.WelcomeBonus));
    }

    /// <summary>Two flagged won deals: a self-referral (the promoter's phone on the lead) and an earlier customer.</summary>
    private async Task<Promoter> FlaggedAsync()
    {
        var promoter = await _world.Registry.SwitchOnAsync(PromoterContact, PromoterWorld.Administrator);
        var won = _world.UtcNow.AddDays(-1);
        await _world.AddLeadAsync(800, PromoterContact, won.AddDays(-2), phone: "79991112233");
        await _world.WinDealAsync(900, 10_000_00, won, leadId: 800, contactId: 50);
        await _world.WinDealAsync(899, 5_000_00, won.AddDays(-200), contactId: 51);
        await _world.AddLeadAsync(801, PromoterContact, won.AddDays(-2), contactId: 51);
        await _world.WinDealAsync(901, 20_000_00, won.AddHours(1), leadId: 801, contactId: 51);
        Assert.Equal(2, (await _world.Commissions.ProcessAsync()).OnReview);
        return promoter;
    }

    private IRenderedComponent<Host> Open<TPage>(string address, string role)
        where TPage : IComponent => PromoterPageRendering.Open<TPage>(_ctx, address, role, out _dialogs);

    private IRenderedComponent<Host> OpenCard(long promoterId, string role) => PromoterPageRendering.OpenCard(_ctx, promoterId, role, out _dialogs);

    private IElement DialogInput(string testId) => PromoterPageRendering.Input(_dialogs!, testId);

    private static IElement Input(IRenderedComponent<Host> cut, string testId) => PromoterPageRendering.Input(cut, testId);

    private static IElement Textarea(IRenderedComponent<Host> cut, string testId) => PromoterPageRendering.Textarea(cut, testId);
}
