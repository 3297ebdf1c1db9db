using Loyalty.Core.Data;
using Loyalty.Core.Portal;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Crm;

public sealed record ManagerResult(long EmployeeId, string Name, int WonDeals, Money WonAmount);

public sealed record RecentDeal(long Id, string Title, string? Manager, Money Amount, string? CurrencyId, DateTime WonAt);

public sealed record CrmSnapshot(
    int Employees, int Deals, int WonThisMonth, Money WonAmountThisMonth, int LeadsThisMonth, int CallsThisMonth,
    IReadOnlyList<ManagerResult> TopManagers, IReadOnlyList<RecentDeal> RecentWins);

/// <summary>The dashboard's CRM figures for the current month (cut in the portal's time zone), aggregated in the database.</summary>
public sealed class CrmOverview(IDbContextFactory<LoyaltyDbContext> dbFactory, PortalClock clock)
{
    public async Task<CrmSnapshot> SnapshotAsync(CancellationToken ct = default)
    {
        var from = clock.MonthStartUtc();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var baseCurrency = await CurrencyConverter.BaseCurrencyAsync(db, ct);
        var won = db.Deals.Where(d => d.DeletedAt == null && d.Semantics == StageSemantics.Success && d.WonAt >= from);
        // Amounts in other currencies are not converted here: the figure is labelled as the base currency's.
        var wonInBase = won.Where(d => d.CurrencyId == null || d.CurrencyId == baseCurrency);

        var top = await wonInBase.Where(d => d.AssignedById != null)
            .GroupBy(d => d.AssignedById!.Value)
            .Select(g => new { EmployeeId = g.Key, Count = g.Count(), Sum = g.Sum(d => d.AmountMinor) })
            .OrderByDescending(g => g.Sum).ThenBy(g => g.EmployeeId).Take(5).ToListAsync(ct);
        var topIds = top.Select(t => t.EmployeeId).ToList();
        var names = await db.Employees.Where(e => topIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => (e.FirstName + " " + e.LastName).Trim(), ct);

        var recent = await won.OrderByDescending(d => d.WonAt).ThenByDescending(d => d.Id).Take(8)
            .Select(d => new
            {
                d.Id, d.Title, d.AmountMinor, d.CurrencyId, d.WonAt,
                Manager = db.Employees.Where(e => e.Id == d.AssignedById).Select(e => e.FirstName + " " + e.LastName).FirstOrDefault(),
            })
            .ToListAsync(ct);

        return new CrmSnapshot(
            await db.Employees.CountAsync(e => e.DeletedAt == null && e.Active, ct),
            await db.Deals.CountAsync(d => d.DeletedAt == null, ct),
            await won.CountAsync(ct),
            new Money(await wonInBase.SumAsync(d => (long?)d.AmountMinor, ct) ?? 0),
            await db.Leads.CountAsync(l => l.DeletedAt == null && l.CreatedAt >= from, ct),
            await db.Activities.CountAsync(a => a.DeletedAt == null && a.Kind == ActivityKind.Call && a.Completed && a.EndTime >= from, ct),
            top.Select(t => new ManagerResult(t.EmployeeId, names.GetValueOrDefault(t.EmployeeId) ?? $"#{t.EmployeeId}", t.Count, new Money(t.Sum))).ToList(),
            recent.Select(r => new RecentDeal(r.Id, r.Title, r.Manager?.Trim(), new Money(r.AmountMinor), r.CurrencyId, r.WonAt!.Value)).ToList());
    }
}
