using Loyalty.Core.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Data;

/// <summary>The one database context: identity, the CRM mirror and every program's tables.</summary>
public sealed class LoyaltyDbContext(DbContextOptions<LoyaltyDbContext> options) : IdentityDbContext<AppUser>(options)
{
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        NormalizeUsers();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        NormalizeUsers();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    private void NormalizeUsers()
    {
        foreach (var entry in ChangeTracker.Entries<AppUser>().Where(e => e.State is EntityState.Added or EntityState.Modified))
        {
            entry.Entity.NormalizedDisplayName = entry.Entity.DisplayName.ToUpperInvariant();
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(LoyaltyDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or sort DateTimeOffset or decimal: times are UTC DateTime, money is long kopecks.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<Enum>().HaveConversion<string>();
    }
}
