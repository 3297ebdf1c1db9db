using Loyalty.Core.Bonuses;
using Loyalty.Core.Crm;
using Loyalty.Core.Ledger;
using Loyalty.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static Loyalty.Tests.TestSupport.BonusSeed;

namespace Loyalty.Tests.Core.Bonuses;

/// <summary>The customers list, card and history as read from a real SQLite database seeded through the ledger.</summary>
public sealed class BonusCustomerQueriesTests : IAsyncLifetime
{
    private TestDatabase _database = default!;
    private ServiceProvider _services = default!;

    private BonusCustomerQueries Queries => _services.GetRequiredService<BonusCustomerQueries>();

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _services = new ServiceCollection().AddBonusServices(_database).BuildServiceProvider();
        await SeedAsync(_services);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Theory]
    [InlineData("смирнова", Anna)]
    [InlineData("ПЕТРОВ", Boris)]
    [InlineData("+7 912 000-11-22", Boris)]
    [InlineData("1234567", Anna)]
    [InlineData("Vera@Example", Vera)]
    [InlineData("104", Galina)]
    public async Task SearchFindsANameInAnyCaseAPhoneAsTypedAnEmailOrAnId(string search, long expected)
    {
        var page = await Queries.ListAsync(new CustomerQuery(Search: search));

        Assert.Equal([expected], page.Rows.Select(r => r.ContactId));
        Assert.Equal(1, page.Total);
    }

    [Theory]
    [InlineData("%")]
    [InlineData("_")]
    public async Task LikeWildcardsInTheSearchAreTakenLiterally(string search)
    {
        var page = await Queries.ListAsync(new CustomerQuery(Search: search));

        Assert.Empty(page.Rows);
    }

    [Fact]
    public async Task TierAndBalanceFiltersCombine()
    {
        Assert.Equal(new[] { Anna }, Ids(await Queries.ListAsync(new CustomerQuery(Tier: "Silver"))));
        Assert.Equal(new[] { Anna }, Ids(await Queries.ListAsync(new CustomerQuery(BalanceFrom: 1_000_00, BalanceTo: 2_000_00))));
        Assert.Equal(new[] { Anna, Boris }, Ids(await Queries.ListAsync(new CustomerQuery(BalanceFrom: 1_300_00, Sort: CustomerSort.Balance))));
        Assert.Empty(Ids(await Queries.ListAsync(new CustomerQuery(Tier: "Gold", BalanceTo: 1_000_00))));
    }

    [Fact]
    public async Task LastPurchaseDaysAreCutInThePortalTimeZone()
    {
        // Boris won at 22:30 UTC on 31 October: already 1 November in Moscow.
        Assert.Equal(new[] { Boris }, Ids(await Queries.ListAsync(new CustomerQuery(LastPurchaseFrom: new DateOnly(2026, 11, 1)))));
        Assert.Equal(new[] { Anna, Vera, Galina }, Ids(await Queries.ListAsync(new CustomerQuery(LastPurchaseTo: new DateOnly(2026, 10, 31)))));
        Assert.Equal(new[] { Anna }, Ids(await Queries.ListAsync(new CustomerQuery(LastPurchaseFrom: new DateOnly(2026, 10, 5), LastPurchaseTo: new DateOnly(2026, 10, 5)))));
    }

    [Theory]
    [InlineData(CustomerSort.Name, false, new[] { Anna, Boris, Vera, Galina })]
    [InlineData(CustomerSort.Balance, true, new[] { Boris, Anna, Vera, Galina })]
    [InlineData(CustomerSort.Tier, true, new[] { Galina, Boris, Anna, Vera })]
    [InlineData(CustomerSort.WonDeals, true, new[] { Anna, Boris, Vera, Galina })]
    [InlineData(CustomerSort.LastPurchase, false, new[] { Vera, Galina, Anna, Boris })]
    [InlineData(CustomerSort.Percent, false, new[] { Vera, Anna, Boris, Galina })]
    public async Task ColumnsSortInTheDatabase(CustomerSort sort, bool descending, long[] expected)
    {
        var page = await Queries.ListAsync(new CustomerQuery(Sort: sort, Descending: descending));

        Assert.Equal(expected, Ids(page));
    }

    [Fact]
    public async Task APageHoldsItsRowsAndTheTotalOfTheWholeList()
    {
        var page = await Queries.ListAsync(new CustomerQuery(Skip: 2, Take: 2));

        Assert.Equal([Vera, Galina], Ids(page));
        Assert.Equal(4, page.Total);
    }

    [Fact]
    public async Task TheCardHoldsTheCustomersFiguresAndTheWayToTheNextTier()
    {
        var card = await Queries.CardAsync(Anna);

        Assert.NotNull(card);
        Assert.Equal("Анна Смирнова", card.DisplayName);
        Assert.Equal("+7 (999) 123-45-67", card.Phone);
        Assert.Equal((2, 60_000_00L), (card.WonDeals, card.WonSum));
        Assert.Equal((1_800_00L, 500_00L, 1_300_00L), (card.Accrued, card.Redeemed, card.Balance));
        Assert.Equal(5m, card.CurrentPercent);
        Assert.Equal(("Silver", 2m), (card.Tier.Name, card.Tier.DiscountPercent));
        Assert.Equal("Gold", card.NextTier?.Name);
        Assert.Equal(90_000_00, card.ToNextTier);
        // 60 000 of the way from 50 000 (Silver) to 150 000 (Gold).
        Assert.Equal(10, card.ProgressPercent);
    }

    [Fact]
    public async Task AtTheTopTierThereIsNoNextTier()
    {
        var card = await Queries.CardAsync(Galina);

        Assert.Equal("Platinum", card!.Tier.Name);
        Assert.Null(card.NextTier);
        Assert.Equal(100, card.ProgressPercent);
    }

    [Fact]
    public async Task AContactTheProgramHasNotCountedGetsACardOfZerosAndAnUnknownOneNone()
    {
        await using (var db = _database.CreateDbContext())
        {
            db.Contacts.Add(new Contact { Id = 555, FirstName = "Дмитрий", LastName = "Новиков", SyncedAt = Now.UtcDateTime });
            await db.SaveChangesAsync();
        }

        var card = await Queries.CardAsync(555);

        Assert.NotNull(card);
        Assert.Equal("Дмитрий Новиков", card.DisplayName);
        Assert.Equal((0, 0L, 0L, "Bronze"), (card.WonDeals, card.WonSum, card.Balance, card.Tier.Name));
        Assert.Null(await Queries.CardAsync(999_999));
    }

    [Fact]
    public async Task HistoryIsNewestFirstWithTheTitleOfEachEntrysDeal()
    {
        var page = await Queries.HistoryAsync(Anna, 0, 25);

        Assert.Equal(3, page.Total);
        Assert.Equal([EntryKind.Redemption, EntryKind.Accrual, EntryKind.Accrual], page.Rows.Select(r => r.Kind));
        Assert.Equal([-500_00L, 600_00, 1_200_00], page.Rows.Select(r => r.Amount));
        Assert.Equal([null, "Массаж, курс", "Абонемент на год"], page.Rows.Select(r => r.DealTitle));
        Assert.Equal([AnnaRedemption, AnnaSecondWin, AnnaFirstWin], page.Rows.Select(r => r.OccurredAt));
        Assert.Equal(2, (await Queries.HistoryAsync(Anna, 1, 2)).Rows.Count);
        Assert.Empty((await Queries.HistoryAsync(999_999, 0, 25)).Rows);
    }

    [Fact]
    public async Task SkippedDealsCarryTheirTitleAndReason()
    {
        var page = await Queries.SkippedAsync(0, 25);

        var skip = Assert.Single(page.Rows);
        Assert.Equal((SkippedDeal, "Сделка без контакта", BonusSkipReason.NoContact, 15_000_00L), (skip.DealId, skip.Title, skip.Reason, skip.Amount));
    }

    [Fact]
    public async Task TheRedemptionDialogOffersTheCustomersOpenAndWonDealsNewestFirst()
    {
        var deals = await Queries.DealsAsync(Anna);

        Assert.Equal([7L, 2, 1], deals.Select(d => d.Id));
    }

    private static long[] Ids(ListPage<CustomerRow> page) => [.. page.Rows.Select(r => r.ContactId)];
}
