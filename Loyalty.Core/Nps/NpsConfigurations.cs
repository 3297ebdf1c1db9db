using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Core.Nps;

internal sealed class NpsTemplateConfiguration : IEntityTypeConfiguration<NpsTemplate>
{
    public void Configure(EntityTypeBuilder<NpsTemplate> builder)
    {
        builder.ToTable("NpsTemplates");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Name).HasMaxLength(TextLimits.Name);
        builder.Property(t => t.Scale).HasMaxLength(20);
        builder.Property(t => t.UpdatedBy).HasMaxLength(256);
        builder.Ignore(t => t.Content);
    }
}

internal sealed class NpsTemplateRevisionConfiguration : IEntityTypeConfiguration<NpsTemplateRevision>
{
    public void Configure(EntityTypeBuilder<NpsTemplateRevision> builder)
    {
        builder.ToTable("NpsTemplateRevisions");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Scale).HasMaxLength(20);
        builder.Property(r => r.CreatedBy).HasMaxLength(256);
        builder.Ignore(r => r.Content);
        builder.HasIndex(r => r.TemplateId);
    }
}

internal sealed class NpsRuleConfiguration : IEntityTypeConfiguration<NpsRule>
{
    public void Configure(EntityTypeBuilder<NpsRule> builder)
    {
        builder.ToTable("NpsRules");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Name).HasMaxLength(TextLimits.Name);
        builder.Property(r => r.StageId).HasMaxLength(80);
        builder.Property(r => r.CreatedBy).HasMaxLength(256);
        builder.Property(r => r.UpdatedBy).HasMaxLength(256);
        builder.HasIndex(r => r.TemplateId);
    }
}

internal sealed class NpsSurveyConfiguration : IEntityTypeConfiguration<NpsSurvey>
{
    public void Configure(EntityTypeBuilder<NpsSurvey> builder)
    {
        builder.ToTable("NpsSurveys");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Token).HasMaxLength(NpsLimits.TokenLength);
        builder.HasIndex(s => s.Token).IsUnique();
        builder.Property(s => s.Scale).HasMaxLength(20);
        builder.Property(s => s.Status).HasMaxLength(20);
        builder.Property(s => s.Channels).HasMaxLength(NpsLimits.Channels);
        builder.Property(s => s.StatusReason).HasMaxLength(40);
        builder.Property(s => s.SentBy).HasMaxLength(256);
        builder.Property(s => s.Comment).HasMaxLength(NpsLimits.Comment);

        // Once per deal from the rules: a second rule's (or a replayed pass's) insert for the same deal fails here.
        builder.HasIndex(s => s.DealId).IsUnique().HasFilter("\"RuleId\" IS NOT NULL").HasDatabaseName("IX_NpsSurveys_DealId_Rule");
        builder.HasIndex(s => new { s.DealId, s.CreatedAt });
        builder.HasIndex(s => new { s.Status, s.DueAt });
        builder.HasIndex(s => new { s.ContactId, s.SentAt });
        builder.HasIndex(s => s.AnsweredAt);
        builder.HasIndex(s => s.SentAt);
        builder.HasIndex(s => new { s.ManagerId, s.AnsweredAt });
        builder.HasIndex(s => new { s.PipelineId, s.AnsweredAt });
        builder.HasIndex(s => s.TemplateId);
        builder.HasOne<NpsTemplateRevision>().WithMany().HasForeignKey(s => s.RevisionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class NpsErrorConfiguration : IEntityTypeConfiguration<NpsError>
{
    public void Configure(EntityTypeBuilder<NpsError> builder)
    {
        builder.ToTable("NpsErrors");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Kind).HasMaxLength(40);
        builder.Property(e => e.Message).HasMaxLength(NpsLimits.ErrorMessage);
        builder.HasIndex(e => e.At);
        builder.HasIndex(e => e.SurveyId);
        builder.HasIndex(e => new { e.DealId, e.Kind });
    }
}

internal sealed class NpsLogoConfiguration : IEntityTypeConfiguration<NpsLogo>
{
    public void Configure(EntityTypeBuilder<NpsLogo> builder)
    {
        builder.ToTable("NpsLogos");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.ContentType).HasMaxLength(40);
    }
}

internal sealed class NpsSettingsRowConfiguration : IEntityTypeConfiguration<NpsSettingsRow>
{
    public void Configure(EntityTypeBuilder<NpsSettingsRow> builder)
    {
        builder.ToTable("NpsSettings");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.UpdatedBy).HasMaxLength(256);
    }
}
