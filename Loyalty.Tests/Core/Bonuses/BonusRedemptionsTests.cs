using Loyalty.Core.Bonuses;
using Loyalty.Core.Ledger;
using Loyalty.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Loyalty.Tests.TestSupport.BonusSeed;

namespace Loyalty.Tests.Core.Bonuses;

/// <summary>Redemptions recorded in the portal, as the customer card's dialog records them.</summary>
public sealed class BonusRedemptionsTests : IAsyncLifetime
{
    private TestDatabase _database = default!;
    private ServiceProvider _services = default!;

    private BonusRedemptions Redemptions => _services.GetRequiredService<BonusRedemptions>();

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

    [Fact]
    public async Task ADoubleSubmitOfOneDialogPostsOnce()
    {
        var request = Guid.NewGuid();

        var outcomes = await Task.WhenAll(
            Redemptions.RecordAsync(Anna, 400_00, null, "head@demo.loyalty", null, request),
            Redemptions.RecordAsync(Anna, 400_00, null, "head@demo.loyalty", null, request));

        Assert.All(outcomes, o => Assert.Equal(RedemptionRefusal.None, o.Refusal));
        Assert.Equal(outcomes[0].Entry!.Id, outcomes[1].Entry!.Id);
        Assert.Equal(900_00, await _services.GetRequiredService<LedgerService>().BalanceAsync(Customer(Anna)));
        await using var db = _database.CreateDbContext();
        Assert.Equal(1, await db.LedgerEntries.CountAsync(e => e.SourceKey == $"redeem:portal:{request:N}"));
        Assert.Equal(900_00, await db.BonusCustomers.Where(c => c.ContactId == Anna).Select(c => c.Balance).SingleAsync());
    }

    [Fact]
    public async Task ARedemptionAboveTheBalanceIsRefusedWithTheBalanceAsTheLimit()
    {
        var outcome = await Redemptions.RecordAsync(Anna, 5_000_00, null, "head@demo.loyalty", null, Guid.NewGuid());

        Assert.Equal((RedemptionRefusal.OverBalance, 1_300_00L), (outcome.Refusal, outcome.Limit));
        Assert.Null(outcome.Entry);
    }
}
