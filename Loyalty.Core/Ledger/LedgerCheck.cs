using System.Text.Json;
using Loyalty.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Loyalty.Core.Ledger;

/// <summary>One account whose cached balance is not the sum of its entries.</summary>
public sealed record BalanceMismatch(long AccountId, AccountKind Kind, long OwnerId, long Cached, long Sum);

/// <summary>
/// Proves the ledger's invariant: every cached balance equals the sum of its entries. One aggregate query in the
/// database (no table is loaded); each run is recorded with the accounts that failed.
/// </summary>
public sealed class LedgerCheck(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider time, ILogger<LedgerCheck> logger)
{
    private const int MaxDetails = 100;

    private static readonly JsonSerializerOptions DetailsJson = new(JsonSerializerDefaults.Web);

    public async Task<LedgerCheckRun> RunAsync(string triggeredBy, CancellationToken ct = default)
    {
        var started = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var checkedCount = await db.LedgerAccounts.CountAsync(ct);
        var mismatches = await MismatchesAsync(db, ct);
        var run = new LedgerCheckRun
        {
            StartedAt = started, FinishedAt = time.GetUtcNow().UtcDateTime, TriggeredBy = triggeredBy, AccountsChecked = checkedCount,
            Mismatches = mismatches.Count, Details = mismatches.Count == 0 ? null : JsonSerializer.Serialize(mismatches.Take(MaxDetails), DetailsJson),
        };
        db.LedgerCheckRuns.Add(run);
        await db.SaveChangesAsync(ct);
        if (mismatches.Count > 0)
        {
            logger.LogError("Ledger check: {Count} of {Accounts} balances differ from the sum of their entries, e.g. {First}", mismatches.Count, checkedCount, mismatches[0]);
        }

        return run;
    }

    public static IReadOnlyList<BalanceMismatch> ReadDetails(LedgerCheckRun run) =>
        run.Details is null ? [] : JsonSerializer.Deserialize<List<BalanceMismatch>>(run.Details, DetailsJson) ?? [];

    public async Task<IReadOnlyList<LedgerCheckRun>> RecentAsync(int count, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.LedgerCheckRuns.AsNoTracking().OrderByDescending(r => r.Id).Take(count).ToListAsync(ct);
    }

    private static async Task<List<BalanceMismatch>> MismatchesAsync(LoyaltyDbContext db, CancellationToken ct) =>
        await db.LedgerAccounts
            .Select(a => new { a.Id, a.Kind, a.OwnerId, a.Balance, Sum = db.LedgerEntries.Where(e => e.AccountId == a.Id).Sum(e => e.Amount) })
            .Where(a => a.Balance != a.Sum)
            .OrderBy(a => a.Id)
            .Select(a => new BalanceMismatch(a.Id, a.Kind, a.OwnerId, a.Balance, a.Sum))
            .ToListAsync(ct);
}
