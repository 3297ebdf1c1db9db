using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Core.Crm;

internal static class MirrorConfiguration
{
    /// <summary>Bitrix24's ID is the key; the mirror never generates one.</summary>
    public static void ConfigureMirror<T>(this EntityTypeBuilder<T> builder, string table)
        where T : MirrorRecord
    {
        builder.ToTable(table);
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.HasIndex(e => e.ModifiedAt);
    }
}

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> builder)
    {
        builder.ConfigureMirror("CrmDepartments");
        builder.Property(d => d.Name).HasMaxLength(255);
        builder.HasIndex(d => d.ParentId);
    }
}

internal sealed class EmployeeConfiguration : IEntityTypeConfiguration<Employee>
{
    public void Configure(EntityTypeBuilder<Employee> builder)
    {
        builder.ConfigureMirror("CrmEmployees");
        builder.Property(e => e.FirstName).HasMaxLength(100);
        builder.Property(e => e.LastName).HasMaxLength(100);
        builder.Property(e => e.Email).HasMaxLength(255);
        builder.Property(e => e.Position).HasMaxLength(255);
        builder.Ignore(e => e.FullName);
        builder.HasIndex(e => e.DepartmentId);
    }
}

internal sealed class PipelineConfiguration : IEntityTypeConfiguration<Pipeline>
{
    public void Configure(EntityTypeBuilder<Pipeline> builder)
    {
        builder.ConfigureMirror("CrmPipelines");
        builder.Property(p => p.Name).HasMaxLength(255);
    }
}

internal sealed class StageConfiguration : IEntityTypeConfiguration<Stage>
{
    public void Configure(EntityTypeBuilder<Stage> builder)
    {
        builder.ToTable("CrmStages");
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).HasMaxLength(100);
        builder.Property(s => s.Code).HasMaxLength(80);
        builder.Property(s => s.Name).HasMaxLength(255);
        builder.HasIndex(s => new { s.Entity, s.PipelineId });
    }
}

internal sealed class CurrencyConfiguration : IEntityTypeConfiguration<Currency>
{
    public void Configure(EntityTypeBuilder<Currency> builder)
    {
        builder.ToTable("CrmCurrencies");
        builder.HasKey(c => c.Code);
        builder.Property(c => c.Code).HasMaxLength(10);
        // A rate is never summed or compared in SQL: text keeps it exact on SQLite.
        builder.Property(c => c.Rate).HasConversion<string>().HasMaxLength(40);
    }
}

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> builder)
    {
        builder.ConfigureMirror("CrmContacts");
        builder.Property(c => c.FirstName).HasMaxLength(100);
        builder.Property(c => c.LastName).HasMaxLength(100);
        builder.Property(c => c.SecondName).HasMaxLength(100);
        builder.Property(c => c.PhoneDigits).HasMaxLength(20);
        builder.Property(c => c.EmailNormalized).HasMaxLength(255);
        builder.Ignore(c => c.FullName);
        builder.HasIndex(c => c.PhoneDigits);
        builder.HasIndex(c => c.EmailNormalized);
        builder.HasIndex(c => c.AssignedById);
    }
}

internal sealed class LeadConfiguration : IEntityTypeConfiguration<Lead>
{
    public void Configure(EntityTypeBuilder<Lead> builder)
    {
        builder.ConfigureMirror("CrmLeads");
        builder.Property(l => l.Title).HasMaxLength(255);
        builder.Property(l => l.StatusId).HasMaxLength(80);
        builder.Property(l => l.PhoneDigits).HasMaxLength(20);
        builder.Property(l => l.EmailNormalized).HasMaxLength(255);
        builder.Ignore(l => l.Amount);
        builder.HasIndex(l => new { l.AssignedById, l.CreatedAt });
        // Ratings count a period's new and converted leads per employee from these alone.
        builder.HasIndex(l => new { l.CreatedAt, l.AssignedById });
        builder.HasIndex(l => new { l.ConvertedAt, l.AssignedById });
        builder.HasIndex(l => l.PhoneDigits);
        builder.HasIndex(l => l.EmailNormalized);
    }
}

