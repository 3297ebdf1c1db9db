using System.Text.Json;
using Loyalty.Core.Bonuses;
using Loyalty.Core.Data;
using Loyalty.Core.WriteBack;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Loyalty.Core.Bitrix24.UserFields;

/// <summary>What one check did: the fields it created, the fields still missing, writes it woke.</summary>
public sealed record ProvisioningResult(DateTime CheckedAt, int Created, int Missing, int Woken, string? Error);

/// <summary>
/// Makes sure Bitrix24 has the user fields the portal writes and reads (decision 015): asks <c>scope</c>, lists the
/// fields of contacts, deals and leads, creates the missing fields of <see cref="PortalUserFields"/> whose program is
/// in use, and records each field's state in <see cref="UserFieldCheck"/>; without the right to create one (the
/// webhook's user is not an administrator) it records which fields an administrator must add. A field that is there
/// again wakes the writes that waited for it. Run on saving the connection, on "Test connection", at start-up and,
/// while writes wait, every few minutes (<see cref="UserFieldWorker"/>).
/// </summary>
public sealed class UserFieldProvisioner(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    IBitrix24Client client,
    BonusSettingsStore bonusSettings,
    CrmWriteBackOutbox outbox,
    TimeProvider time,
    ILogger<UserFieldProvisioner> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Raised after each check, on the checking thread: the Connection page shows the new states.</summary>
    public event Action? Checked;

    /// <summary>A field the portal needs: the registry's, or an administrator's own code in a program's settings.</summary>
    internal sealed record NeededField(CrmFieldEntity Entity, string Code, FieldProgram Program, PortalUserField? Owned);

    public async Task<ProvisioningResult> ProvisionAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            return await RunAsync(ct);
        }
        finally
        {
            _gate.Release();
            Checked?.Invoke();
        }
    }

    /// <summary>The fields the portal needs now: every registered one, and the codes the bonus settings name that are not registered.</summary>
    internal static IReadOnlyList<NeededField> Needed(BonusSettings settings)
    {
        var needed = PortalUserFields.All.Select(f => new NeededField(f.Entity, f.Code, f.Program, f)).ToList();
        foreach (var (_, entity, code) in settings.FieldCodes())
        {
            if (UserFieldNames.IsValid(code) && !needed.Any(n => n.Entity == entity && string.Equals(n.Code, code, StringComparison.OrdinalIgnoreCase)))
            {
                needed.Add(new NeededField(entity, code, FieldProgram.Bonuses, null));
            }
        }

        return needed;
    }

    private async Task<ProvisioningResult> RunAsync(CancellationToken ct)
    {
        var errors = new List<string>();
        IReadOnlyList<string>? scopes = null;
        try
        {
            var answer = await client.CallAsync("scope", null, ct);
            scopes = answer.ValueKind == JsonValueKind.Array
                ? answer.EnumerateArray().Select(s => s.ValueKind == JsonValueKind.String ? s.GetString() ?? "" : "").Where(s => s.Length > 0).ToList()
                : [];
        }
        catch (Bitrix24Exception ex) when (ex is not Bitrix24TransportException)
        {
            errors.Add($"scope: {Describe(ex)}");
        }

        var needed = Needed((await bonusSettings.CurrentAsync(ct)).Settings);
        var listed = new Dictionary<CrmFieldEntity, Dictionary<string, string?>>();
        foreach (var entity in Enum.GetValues<CrmFieldEntity>())
        {
            try
            {
                listed[entity] = await ListAsync(entity, ct);
            }
            catch (Bitrix24Exception ex) when (ex is not Bitrix24TransportException)
            {
                errors.Add($"{UserFieldNames.MethodPrefix(entity)}.userfield.list: {Describe(ex)}");
            }
        }

        var now = time.GetUtcNow().UtcDateTime;
        var outcomes = new List<UserFieldCheck>();
        var created = 0;
        foreach (var field in needed)
        {
            if (!listed.TryGetValue(field.Entity, out var existing))
            {
                continue;
            }

            var outcome = new UserFieldCheck
            {
                Entity = field.Entity, Code = field.Code.ToUpperInvariant(), Program = field.Program, Owned = field.Owned is not null,
                Type = field.Owned?.TypeId, CheckedAt = now,
            };
            if (existing.TryGetValue(field.Code, out var type))
            {
                outcome.State = FieldState.Present;
                outcome.Type ??= type;
            }
            else if (field.Owned is null)
            {
                outcome.State = FieldState.Missing;
                outcome.Reason = FieldMissingReason.OwnCode;
            }
            else if (!PortalUserFields.ProgramsInUse.Contains(field.Program))
            {
                outcome.State = FieldState.Deferred;
            }
            else
            {
                await CreateAsync(field.Owned, outcome, ct);
                if (outcome.State == FieldState.Created)
                {
                    created++;
                    existing[field.Code] = field.Owned.TypeId;
                }
            }

            outcomes.Add(outcome);
        }

        await SaveAsync(listed, scopes, outcomes, errors, now, ct);
        // Whatever the lists say now, the writes that wait are checked against them again.
        var woken = listed.Count > 0 ? await outbox.WakeAsync(ct) : 0;
        if (woken > 0)
        {
            // The writes that waited for a field go out now rather than at the next round of the bonus worker.
            await outbox.SendDueAsync(ct);
        }

        return new ProvisioningResult(now, created, outcomes.Count(o => o.State == FieldState.Missing), woken, errors.Count == 0 ? null : string.Join("; ", errors));
    }

    /// <summary>The user fields of one record type: code → <c>USER_TYPE_ID</c>.</summary>
    private async Task<Dictionary<string, string?>> ListAsync(CrmFieldEntity entity, CancellationToken ct)
    {
        var fields = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var request = new Bitrix24ListRequest($"{UserFieldNames.MethodPrefix(entity)}.userfield.list", UseIdCursor: false);
        await foreach (var page in client.ListAsync(request, ct))
        {
            foreach (var row in page.Select(r => new Bitrix24Row(r)))
            {
                if (row.String("FIELD_NAME") is { } name)
                {
                    fields[name] = row.String("USER_TYPE_ID");
                }
            }
        }

        return fields;
    }

    private async Task CreateAsync(PortalUserField field, UserFieldCheck outcome, CancellationToken ct)
    {
        var labels = new Dictionary<string, object?> { ["ru"] = field.LabelRu, ["en"] = field.LabelEn };
        var fields = new Dictionary<string, object?>
        {
            ["FIELD_NAME"] = field.FieldName,
            ["USER_TYPE_ID"] = field.TypeId,
            ["XML_ID"] = field.Code,
            ["MULTIPLE"] = field.Multiple ? "Y" : "N",
            ["MANDATORY"] = "N",
            ["SHOW_FILTER"] = "Y",
            ["EDIT_FORM_LABEL"] = labels,
            ["LIST_COLUMN_LABEL"] = labels,
            ["LIST_FILTER_LABEL"] = labels,
        };
        if (field.Type == UserFieldType.Double)
        {
            fields["SETTINGS"] = new Dictionary<string, object?> { ["PRECISION"] = 2 };
        }

        try
        {
            await client.CallAsync($"{UserFieldNames.MethodPrefix(field.Entity)}.userfield.add", new Dictionary<string, object?> { ["fields"] = fields }, ct);
            outcome.State = FieldState.Created;
            logger.LogInformation("Created the Bitrix24 user field {Code} on {Entity}", field.Code, field.Entity);
        }
        catch (Bitrix24Exception ex) when (ex is Bitrix24AccessException || (ex is Bitrix24AuthException && ex.Code.Equals("insufficient_scope", StringComparison.OrdinalIgnoreCase)))
        {
            outcome.State = FieldState.Missing;
            outcome.Reason = FieldMissingReason.AccessDenied;
            outcome.Error = Describe(ex);
            logger.LogWarning("Bitrix24 refused to create the user field {Code} on {Entity} ({Error}): an administrator must add it", field.Code, field.Entity, outcome.Error);
        }
        catch (Bitrix24Exception ex) when (ex is not (Bitrix24TransportException or Bitrix24LimitException))
        {
            outcome.State = FieldState.Missing;
            outcome.Reason = FieldMissingReason.Refused;
            outcome.Error = Describe(ex);
            logger.LogWarning("Bitrix24 refused to create the user field {Code} on {Entity}: {Error}", field.Code, field.Entity, outcome.Error);
        }
    }

    private async Task SaveAsync(
        Dictionary<CrmFieldEntity, Dictionary<string, string?>> listed, IReadOnlyList<string>? scopes, List<UserFieldCheck> outcomes, List<string> errors, DateTime now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var check = await db.PortalChecks.FirstOrDefaultAsync(c => c.Id == PortalCheck.SingleId, ct) ?? db.PortalChecks.Add(new PortalCheck()).Entity;
        check.CheckedAt = now;
        check.Error = errors.Count == 0 ? null : Truncate(string.Join("; ", errors), 1000);
        if (scopes is not null)
        {
            check.Scopes = Truncate(string.Join(',', scopes), 1000);
        }

        foreach (var (entity, fields) in listed)
        {
            check.SetFields(entity, fields.Keys.Select(k => k.ToUpperInvariant()));
        }

        var rows = await db.UserFieldChecks.ToListAsync(ct);
        foreach (var outcome in outcomes)
        {
            var row = rows.FirstOrDefault(r => r.Entity == outcome.Entity && r.Code == outcome.Code);
            if (row is null)
            {
                outcome.ChangedAt = now;
                db.UserFieldChecks.Add(outcome);
                continue;
            }

            // A field the portal created stays "created" while it is there.
            var state = outcome.State == FieldState.Present && row.State == FieldState.Created ? FieldState.Created : outcome.State;
            if (row.State != state)
            {
                row.ChangedAt = now;
            }

            row.State = state;
            row.Reason = outcome.Reason;
            row.Error = outcome.Error is null ? null : Truncate(outcome.Error, 1000);
            row.Type = outcome.Type;
            row.Program = outcome.Program;
            row.Owned = outcome.Owned;
            row.CheckedAt = now;
        }

        // Codes no longer needed (an administrator's own code replaced in the settings) are forgotten; record types not
        // listed this time keep what the last check found.
        db.UserFieldChecks.RemoveRange(rows.Where(r => listed.ContainsKey(r.Entity) && !outcomes.Any(o => o.Entity == r.Entity && o.Code == r.Code)));
        await db.SaveChangesAsync(ct);
    }

    private static string Describe(Bitrix24Exception ex) => ex.Code.Length == 0 ? ex.Description : $"{ex.Code}: {ex.Description}";

    private static string Truncate(string text, int length) => text.Length > length ? text[..length] : text;
}
