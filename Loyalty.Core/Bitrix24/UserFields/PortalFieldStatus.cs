using System.Text.Json;
using Loyalty.Core.Bonuses;
using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Bitrix24.UserFields;

/// <summary>A write-back waiting for user fields Bitrix24 does not have: the record it updates (by name) and the fields.</summary>
public sealed record WaitingWrite(string Key, CrmFieldEntity Entity, CrmRef Record, IReadOnlyList<string> Fields, DateTime CreatedAt);

/// <summary>What the Connection page shows of the last check: scopes, the portal's fields, the writes that wait.</summary>
public sealed record FieldOverview(PortalCheck? Check, IReadOnlyList<UserFieldCheck> Fields, IReadOnlyList<WaitingWrite> Waiting, int WaitingTotal);

/// <summary>A field a program's settings name that Bitrix24 does not have, and why (null reason: not listed in Bitrix24).</summary>
public sealed record MissingField(string Setting, CrmFieldEntity Entity, string Code, FieldState? State, FieldMissingReason? Reason);

/// <summary>Reads the last field check for the pages (decision 015).</summary>
public sealed class PortalFieldStatus(IDbContextFactory<LoyaltyDbContext> dbFactory, CrmNames names)
{
    public const int WaitingShown = 50;

    public async Task<FieldOverview> OverviewAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var check = await db.PortalChecks.AsNoTracking().FirstOrDefaultAsync(c => c.Id == PortalCheck.SingleId, ct);
        var fields = (await db.UserFieldChecks.AsNoTracking().ToListAsync(ct))
            .OrderBy(f => f.Program).ThenBy(f => f.Entity).ThenBy(f => f.Code, StringComparer.Ordinal).ToList();
        var waitingQuery = db.CrmWriteBacks.AsNoTracking().Where(w => w.SentAt == null && w.WaitingFor != null);
        var total = await waitingQuery.CountAsync(ct);
        var rows = await waitingQuery.OrderBy(w => w.CreatedAt).ThenBy(w => w.Key).Take(WaitingShown).ToListAsync(ct);

        var writes = rows.Select(w => (Write: w, Entity: UserFieldNames.EntityOfUpdate(w.Method), Id: RecordId(w.Parameters)))
            .Where(w => w.Entity is not null).ToList();
        var found = await names.OfAsync(writes.Select(w => (Kind(w.Entity!.Value), w.Id)), ct);
        var waiting = writes.Select(w => new WaitingWrite(
            w.Write.Key, w.Entity!.Value,
            found.TryGetValue((Kind(w.Entity.Value), w.Id), out var record) ? record : new CrmRef(Kind(w.Entity.Value), w.Id, ""),
            w.Write.WaitingFor!.Split(',', StringSplitOptions.RemoveEmptyEntries), w.Write.CreatedAt)).ToList();
        return new FieldOverview(check, fields, waiting, total);
    }

    /// <summary>The last check of the connection, or null before the first.</summary>
    public async Task<PortalCheck?> CheckAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PortalChecks.AsNoTracking().FirstOrDefaultAsync(c => c.Id == PortalCheck.SingleId, ct);
    }

    /// <summary>
    /// The fields <paramref name="settings"/> name that Bitrix24 does not have, by the last check; empty before the
    /// first check (nothing is known yet).
    /// </summary>
    public async Task<IReadOnlyList<MissingField>> MissingAsync(BonusSettings settings, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var check = await db.PortalChecks.AsNoTracking().FirstOrDefaultAsync(c => c.Id == PortalCheck.SingleId, ct);
        var rows = await db.UserFieldChecks.AsNoTracking().ToListAsync(ct);
        return Missing(settings, check, rows);
    }

    public static IReadOnlyList<MissingField> Missing(BonusSettings settings, PortalCheck? check, IReadOnlyList<UserFieldCheck> rows)
    {
        var missing = new List<MissingField>();
        foreach (var (setting, entity, code) in settings.FieldCodes())
        {
            if (check?.FieldsOf(entity) is not { } known || known.Contains(code))
            {
                continue;
            }

            var row = rows.FirstOrDefault(r => r.Entity == entity && string.Equals(r.Code, code, StringComparison.OrdinalIgnoreCase));
            missing.Add(new MissingField(setting, entity, code, row?.State, row?.Reason));
        }

        return missing;
    }

    public static CrmKind Kind(CrmFieldEntity entity) => entity switch
    {
        CrmFieldEntity.Contact => CrmKind.Contact,
        CrmFieldEntity.Deal => CrmKind.Deal,
        _ => CrmKind.Lead,
    };

    private static long RecordId(string parameters)
    {
        using var document = JsonDocument.Parse(parameters);
        return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("id", out var id)
            ? id.ValueKind == JsonValueKind.Number ? id.GetInt64() : long.TryParse(id.GetString(), out var parsed) ? parsed : 0
            : 0;
    }
}
