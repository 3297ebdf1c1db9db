using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Core.Promoters;

internal sealed class PromoterConfiguration : IEntityTypeConfiguration<Promoter>
{
    public void Configure(EntityTypeBuilder<Promoter> builder)
    {
        builder.ToTable("Promoters");
        builder.HasKey(p => p.Id);
        builder.HasIndex(p => p.ContactId).IsUnique();
        builder.HasIndex(p => new { p.Active, p.Id });
        builder.Property(p => p.SwitchedBy).HasMaxLength(256);
        builder.Property(p => p.ActiveCode).HasMaxLength(PromoterCodes.Length);
        builder.Property(p => p.LegalStatus).HasMaxLength(40);
        builder.Property(p => p.PayeeName).HasMaxLength(400);
        builder.Property(p => p.Inn).HasMaxLength(12);
        builder.Property(p => p.Bik).HasMaxLength(9);
        builder.Property(p => p.BankAccount).HasMaxLength(20);
        builder.Property(p => p.CorrespondentAccount).HasMaxLength(20);
    }
}

internal sealed class PromoterCodeConfiguration : IEntityTypeConfiguration<PromoterCode>
{
    public void Configure(EntityTypeBuilder<PromoterCode> builder)
    {
        builder.ToTable("PromoterCodes");
        builder.HasKey(c => c.Code);
        builder.Property(c => c.Code).HasMaxLength(PromoterCodes.Length);
        builder.HasIndex(c => c.PromoterId);
        builder.HasOne<Promoter>().WithMany().HasForeignKey(c => c.PromoterId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PromoterSettingsVersionConfiguration : IEntityTypeConfiguration<PromoterSettingsVersion>
{
    public void Configure(EntityTypeBuilder<PromoterSettingsVersion> builder)
    {
        builder.ToTable("PromoterSettingsVersions");
        builder.HasKey(v => v.Version);
        builder.Property(v => v.Version).ValueGeneratedNever();
        builder.Property(v => v.ChangedBy).HasMaxLength(256);
    }
}

internal sealed class PromoterCommissionConfiguration : IEntityTypeConfiguration<PromoterCommission>
{
    public void Configure(EntityTypeBuilder<PromoterCommission> builder)
    {
        builder.ToTable("PromoterCommissions");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.SourceKey).HasMaxLength(300);
        builder.HasIndex(c => c.SourceKey).IsUnique();
        builder.Property(c => c.Trigger).HasMaxLength(40);
        builder.Property(c => c.Attribution).HasMaxLength(40);
        builder.Property(c => c.Status).HasMaxLength(40);
        builder.Property(c => c.Flags).HasConversion<int>();
        builder.Property(c => c.ReviewedBy).HasMaxLength(256);
        builder.Property(c => c.ReviewReason).HasMaxLength(TextLimits.Reason);
        builder.HasIndex(c => new { c.PromoterId, c.OccurredAt });
        builder.HasIndex(c => new { c.PromoterId, c.Status, c.PayableAfter });
        builder.HasIndex(c => c.DealId);
        builder.HasIndex(c => c.LeadId);
        builder.HasIndex(c => new { c.Status, c.OccurredAt });
        builder.HasOne<Promoter>().WithMany().HasForeignKey(c => c.PromoterId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PayoutRunConfiguration : IEntityTypeConfiguration<PayoutRun>
{
    public void Configure(EntityTypeBuilder<PayoutRun> builder)
    {
        builder.ToTable("PayoutRuns");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.CreatedBy).HasMaxLength(256);
        builder.Property(r => r.Note).HasMaxLength(TextLimits.Reason);
        builder.HasIndex(r => r.CreatedAt);
    }
}

internal sealed class PayoutConfiguration : IEntityTypeConfiguration<Payout>
{
    public void Configure(EntityTypeBuilder<Payout> builder)
    {
        builder.ToTable("Payouts");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Status).HasMaxLength(40).IsConcurrencyToken();
        builder.Property(p => p.LegalStatus).HasMaxLength(40);
        builder.Property(p => p.PayeeName).HasMaxLength(400);
        builder.Property(p => p.Inn).HasMaxLength(12);
        builder.Property(p => p.Bik).HasMaxLength(9);
        builder.Property(p => p.BankAccount).HasMaxLength(20);
        builder.Property(p => p.CorrespondentAccount).HasMaxLength(20);
        builder.Property(p => p.Reference).HasMaxLength(PayoutLimits.Reference);
        builder.Property(p => p.ReceiptNumber).HasMaxLength(PayoutLimits.Reference);
        builder.Property(p => p.PaidBy).HasMaxLength(256);
        builder.Property(p => p.CancelledBy).HasMaxLength(256);
        builder.HasIndex(p => new { p.RunId, p.PromoterId }).IsUnique();
        builder.HasIndex(p => new { p.PromoterId, p.Status });
        builder.HasIndex(p => p.Status);
        builder.HasOne<PayoutRun>().WithMany().HasForeignKey(p => p.RunId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Promoter>().WithMany().HasForeignKey(p => p.PromoterId).OnDelete(DeleteBehavior.Restrict);
    }
}
