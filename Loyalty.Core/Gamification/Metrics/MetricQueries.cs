using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Ledger;
using Loyalty.Core.Nps;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Gamification;

/// <summary>What to aggregate: a period, the metrics wanted, the pipelines deals count in (empty: all), and optionally only some employees.</summary>
public sealed record MetricRequest(DateTime StartUtc, DateTime EndUtc, IReadOnlySet<Metric> Metrics, IReadOnlyCollection<long> PipelineIds, IReadOnlyCollection<long>? EmployeeIds = null);

/// <summary>
/// Per-employee metric totals for a period, aggregated in the database (GROUP BY on covering indexes), never by
/// loading rows: a month of a million deals is some 80,000 index entries. Deal sums are converted to the base
/// currency per (employee, currency) group; deals in a currency without a rate are left out.
/// </summary>
public static class MetricQueries
{
    public static async Task<Dictionary<long, Dictionary<Metric, MetricTotal>>> PerEmployeeAsync(LoyaltyDbContext db, MetricRequest request, CancellationToken ct)
    {
        var result = new Dictionary<long, Dictionary<Metric, MetricTotal>>();
        void Add(long? employee, Metric metric, MetricTotal total)
        {
            if (employee is not { } id || !request.Metrics.Contains(metric))
            {
                return;
            }

            if (!result.TryGetValue(id, out var totals))
            {
                result[id] = totals = [];
            }

            totals[metric] = totals.TryGetValue(metric, out var had) ? had + total : total;
        }

        var (start, end, metrics, employees) = (request.StartUtc, request.EndUtc, request.Metrics, request.EmployeeIds);
        var pipelines = request.PipelineIds.ToList();

        if (metrics.Any(m => m is Metric.DealSum or Metric.WonDeals or Metric.AverageDeal))
        {
            var deals = WonDeals(db, start, end, pipelines, employees);
            var groups = await deals.GroupBy(d => new { d.AssignedById, d.CurrencyId })
                .Select(g => new { g.Key.AssignedById, g.Key.CurrencyId, Sum = g.Sum(d => d.AmountMinor), Count = g.Count() })
                .ToListAsync(ct);
            var convert = await CurrencyConverter.CreateAsync(db, ct);
            foreach (var g in groups)
            {
                if (convert.ToBase(g.Sum, g.CurrencyId) is { } sum)
                {
                    Add(g.AssignedById, Metric.DealSum, new MetricTotal(sum, g.Count));
                    Add(g.AssignedById, Metric.AverageDeal, new MetricTotal(sum, g.Count));
                }

                Add(g.AssignedById, Metric.WonDeals, new MetricTotal(g.Count, 0));
            }
        }

        if (metrics.Contains(Metric.NewClients))
        {
            var firsts = await WonDeals(db, start, end, pipelines, employees)
                .Where(d => d.ContactId != null && !db.Deals.Any(p => p.ContactId == d.ContactId && p.Semantics == StageSemantics.Success && p.DeletedAt == null
                    && (p.WonAt < d.WonAt || (p.WonAt == d.WonAt && p.Id < d.Id))))
                .GroupBy(d => d.AssignedById).Select(g => new { Employee = g.Key, Count = g.Count() }).ToListAsync(ct);
            foreach (var g in firsts)
            {
                Add(g.Employee, Metric.NewClients, new MetricTotal(g.Count, 0));
            }
        }

        foreach (var (metric, kind) in new[] { (Metric.Calls, ActivityKind.Call), (Metric.Meetings, ActivityKind.Meeting) })
        {
            if (!metrics.Contains(metric))
            {
                continue;
            }

            var activities = db.Activities.Where(a => a.Kind == kind && a.Completed && a.EndTime >= start && a.EndTime < end && a.DeletedAt == null);
            if (employees is not null)
            {
                activities = activities.Where(a => a.ResponsibleId != null && employees.Contains(a.ResponsibleId.Value));
            }

            foreach (var g in await activities.GroupBy(a => a.ResponsibleId).Select(g => new { Employee = g.Key, Count = g.Count() }).ToListAsync(ct))
            {
                Add(g.Employee, metric, new MetricTotal(g.Count, 0));
            }
        }

        if (metrics.Contains(Metric.LeadsCreated))
        {
            var leads = db.Leads.Where(l => l.CreatedAt >= start && l.CreatedAt < end && l.DeletedAt == null);
            if (employees is not null)
            {
                leads = leads.Where(l => l.AssignedById != null && employees.Contains(l.AssignedById.Value));
            }

            foreach (var g in await leads.GroupBy(l => l.AssignedById).Select(g => new { Employee = g.Key, Count = g.Count() }).ToListAsync(ct))
            {
                Add(g.Employee, Metric.LeadsCreated, new MetricTotal(g.Count, 0));
            }
        }

        if (metrics.Contains(Metric.LeadsConverted))
        {
            var leads = db.Leads.Where(l => l.ConvertedAt >= start && l.ConvertedAt < end && l.DeletedAt == null);
            if (employees is not null)
            {
                leads = leads.Where(l => l.AssignedById != null && employees.Contains(l.AssignedById.Value));
            }

            foreach (var g in await leads.GroupBy(l => l.AssignedById).Select(g => new { Employee = g.Key, Count = g.Count() }).ToListAsync(ct))
            {
                Add(g.Employee, Metric.LeadsConverted, new MetricTotal(g.Count, 0));
            }
        }

        if (metrics.Contains(Metric.TasksOnTime))
        {
            var tasks = db.CrmTasks.Where(t => t.Status == 5 && t.ClosedAt >= start && t.ClosedAt < end && (t.Deadline == null || t.ClosedAt <= t.Deadline) && t.DeletedAt == null);
            if (employees is not null)
            {
                tasks = tasks.Where(t => t.ResponsibleId != null && employees.Contains(t.ResponsibleId.Value));
            }

            foreach (var g in await tasks.GroupBy(t => t.ResponsibleId).Select(g => new { Employee = g.Key, Count = g.Count() }).ToListAsync(ct))
            {
                Add(g.Employee, Metric.TasksOnTime, new MetricTotal(g.Count, 0));
            }
        }

        if (metrics.Contains(Metric.Points))
        {
            var accounts = db.LedgerAccounts.Where(a => a.Kind == AccountKind.EmployeePoints);
            if (employees is not null)
            {
                accounts = accounts.Where(a => employees.Contains(a.OwnerId));
            }

            var points = await accounts
                .Join(db.LedgerEntries.Where(e => e.OccurredAt >= start && e.OccurredAt < end), a => a.Id, e => e.AccountId, (a, e) => new { a.OwnerId, e.Amount })
                .GroupBy(x => x.OwnerId).Select(g => new { Employee = g.Key, Sum = g.Sum(x => x.Amount) }).ToListAsync(ct);
            foreach (var g in points)
            {
                Add(g.Employee, Metric.Points, new MetricTotal(g.Sum, 0));
            }
        }

        if (metrics.Contains(Metric.LeadResponseMinutes))
        {
            var leads = db.Leads.Where(l => l.CreatedAt >= start && l.CreatedAt < end && l.DeletedAt == null && l.AssignedById != null);
            if (employees is not null)
            {
                leads = leads.Where(l => employees.Contains(l.AssignedById!.Value));
            }

            // The first activity on each lead (owner type 1 = lead); leads nobody answered yet are left out of the average.
            var answered = await leads
                .Select(l => new
                {
                    l.AssignedById,
                    l.CreatedAt,
                    First = db.Activities.Where(a => a.OwnerTypeId == 1 && a.OwnerId == l.Id && a.DeletedAt == null).Min(a => (DateTime?)a.CreatedAt),
                })
                .Where(x => x.First != null)
                .ToListAsync(ct);
            foreach (var x in answered)
            {
                var minutes = (long)Math.Max(0, Math.Round((x.First!.Value - x.CreatedAt!.Value).TotalMinutes));
                Add(x.AssignedById, Metric.LeadResponseMinutes, new MetricTotal(minutes, 1));
            }
        }

        if (metrics.Contains(Metric.NpsScore))
        {
            var surveys = db.NpsSurveys.Where(s => s.Scale == NpsScale.ZeroToTen && s.Score != null && s.AnsweredAt >= start && s.AnsweredAt < end && s.ManagerId != null);
            if (pipelines.Count > 0)
            {
                surveys = surveys.Where(s => pipelines.Contains(s.PipelineId));
            }

            if (employees is not null)
            {
                surveys = surveys.Where(s => employees.Contains(s.ManagerId!.Value));
            }

            var scores = await surveys.GroupBy(s => s.ManagerId)
                .Select(g => new { Employee = g.Key, Sum = g.Sum(s => (long)s.Score!.Value), Count = g.Count() }).ToListAsync(ct);
            foreach (var g in scores)
            {
                Add(g.Employee, Metric.NpsScore, new MetricTotal(g.Sum, g.Count));
            }
        }

        return result;
    }

    private static IQueryable<Deal> WonDeals(LoyaltyDbContext db, DateTime start, DateTime end, List<long> pipelines, IReadOnlyCollection<long>? employees)
    {
        var deals = db.Deals.Where(d => d.Semantics == StageSemantics.Success && d.WonAt >= start && d.WonAt < end && d.DeletedAt == null);
        if (pipelines.Count > 0)
        {
            deals = deals.Where(d => pipelines.Contains(d.PipelineId));
        }

        if (employees is not null)
        {
            deals = deals.Where(d => d.AssignedById != null && employees.Contains(d.AssignedById.Value));
        }

        return deals;
    }
}
