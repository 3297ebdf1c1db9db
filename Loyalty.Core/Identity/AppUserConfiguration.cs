using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Core.Identity;

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(200).IsRequired();
        builder.Property(u => u.NormalizedDisplayName).HasMaxLength(200).IsRequired();
        builder.HasIndex(u => u.NormalizedDisplayName);
        builder.HasIndex(u => u.PromoterId).IsUnique();
    }
}
