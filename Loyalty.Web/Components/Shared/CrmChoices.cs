using Loyalty.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Components.Shared;

/// <summary>A pipeline or department to pick; <see cref="Deleted"/> when Bitrix24 no longer has it. <see cref="Depth"/> indents sub-departments.</summary>
public sealed record CrmChoice(long Id, string Name, bool Deleted, int Depth = 0);

/// <summary>The mirror's pipelines and departments for the gamification editors, plus any gone ones a rule still names, so a selection never hides a choice.</summary>
internal static class CrmChoices
{
    public static async Task<IReadOnlyList<CrmChoice>> PipelinesAsync(IDbContextFactory<LoyaltyDbContext> dbFactory, IReadOnlyCollection<long> selected)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var ids = selected.ToList();
        var rows = await db.Pipelines.AsNoTracking()
            .Where(p => p.DeletedAt == null || ids.Contains(p.Id))
            .OrderBy(p => p.Sort).ThenBy(p => p.Id)
            .Select(p => new CrmChoice(p.Id, p.Name, p.DeletedAt != null, 0))
            .ToListAsync();
        return WithUnknown(rows, ids);
    }

    /// <summary>Departments as a tree: each after its parent, its depth for the indent.</summary>
    public static async Task<IReadOnlyList<CrmChoice>> DepartmentsAsync(IDbContextFactory<LoyaltyDbContext> dbFactory, IReadOnlyCollection<long> selected)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var ids = selected.ToList();
        var rows = await db.Departments.AsNoTracking()
            .Where(d => d.DeletedAt == null || ids.Contains(d.Id))
            .Select(d => new { d.Id, d.Name, d.ParentId, d.Sort, Deleted = d.DeletedAt != null })
            .ToListAsync();
        var children = rows.ToLookup(d => rows.Any(p => p.Id == d.ParentId) ? d.ParentId : null);
        var tree = new List<CrmChoice>();
        var seen = new HashSet<long>();
        void Walk(long? parent, int depth)
        {
            foreach (var d in children[parent].OrderBy(d => d.Sort).ThenBy(d => d.Name, StringComparer.CurrentCulture).ThenBy(d => d.Id))
            {
                if (seen.Add(d.Id))
                {
                    tree.Add(new CrmChoice(d.Id, d.Name, d.Deleted, depth));
                    Walk(d.Id, depth + 1);
                }
            }
        }

        Walk(null, 0);
        // Departments in a loop of parents (a portal mid-reorganisation) have no root to hang from: listed last, flat.
        tree.AddRange(rows.Where(d => !seen.Contains(d.Id)).Select(d => new CrmChoice(d.Id, d.Name, d.Deleted)));
        return WithUnknown(tree, ids);
    }

    /// <summary>A choice the rule names but the mirror never saw (another portal, a wiped database) still shows, by its ID.</summary>
    private static List<CrmChoice> WithUnknown(List<CrmChoice> rows, List<long> selected)
    {
        rows.AddRange(selected.Where(id => rows.All(r => r.Id != id)).Select(id => new CrmChoice(id, $"#{id}", Deleted: true)));
        return rows;
    }
}
