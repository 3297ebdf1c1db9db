using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Core.Bitrix24.UserFields;

/// <summary>What the last check found of a field the portal needs.</summary>
public enum FieldState
{
    /// <summary>Bitrix24 has it.</summary>
    Present,

    /// <summary>The portal created it.</summary>
    Created,

    /// <summary>Bitrix24 does not have it and the portal could not create it (<see cref="FieldMissingReason"/> says why).</summary>
    Missing,

    /// <summary>Bitrix24 does not have it yet; it is created once its program is in use.</summary>
    Deferred,
}

/// <summary>Why a field is missing, for the Connection page to say what to do.</summary>
public enum FieldMissingReason
{
    /// <summary>The webhook's user is not an administrator: an administrator adds the field in Bitrix24.</summary>
    AccessDenied,

    /// <summary>Bitrix24 refused to create it with another error (kept in <see cref="UserFieldCheck.Error"/>).</summary>
    Refused,

    /// <summary>An administrator's own code in the settings: the portal does not create fields it does not own.</summary>
    OwnCode,
}

/// <summary>
/// A user field the portal needs, as the last check found it: one row per record type and code, for the fields of
/// <see cref="PortalUserFields"/> and for the administrators' own codes in the programs' settings.
/// </summary>
public sealed class UserFieldCheck
{
    public CrmFieldEntity Entity { get; set; }

    public string Code { get; set; } = "";

    /// <summary>Bitrix24's <c>USER_TYPE_ID</c>: the registry's for the portal's own fields, what Bitrix24 has for others (null when unknown).</summary>
    public string? Type { get; set; }

    public FieldProgram Program { get; set; }

    /// <summary>True for a field of <see cref="PortalUserFields"/>: the portal creates it.</summary>
    public bool Owned { get; set; }

    public FieldState State { get; set; }

    public FieldMissingReason? Reason { get; set; }

    /// <summary>Bitrix24's error when a creation was refused: "ACCESS_DENIED: …".</summary>
    public string? Error { get; set; }

    public DateTime CheckedAt { get; set; }

    /// <summary>When <see cref="State"/> last changed.</summary>
    public DateTime ChangedAt { get; set; }
}

/// <summary>
/// The last check of the connection (one row): the scopes the webhook has and the user fields Bitrix24 has per record
/// type. A null list has not been read yet (or the read failed: <see cref="Error"/>).
/// </summary>
public sealed class PortalCheck
{
    public const int SingleId = 1;

    public int Id { get; set; } = SingleId;

    public DateTime? CheckedAt { get; set; }

    /// <summary>The <c>scope</c> answer, comma-separated.</summary>
    public string? Scopes { get; set; }

    public string? ContactFields { get; set; }

    public string? DealFields { get; set; }

    public string? LeadFields { get; set; }

    /// <summary>Why the last check could not read everything: "insufficient_scope: …".</summary>
    public string? Error { get; set; }

    public IReadOnlyList<string>? ScopeList => Split(Scopes);

    /// <summary>The codes of the user fields Bitrix24 has on <paramref name="entity"/>; null when never listed.</summary>
    public IReadOnlySet<string>? FieldsOf(CrmFieldEntity entity) => Split(entity switch
    {
        CrmFieldEntity.Contact => ContactFields,
        CrmFieldEntity.Deal => DealFields,
        _ => LeadFields,
    }) is { } list ? new HashSet<string>(list, StringComparer.OrdinalIgnoreCase) : null;

    internal void SetFields(CrmFieldEntity entity, IEnumerable<string> codes)
    {
        var joined = string.Join(',', codes.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal));
        switch (entity)
        {
            case CrmFieldEntity.Contact:
                ContactFields = joined;
                break;
            case CrmFieldEntity.Deal:
                DealFields = joined;
                break;
            default:
                LeadFields = joined;
                break;
        }
    }

    private static string[]? Split(string? value) => value?.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

internal sealed class UserFieldCheckConfiguration : IEntityTypeConfiguration<UserFieldCheck>
{
    public void Configure(EntityTypeBuilder<UserFieldCheck> builder)
    {
        builder.ToTable("UserFieldChecks");
        builder.HasKey(f => new { f.Entity, f.Code });
        builder.Property(f => f.Entity).HasConversion<string>().HasMaxLength(20);
        builder.Property(f => f.Code).HasMaxLength(TextLimits.Code);
        builder.Property(f => f.Type).HasMaxLength(50);
        builder.Property(f => f.Program).HasConversion<string>().HasMaxLength(20);
        builder.Property(f => f.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(f => f.Reason).HasConversion<string>().HasMaxLength(20);
        builder.Property(f => f.Error).HasMaxLength(1000);
    }
}

internal sealed class PortalCheckConfiguration : IEntityTypeConfiguration<PortalCheck>
{
    public void Configure(EntityTypeBuilder<PortalCheck> builder)
    {
        builder.ToTable("PortalChecks");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Scopes).HasMaxLength(1000);
        builder.Property(c => c.Error).HasMaxLength(1000);
        builder.Ignore(c => c.ScopeList);
    }
}