internal sealed class DealConfiguration : IEntityTypeConfiguration<Deal>
{
    public void Configure(EntityTypeBuilder<Deal> builder)
    {
        builder.ConfigureMirror("CrmDeals");
        builder.Property(d => d.Title).HasMaxLength(255);
        builder.Property(d => d.StageId).HasMaxLength(80);
        builder.Property(d => d.CurrencyId).HasMaxLength(10);
        builder.Ignore(d => d.Amount);
        // One employee's won deals of a period or of all time (an incremental recalculation, a badge), from the index
        // alone. Without it the planner, which has no statistics, prefers the period index below and reads every won deal.
        builder.HasIndex(d => new { d.AssignedById, d.Semantics, d.WonAt, d.PipelineId, d.AmountMinor, d.CurrencyId, d.ContactId, d.DeletedAt });
        // Covers the ratings' per-period aggregate of won deals (a month of 1M deals is read from the index alone):
        // DeletedAt too, or every row in the range is looked up in the table to see that it is not a tombstone.
        builder.HasIndex(d => new { d.Semantics, d.WonAt, d.AssignedById, d.PipelineId, d.AmountMinor, d.CurrencyId, d.ContactId, d.DeletedAt });
        // A customer's won deals in order: serves the bonus program's "before this deal" figures whatever the planner knows,
        // and the ratings' "first won deal of the customer" probe (with DeletedAt, from the index alone).
        builder.HasIndex(d => new { d.ContactId, d.Semantics, d.WonAt, d.DeletedAt });
        builder.HasIndex(d => d.PipelineId);
        // The NPS rules: the deals now in a stage of a pipeline that moved there since the rule was enabled.
        builder.HasIndex(d => new { d.PipelineId, d.StageId, d.MovedAt });
        builder.HasIndex(d => d.SyncedAt);
    }
}

internal sealed class ActivityConfiguration : IEntityTypeConfiguration<Activity>
{
    public void Configure(EntityTypeBuilder<Activity> builder)
    {
        builder.ConfigureMirror("CrmActivities");
        builder.Property(a => a.ProviderId).HasMaxLength(80);
        builder.Property(a => a.Subject).HasMaxLength(500);
        // One employee's calls or meetings of a period (an incremental recalculation), from the index alone.
        builder.HasIndex(a => new { a.ResponsibleId, a.Kind, a.EndTime, a.Completed, a.DeletedAt });
        builder.HasIndex(a => new { a.OwnerTypeId, a.OwnerId, a.CreatedAt });
        // Covers the ratings' count of a period's completed calls and meetings per employee. EndTime comes before
        // Completed: EF writes the flag as a bare column ("Completed"), which SQLite cannot use as an equality on the
        // index, so an index led by (Kind, Completed) was searched on Kind alone — every call of all time.
        builder.HasIndex(a => new { a.Kind, a.EndTime, a.Completed, a.ResponsibleId, a.DeletedAt });
    }
}

internal sealed class CrmTaskConfiguration : IEntityTypeConfiguration<CrmTask>
{
    public void Configure(EntityTypeBuilder<CrmTask> builder)
    {
        builder.ConfigureMirror("CrmTasks");
        builder.Property(t => t.Title).HasMaxLength(500);
        builder.Ignore(t => t.IsCompleted);
        builder.HasIndex(t => new { t.ResponsibleId, t.ClosedAt });
        builder.HasIndex(t => new { t.Status, t.ClosedAt, t.ResponsibleId, t.Deadline });
    }
}

internal sealed class CrmFactConfiguration : IEntityTypeConfiguration<CrmFact>
{
    public void Configure(EntityTypeBuilder<CrmFact> builder)
    {
        builder.ToTable("CrmFacts");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Key).HasMaxLength(200).IsRequired();
        builder.HasIndex(f => f.Key).IsUnique();
        builder.Property(f => f.EntityType).HasMaxLength(20);
        builder.Property(f => f.CurrencyId).HasMaxLength(10);
        builder.Ignore(f => f.Amount);
        builder.HasIndex(f => new { f.Kind, f.OccurredAt });
        builder.HasIndex(f => new { f.EntityType, f.EntityId });
    }
}
