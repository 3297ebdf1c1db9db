using Loyalty.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Ledger;

/// <summary>How many accounts of a kind there are and what they hold together, in the kind's unit.</summary>
public sealed record KindTotal(AccountKind Kind, int Accounts, long Balance);

/// <summary>What the ledger's pages read; aggregates run in the database.</summary>
public sealed class LedgerQueries(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    /// <summary>Every kind in declaration order, a kind without accounts as zeros.</summary>
    public async Task<IReadOnlyList<KindTotal>> TotalsByKindAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var totals = await db.LedgerAccounts
            .GroupBy(a => a.Kind)
            .Select(g => new KindTotal(g.Key, g.Count(), g.Sum(a => a.Balance)))
            .ToDictionaryAsync(t => t.Kind, ct);
        return [.. Enum.GetValues<AccountKind>().Select(kind => totals.GetValueOrDefault(kind) ?? new KindTotal(kind, 0, 0))];
    }
}

public static class AccountKinds
{
    /// <summary>Whether the kind holds money (kopecks) rather than whole points.</summary>
    public static bool IsMoney(this AccountKind kind) => kind is not AccountKind.EmployeePoints;
}
