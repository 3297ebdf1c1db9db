using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Core.Ledger;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> builder)
    {
        builder.ToTable("LedgerAccounts");
        builder.HasKey(a => a.Id);
        builder.HasIndex(a => new { a.Kind, a.OwnerId }).IsUnique();
        builder.Property(a => a.Kind).HasMaxLength(40);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasIndex(a => new { a.Kind, a.Balance });
    }
}

internal sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> builder)
    {
        builder.ToTable("LedgerEntries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Kind).HasMaxLength(40);
        builder.Property(e => e.SourceKey).HasMaxLength(300);
        builder.Property(e => e.Actor).HasMaxLength(256);
        builder.Property(e => e.Comment).HasMaxLength(2000);
        builder.Property(e => e.Reason).HasMaxLength(60);
        builder.Property(e => e.ReasonArgs).HasMaxLength(2000);
        builder.HasIndex(e => new { e.AccountId, e.SourceKey }).IsUnique();
        // An account's entries of a period, amounts included: the ratings sum a month's points from the index alone.
        builder.HasIndex(e => new { e.AccountId, e.OccurredAt, e.Amount });
        builder.HasIndex(e => e.DealId);
        builder.HasIndex(e => e.ReversesEntryId);
        builder.HasIndex(e => e.ExpiresAt);
        builder.HasIndex(e => new { e.Kind, e.OccurredAt });
        builder.HasOne<Account>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LedgerAllocationConfiguration : IEntityTypeConfiguration<LedgerAllocation>
{
    public void Configure(EntityTypeBuilder<LedgerAllocation> builder)
    {
        builder.ToTable("LedgerAllocations");
        builder.HasKey(a => a.Id);
        builder.HasIndex(a => a.DebitEntryId);
        builder.HasIndex(a => a.CreditEntryId);
        builder.HasOne<LedgerEntry>().WithMany().HasForeignKey(a => a.DebitEntryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<LedgerEntry>().WithMany().HasForeignKey(a => a.CreditEntryId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LedgerCheckRunConfiguration : IEntityTypeConfiguration<LedgerCheckRun>
{
    public void Configure(EntityTypeBuilder<LedgerCheckRun> builder)
    {
        builder.ToTable("LedgerCheckRuns");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.TriggeredBy).HasMaxLength(256);
        builder.HasIndex(r => r.StartedAt);
    }
}
