using Loyalty.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Crm;

/// <summary>
/// Names for what histories keep as keys: CRM records (a deal's title, an activity's subject, a task's title, a
/// person's name) from the mirror, and portal users (an e-mail saved as the actor) from the accounts. One query
/// per kind asked for, whatever the number of keys.
/// </summary>
public sealed class CrmNames(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    /// <summary>The records found, keyed by (kind, id); a record missing from the mirror (or deleted) is left out.</summary>
    public async Task<IReadOnlyDictionary<(CrmKind Kind, long Id), CrmRef>> OfAsync(IEnumerable<(CrmKind Kind, long Id)> keys, CancellationToken ct = default)
    {
        var byKind = keys.Distinct().GroupBy(k => k.Kind).ToDictionary(g => g.Key, g => g.Select(k => k.Id).ToList());
        var found = new Dictionary<(CrmKind, long), CrmRef>();
        if (byKind.Count == 0)
        {
            return found;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        foreach (var (kind, ids) in byKind)
        {
            IEnumerable<CrmRef> refs = kind switch
            {
                CrmKind.Deal => (await db.Deals.AsNoTracking().Where(d => ids.Contains(d.Id)).Select(d => new { d.Id, d.Title }).ToListAsync(ct))
                    .Select(d => new CrmRef(kind, d.Id, d.Title)),
                CrmKind.Lead => (await db.Leads.AsNoTracking().Where(l => ids.Contains(l.Id)).Select(l => new { l.Id, l.Title }).ToListAsync(ct))
                    .Select(l => new CrmRef(kind, l.Id, l.Title)),
                CrmKind.Contact => (await db.Contacts.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.FirstName, c.LastName }).ToListAsync(ct))
                    .Select(c => new CrmRef(kind, c.Id, JoinName(c.FirstName, c.LastName))),
                CrmKind.Employee => (await db.Employees.AsNoTracking().Where(e => ids.Contains(e.Id)).Select(e => new { e.Id, e.FirstName, e.LastName }).ToListAsync(ct))
                    .Select(e => new CrmRef(kind, e.Id, JoinName(e.FirstName, e.LastName))),
                CrmKind.Task => (await db.CrmTasks.AsNoTracking().Where(t => ids.Contains(t.Id)).Select(t => new { t.Id, t.Title, t.ResponsibleId }).ToListAsync(ct))
                    .Select(t => new CrmRef(kind, t.Id, t.Title, CrmKind.Employee, t.ResponsibleId)),
                CrmKind.Activity => (await db.Activities.AsNoTracking().Where(a => ids.Contains(a.Id)).Select(a => new { a.Id, a.Subject, a.OwnerTypeId, a.OwnerId }).ToListAsync(ct))
                    .Select(a => new CrmRef(kind, a.Id, a.Subject ?? "", CrmLinks.OwnerKind(a.OwnerTypeId), a.OwnerId)),
                _ => [],
            };
            foreach (var item in refs)
            {
                found[(item.Kind, item.Id)] = item;
            }
        }

        return found;
    }

    /// <summary>Display names of portal users by e-mail (case-insensitive); an e-mail of no account is left out.</summary>
    public async Task<IReadOnlyDictionary<string, string>> PeopleAsync(IEnumerable<string> emails, CancellationToken ct = default)
    {
        var normalized = emails.Where(e => e.Contains('@', StringComparison.Ordinal)).Select(e => e.Trim().ToUpperInvariant()).Distinct().ToList();
        if (normalized.Count == 0)
        {
            return new Dictionary<string, string>();
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var users = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail != null && normalized.Contains(u.NormalizedEmail))
            .Select(u => new { u.NormalizedEmail, u.DisplayName }).ToListAsync(ct);
        return users.Where(u => u.DisplayName.Length > 0)
            .ToDictionary(u => u.NormalizedEmail!, u => u.DisplayName, StringComparer.OrdinalIgnoreCase);
    }

    private static string JoinName(string first, string last) => string.Join(' ', new[] { first, last }.Where(s => s.Length > 0));
}
