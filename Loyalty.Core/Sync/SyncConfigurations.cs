using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Core.Sync;

internal sealed class SyncRunConfiguration : IEntityTypeConfiguration<SyncRun>
{
    public void Configure(EntityTypeBuilder<SyncRun> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.TriggeredBy).HasMaxLength(200);
        builder.HasIndex(r => new { r.Status, r.FinishedAt });
        builder.HasIndex(r => r.StartedAt);
    }
}

internal sealed class SyncCursorConfiguration : IEntityTypeConfiguration<SyncCursor>
{
    public void Configure(EntityTypeBuilder<SyncCursor> builder) => builder.HasKey(c => c.Entity);
}

internal sealed class SyncIssueConfiguration : IEntityTypeConfiguration<SyncIssue>
{
    public void Configure(EntityTypeBuilder<SyncIssue> builder)
    {
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Message).HasMaxLength(2000);
        builder.Property(i => i.Reason).HasMaxLength(40);
        builder.Property(i => i.Field).HasMaxLength(100);
        builder.Property(i => i.Value).HasMaxLength(SyncIssue.ValueLength);
        builder.Property(i => i.Title).HasMaxLength(SyncIssue.TitleLength);
        builder.HasIndex(i => i.RunId);
        // The sync page lists the latest issues of all runs and re-reads.
        builder.HasIndex(i => i.At);
        builder.HasIndex(i => new { i.Entity, i.EntityId });
    }
}

internal sealed class PendingRefetchConfiguration : IEntityTypeConfiguration<PendingRefetch>
{
    public void Configure(EntityTypeBuilder<PendingRefetch> builder)
    {
        builder.HasKey(p => new { p.Entity, p.EntityId });
        builder.Property(p => p.Event).HasMaxLength(60);
    }
}
