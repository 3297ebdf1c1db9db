using System.Globalization;
using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Ledger;
using Loyalty.Core.Portal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Loyalty.Core.Bonuses;

/// <summary>Why a recalculation was not started or applied; the page turns it into a sentence.</summary>
public enum RecalculationRefusal
{
    None,

    /// <summary>The program is off: nothing is accrued while it is off, recalculations included.</summary>
    ProgramOff,

    /// <summary>Another recalculation is being previewed or applied.</summary>
    Busy,

    NotFound,

    /// <summary>Its preview did not finish.</summary>
    NotPreviewed,

    AlreadyApplied,

    /// <summary>The rules changed after the preview: preview again.</summary>
    Stale,
}

/// <summary>The recalculation started (or accepted for applying), or why not.</summary>
public sealed record RecalculationStart(BonusRecalculation? Recalculation, RecalculationRefusal Refusal);

/// <summary>Where the running recalculation is, for the live progress bar.</summary>
public sealed record RecalculationProgress(long Id, RecalculationStatus Status, int Done, int Total);

/// <summary>A preview line as the page shows it: with the customer's name.</summary>
public sealed record RecalculationLineView(long ContactId, string Name, long BalanceNow, long BalanceAfter, long Difference, int DealsChanged);

/// <summary>
/// Recalculates customer bonuses under the current rules, for all customers, from a date or from the program's start
/// (seed 001, items 4–5). History is never rewritten: each deal's difference becomes a correcting entry.
/// <list type="bullet">
/// <item>Every deal won on or after the date that counts now (won, not deleted, covered pipeline, won on or after the
/// program's start, with a contact, in a currency with a rate) should carry
/// <see cref="BonusMath.Accrual"/> under the current rules, with the customer's counted won deals before it as stats.</item>
/// <item>Every deal won on or after the date that carries a net accrual but no longer counts (or now belongs to another
/// contact) should carry 0.</item>
/// <item>Deals won before the date are untouched (they still count in the stats of later deals).</item>
/// </list>
/// A positive difference is an <see cref="EntryKind.Adjustment"/> credit that expires like an accrual of the deal; a
/// negative one partly reverses the deal's newest credits (possibly overdrawing the balance: what was spent is owed).
/// Source keys carry the recalculation's ID, and applying recomputes each deal against the ledger as it is then, so
/// a double click or a repeated job posts nothing twice. A deal whose <c>DealWon</c> fact the processor has not read
/// yet is left to the processor.
/// <para>
/// <see cref="StartPreviewAsync"/> and <see cref="ApplyAsync"/> only record what is asked (one recalculation at a time);
/// the background job does the work with <see cref="RunAsync"/>, reporting progress through <see cref="Changed"/>.
/// </para>
/// </summary>
public sealed class BonusRecalculations(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    BonusSettingsStore settingsStore,
    BonusProcessor processor,
    BonusCustomers customers,
    PortalClock clock,
    ILogger<BonusRecalculations> logger)
{
    private const int PreviewChunk = 500;

    // Applying holds the bonus pass back for one chunk at a time: small chunks keep the pass's waits short.
    private const int ApplyChunk = 100;


    private readonly SemaphoreSlim _requests = new(1, 1);
    private readonly SemaphoreSlim _run = new(1, 1);
    private bool _recovered;

    /// <summary>The running (or queued) recalculation's progress; null when none runs.</summary>
    public RecalculationProgress? Current { get; private set; }

    /// <summary>Raised when a recalculation is queued, makes progress or finishes.</summary>
    public event Action? Changed;

    /// <summary>Records a preview from <paramref name="from"/> (a day in the portal's zone; null: the program's start) for the job to compute.</summary>
    public async Task<RecalculationStart> StartPreviewAsync(DateOnly? from, string by, CancellationToken ct = default)
    {
        await _requests.WaitAsync(ct);
        try
        {
            var current = await settingsStore.CurrentAsync(ct);
            if (!current.Settings.Enabled)
            {
                return new(null, RecalculationRefusal.ProgramOff);
            }

            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await RecoverAsync(db, ct);
            if (await AnyRunningAsync(db, ct))
            {
                return new(null, RecalculationRefusal.Busy);
            }

            var row = new BonusRecalculation { FromDate = from, SettingsVersion = current.Version, CreatedAt = clock.UtcNow, CreatedBy = by, Status = RecalculationStatus.Previewing };
            db.BonusRecalculations.Add(row);
            await db.SaveChangesAsync(ct);
            Report(row);
            return new(row, RecalculationRefusal.None);
        }
        finally
        {
            _requests.Release();
        }
    }

    /// <summary>
    /// Accepts a finished preview for applying (a failed apply may be applied again). Refused when another recalculation
    /// runs, when it is already applied, and when the rules changed since the preview (it is then marked stale).
    /// </summary>
    public async Task<RecalculationStart> ApplyAsync(long id, string by, CancellationToken ct = default)
    {
        await _requests.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await RecoverAsync(db, ct);
            var row = await db.BonusRecalculations.FirstOrDefaultAsync(r => r.Id == id, ct);
            var refusal = row switch
            {
                null => RecalculationRefusal.NotFound,
                { Status: RecalculationStatus.Applied } => RecalculationRefusal.AlreadyApplied,
                { Status: RecalculationStatus.Stale } => RecalculationRefusal.Stale,
                { Status: RecalculationStatus.Previewing or RecalculationStatus.Applying } => RecalculationRefusal.Busy,
                { Status: RecalculationStatus.Previewed } or { Status: RecalculationStatus.Failed, PreviewedAt: not null } => RecalculationRefusal.None,
                _ => RecalculationRefusal.NotPreviewed,
            };
            if (refusal == RecalculationRefusal.None && await AnyRunningAsync(db, ct))
            {
                refusal = RecalculationRefusal.Busy;
            }

            if (refusal != RecalculationRefusal.None)
            {
                return new(row, refusal);
            }

            if ((await settingsStore.CurrentAsync(ct)).Version != row!.SettingsVersion)
            {
                row.Status = RecalculationStatus.Stale;
                await db.SaveChangesAsync(ct);
                Changed?.Invoke();
                return new(row, RecalculationRefusal.Stale);
            }

            row.Status = RecalculationStatus.Applying;
            row.AppliedBy = by;
            row.Error = null;
            row.Done = 0;
            row.Total = row.CustomersAffected;
            await db.SaveChangesAsync(ct);
            Report(row);
            return new(row, RecalculationRefusal.None);
        }
        finally
        {
            _requests.Release();
        }
    }

    /// <summary>
    /// Does what the recalculation waits for: computes its preview or posts its differences. Returns false when it
    /// waits for nothing (already done, or unknown). A failure is recorded on the recalculation and rethrown.
    /// </summary>
    public async Task<bool> RunAsync(long id, CancellationToken ct = default)
    {
        await _run.WaitAsync(ct);
        try
        {
            BonusRecalculation? row;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                row = await db.BonusRecalculations.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
            }

            if (row is not { Status: RecalculationStatus.Previewing or RecalculationStatus.Applying })
            {
                return false;
            }

            try
            {
                if (row.Status == RecalculationStatus.Previewing)
                {
                    await RunPreviewAsync(row, ct);
                }
                else
                {
                    await RunApplyAsync(row, ct);
                }

                return true;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                logger.LogError(ex, "Bonus recalculation {Id} failed while {Status}", id, row.Status);
                await UpdateAsync(id, r =>
                {
                    r.Status = RecalculationStatus.Failed;
                    r.Error = ex is OperationCanceledException ? "Interrupted: the portal was stopping." : ex.Message;
                }, CancellationToken.None);
                throw;
            }
        }
        finally
        {
            Current = null;
            _run.Release();
            Changed?.Invoke();
        }
    }

    /// <summary>The oldest recalculation waiting for the job, if any.</summary>
    public async Task<long?> PendingAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await RecoverAsync(db, ct);
        return await db.BonusRecalculations.Where(r => r.Status == RecalculationStatus.Previewing || r.Status == RecalculationStatus.Applying)
            .OrderBy(r => r.Id).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>Marks a recalculation the job could not be asked to run as failed, so that it does not block the next one.</summary>
    public async Task FailAsync(long id, string error, CancellationToken ct = default)
    {
        await UpdateAsync(id, r =>
        {
            if (r.Status is RecalculationStatus.Previewing or RecalculationStatus.Applying)
            {
                r.Status = RecalculationStatus.Failed;
                r.Error = error;
            }
        }, ct);
        Current = null;
        Changed?.Invoke();
    }

    public async Task<BonusRecalculation?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await RecoverAsync(db, ct);
        return await db.BonusRecalculations.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
    }

    public async Task<BonusRecalculation?> LatestAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await RecoverAsync(db, ct);
        return await db.BonusRecalculations.AsNoTracking().OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>The recalculations, newest first, one page of them.</summary>
    public async Task<(IReadOnlyList<BonusRecalculation> Items, int Total)> HistoryAsync(int skip, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await RecoverAsync(db, ct);
        var total = await db.BonusRecalculations.CountAsync(ct);
        var items = await db.BonusRecalculations.AsNoTracking().OrderByDescending(r => r.Id).Skip(skip).Take(take).ToListAsync(ct);
        return (items, total);
    }

    /// <summary>One page of a preview's lines, the largest differences first.</summary>
    public async Task<(IReadOnlyList<RecalculationLineView> Items, int Total)> LinesAsync(long id, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var lines = db.BonusRecalculationLines.Where(l => l.RecalculationId == id);
        var total = await lines.CountAsync(ct);
        var page = await (
                from l in lines
                join c in db.Contacts on l.ContactId equals c.Id into contacts
                from c in contacts.DefaultIfEmpty()
                orderby Math.Abs(l.Difference) descending, l.ContactId
                select new { l.ContactId, c.FirstName, c.LastName, l.BalanceNow, l.BalanceAfter, l.Difference, l.DealsChanged })
            .Skip(skip).Take(take).ToListAsync(ct);
        return (page.Select(l => new RecalculationLineView(l.ContactId, Name(l.ContactId, l.FirstName, l.LastName), l.BalanceNow, l.BalanceAfter, l.Difference, l.DealsChanged)).ToList(), total);
    }

    /// <summary>The first instant that is recalculated: the day's start in the portal's zone, or the program's start (null: all history).</summary>
    internal static DateTime? FromUtc(DateOnly? from, BonusSettings rules, TimeZoneInfo zone) => from is { } day
        ? TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone)
        : BonusHistory.StartUtc(rules, zone);

    private async Task RunPreviewAsync(BonusRecalculation recalculation, CancellationToken ct)
    {
        // The ledger first catches up with the CRM, so that "balance now" is today's.
        await processor.ProcessAsync(ct);
        var rules = (await settingsStore.VersionAsync(recalculation.SettingsVersion, ct)).Settings;
        var fromUtc = FromUtc(recalculation.FromDate, rules, clock.Zone);
        var contacts = await CustomersToCheckAsync(rules, fromUtc, ct);
        var row = await UpdateAsync(recalculation.Id, r =>
        {
            r.Done = 0;
            r.Total = contacts.Count;
            r.CustomersAffected = r.DealsChanged = 0;
            r.Increase = r.Decrease = 0;
        }, ct);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await db.BonusRecalculationLines.Where(l => l.RecalculationId == recalculation.Id).ExecuteDeleteAsync(ct);
        }

        foreach (var chunk in contacts.Chunk(PreviewChunk))
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var history = await BonusHistory.CreateAsync(db, rules, clock.Zone, ct);
            var result = await ComputeAsync(db, history, chunk, fromUtc, ct);
            var lines = result.Changes.GroupBy(c => c.ContactId).Select(g =>
            {
                var balance = result.Balances.GetValueOrDefault(g.Key);
                var difference = g.Sum(c => c.Difference);
                return new BonusRecalculationLine
                {
                    RecalculationId = recalculation.Id, ContactId = g.Key, BalanceNow = balance, BalanceAfter = balance + difference, Difference = difference, DealsChanged = g.Count(),
                };
            }).ToList();
            db.BonusRecalculationLines.AddRange(lines);
            await db.SaveChangesAsync(ct);
            row = await UpdateAsync(recalculation.Id, r =>
            {
                r.Done += chunk.Length;
                r.CustomersAffected += lines.Count;
                r.DealsChanged += result.Changes.Count;
                r.Increase += result.Changes.Where(c => c.Difference > 0).Sum(c => c.Difference);
                r.Decrease += result.Changes.Where(c => c.Difference < 0).Sum(c => c.Difference);
            }, ct);
            Report(row);
        }

        // Rules saved while the preview ran make it stale at once.
        var stale = (await settingsStore.CurrentAsync(ct)).Version != recalculation.SettingsVersion;
        await UpdateAsync(recalculation.Id, r =>
        {
            r.Status = stale ? RecalculationStatus.Stale : RecalculationStatus.Previewed;
            r.PreviewedAt = clock.UtcNow;
        }, ct);
        logger.LogInformation("Bonus recalculation {Id} previewed: {Customers} customers, {Deals} deals change", recalculation.Id, row.CustomersAffected, row.DealsChanged);
    }

    private async Task RunApplyAsync(BonusRecalculation recalculation, CancellationToken ct)
    {
        if ((await settingsStore.CurrentAsync(ct)).Version != recalculation.SettingsVersion)
        {
            await UpdateAsync(recalculation.Id, r => r.Status = RecalculationStatus.Stale, ct);
            return;
        }

        await processor.ProcessAsync(ct);
        var rules = (await settingsStore.VersionAsync(recalculation.SettingsVersion, ct)).Settings;
        var fromUtc = FromUtc(recalculation.FromDate, rules, clock.Zone);
        var by = recalculation.AppliedBy ?? recalculation.CreatedBy;
        List<long> contacts;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            contacts = await db.BonusRecalculationLines.Where(l => l.RecalculationId == recalculation.Id).OrderBy(l => l.ContactId).Select(l => l.ContactId).ToListAsync(ct);
        }

        var row = await UpdateAsync(recalculation.Id, r =>
        {
            r.Done = 0;
            r.Total = contacts.Count;
        }, ct);
        Report(row);
        foreach (var chunk in contacts.Chunk(ApplyChunk))
        {
            var touched = new HashSet<long>();
            var (entries, increase, decrease) = await processor.ExclusiveAsync(() => PostChunkAsync(recalculation, rules, fromUtc, by, chunk, touched, ct), ct);
            await customers.RefreshAsync(touched, ct);
            row = await UpdateAsync(recalculation.Id, r =>
            {
                r.Done += chunk.Length;
                r.EntriesPosted += entries;
                r.AppliedIncrease += increase;
                r.AppliedDecrease += decrease;
            }, ct);
            Report(row);
        }

        row = await UpdateAsync(recalculation.Id, r =>
        {
            r.Status = RecalculationStatus.Applied;
            r.AppliedAt = clock.UtcNow;
        }, ct);
        logger.LogInformation("Bonus recalculation {Id} applied by {By}: {Entries} entries, +{Increase} / {Decrease} kopecks", row.Id, by, row.EntriesPosted, row.AppliedIncrease, row.AppliedDecrease);
    }

    /// <summary>Recomputes the chunk's deals against the ledger as it is now and posts each difference; runs between bonus passes.</summary>
    private async Task<(int Entries, long Increase, long Decrease)> PostChunkAsync(
        BonusRecalculation recalculation, BonusSettings rules, DateTime? fromUtc, string by, long[] chunk, HashSet<long> touched, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var history = await BonusHistory.CreateAsync(db, rules, clock.Zone, ct);
        var result = await ComputeAsync(db, history, chunk, fromUtc, ct);
        var pass = new BonusPass(0, 0, 0, 0, 0, 0, 0);
        long increase = 0, decrease = 0;
        foreach (var change in result.Changes)
        {
            // Account 0 never exists: a customer without an account has nothing on the deal yet.
            var deal = await DealLedger.LoadAsync(db, result.Accounts.GetValueOrDefault(change.ContactId), change.DealId, ct);
            var difference = change.Expected - deal.NetAccrual;
            if (difference == 0)
            {
                continue;
            }

            var id = recalculation.Id;
            var info = new PostingInfo($"recalc:{id}:deal:{change.DealId}", clock.UtcNow, by, null, recalculation.SettingsVersion, change.DealId, Reason(id, rules, change, deal.NetAccrual));
            pass = await processor.PostDifferenceAsync(
                new AccountKey(AccountKind.CustomerBonus, change.ContactId), deal, difference, info, BonusProcessor.ExpiresAt(rules, change.WonAt), EntryKind.Adjustment,
                touched, change.ContactId, pass, ct);
            if (difference > 0)
            {
                increase += difference;
            }
            else
            {
                decrease += Math.Max(difference, -deal.Credits.Sum(c => c.Left));
            }
        }

        return (pass.Accruals + pass.Reversals, increase, decrease);
    }

    /// <summary>Everyone who may have a difference: customers with counted wins from the date on, and every customer account holding deal entries.</summary>
    private async Task<List<long>> CustomersToCheckAsync(BonusSettings rules, DateTime? fromUtc, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var history = await BonusHistory.CreateAsync(db, rules, clock.Zone, ct);
        var withWins = history.CountedWonDeals().Where(d => d.ContactId != null && (fromUtc == null || d.WonAt >= fromUtc)).Select(d => d.ContactId!.Value);
        var withDealEntries = db.LedgerAccounts
            .Where(a => a.Kind == AccountKind.CustomerBonus && db.LedgerEntries.Any(e => e.AccountId == a.Id && e.DealId != null))
            .Select(a => a.OwnerId);
        var ids = await withWins.Union(withDealEntries).ToListAsync(ct);
        ids.Sort();
        return ids;
    }

    /// <summary>A deal whose accrual changes: what it should carry under the current rules, and what the ledger holds.</summary>
    private sealed record DealChange(long ContactId, long DealId, DateTime WonAt, bool Counts, decimal Percent, long Amount, long Expected, long Net)
    {
        public long Difference => Expected - Net;
    }

    private sealed record ChunkResult(List<DealChange> Changes, Dictionary<long, long> Balances, Dictionary<long, long> Accounts);

    private sealed record LaterWin(long Id, long ContactId, DateTime WonAt, long Amount, string? Currency);

    /// <summary>
    /// The differences of a chunk of customers, with a handful of aggregate queries: earlier wins as sums per currency,
    /// the wins from the date on one row each (their running stats computed here, in won order), and the ledger's net
    /// accrual per deal in one grouped query.
    /// </summary>
    private static async Task<ChunkResult> ComputeAsync(LoyaltyDbContext db, BonusHistory history, long[] ids, DateTime? fromUtc, CancellationToken ct)
    {
        var rules = history.Settings;
        // Read the processor's position before the deals: a won deal in the mirror has its fact written with it.
        var cursor = await db.ProgramCursors.Where(c => c.Program == BonusProcessor.Program).Select(c => c.LastFactId).FirstOrDefaultAsync(ct);
        var counted = history.CountedWonDeals().Where(d => d.ContactId != null && ids.Contains(d.ContactId.Value));
        var earlier = fromUtc is { } from
            ? await counted.Where(d => d.WonAt < from)
                .GroupBy(d => new { ContactId = d.ContactId!.Value, d.CurrencyId })
                .Select(g => new { g.Key.ContactId, g.Key.CurrencyId, Count = g.Count(), Sum = g.Sum(d => d.AmountMinor) })
                .ToListAsync(ct)
            : [];
        var wins = await counted.Where(d => fromUtc == null || d.WonAt >= fromUtc)
            .Select(d => new LaterWin(d.Id, d.ContactId!.Value, d.WonAt!.Value, d.AmountMinor, d.CurrencyId))
            .ToListAsync(ct);
        var winIds = wins.Select(w => w.Id).ToList();
        var unread = (await db.CrmFacts.Where(f => f.Id > cursor && f.Kind == CrmFactKind.DealWon && winIds.Contains(f.EntityId)).Select(f => f.EntityId).ToListAsync(ct)).ToHashSet();
        var accounts = await db.LedgerAccounts.AsNoTracking().Where(a => a.Kind == AccountKind.CustomerBonus && ids.Contains(a.OwnerId))
            .Select(a => new { a.Id, a.OwnerId, a.Balance }).ToListAsync(ct);
        var nets = await NetAccrualsAsync(db, accounts.Select(a => a.Id).ToList(), ct);
        var owners = accounts.ToDictionary(a => a.Id, a => a.OwnerId);
        var winKeys = wins.Select(w => (w.ContactId, w.Id)).ToHashSet();
        var others = nets.Where(n => n.Value.Net != 0 && !winKeys.Contains((owners[n.Key.AccountId], n.Key.DealId))).Select(n => n.Key.DealId).Distinct().ToList();
        var netsByAccount = nets.ToLookup(n => n.Key.AccountId);
        var wonAt = await db.Deals.Where(d => others.Contains(d.Id)).Select(d => new { d.Id, d.WonAt }).ToDictionaryAsync(d => d.Id, d => d.WonAt, ct);

        var changes = new List<DealChange>();
        var earlierByContact = earlier.ToLookup(e => e.ContactId);
        var winsByContact = wins.ToLookup(w => w.ContactId);
        var accountOf = accounts.ToDictionary(a => a.OwnerId, a => a.Id);
        foreach (var contactId in ids)
        {
            var accountId = accountOf.GetValueOrDefault(contactId);
            var count = earlierByContact[contactId].Sum(e => e.Count);
            var sums = earlierByContact[contactId].ToDictionary(e => e.CurrencyId ?? "", e => e.Sum);
            foreach (var win in winsByContact[contactId].OrderBy(w => w.WonAt).ThenBy(w => w.Id))
            {
                // The stats exactly as BonusHistory.StatsAsync computes them: sums per currency, each converted once.
                var before = new CustomerStats(count, sums.Sum(s => history.ToBase(s.Value, s.Key) ?? 0));
                if (history.ToBase(win.Amount, win.Currency) is { } amount && !unread.Contains(win.Id))
                {
                    var expected = BonusMath.Accrual(rules, before, amount);
                    var net = nets.GetValueOrDefault((accountId, win.Id)).Net;
                    if (expected != net)
                    {
                        changes.Add(new DealChange(contactId, win.Id, win.WonAt, true, BonusMath.CurrentPercent(rules, before), amount, expected, net));
                    }
                }

                count++;
                sums[win.Currency ?? ""] = sums.GetValueOrDefault(win.Currency ?? "") + win.Amount;
            }

            foreach (var ((_, dealId), (net, firstCredit)) in netsByAccount[accountId])
            {
                var at = wonAt.GetValueOrDefault(dealId) ?? firstCredit;
                if (net != 0 && !winKeys.Contains((contactId, dealId)) && (fromUtc is null || at >= fromUtc))
                {
                    changes.Add(new DealChange(contactId, dealId, at, false, 0, 0, 0, net));
                }
            }
        }

        return new ChunkResult(changes, accounts.ToDictionary(a => a.OwnerId, a => a.Balance), accountOf);
    }

    /// <summary>
    /// Each deal's net accrual per account, as <see cref="DealLedger.NetAccrual"/> computes it (credits, their reversals,
    /// negative adjustments of the deal), and the deal's first credit, in one grouped query.
    /// </summary>
    private static async Task<Dictionary<(long AccountId, long DealId), (long Net, DateTime FirstCredit)>> NetAccrualsAsync(LoyaltyDbContext db, List<long> accountIds, CancellationToken ct)
    {
        var groups = await (
                from e in db.LedgerEntries
                where accountIds.Contains(e.AccountId) && e.DealId != null
                from t in db.LedgerEntries.Where(t => t.Id == e.ReversesEntryId).DefaultIfEmpty()
                group new { e.Amount, e.OccurredAt } by new
                {
                    e.AccountId,
                    DealId = e.DealId!.Value,
                    e.Kind,
                    Positive = e.Amount > 0,
                    Reverses = e.ReversesEntryId != null,
                    Target = t != null ? (EntryKind?)t.Kind : null,
                    TargetPositive = t != null && t.Amount > 0,
                    TargetOfDeal = t != null && t.DealId == e.DealId,
                } into g
                select new { g.Key, Sum = g.Sum(x => x.Amount), First = g.Min(x => x.OccurredAt) })
            .ToListAsync(ct);

        static bool IsCredit(EntryKind? kind, bool positive) => kind is EntryKind.Accrual || (kind == EntryKind.Adjustment && positive);

        return groups
            .GroupBy(g => (g.Key.AccountId, g.Key.DealId))
            .ToDictionary(d => d.Key, d =>
            {
                var net = d.Sum(g => IsCredit(g.Key.Kind, g.Key.Positive)
                    || (g.Key.Reverses && g.Key.TargetOfDeal && IsCredit(g.Key.Target, g.Key.TargetPositive))
                    || (g.Key.Kind == EntryKind.Adjustment && !g.Key.Positive && !g.Key.Reverses)
                    ? g.Sum : 0);
                var credits = d.Where(g => IsCredit(g.Key.Kind, g.Key.Positive)).Select(g => g.First).ToList();
                return (net, credits.Count > 0 ? credits.Min() : d.Min(g => g.First));
            });
    }

    private static LedgerReason Reason(long id, BonusSettings rules, DealChange change, long net)
    {
        if (!change.Counts)
        {
            return LedgerReason.Of(LedgerReason.BonusRecalculatedOut, ("Id", id), ("Was", net));
        }

        // The accrual's own reason, its values prefixed with "Accrual", inside the recalculation's.
        var accrual = BonusProcessor.AccrualReason(rules, change.Percent, change.Amount);
        var args = new Dictionary<string, string>(accrual.Args.Select(a => KeyValuePair.Create("Accrual" + a.Key, a.Value)))
        {
            ["Id"] = id.ToString(CultureInfo.InvariantCulture),
            ["Accrual"] = accrual.Code,
            ["Was"] = net.ToString(CultureInfo.InvariantCulture),
            ["Now"] = change.Expected.ToString(CultureInfo.InvariantCulture),
        };
        return new LedgerReason(LedgerReason.BonusRecalculated, args);
    }

    private static string Name(long id, string? firstName, string? lastName)
    {
        var name = string.Join(' ', new[] { firstName, lastName }.Where(s => !string.IsNullOrEmpty(s)));
        return name.Length == 0 ? $"#{id}" : name;
    }

    private static Task<bool> AnyRunningAsync(LoyaltyDbContext db, CancellationToken ct) =>
        db.BonusRecalculations.AnyAsync(r => r.Status == RecalculationStatus.Previewing || r.Status == RecalculationStatus.Applying, ct);

    /// <summary>
    /// Once per process: a recalculation left running by a stopped portal (the scheduler keeps nothing across restarts)
    /// is marked failed, so that it blocks nothing; a failed apply may simply be applied again.
    /// </summary>
    private async Task RecoverAsync(LoyaltyDbContext db, CancellationToken ct)
    {
        if (_recovered)
        {
            return;
        }

        await FailInterruptedAsync(db, ct);
        _recovered = true;
    }

    /// <summary>
    /// Marks every recalculation still previewing or applying as failed ("interrupted"); returns how many. Called at
    /// start-up, when no job of this process can be running yet: see <see cref="Data.DatabaseInitializer"/>.
    /// </summary>
    public static Task<int> FailInterruptedAsync(LoyaltyDbContext db, CancellationToken ct) =>
        db.BonusRecalculations
            .Where(r => r.Status == RecalculationStatus.Previewing || r.Status == RecalculationStatus.Applying)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RecalculationStatus.Failed).SetProperty(r => r.Error, "Interrupted: the portal restarted."), ct);

    private async Task<BonusRecalculation> UpdateAsync(long id, Action<BonusRecalculation> change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.BonusRecalculations.FirstAsync(r => r.Id == id, ct);
        change(row);
        await db.SaveChangesAsync(ct);
        return row;
    }

    private void Report(BonusRecalculation row)
    {
        Current = new RecalculationProgress(row.Id, row.Status, row.Done, row.Total);
        Changed?.Invoke();
    }
}
