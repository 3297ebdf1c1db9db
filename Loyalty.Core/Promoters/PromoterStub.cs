// TEMPORARY stand-in for i15-core's promoter model (removed when i15-core's "promoters-model" commit is merged).
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Promoters;

public sealed class Promoter
{
    public long Id { get; set; }

    public long ContactId { get; set; }

    public bool Active { get; set; }

    public string? ActiveCode { get; set; }
}

public static class PromoterCodes
{
    public static Task<Promoter?> FindActiveAsync(Loyalty.Core.Data.LoyaltyDbContext db, string code, CancellationToken ct) =>
        db.Set<Promoter>().FirstOrDefaultAsync(p => p.Active && p.ActiveCode == code, ct);
}
