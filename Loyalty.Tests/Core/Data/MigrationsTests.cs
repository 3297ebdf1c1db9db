using Loyalty.Core.Data;
using Loyalty.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Core.Data;

public sealed class MigrationsTests
{
    [Fact]
    public async Task TheCommittedMigrationsMatchTheModelAndAreAllApplied()
    {
        await using var portal = new PortalFactory();
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();

        // A model change without its migration would leave a real database behind the code.
        Assert.False(db.Database.HasPendingModelChanges(), "the model has changes that no migration carries: run 'dotnet ef migrations add'");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task RestartingThePortalOnAnExistingDatabaseKeepsItsData()
    {
        await using var first = new PortalFactory();
        var path = first.DatabasePath;
        _ = first.Services;
        string demoId;
        await using (var db = await first.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync())
        {
            demoId = (await db.Users.OrderBy(u => u.Email).FirstAsync()).Id;
            Assert.Equal("wal", (await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync()).Single());
        }

        await using var second = new PortalFactory { Settings = { ["Database:Path"] = path } };
        await using var again = await second.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();

        Assert.Equal(3, await again.Users.CountAsync());
        Assert.True(await again.Users.AnyAsync(u => u.Id == demoId), "the seeded accounts are kept, not re-created");
    }
}
