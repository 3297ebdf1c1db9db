using Loyalty.Core.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Core.Cabinet;

/// <summary>
/// One sign-in request of a promoter's cabinet: a 6-digit code and a one-time link, sent together to one address of
/// the promoter's contact. Neither is stored: the link's token as its SHA-256, the code as the SHA-256 of a salt and
/// the code. Valid until <see cref="ExpiresAt"/>, used once (<see cref="UsedAt"/>), void after too many wrong codes or
/// when a newer request for the address replaces it (<see cref="VoidedAt"/>).
/// </summary>
public sealed class CabinetSignInCode
{
    public long Id { get; set; }

    public long PromoterId { get; set; }

    public NotificationChannel Channel { get; set; }

    /// <summary>The address as the channel needs it (e-mail in lower case, phone in E.164): the one the promoter typed.</summary>
    public string Address { get; set; } = "";

    public string CodeSalt { get; set; } = "";

    public string CodeHash { get; set; } = "";

    public string TokenHash { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public int FailedAttempts { get; set; }

    public DateTime? UsedAt { get; set; }

    public DateTime? VoidedAt { get; set; }

    /// <summary>The client address the request came from (for the operator's eyes only).</summary>
    public string? ClientAddress { get; set; }
}

internal sealed class CabinetSignInCodeConfiguration : IEntityTypeConfiguration<CabinetSignInCode>
{
    public void Configure(EntityTypeBuilder<CabinetSignInCode> builder)
    {
        builder.ToTable("CabinetSignInCodes");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Address).HasMaxLength(NotificationLimits.Recipient);
        builder.Property(c => c.CodeSalt).HasMaxLength(64);
        builder.Property(c => c.CodeHash).HasMaxLength(64);
        builder.Property(c => c.TokenHash).HasMaxLength(64);
        builder.Property(c => c.ClientAddress).HasMaxLength(64);
        builder.HasIndex(c => c.TokenHash).IsUnique();
        builder.HasIndex(c => new { c.Address, c.CreatedAt });
        builder.HasIndex(c => c.PromoterId);
    }
}
