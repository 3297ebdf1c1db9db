#pragma warning disable CS9113 // the first commit: signatures only, bodies follow
using Loyalty.Core.Bonuses;
using Loyalty.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Nps;

/// <summary>What an administrator sets on a rule.</summary>
public sealed record NpsRuleInput(string Name, bool Enabled, long PipelineId, string StageId, long TemplateId, int DelayMinutes, bool ByEmail, bool BySms);

/// <summary>A rule save: the rule as saved, or the errors.</summary>
public sealed record NpsRuleResult(NpsRule? Rule, IReadOnlyList<SettingsError> Errors)
{
    public bool Succeeded => Rule is not null && Errors.Count == 0;
}

/// <summary>
/// The sending rules: the pipeline and stage must exist in the mirror, the template be neither archived nor deleted,
/// the delay 0..43 200 minutes (30 days), at least one channel. Enabling a rule sets <see cref="NpsRule.EnabledSince"/>:
/// deals that entered the stage before are never surveyed by it.
/// </summary>
public sealed class NpsRuleStore(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider time)
{
    public Task<IReadOnlyList<NpsRule>> ListAsync(CancellationToken ct = default) => throw new NotImplementedException();

    public Task<NpsRule?> GetAsync(long id, CancellationToken ct = default) => throw new NotImplementedException();

    public Task<NpsRuleResult> CreateAsync(NpsRuleInput input, string actor, CancellationToken ct = default) => throw new NotImplementedException();

    public Task<NpsRuleResult> SaveAsync(long id, NpsRuleInput input, string actor, CancellationToken ct = default) => throw new NotImplementedException();

    public Task<bool> SetEnabledAsync(long id, bool enabled, string actor, CancellationToken ct = default) => throw new NotImplementedException();

    public Task<bool> DeleteAsync(long id, CancellationToken ct = default) => throw new NotImplementedException();
}
