using System.Globalization;
using System.Resources;
using Loyalty.Core.Bitrix24.UserFields;
using Loyalty.Core.Bonuses;
using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Portal;
using Loyalty.Core.WriteBack;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Loyalty.Core.Promoters;

/// <summary>A registry action was refused: the contact or promoter does not exist, or the value is out of range.</summary>
public sealed class PromoterException(string message) : Exception(message);

/// <summary>
/// Switches promoter mode on and off and replaces codes — from the portal, or from Bitrix24 through the contact's
/// <c>UF_CRM_LOY_PROMOTER</c> (<see cref="ApplyCrmFlagsAsync"/>); the later change wins. Each change queues, in the same
/// transaction, the write-back of the contact's promoter fields (flag, code, link) and a timeline comment on the contact.
/// </summary>
public sealed class PromoterRegistry(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    PromoterSettingsStore settingsStore,
    PromoterLinks links,
    PortalClock clock,
    IOptions<PortalOptions> portal,
    ILogger<PromoterRegistry> logger)
{
    /// <summary>Who a switch made in Bitrix24 is recorded as.</summary>
    public const string CrmActor = "bitrix24";

    /// <summary>
    /// The program cursor of the contacts' flags: <see cref="ProgramCursor.DealsSyncedAfter"/> holds the DATE_MODIFY and
    /// <see cref="ProgramCursor.LastFactId"/> the ID of the last contact read.
    /// </summary>
    public const string ContactsCursor = "promoters.contacts";

    private const int ContactsPerRead = 500;

    private static readonly ResourceManager Texts = new("Loyalty.Core.Promoters.PromoterText", typeof(PromoterRegistry).Assembly);

    private readonly SemaphoreSlim _crmGate = new(1, 1);

    /// <summary>The write-back key of a contact's promoter fields.</summary>
    public static string FieldsKey(long contactId) => $"contact:{contactId}:promoter";

    /// <summary>Switches promoter mode on for a mirror contact: a new promoter with a new code, or the old one again with its code.</summary>
    public Task<Promoter> SwitchOnAsync(long contactId, string actor, CancellationToken ct = default) =>
        ChangeAsync(async db =>
        {
            var contact = await db.Contacts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == contactId && c.DeletedAt == null, ct)
                ?? throw new PromoterException($"Contact {contactId} is not in the CRM mirror.");
            var promoter = await db.Promoters.FirstOrDefaultAsync(p => p.ContactId == contactId, ct);
            return await SwitchAsync(db, contact.Id, promoter, on: true, clock.UtcNow, actor, ct);
        }, ct);

    /// <summary>Switches promoter mode off; the commissions already accrued stay payable, and the code stays the promoter's.</summary>
    public Task<Promoter> SwitchOffAsync(long promoterId, string actor, CancellationToken ct = default) =>
        ChangeAsync(async db =>
        {
            var promoter = await db.Promoters.FirstOrDefaultAsync(p => p.Id == promoterId, ct) ?? throw NotFound(promoterId);
            return await SwitchAsync(db, promoter.ContactId, promoter, on: false, clock.UtcNow, actor, ct);
        }, ct);

    /// <summary>Replaces the promoter's code: the old one is revoked (its link answers "no longer valid") and never issued again.</summary>
    public Task<Promoter> RegenerateCodeAsync(long promoterId, string actor, CancellationToken ct = default) =>
        ChangeAsync(async db =>
        {
            var promoter = await db.Promoters.FirstOrDefaultAsync(p => p.Id == promoterId, ct) ?? throw NotFound(promoterId);
            var now = clock.UtcNow;
            var old = promoter.ActiveCode;
            if (old is not null && await db.PromoterCodes.FirstOrDefaultAsync(c => c.Code == old, ct) is { } row)
            {
                row.RevokedAt = now;
            }

            promoter.ActiveCode = await IssueCodeAsync(db, promoter, now, ct);
            logger.LogInformation("Promoter {Id}: code {Old} replaced by {Actor}", promoter.Id, old, actor);
            await QueueFieldsAsync(db, promoter, now, ct);
            await QueueCommentAsync(db, promoter.ContactId, $"code:{promoter.ActiveCode}",
                F("Comment_NewCode", promoter.ActiveCode, links.ReferralUrl(promoter.ActiveCode), old ?? "—"), now, ct);
            return promoter;
        }, ct);

    /// <summary>Sets (or with null clears) the promoter's own commission rate, basis points (1000 = 10 %).</summary>
    public Task<Promoter> SetRateAsync(long promoterId, int? basisPoints, string actor, CancellationToken ct = default)
    {
        if (basisPoints is { } bp && !PromoterSettingsValidator.IsValidRate(bp))
        {
            throw new PromoterException($"A rate is 0–100 %, not {bp / 100m} %.");
        }

        return ChangeAsync(async db =>
        {
            var promoter = await db.Promoters.FirstOrDefaultAsync(p => p.Id == promoterId, ct) ?? throw NotFound(promoterId);
            if (promoter.RateBasisPoints != basisPoints)
            {
                logger.LogInformation("Promoter {Id}: own rate {Rate} set by {Actor}", promoter.Id, basisPoints, actor);
                promoter.RateBasisPoints = basisPoints;
            }

            return promoter;
        }, ct);
    }

    /// <summary>
    /// Applies the contacts' <c>UF_CRM_LOY_PROMOTER</c> as the mirror has it, for the contacts changed since the last call:
    /// a flag that differs from the promoter's state switches it, when the contact's change (DATE_MODIFY) is later than the
    /// promoter's last switch; a flag the portal itself has not yet seen reach Bitrix24 (its write is unsent, or the row
    /// was read before it was sent) is left alone. Returns how many promoters were switched.
    /// </summary>
    public async Task<int> ApplyCrmFlagsAsync(CancellationToken ct = default)
    {
        await _crmGate.WaitAsync(ct);
        try
        {
            var switched = 0;
            var code = PortalUserFields.PromoterFlag.Code;
            var pattern = $"%\"{code}\"%";
            while (true)
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                var cursor = await db.ProgramCursors.FindAsync([ContactsCursor], ct) ?? db.ProgramCursors.Add(new ProgramCursor { Program = ContactsCursor }).Entity;
                var after = cursor.DealsSyncedAfter ?? DateTime.MinValue;
                var afterId = cursor.LastFactId;
                var contacts = await db.Contacts.AsNoTracking()
                    .Where(c => c.ModifiedAt != null && (c.ModifiedAt > after || (c.ModifiedAt == after && c.Id > afterId))
                        && c.UserFields != null && EF.Functions.Like(c.UserFields, pattern))
                    .OrderBy(c => c.ModifiedAt).ThenBy(c => c.Id)
                    .Take(ContactsPerRead)
                    .Select(c => new { c.Id, c.ModifiedAt, c.SyncedAt, c.UserFields, c.DeletedAt })
                    .ToListAsync(ct);

                foreach (var contact in contacts.Where(c => c.DeletedAt is null))
                {
                    if (CrmFieldValues.Boolean(contact.UserFields, code) is not { } flag)
                    {
                        continue;
                    }

                    var changedAt = contact.ModifiedAt!.Value;
                    var changed = await ChangeAsync(async change =>
                    {
                        var promoter = await change.Promoters.FirstOrDefaultAsync(p => p.ContactId == contact.Id, ct);
                        if (promoter is null ? !flag : promoter.Active == flag)
                        {
                            return null;
                        }

                        if (promoter is not null)
                        {
                            if (changedAt <= promoter.SwitchedAt)
                            {
                                // The portal's own switch is later: its write-back tells Bitrix24.
                                return null;
                            }

                            var write = await change.CrmWriteBacks.AsNoTracking().FirstOrDefaultAsync(w => w.Key == FieldsKey(contact.Id), ct);
                            if (write is not null && (write.SentAt is null || write.SentAt > contact.SyncedAt))
                            {
                                // The portal's flag has not reached the mirror yet: this row predates it.
                                return null;
                            }
                        }

                        return await SwitchAsync(change, contact.Id, promoter, flag, changedAt, CrmActor, ct);
                    }, ct);
                    if (changed is not null)
                    {
                        switched++;
                    }
                }

                if (contacts.Count == 0)
                {
                    return switched;
                }

                // The cursor is (DATE_MODIFY, ID) of the last contact read: a contact changed again later is read again.
                cursor.DealsSyncedAfter = contacts[^1].ModifiedAt!.Value;
                cursor.LastFactId = contacts[^1].Id;
                await db.SaveChangesAsync(ct);
                if (contacts.Count < ContactsPerRead)
                {
                    return switched;
                }
            }
        }
        finally
        {
            _crmGate.Release();
        }
    }

    /// <summary>The rate text of a promoter for people: its own rate, "by the scale", or the default rate.</summary>
    public static string RateText(int? ownRate, PromoterSettings settings, CultureInfo language)
    {
        if (ownRate is null && settings.Scale.Count > 0)
        {
            return Texts.GetString("Rate_Scale", language) ?? "";
        }

        return Percent(ownRate ?? settings.DefaultRateBasisPoints, language);
    }

    /// <summary>Basis points as the reader's percent: "10 %", "12,5 %".</summary>
    public static string Percent(int basisPoints, CultureInfo language) =>
        (basisPoints / 100m).ToString("0.##", PortalCultures.FormatsOf(language)) + "\u00A0%";

    private CultureInfo Language => portal.Value.DefaultLanguage == "en" ? PortalCultures.English : PortalCultures.Russian;

    private string F(string key, params object[] args) =>
        string.Format(PortalCultures.FormatsOf(Language), Texts.GetString(key, Language) ?? key, args);

    private static PromoterException NotFound(long promoterId) => new($"Promoter {promoterId} does not exist.");

    /// <summary>Runs a change in a fresh context and saves it; a clash with a concurrent change (a code, a contact) runs it again.</summary>
    private async Task<T> ChangeAsync<T>(Func<LoyaltyDbContext, Task<T>> change, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            try
            {
                // One transaction: a new promoter is saved before its code (the code needs its ID), and both go with the writes.
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var result = await change(db);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return result;
            }
            catch (DbUpdateException ex) when (attempt < 10 && !ct.IsCancellationRequested)
            {
                logger.LogInformation(ex, "A promoter change clashed with another; trying again");
            }
        }
    }

    private async Task<Promoter> SwitchAsync(LoyaltyDbContext db, long contactId, Promoter? promoter, bool on, DateTime at, string actor, CancellationToken ct)
    {
        var now = clock.UtcNow;
        if (promoter is null)
        {
            promoter = new Promoter { ContactId = contactId, CreatedAt = now, SwitchedAt = at, SwitchedBy = actor };
            db.Promoters.Add(promoter);
            // The code row needs the promoter's ID: save the promoter first, inside the change's transaction.
            await db.SaveChangesAsync(ct);
        }
        else if (promoter.Active == on)
        {
            return promoter;
        }

        promoter.Active = on;
        promoter.SwitchedAt = at;
        promoter.SwitchedBy = actor;
        if (on && promoter.ActiveCode is null)
        {
            promoter.ActiveCode = await IssueCodeAsync(db, promoter, now, ct);
        }

        logger.LogInformation("Promoter {Id} (contact {Contact}) switched {State} by {Actor}", promoter.Id, contactId, on ? "on" : "off", actor);
        var settings = (await settingsStore.CurrentAsync(ct)).Settings;
        await QueueFieldsAsync(db, promoter, now, ct);
        var stamp = at.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        var comment = on
            ? F("Comment_On", promoter.ActiveCode!, RateText(promoter.RateBasisPoints, settings, Language), links.ReferralUrl(promoter.ActiveCode!))
            : F("Comment_Off");
        await QueueCommentAsync(db, contactId, $"{(on ? "on" : "off")}:{stamp}", comment, now, ct);
        return promoter;
    }

    private static async Task<string> IssueCodeAsync(LoyaltyDbContext db, Promoter promoter, DateTime now, CancellationToken ct)
    {
        var code = await PromoterCodes.NewUniqueAsync(db, ct);
        db.PromoterCodes.Add(new PromoterCode { Code = code, PromoterId = promoter.Id, CreatedAt = now });
        return code;
    }

    /// <summary>The contact's flag, code and link as they now are (code and link empty while the mode is off).</summary>
    private async Task QueueFieldsAsync(LoyaltyDbContext db, Promoter promoter, DateTime now, CancellationToken ct)
    {
        var code = promoter.Active ? promoter.ActiveCode ?? "" : "";
        promoter.CrmFlagWritten = promoter.Active;
        await CrmWriteBackOutbox.EnqueueAsync(db, FieldsKey(promoter.ContactId), "crm.contact.update", new Dictionary<string, object>
        {
            ["id"] = promoter.ContactId,
            ["fields"] = new Dictionary<string, object>
            {
                [PortalUserFields.PromoterFlag.Code] = promoter.Active ? "1" : "0",
                [PortalUserFields.PromoterCode.Code] = code,
                [PortalUserFields.PromoterLink.Code] = code.Length == 0 ? "" : links.ReferralUrl(code),
            },
        }, now, ct);
    }

    private static Task QueueCommentAsync(LoyaltyDbContext db, long contactId, string what, string comment, DateTime now, CancellationToken ct) =>
        CrmWriteBackOutbox.EnqueueAsync(db, $"contact:{contactId}:comment:promoter:{what}", "crm.timeline.comment.add", new Dictionary<string, object>
        {
            ["fields"] = new Dictionary<string, object> { ["ENTITY_ID"] = contactId, ["ENTITY_TYPE"] = "contact", ["COMMENT"] = comment },
        }, now, ct);
}
