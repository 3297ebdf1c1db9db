using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Core.Promoters;

internal sealed class ReferralSubmissionConfiguration : IEntityTypeConfiguration<ReferralSubmission>
{
    public void Configure(EntityTypeBuilder<ReferralSubmission> builder)
    {
        builder.ToTable("ReferralSubmissions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Code).HasMaxLength(ReferralLimits.Code);
        builder.Property(s => s.Name).HasMaxLength(ReferralLimits.Name);
        builder.Property(s => s.Phone).HasMaxLength(20);
        builder.Property(s => s.Email).HasMaxLength(ReferralLimits.Email);
        builder.Property(s => s.ClientAddress).HasMaxLength(ReferralLimits.ClientAddress);
        builder.Property(s => s.FormToken).HasMaxLength(64);
        builder.Property(s => s.Status).HasMaxLength(20);
        builder.Property(s => s.LastError).HasMaxLength(ReferralLimits.Error);
        // One form, one submission: a double submit, or two at once, inserts one row.
        builder.HasIndex(s => s.FormToken).IsUnique();
        builder.HasIndex(s => new { s.Status, s.DueAt });
        builder.HasIndex(s => s.PromoterId);
        builder.HasIndex(s => s.LeadId);
        builder.HasIndex(s => s.Phone);
        builder.HasIndex(s => s.Email);
    }
}

internal sealed class ConsentRecordConfiguration : IEntityTypeConfiguration<ConsentRecord>
{
    public void Configure(EntityTypeBuilder<ConsentRecord> builder)
    {
        builder.ToTable("ConsentRecords");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.ClientAddress).HasMaxLength(ReferralLimits.ClientAddress);
        builder.Property(c => c.PolicyHash).HasMaxLength(64);
        builder.Property(c => c.Purpose).HasMaxLength(20);
    }
}

internal sealed class ReferralPolicyVersionConfiguration : IEntityTypeConfiguration<ReferralPolicyVersion>
{
    public void Configure(EntityTypeBuilder<ReferralPolicyVersion> builder)
    {
        builder.ToTable("ReferralPolicyVersions");
        builder.HasKey(p => p.Version);
        builder.Property(p => p.Version).ValueGeneratedNever();
        builder.Property(p => p.Text).HasMaxLength(ReferralLimits.PolicyText);
        builder.Property(p => p.Hash).HasMaxLength(64);
        builder.Property(p => p.CreatedBy).HasMaxLength(200);
    }
}

internal sealed class ReferralPageSettingsRowConfiguration : IEntityTypeConfiguration<ReferralPageSettingsRow>
{
    public void Configure(EntityTypeBuilder<ReferralPageSettingsRow> builder)
    {
        builder.ToTable("ReferralPageSettings");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.CompanyName).HasMaxLength(ReferralLimits.CompanyName);
        builder.Property(s => s.PageText).HasMaxLength(ReferralLimits.PageText);
        builder.Property(s => s.UpdatedBy).HasMaxLength(200);
    }
}
