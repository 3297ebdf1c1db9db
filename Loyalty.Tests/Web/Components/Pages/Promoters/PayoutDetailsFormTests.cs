using AngleSharp.Dom;
using Bunit;
using Loyalty.Core.Data;
using Loyalty.Core.Promoters;
using Loyalty.Tests.Core.Promoters;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Pages.Promoters;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Loyalty.Tests.Web.Components.Pages.Promoters;

/// <summary>
/// The payout details form on a real SQLite file: each wrong field says what is wrong beside it (in Russian and in
/// English) and nothing is saved; valid details (spaces typed in numbers are dropped) are saved and shown as complete.
/// </summary>
public sealed class PayoutDetailsFormTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private PromoterWorld _world = default!;
    private BunitContext _ctx = default!;
    private Promoter _promoter = default!;

    public async Task InitializeAsync()
    {
        _world = await PromoterWorld.CreateAsync();
        await _world.SetContactAsync(7, "Ольга", "Промоутерова");
        _promoter = await _world.Registry.SwitchOnAsync(7, PromoterWorld.Administrator);
        await using (var db = _world.Database.CreateDbContext())
        {
            var row = await db.Promoters.SingleAsync(p => p.Id == _promoter.Id);
            row.LegalStatus = PromoterLegalStatus.Individual;
            await db.SaveChangesAsync();
        }

        _ctx = new BunitContext();
        _ctx.AddPortalServices();
        _world.AddPageServices(_ctx.Services);
    }

    public async Task DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await _world.DisposeAsync();
    }

    [Theory]
    [InlineData("ru", "ИНН должен состоять из 12 цифр.", "БИК — 9 цифр, начинается с 04.", "Заполните поле.")]
    [InlineData("en", "The INN must have 12 digits.", "A BIK is 9 digits starting with 04.", "Fill this in.")]
    public async Task EachWrongFieldSaysWhatIsWrongAndNothingIsSaved(string language, string inn, string bik, string required)
    {
        using var culture = new CultureScope(language);
        var cut = Render();

        Input(cut, "details-inn").Change("7707083893");
        Input(cut, "details-bik").Change("144525225");
        Input(cut, "details-account").Change("40817810000000001234");
        cut.Find("[data-testid=details-save]").Click();

        cut.WaitForAssertion(() => Assert.Contains(inn, cut.Markup, StringComparison.Ordinal), Deadline);
        Assert.Contains(bik, cut.Markup, StringComparison.Ordinal);
        Assert.Contains(required, cut.Markup, StringComparison.Ordinal);
        await using var db = _world.Database.CreateDbContext();
        Assert.Null((await db.Promoters.SingleAsync(p => p.Id == _promoter.Id)).Inn);
    }

    [Fact]
    public async Task AnAccountThatDoesNotAgreeWithTheBikIsRefusedAndValidDetailsAreSaved()
    {
        using var culture = new CultureScope("ru");
        var cut = Render();
        Input(cut, "details-payee").Change("Промоутерова Ольга");
        Input(cut, "details-inn").Change("5001 0073 2259");
        Input(cut, "details-bik").Change("044525225");
        Input(cut, "details-account").Change("40817810100000001234");
        Input(cut, "details-correspondent").Change("30101810400000000225");
        cut.Find("[data-testid=details-save]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Счёт не сходится с БИК", cut.Markup, StringComparison.Ordinal), Deadline);

        Input(cut, "details-account").Change("40817810000000001234");
        cut.Find("[data-testid=details-save]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Заполнены", cut.Find("[data-testid=payout-details-state]").TextContent.Trim()), Deadline);
        Assert.DoesNotContain("Счёт не сходится с БИК", cut.Markup, StringComparison.Ordinal);
        await using var db = _world.Database.CreateDbContext();
        var saved = await db.Promoters.SingleAsync(p => p.Id == _promoter.Id);
        Assert.Equal(("Промоутерова Ольга", "500100732259", "044525225", "40817810000000001234", "30101810400000000225"),
            (saved.PayeeName, saved.Inn, saved.Bik, saved.BankAccount, saved.CorrespondentAccount));
        Assert.True(PayoutDetails.Of(saved).IsComplete);
    }

    private IRenderedComponent<PayoutDetailsForm> Render()
    {
        _ctx.Render<MudPopoverProvider>();
        var cut = _ctx.Render<PayoutDetailsForm>(p => p.Add(f => f.PromoterId, _promoter.Id).Add(f => f.CanEdit, true));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=details-save]")), Deadline);
        return cut;
    }

    private static IElement Input(IRenderedComponent<PayoutDetailsForm> cut, string testId) =>
        cut.Find($"[data-testid={testId}]") is { TagName: "INPUT" } input ? input : cut.Find($"[data-testid={testId}] input");
}
