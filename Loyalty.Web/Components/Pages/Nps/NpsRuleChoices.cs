using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Nps;
using Loyalty.Web.Components.Shared;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Components.Pages.Nps;

/// <summary>A deal stage to pick, by name; <see cref="Won"/> marks the pipeline's success stage.</summary>
public sealed record NpsStageChoice(long PipelineId, string Code, string Name, bool Won);

/// <summary>A template to pick for a rule or a survey sent now.</summary>
public sealed record NpsTemplateChoice(long Id, string Name, NpsScale Scale, bool Archived);

/// <summary>What the rule editor and "send now" offer: the mirror's pipelines and their stages by name, the templates.</summary>
public sealed record NpsRuleChoices(IReadOnlyList<CrmChoice> Pipelines, IReadOnlyList<NpsStageChoice> Stages, IReadOnlyList<NpsTemplateChoice> Templates)
{
    public static async Task<NpsRuleChoices> LoadAsync(IDbContextFactory<LoyaltyDbContext> dbFactory, NpsTemplateStore templates, IReadOnlyCollection<long> pipelinesInUse)
    {
        var pipelines = await CrmChoices.PipelinesAsync(dbFactory, pipelinesInUse);
        await using var db = await dbFactory.CreateDbContextAsync();
        var stages = await db.Stages.AsNoTracking().Where(s => s.Entity == StageEntity.Deal && s.PipelineId != null)
            .OrderBy(s => s.PipelineId).ThenBy(s => s.Sort).ThenBy(s => s.Code)
            .Select(s => new NpsStageChoice(s.PipelineId!.Value, s.Code, s.Name, s.Semantics == StageSemantics.Success))
            .ToListAsync();
        var list = await templates.ListAsync(includeArchived: true);
        return new(pipelines, stages, [.. list.Select(t => new NpsTemplateChoice(t.Id, t.Name, t.Scale, t.IsArchived))]);
    }

    public IEnumerable<NpsStageChoice> StagesOf(long pipelineId) => Stages.Where(s => s.PipelineId == pipelineId);

    public string PipelineName(long id) => Pipelines.FirstOrDefault(p => p.Id == id)?.Name ?? $"#{id}";

    public string StageName(long pipelineId, string code) => Stages.FirstOrDefault(s => s.PipelineId == pipelineId && s.Code == code)?.Name ?? code;

    public string TemplateName(long id) => Templates.FirstOrDefault(t => t.Id == id)?.Name ?? $"#{id}";
}
