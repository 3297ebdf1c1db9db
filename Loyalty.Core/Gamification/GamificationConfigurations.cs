using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Core.Gamification;

internal sealed class PointRuleVersionConfiguration : IEntityTypeConfiguration<PointRuleVersion>
{
    public void Configure(EntityTypeBuilder<PointRuleVersion> builder)
    {
        builder.ToTable("PointRuleVersions");
        builder.HasKey(v => v.Version);
        builder.Property(v => v.Version).ValueGeneratedNever();
        builder.Property(v => v.ChangedBy).HasMaxLength(256);
    }
}

internal sealed class RatingConfiguration : IEntityTypeConfiguration<Rating>
{
    public void Configure(EntityTypeBuilder<Rating> builder)
    {
        builder.ToTable("Ratings");
        builder.Property(r => r.Name).HasMaxLength(TextLimits.Name);
        builder.Property(r => r.Description).HasMaxLength(TextLimits.Description);
        builder.Property(r => r.Scope).HasMaxLength(20);
        builder.Property(r => r.Period).HasMaxLength(20);
        builder.Property(r => r.ThresholdMetric).HasMaxLength(40);
        builder.Property(r => r.UpdatedBy).HasMaxLength(256);
    }
}

internal sealed class RatingPeriodConfiguration : IEntityTypeConfiguration<RatingPeriod>
{
    public void Configure(EntityTypeBuilder<RatingPeriod> builder)
    {
        builder.ToTable("RatingPeriods");
        builder.Property(p => p.Key).HasMaxLength(20);
        builder.HasIndex(p => new { p.RatingId, p.Key }).IsUnique();
        builder.HasIndex(p => new { p.ClosedAt, p.EndUtc });
    }
}

internal sealed class RatingResultConfiguration : IEntityTypeConfiguration<RatingResult>
{
    public void Configure(EntityTypeBuilder<RatingResult> builder)
    {
        builder.ToTable("RatingResults");
        builder.HasKey(r => new { r.RatingPeriodId, r.ParticipantId });
        builder.HasIndex(r => new { r.ParticipantId, r.RatingPeriodId });
    }
}

internal sealed class RatingDailyScoreConfiguration : IEntityTypeConfiguration<RatingDailyScore>
{
    public void Configure(EntityTypeBuilder<RatingDailyScore> builder)
    {
        builder.ToTable("RatingDailyScores");
        builder.HasKey(s => new { s.RatingPeriodId, s.Day, s.ParticipantId });
    }
}

internal sealed class BadgeConfiguration : IEntityTypeConfiguration<Badge>
{
    public void Configure(EntityTypeBuilder<Badge> builder)
    {
        builder.ToTable("Badges");
        builder.Property(b => b.Name).HasMaxLength(TextLimits.Name);
        builder.Property(b => b.Description).HasMaxLength(TextLimits.Description);
        builder.Property(b => b.Icon).HasMaxLength(60);
        builder.Property(b => b.IconContentType).HasMaxLength(60);
        builder.Property(b => b.Category).HasMaxLength(TextLimits.Name);
        builder.Property(b => b.Audience).HasMaxLength(20);
        builder.Property(b => b.Rule).HasMaxLength(30);
        builder.Property(b => b.Metric).HasMaxLength(40);
        builder.Property(b => b.Period).HasMaxLength(20);
    }
}

internal sealed class BadgeAwardConfiguration : IEntityTypeConfiguration<BadgeAward>
{
    public void Configure(EntityTypeBuilder<BadgeAward> builder)
    {
        builder.ToTable("BadgeAwards");
        builder.Property(a => a.Level).HasMaxLength(10);
        builder.Property(a => a.PeriodKey).HasMaxLength(20);
        builder.Property(a => a.EarnedInPeriod).HasMaxLength(20);
        builder.Property(a => a.AwardedBy).HasMaxLength(256);
        builder.Property(a => a.Reason).HasMaxLength(TextLimits.Reason);

        // "{actor}: {reason}" of a manual revocation: the actor's name as well as the reason.
        builder.Property(a => a.RevokedReason).HasMaxLength(1000);
        builder.HasIndex(a => new { a.BadgeId, a.EmployeeId, a.Level, a.PeriodKey }).IsUnique();
        builder.HasIndex(a => new { a.EmployeeId, a.AwardedAt });
    }
}

internal sealed class GamificationNoticeConfiguration : IEntityTypeConfiguration<GamificationNotice>
{
    public void Configure(EntityTypeBuilder<GamificationNotice> builder)
    {
        builder.ToTable("GamificationNotices");
        builder.Property(n => n.Kind).HasMaxLength(20);
        builder.Property(n => n.Text).HasMaxLength(1000);
        builder.HasIndex(n => n.CreatedAt);
    }
}
