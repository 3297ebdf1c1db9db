using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Core.WriteBack;

/// <summary>
/// A write to Bitrix24 waiting to be sent (the write-back outbox). One row per <see cref="Key"/>: a newer value for
/// the same key replaces a pending one (a contact's balance is written once with its latest value), and a sent row
/// is kept with <see cref="SentAt"/> until the key changes again.
/// </summary>
public sealed class CrmWriteBack
{
    /// <summary><c>contact:12:loyalty</c>, <c>deal:34:redeemed</c>, <c>deal:34:comment:56</c>.</summary>
    public string Key { get; set; } = "";

    public string Method { get; set; } = "";

    /// <summary>The method's parameters, as JSON.</summary>
    public string Parameters { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime DueAt { get; set; }

    public DateTime? SentAt { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    /// <summary>
    /// The user fields (comma-separated codes) this write names that Bitrix24 does not have: the write waits, unsent,
    /// until they exist (decision 015). Null when it is not waiting.
    /// </summary>
    public string? WaitingFor { get; set; }
}

internal sealed class CrmWriteBackConfiguration : IEntityTypeConfiguration<CrmWriteBack>
{
    public void Configure(EntityTypeBuilder<CrmWriteBack> builder)
    {
        builder.ToTable("CrmWriteBacks");
        builder.HasKey(w => w.Key);
        builder.Property(w => w.Key).HasMaxLength(200);
        builder.Property(w => w.Method).HasMaxLength(100);
        builder.Property(w => w.LastError).HasMaxLength(2000);
        builder.Property(w => w.WaitingFor).HasMaxLength(500);
        builder.HasIndex(w => new { w.SentAt, w.DueAt });
    }
}
