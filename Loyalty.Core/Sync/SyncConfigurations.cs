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
        builder.HasIndex(i => i.RunId);
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
