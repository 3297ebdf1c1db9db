#pragma warning disable CS9113 // the first commit: signatures only, bodies follow
using Loyalty.Core.Bonuses;
using Loyalty.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Nps;

/// <summary>A template save: the template as saved, or the errors (nothing saved then).</summary>
public sealed record NpsTemplateResult(NpsTemplate? Template, IReadOnlyList<SettingsError> Errors)
{
    public bool Succeeded => Template is not null && Errors.Count == 0;
}

/// <summary>What a delete did.</summary>
public enum NpsDeleteOutcome
{
    /// <summary>No survey used it: the template and its revisions are gone.</summary>
    Removed,

    /// <summary>Surveys use it: hidden (<see cref="NpsTemplate.DeletedAt"/>), their links keep working.</summary>
    Hidden,

    NotFound,

    /// <summary>A rule sends it; the rule must be changed first.</summary>
    UsedByRule,
}

/// <summary>
/// The survey templates: any number, archived, restored, deleted (hard when unused, soft when surveys use it). Every
/// save writes a new <see cref="NpsTemplateRevision"/>. The default Russian template is seeded once on a fresh start.
/// </summary>
public sealed class NpsTemplateStore(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider time)
{
    /// <summary>The templates not deleted, archived ones too when <paramref name="includeArchived"/>, by name.</summary>
    public Task<IReadOnlyList<NpsTemplate>> ListAsync(bool includeArchived = true, CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>A template (a deleted one too: its <see cref="NpsTemplate.DeletedAt"/> says so); null when there is none.</summary>
    public Task<NpsTemplate?> GetAsync(long id, CancellationToken ct = default) => throw new NotImplementedException();

    public Task<NpsTemplateRevision?> RevisionAsync(long revisionId, CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>A new template with the default texts (or <paramref name="content"/>), and its first revision.</summary>
    public Task<NpsTemplateResult> CreateAsync(string name, NpsScale scale, string actor, NpsTemplateContent? content = null, CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>Validates and saves the template (a new revision); refuses a deleted one.</summary>
    public Task<NpsTemplateResult> SaveAsync(long id, string name, NpsScale scale, NpsTemplateContent content, string actor, CancellationToken ct = default) => throw new NotImplementedException();

    public Task<bool> ArchiveAsync(long id, string actor, CancellationToken ct = default) => throw new NotImplementedException();

    public Task<bool> RestoreAsync(long id, string actor, CancellationToken ct = default) => throw new NotImplementedException();

    public Task<NpsDeleteOutcome> DeleteAsync(long id, string actor, CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>Seeds <see cref="NpsDefaults.Template"/> once: on a fresh start with no template; never again after that.</summary>
    public Task<bool> EnsureDefaultAsync(CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>The errors of a template's texts: Liquid (part and line), colours, lengths.</summary>
    public static IReadOnlyList<SettingsError> Validate(string name, NpsScale scale, NpsTemplateContent content) => throw new NotImplementedException();
}
