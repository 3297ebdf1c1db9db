using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Core.Bonuses;

internal sealed class BonusSettingsVersionConfiguration : IEntityTypeConfiguration<BonusSettingsVersion>
{
    public void Configure(EntityTypeBuilder<BonusSettingsVersion> builder)
    {
        builder.ToTable("BonusSettingsVersions");
        builder.HasKey(v => v.Version);
        builder.Property(v => v.Version).ValueGeneratedNever();
        builder.Property(v => v.ChangedBy).HasMaxLength(256);
    }
}

internal sealed class BonusCustomerConfiguration : IEntityTypeConfiguration<BonusCustomer>
{
    public void Configure(EntityTypeBuilder<BonusCustomer> builder)
    {
        builder.ToTable("BonusCustomers");
        builder.HasKey(c => c.ContactId);
        builder.Property(c => c.ContactId).ValueGeneratedNever();
        builder.Property(c => c.SearchText).HasMaxLength(1000);
        builder.Property(c => c.DisplayName).HasMaxLength(400);
        builder.Property(c => c.Tier).HasMaxLength(TextLimits.Name);
        builder.HasIndex(c => c.Balance);
        builder.HasIndex(c => c.WonSum);
        builder.HasIndex(c => c.LastPurchaseAt);
        builder.HasIndex(c => new { c.Tier, c.Balance });
        builder.HasIndex(c => c.DisplayName);
    }
}

internal sealed class BonusSkipConfiguration : IEntityTypeConfiguration<BonusSkip>
{
    public void Configure(EntityTypeBuilder<BonusSkip> builder)
    {
        builder.ToTable("BonusSkips");
        builder.HasKey(s => s.DealId);
        builder.Property(s => s.DealId).ValueGeneratedNever();
        builder.Property(s => s.Reason).HasMaxLength(40);
        builder.HasIndex(s => s.WonAt);
    }
}

internal sealed class ProgramCursorConfiguration : IEntityTypeConfiguration<ProgramCursor>
{
    public void Configure(EntityTypeBuilder<ProgramCursor> builder)
    {
        builder.ToTable("ProgramCursors");
        builder.HasKey(c => c.Program);
        builder.Property(c => c.Program).HasMaxLength(60);
    }
}

internal sealed class BonusDealRedemptionConfiguration : IEntityTypeConfiguration<BonusDealRedemption>
{
    public void Configure(EntityTypeBuilder<BonusDealRedemption> builder)
    {
        builder.ToTable("BonusDealRedemptions");
        builder.HasKey(r => r.DealId);
        builder.Property(r => r.DealId).ValueGeneratedNever();
        builder.Property(r => r.Cap).HasMaxLength(40);
        builder.HasIndex(r => r.ContactId);
    }
}
