using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Bonuses;
using Loyalty.Core.Ledger;
using Loyalty.Core.Portal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Loyalty.Core.Gamification;

/// <summary>An employee's figures changed at <see cref="At"/>: the periods holding that instant are recalculated for them.</summary>
public readonly record struct EmployeeChange(long EmployeeId, DateTime At);

/// <summary>What one pass over the facts did, and whose figures it changed.</summary>
public sealed record PointsPass(int Facts, int Awards, int Reversals, IReadOnlyList<EmployeeChange> Changes);

/// <summary>
/// Reads CRM facts after its cursor, in order, and turns them into points in the employees' ledger accounts: one
/// entry per fact, keyed by the fact's key (a replayed fact posts nothing). A won deal that is un-won (moved back,
/// lost after winning, deleted) has its points reversed; a won deal whose amount changes is re-priced (the
/// difference). It reports every fact's employee and the instant its figures changed, so the ratings recalculate
/// only them.
/// </summary>
public sealed class PointsProcessor(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    LedgerService ledger,
    PointRuleStore store,
    PortalClock clock,
    ILogger<PointsProcessor> logger)
{
    public const string Program = "gamification";
    public const string Actor = "system:gamification";
    private const int FactsPerRead = 1_000;

    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<PointsPass> ProcessAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var current = await store.CurrentAsync(ct);
            var countFromUtc = clock.StartOfDayUtc(PointMath.CountFrom(current.Rules, DateOnly.FromDateTime(clock.Now)));
            var changes = new List<EmployeeChange>();
            var (facts, awards, reversals) = (0, 0, 0);
            while (true)
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                var cursor = await db.ProgramCursors.FindAsync([Program], ct) ?? db.ProgramCursors.Add(new ProgramCursor { Program = Program }).Entity;
                var batch = await db.CrmFacts.AsNoTracking().Where(f => f.Id > cursor.LastFactId).OrderBy(f => f.Id).Take(FactsPerRead).ToListAsync(ct);
                if (batch.Count == 0)
                {
                    await db.SaveChangesAsync(ct);
                    break;
                }

                var activityIds = batch.Where(f => f.Kind == CrmFactKind.ActivityCompleted).Select(f => f.EntityId).ToList();
                var activityKinds = activityIds.Count == 0 ? [] : await db.Activities.AsNoTracking()
                    .Where(a => activityIds.Contains(a.Id)).Select(a => new { a.Id, a.Kind }).ToDictionaryAsync(a => a.Id, a => a.Kind, ct);
                var currencies = await CurrencyConverter.CreateAsync(db, ct);

                var credits = new List<CreditRequest>();
                foreach (var fact in batch)
                {
                    facts++;
                    switch (fact.Kind)
                    {
                        case CrmFactKind.DealUnwon:
                            reversals += await ReverseDealAsync(db, fact, changes, ct);
                            break;
                        case CrmFactKind.DealAmountChanged:
                            reversals += await RepriceDealAsync(db, current, fact, currencies, changes, ct);
                            break;
                        default:
                            if (fact.EmployeeId is { } employee)
                            {
                                changes.Add(new EmployeeChange(employee, fact.OccurredAt));
                                if (Award(current, fact, activityKinds.TryGetValue(fact.EntityId, out var k) ? k : null, currencies, countFromUtc) is { } credit)
                                {
                                    credits.Add(credit);
                                }
                            }

                            break;
                    }
                }

                // Credits first, in one transaction; the cursor moves only after they are posted (a crash replays the batch, which posts nothing twice).
                awards += (await ledger.CreditManyAsync(credits, ct)).Count;
                cursor.LastFactId = batch[^1].Id;
                await db.SaveChangesAsync(ct);
            }

            if (awards + reversals > 0)
            {
                logger.LogInformation("Points pass: {Facts} facts, {Awards} awards, {Reversals} reversals", facts, awards, reversals);
            }

            return new PointsPass(facts, awards, reversals, changes);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static CreditRequest? Award(VersionedPointRules current, CrmFact fact, ActivityKind? activityKind, CurrencyConverter currencies, DateTime countFromUtc)
    {
        if (fact.EmployeeId is not { } employee || fact.OccurredAt < countFromUtc || PointMath.TriggerOf(fact, activityKind) is not { } trigger)
        {
            return null;
        }

        var amount = trigger == PointTrigger.DealWon ? currencies.ToBase(fact.AmountMinor ?? 0, fact.CurrencyId) ?? 0 : 0;
        var points = PointMath.PointsFor(current.Rules, trigger, amount, fact.PipelineId);
        if (points <= 0)
        {
            return null;
        }

        return new CreditRequest(
            new AccountKey(AccountKind.EmployeePoints, employee), EntryKind.Accrual, points,
            new PostingInfo(fact.Key, fact.OccurredAt, Actor, trigger.ToString(), current.Version, fact.EntityType == "deal" ? fact.EntityId : null,
                LedgerReason.Of(LedgerReason.Points, ("Trigger", trigger), ("Type", fact.EntityType), ("Id", fact.EntityId))));
    }

    /// <summary>Reverses what is left of every points credit the deal earned, dated when it was earned so its period loses them.</summary>
    private async Task<int> ReverseDealAsync(LoyaltyDbContext db, CrmFact fact, List<EmployeeChange> changes, CancellationToken ct)
    {
        var wonAt = await db.CrmFacts.AsNoTracking()
            .Where(f => f.EntityType == "deal" && f.EntityId == fact.EntityId && f.Kind == CrmFactKind.DealWon && f.Id < fact.Id)
            .OrderByDescending(f => f.Id).Select(f => (DateTime?)f.OccurredAt).FirstOrDefaultAsync(ct);
        if (fact.EmployeeId is { } employee)
        {
            changes.Add(new EmployeeChange(employee, wonAt ?? fact.OccurredAt));
        }

        var reversed = 0;
        foreach (var (entry, left, owner) in await OpenCreditsAsync(db, fact.EntityId, ct))
        {
            changes.Add(new EmployeeChange(owner, entry.OccurredAt));
            await ledger.ReverseAsync(entry.Id, new PostingInfo($"{fact.Key}:{entry.Id}", entry.OccurredAt, Actor, "DealUnwon", entry.RuleVersion, fact.EntityId, LedgerReason.Of(LedgerReason.PointsDealUnwon, ("Type", "deal"), ("Id", fact.EntityId))), left, ct);
            reversed++;
        }

        return reversed;
    }

    /// <summary>A won deal's new amount: its points are priced again with the current rules, and the difference posted.</summary>
    private async Task<int> RepriceDealAsync(LoyaltyDbContext db, VersionedPointRules current, CrmFact fact, CurrencyConverter currencies, List<EmployeeChange> changes, CancellationToken ct)
    {
        var deal = await db.Deals.AsNoTracking().FirstOrDefaultAsync(d => d.Id == fact.EntityId, ct);
        if (deal is null)
        {
            return 0;
        }

        var wonAt = deal.WonAt ?? fact.OccurredAt;
        if (fact.EmployeeId is { } employee)
        {
            changes.Add(new EmployeeChange(employee, wonAt));
        }

        var open = await OpenCreditsAsync(db, deal.Id, ct);
        if (open.Count == 0)
        {
            // Nothing was awarded for this deal (before the count-from day, or the rule was off): nothing to re-price.
            return 0;
        }

        var (first, _, owner) = open[0];
        var held = open.Sum(o => o.Left);
        var amount = currencies.ToBase(deal.AmountMinor, deal.CurrencyId) ?? 0;
        var due = PointMath.PointsFor(current.Rules, PointTrigger.DealWon, amount, deal.PipelineId);
        var info = new PostingInfo(fact.Key, first.OccurredAt, Actor, "DealAmountChanged", current.Version, deal.Id, LedgerReason.Of(LedgerReason.PointsDealAmountChanged, ("Type", "deal"), ("Id", deal.Id)));
        if (due > held)
        {
            await ledger.CreditAsync(new AccountKey(AccountKind.EmployeePoints, owner), EntryKind.Adjustment, due - held, info, ct: ct);
            return 1;
        }

        if (due < held)
        {
            var take = held - due;
            foreach (var (entry, left, _) in open)
            {
                var part = Math.Min(left, take);
                await ledger.ReverseAsync(entry.Id, info with { SourceKey = $"{fact.Key}:{entry.Id}" }, part, ct);
                take -= part;
                if (take == 0)
                {
                    break;
                }
            }

            return 1;
        }

        return 0;
    }

    /// <summary>The deal's points credits with what is left of each to reverse, oldest first.</summary>
    private static async Task<List<(LedgerEntry Entry, long Left, long Owner)>> OpenCreditsAsync(LoyaltyDbContext db, long dealId, CancellationToken ct)
    {
        var credits = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.DealId == dealId && e.Amount > 0 && e.ReversesEntryId == null)
            .Join(db.LedgerAccounts.Where(a => a.Kind == AccountKind.EmployeePoints), e => e.AccountId, a => a.Id, (e, a) => new { Entry = e, a.OwnerId })
            .OrderBy(x => x.Entry.Id).ToListAsync(ct);
        var ids = credits.Select(c => c.Entry.Id).ToList();
        var reversed = await db.LedgerEntries.AsNoTracking().Where(e => e.ReversesEntryId != null && ids.Contains(e.ReversesEntryId.Value))
            .GroupBy(e => e.ReversesEntryId!.Value).Select(g => new { Id = g.Key, Sum = g.Sum(e => e.Amount) }).ToDictionaryAsync(g => g.Id, g => g.Sum, ct);
        return credits.Select(c => (c.Entry, c.Entry.Amount + reversed.GetValueOrDefault(c.Entry.Id), c.OwnerId)).Where(c => c.Item2 > 0).ToList();
    }
}
