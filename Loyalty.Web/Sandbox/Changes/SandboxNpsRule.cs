using Loyalty.Core.Data;
using Loyalty.Core.Nps;
using Loyalty.Core.Sync;
using Loyalty.Web.Sandbox.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Sandbox.Changes;

/// <summary>
/// Live mode's NPS start (sandbox only): on a fresh start — no rule and no survey yet — an enabled rule sends the
/// default template 2 minutes after a deal of the default pipeline reaches «Сделка успешна», by e-mail, so the live
/// company's wins are surveyed, its customers answer (<see cref="LiveNps"/>) and the dashboard fills up. Once there
/// is a survey the rule is never added again: an administrator who deletes it keeps it deleted. Only with the sync on
/// (as shipped), since without it nothing would ever be surveyed.
/// </summary>
internal sealed class SandboxNpsRule(
    IDbContextFactory<LoyaltyDbContext> dbFactory, NpsTemplateStore templates, IOptions<SyncOptions> sync, TimeProvider time, ILogger<SandboxNpsRule> logger)
    : BackgroundService
{
    public const string Name = "Опрос после успешной сделки";

    public const int DelayMinutes = 2;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!sync.Value.Enabled)
        {
            // Without the sync nothing reaches the mirror and nothing is surveyed (tests switch it off): no rule either.
            return;
        }

        try
        {
            await SeedAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "The sandbox's NPS rule was not added");
        }
    }

    /// <summary>Adds the rule when there is none and nothing was surveyed; true when it did.</summary>
    public async Task<bool> SeedAsync(CancellationToken ct)
    {
        await templates.EnsureDefaultAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.NpsRules.AnyAsync(ct) || await db.NpsSurveys.AnyAsync(ct))
        {
            return false;
        }

        var template = await db.NpsTemplates.AsNoTracking()
            .Where(t => t.DeletedAt == null && !t.IsArchived && t.CurrentRevisionId != null)
            .OrderBy(t => t.Id).Select(t => (long?)t.Id).FirstOrDefaultAsync(ct);
        if (template is not { } templateId)
        {
            return false;
        }

        var pipeline = Reference.Pipelines[0];
        var now = time.GetUtcNow().UtcDateTime;
        db.NpsRules.Add(new NpsRule
        {
            Name = Name, Enabled = true, PipelineId = pipeline.Id, StageId = pipeline.Won.StatusId, TemplateId = templateId,
            DelayMinutes = DelayMinutes, ByEmail = true, BySms = false, EnabledSince = now, CreatedAt = now, CreatedBy = "sandbox",
        });
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Sandbox live mode added the NPS rule «{Rule}» on the default pipeline's won stage", Name);
        return true;
    }
}
