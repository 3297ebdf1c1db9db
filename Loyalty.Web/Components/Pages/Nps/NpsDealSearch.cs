using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Components.Pages.Nps;

/// <summary>A mirror deal to preview a template with or to survey now: its title, its contact by name, when it was won.</summary>
public sealed record NpsDealChoice(long Id, string Title, string? ContactName, DateTime? WonAt);

/// <summary>Finds mirror deals by title or contact name, the latest won first (the deals a survey is about).</summary>
internal static class NpsDealSearch
{
    public const int Limit = 20;

    public static async Task<IReadOnlyList<NpsDealChoice>> FindAsync(IDbContextFactory<LoyaltyDbContext> dbFactory, string? text, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deals = db.Deals.AsNoTracking().Where(d => d.DeletedAt == null);
        var contacts = db.Contacts.AsNoTracking();
        var query = from d in deals
                    join c in contacts on d.ContactId equals c.Id into found
                    from c in found.DefaultIfEmpty()
                    select new { Deal = d, Contact = c };
        if (text?.Trim() is { Length: > 0 } typed)
        {
            // SQLite's LIKE ignores case for Latin letters only: the typed text and its capitalised form cover «иван» → «Иван».
            var pattern = "%" + Escape(typed) + "%";
            var capital = "%" + Escape(char.ToUpperInvariant(typed[0]) + typed[1..]) + "%";
            query = query.Where(x => EF.Functions.Like(x.Deal.Title, pattern, "\\") || EF.Functions.Like(x.Deal.Title, capital, "\\")
                || (x.Contact != null && (EF.Functions.Like(x.Contact.FirstName + " " + x.Contact.LastName, pattern, "\\")
                    || EF.Functions.Like(x.Contact.FirstName + " " + x.Contact.LastName, capital, "\\")
                    || EF.Functions.Like(x.Contact.LastName, capital, "\\"))));
        }

        var rows = await query
            .OrderByDescending(x => x.Deal.Semantics == StageSemantics.Success)
            .ThenByDescending(x => x.Deal.WonAt ?? x.Deal.MovedAt ?? x.Deal.CreatedAt)
            .ThenByDescending(x => x.Deal.Id)
            .Take(Limit)
            .Select(x => new { x.Deal.Id, x.Deal.Title, First = x.Contact == null ? null : x.Contact.FirstName, Last = x.Contact == null ? null : x.Contact.LastName, x.Deal.WonAt })
            .ToListAsync(ct);
        return [.. rows.Select(r => new NpsDealChoice(r.Id, r.Title, Name(r.First, r.Last), r.WonAt))];
    }

    /// <summary>One deal by ID (a page that opens with a deal already chosen); null when the mirror has none.</summary>
    public static async Task<NpsDealChoice?> OneAsync(IDbContextFactory<LoyaltyDbContext> dbFactory, long dealId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await (from d in db.Deals.AsNoTracking()
                         where d.Id == dealId
                         join c in db.Contacts.AsNoTracking() on d.ContactId equals c.Id into found
                         from c in found.DefaultIfEmpty()
                         select new { d.Id, d.Title, First = c == null ? null : c.FirstName, Last = c == null ? null : c.LastName, d.WonAt }).FirstOrDefaultAsync(ct);
        return row is null ? null : new NpsDealChoice(row.Id, row.Title, Name(row.First, row.Last), row.WonAt);
    }

    private static string? Name(string? first, string? last) =>
        string.Join(' ', new[] { first, last }.Where(s => !string.IsNullOrWhiteSpace(s))) is { Length: > 0 } name ? name : null;

    private static string Escape(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
