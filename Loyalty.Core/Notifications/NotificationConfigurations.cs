using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Core.Notifications;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable("Notifications");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Channel).HasMaxLength(20);
        builder.Property(n => n.Kind).HasMaxLength(40);
        builder.Property(n => n.Status).HasMaxLength(20);
        builder.Property(n => n.Recipient).HasMaxLength(NotificationLimits.Recipient);
        builder.Property(n => n.RecipientName).HasMaxLength(TextLimits.Name * 2);
        builder.Property(n => n.Subject).HasMaxLength(NotificationLimits.Subject);
        builder.Property(n => n.DedupeKey).HasMaxLength(NotificationLimits.DedupeKey);
        builder.Property(n => n.UnsubscribeUrl).HasMaxLength(TextLimits.Url);
        builder.Property(n => n.FailureCode).HasMaxLength(50);
        builder.Property(n => n.LastError).HasMaxLength(NotificationLimits.Error);
        builder.Property(n => n.ProviderMessageId).HasMaxLength(200);
        // Exactly-once queueing: the same occasion queued twice, even by two transactions at once, is one row.
        builder.HasIndex(n => n.DedupeKey).IsUnique();
        builder.HasIndex(n => new { n.Status, n.DueAt });
        builder.HasIndex(n => n.CreatedAt);
        builder.HasIndex(n => n.Recipient);
    }
}

internal sealed class NotificationOptOutConfiguration : IEntityTypeConfiguration<NotificationOptOut>
{
    public void Configure(EntityTypeBuilder<NotificationOptOut> builder)
    {
        builder.HasKey(o => o.Address);
        builder.Property(o => o.Address).HasMaxLength(NotificationLimits.Recipient);
        builder.Property(o => o.Channel).HasMaxLength(20);
        builder.Property(o => o.Source).HasMaxLength(30);
    }
}

internal sealed class ChannelSettingsRowConfiguration : IEntityTypeConfiguration<ChannelSettingsRow>
{
    public void Configure(EntityTypeBuilder<ChannelSettingsRow> builder)
    {
        builder.ToTable("ChannelSettings");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.SmtpHost).HasMaxLength(255);
        builder.Property(s => s.SmtpTls).HasMaxLength(20);
        builder.Property(s => s.SmtpUser).HasMaxLength(255);
        builder.Property(s => s.SenderName).HasMaxLength(TextLimits.Name);
        builder.Property(s => s.SenderAddress).HasMaxLength(NotificationLimits.Recipient);
        builder.Property(s => s.SmsBaseUrl).HasMaxLength(TextLimits.Url);
        builder.Property(s => s.SmsSender).HasMaxLength(20);
        builder.Property(s => s.UpdatedBy).HasMaxLength(200);
    }
}

/// <summary>How long the outbox's texts may be.</summary>
public static class NotificationLimits
{
    /// <summary>An e-mail address (RFC 5321 path limit) or a phone number.</summary>
    public const int Recipient = 320;

    public const int Subject = 500;

    public const int DedupeKey = 200;

    public const int Error = 2000;
}
