using Loyalty.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Crm;

/// <summary>
/// What people call CRM records, read from the mirror for a page of history at a time: a deal's, lead's or task's
/// title, an activity's subject, a contact's name. A record the mirror does not hold (or holds without a name) is absent.
/// </summary>
public static class CrmTitles
{
    public static async Task<Dictionary<(string Type, long Id), string>> OfAsync(LoyaltyDbContext db, IEnumerable<(string Type, long Id)> records, CancellationToken ct)
    {
        var titles = new Dictionary<(string, long), string>();
        foreach (var group in records.Distinct().GroupBy(r => r.Type))
        {
            var ids = group.Select(r => r.Id).ToList();
            var found = group.Key switch
            {
                "deal" => await db.Deals.AsNoTracking().Where(d => ids.Contains(d.Id)).Select(d => new { d.Id, Name = d.Title }).ToListAsync(ct),
                "lead" => await db.Leads.AsNoTracking().Where(l => ids.Contains(l.Id)).Select(l => new { l.Id, Name = l.Title }).ToListAsync(ct),
                "task" => await db.CrmTasks.AsNoTracking().Where(t => ids.Contains(t.Id)).Select(t => new { t.Id, Name = t.Title }).ToListAsync(ct),
                "activity" => await db.Activities.AsNoTracking().Where(a => ids.Contains(a.Id)).Select(a => new { a.Id, Name = a.Subject ?? "" }).ToListAsync(ct),
                "contact" => await db.Contacts.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, Name = (c.FirstName + " " + c.LastName).Trim() }).ToListAsync(ct),
                _ => [],
            };
            foreach (var record in found.Where(r => !string.IsNullOrWhiteSpace(r.Name)))
            {
                titles[(group.Key, record.Id)] = record.Name;
            }
        }

        return titles;
    }
}
