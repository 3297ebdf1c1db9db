using Loyalty.Core.Bonuses;
using Loyalty.Core.Crm;
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
    public async Task<IReadOnlyList<NpsRule>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.NpsRules.AsNoTracking().OrderBy(r => r.Id).ToListAsync(ct);
    }

    public async Task<NpsRule?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.NpsRules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
    }

    public async Task<NpsRuleResult> CreateAsync(NpsRuleInput input, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var errors = await ValidateAsync(db, input, null, ct);
        if (errors.Count > 0)
        {
            return new(null, errors);
        }

        var now = Now;
        var rule = new NpsRule { CreatedAt = now, CreatedBy = actor, EnabledSince = now };
        Apply(rule, input, now);
        db.NpsRules.Add(rule);
        await db.SaveChangesAsync(ct);
        return new(rule, []);
    }

    /// <summary>Saves a rule; enabling it (or moving it to another stage) starts <see cref="NpsRule.EnabledSince"/> anew.</summary>
    public async Task<NpsRuleResult> SaveAsync(long id, NpsRuleInput input, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rule = await db.NpsRules.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (rule is null)
        {
            return new(null, [new SettingsError("Rule", "NpsErr_RuleNotFound")]);
        }

        var errors = await ValidateAsync(db, input, rule, ct);
        if (errors.Count > 0)
        {
            return new(null, errors);
        }

        Apply(rule, input, Now);
        rule.UpdatedAt = Now;
        rule.UpdatedBy = actor;
        await db.SaveChangesAsync(ct);
        return new(rule, []);
    }

    /// <summary>Switches a rule on or off; switching on starts <see cref="NpsRule.EnabledSince"/> now. False when there is no such rule, or its template is gone or archived.</summary>
    public async Task<bool> SetEnabledAsync(long id, bool enabled, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rule = await db.NpsRules.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (rule is null)
        {
            return false;
        }

        if (enabled && !await db.NpsTemplates.AnyAsync(t => t.Id == rule.TemplateId && !t.IsArchived && t.DeletedAt == null, ct))
        {
            return false;
        }

        if (enabled && !rule.Enabled)
        {
            rule.EnabledSince = Now;
        }

        rule.Enabled = enabled;
        rule.UpdatedAt = Now;
        rule.UpdatedBy = actor;
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Deletes a rule; its surveys stay (their <see cref="NpsSurvey.RuleId"/> keeps "once per deal").</summary>
    public async Task<bool> DeleteAsync(long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.NpsRules.Where(r => r.Id == id).ExecuteDeleteAsync(ct) > 0;
    }

    /// <summary>The errors of a rule: name, pipeline and stage in the mirror, a usable template, the delay, a channel.</summary>
    public static async Task<IReadOnlyList<SettingsError>> ValidateAsync(LoyaltyDbContext db, NpsRuleInput input, NpsRule? existing, CancellationToken ct = default)
    {
        var errors = new List<SettingsError>();
        if (string.IsNullOrWhiteSpace(input.Name))
        {
            errors.Add(new(nameof(input.Name), "NpsErr_Required"));
        }

        TextLimits.Check(errors, nameof(input.Name), input.Name, TextLimits.Name);
        var stage = (input.StageId ?? "").Trim();
        var pipelineKnown = input.PipelineId == 0 || await db.Pipelines.AnyAsync(p => p.Id == input.PipelineId && p.DeletedAt == null, ct);
        if (!pipelineKnown)
        {
            errors.Add(new(nameof(input.PipelineId), "NpsErr_Pipeline"));
        }
        else if (stage.Length == 0 || !await db.Stages.AnyAsync(s => s.Entity == StageEntity.Deal && s.PipelineId == input.PipelineId && s.Code == stage, ct))
        {
            errors.Add(new(nameof(input.StageId), "NpsErr_Stage"));
        }

        var template = await db.NpsTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.Id == input.TemplateId, ct);
        if (template is null || template.DeletedAt is not null || template.IsArchived && existing?.TemplateId != input.TemplateId)
        {
            errors.Add(new(nameof(input.TemplateId), "NpsErr_RuleTemplate"));
        }
        else if (template.IsArchived && input.Enabled)
        {
            errors.Add(new(nameof(input.TemplateId), "NpsErr_RuleTemplate"));
        }

        if (input.DelayMinutes is < 0 or > NpsLimits.MaxDelayMinutes)
        {
            errors.Add(new(nameof(input.DelayMinutes), "NpsErr_Range", 0, NpsLimits.MaxDelayMinutes));
        }

        if (!input.ByEmail && !input.BySms)
        {
            errors.Add(new(nameof(input.ByEmail), "NpsErr_NoChannel"));
        }

        return errors;
    }

    private static void Apply(NpsRule rule, NpsRuleInput input, DateTime now)
    {
        var stage = input.StageId.Trim();
        var moved = rule.Id != 0 && (rule.PipelineId != input.PipelineId || rule.StageId != stage);
        if (input.Enabled && (!rule.Enabled || moved))
        {
            rule.EnabledSince = now;
        }

        rule.Name = input.Name.Trim();
        rule.Enabled = input.Enabled;
        rule.PipelineId = input.PipelineId;
        rule.StageId = stage;
        rule.TemplateId = input.TemplateId;
        rule.DelayMinutes = input.DelayMinutes;
        rule.ByEmail = input.ByEmail;
        rule.BySms = input.BySms;
    }

    /// <summary>Now to the whole second: Bitrix24 keeps a deal's move time to the second, so a deal moved in the second the rule was enabled counts.</summary>
    private DateTime Now
    {
        get
        {
            var now = time.GetUtcNow().UtcDateTime;
            return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        }
    }
}
