using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Core.Bonuses;

internal sealed class BonusRecalculationConfiguration : IEntityTypeConfiguration<BonusRecalculation>
{
    public void Configure(EntityTypeBuilder<BonusRecalculation> builder)
    {
        builder.ToTable("BonusRecalculations");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Status).HasMaxLength(40);
        builder.Property(r => r.CreatedBy).HasMaxLength(256);
        builder.Property(r => r.AppliedBy).HasMaxLength(256);
        builder.Property(r => r.Error).HasMaxLength(2000);
        builder.HasIndex(r => r.Status);
    }
}

internal sealed class BonusRecalculationLineConfiguration : IEntityTypeConfiguration<BonusRecalculationLine>
{
    public void Configure(EntityTypeBuilder<BonusRecalculationLine> builder)
    {
        builder.ToTable("BonusRecalculationLines");
        builder.HasKey(l => l.Id);
        builder.HasIndex(l => new { l.RecalculationId, l.ContactId }).IsUnique();
        builder.HasOne<BonusRecalculation>().WithMany().HasForeignKey(l => l.RecalculationId).OnDelete(DeleteBehavior.Cascade);
    }
}
