using System.Globalization;
using System.Text.Json;
using Loyalty.Core.Bitrix24;
using Loyalty.Core.Bitrix24.UserFields;
using Loyalty.Core.Data;
using Loyalty.Core.Portal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Loyalty.Core.Promoters;

/// <summary>
/// Turns referral submissions into Bitrix24 leads, in batches: per submission a <c>crm.lead.add</c> (TITLE naming the
/// promoter, NAME, PHONE/EMAIL multifields, SOURCE_ID, the promoter's contact ID in <c>UF_CRM_LOY_PR_ID</c>, and a marker
/// in ORIGINATOR_ID/ORIGIN_ID) followed by a <c>crm.timeline.comment.add</c> on the new lead (<c>$result[…]</c>), up to
/// 25 submissions (50 commands) per batch. Nothing is lost and nothing is doubled:
/// <list type="bullet">
/// <item>a submission is marked "look up first" before its lead is sent, and cleared when the answer is recorded; a send
/// whose answer never came (timeout, broken connection, a crash in between) is looked up by its marker before it is
/// sent again, so the same submission never becomes two leads;</item>
/// <item>a failure is retried with back-off (<see cref="ReferralOptions.FirstRetrySeconds"/>, doubling, up to an hour),
/// its error kept on the row; a lead created whose comment failed retries only the comment.</item>
/// </list>
/// </summary>
public sealed class ReferralLeadSender(
    IDbContextFactory<LoyaltyDbContext> dbFactory, IBitrix24Client client, PortalClock clock, IOptions<ReferralOptions> options,
    TimeProvider time, ILogger<ReferralLeadSender> logger)
{
    /// <summary>The lead's ORIGINATOR_ID: which system the lead came from.</summary>
    public const string Originator = "loyalty-referrals";

    private const int PerBatch = 25;
    private const int MaxPerRun = 2_000;

    private readonly SemaphoreSlim _sending = new(1, 1);

    /// <summary>The promoter field on leads, from the registry of the portal's fields (decision 015).</summary>
    public static string LeadPromoterField => PortalUserFields.LeadPromoterId.Code;

    /// <summary>The lead's ORIGIN_ID for a submission: its form nonce, unique across installations.</summary>
    public static string Marker(ReferralSubmission submission) => "ref-" + submission.FormToken;

    /// <summary>Sends what is due; returns how many submissions got their lead. One run at a time.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        await _sending.WaitAsync(ct);
        try
        {
            var created = 0;
            var handled = 0;
            while (handled < MaxPerRun)
            {
                var due = await DueAsync(ct);
                if (due.Count == 0)
                {
                    break;
                }

                handled += due.Count;
                var round = await SendAsync(due, ct);
                if (round is null)
                {
                    break;
                }

                created += round.Value;
            }

            return created;
        }
        finally
        {
            _sending.Release();
        }
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private async Task<List<ReferralSubmission>> DueAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = Now;
        return await db.Set<ReferralSubmission>().AsNoTracking()
            .Where(s => s.Status != ReferralSubmissionStatus.Done && s.DueAt <= now)
            .OrderBy(s => s.DueAt).ThenBy(s => s.Id).Take(PerBatch).ToListAsync(ct);
    }

    /// <summary>One batch; the number of leads created, or null when the portal could not be reached (the rest waits).</summary>
    private async Task<int?> SendAsync(List<ReferralSubmission> due, CancellationToken ct)
    {
        // 1. Sends whose answer never came: is the lead there already?
        var lookups = due.Where(s => s.LookupFirst && s.LeadId is null).ToList();
        if (lookups.Count > 0)
        {
            var commands = lookups.Select((s, i) => new Bitrix24Command($"f{i}", "crm.lead.list", new Dictionary<string, object?>
            {
                ["filter"] = new Dictionary<string, object?> { ["ORIGINATOR_ID"] = Originator, ["ORIGIN_ID"] = Marker(s) },
                ["select"] = new[] { "ID" },
                ["order"] = new Dictionary<string, object?> { ["ID"] = "ASC" },
            })).ToList();
            Bitrix24BatchResult found;
            try
            {
                found = await client.BatchAsync(commands, halt: false, ct);
            }
            catch (Exception ex) when (IsTransient(ex, ct))
            {
                await FailAsync(due, ex.Message);
                return null;
            }

            await using var db = await dbFactory.CreateDbContextAsync(ct);
            for (var i = 0; i < lookups.Count; i++)
            {
                var row = await db.Set<ReferralSubmission>().FirstAsync(s => s.Id == lookups[i].Id, ct);
                if (found.Errors.ContainsKey($"f{i}"))
                {
                    continue;
                }

                if (found.Results.TryGetValue($"f{i}", out var rows) && rows.ValueKind == JsonValueKind.Array && rows.GetArrayLength() > 0
                    && new Bitrix24Row(rows[0]).Long("ID") is { } leadId)
                {
                    logger.LogInformation("Referral submission {Id}: its lead {LeadId} was created by an earlier send whose answer was lost", row.Id, leadId);
                    row.LeadId = leadId;
                    row.LeadCreatedAt ??= Now;
                    row.Status = ReferralSubmissionStatus.LeadCreated;
                }
                else if (row.ErasedAt is not null)
                {
                    // Erased before its lead was created: nothing goes to Bitrix24 any more.
                    row.Status = ReferralSubmissionStatus.Done;
                }

                row.LookupFirst = false;
                lookups[i] = row;
            }

            await db.SaveChangesAsync(CancellationToken.None);
            due = [.. due.Select(s => lookups.FirstOrDefault(l => l.Id == s.Id) ?? s).Where(s => s.Status != ReferralSubmissionStatus.Done)];
            if (due.Count == 0)
            {
                return 0;
            }
        }

        // 2. The texts: the promoter's name, the consent's policy version.
        var (names, contacts, policies) = await DetailsAsync(due, ct);
        var batch = new List<Bitrix24Command>();
        for (var i = 0; i < due.Count; i++)
        {
            var s = due[i];
            var promoter = names.GetValueOrDefault(s.PromoterId) is { Length: > 0 } name ? name : ReferralText.Get("Lead_UnnamedPromoter", PortalCultures.Russian, s.Code);
            var comment = ReferralText.Get("Lead_Comment", PortalCultures.Russian, promoter, s.Code,
                clock.ToPortal(s.CreatedAt).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture), policies.GetValueOrDefault(s.ConsentId));
            object entity;
            if (s.LeadId is { } leadId)
            {
                entity = leadId;
            }
            else
            {
                batch.Add(new Bitrix24Command($"a{i}", "crm.lead.add", new Dictionary<string, object?>
                {
                    ["fields"] = LeadFields(s, promoter, contacts.GetValueOrDefault(s.PromoterId)),
                    ["params"] = new Dictionary<string, object?> { ["REGISTER_SONET_EVENT"] = "Y" },
                }));
                entity = $"$result[a{i}]";
            }

            batch.Add(new Bitrix24Command($"c{i}", "crm.timeline.comment.add", new Dictionary<string, object?>
            {
                ["fields"] = new Dictionary<string, object?> { ["ENTITY_ID"] = entity, ["ENTITY_TYPE"] = "lead", ["COMMENT"] = comment },
            }));
        }

        // 3. In flight: until the answer is recorded, these leads may exist.
        var adding = due.Where(s => s.LeadId is null).Select(s => s.Id).ToList();
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await db.Set<ReferralSubmission>().Where(s => adding.Contains(s.Id)).ExecuteUpdateAsync(u => u.SetProperty(s => s.LookupFirst, true), ct);
        }

        Bitrix24BatchResult result;
        try
        {
            result = await client.BatchAsync(batch, halt: false, ct);
        }
        catch (Exception ex) when (IsTransient(ex, ct))
        {
            logger.LogWarning(ex, "Sending {Count} referral lead(s) to Bitrix24 failed; they are looked up and retried", due.Count);
            await FailAsync(due, ex.Message);
            return null;
        }

        // 4. The answers.
        var created = 0;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var now = Now;
            for (var i = 0; i < due.Count; i++)
            {
                var row = await db.Set<ReferralSubmission>().FirstAsync(s => s.Id == due[i].Id, ct);
                string? error = null;
                if (row.LeadId is null)
                {
                    if (result.Results.TryGetValue($"a{i}", out var id) && LeadId(id) is { } leadId)
                    {
                        row.LeadId = leadId;
                        row.LeadCreatedAt = now;
                        row.Status = ReferralSubmissionStatus.LeadCreated;
                        created++;
                    }
                    else
                    {
                        error = result.Errors.TryGetValue($"a{i}", out var failed) ? $"{failed.Code}: {failed.Message}" : "crm.lead.add answered no ID";
                    }

                    // Answered either way: the lead exists (recorded) or was refused.
                    row.LookupFirst = false;
                }

                if (row.LeadId is not null)
                {
                    if (result.Results.ContainsKey($"c{i}"))
                    {
                        row.CommentedAt = now;
                        row.Status = ReferralSubmissionStatus.Done;
                    }
                    else
                    {
                        error = result.Errors.TryGetValue($"c{i}", out var failed) ? $"{failed.Code}: {failed.Message}" : "crm.timeline.comment.add answered nothing";
                    }
                }

                if (error is null)
                {
                    row.LastError = null;
                }
                else
                {
                    Retry(row, error, now);
                }
            }

            await db.SaveChangesAsync(CancellationToken.None);
        }

        return created;
    }

    /// <summary>crm.lead.add's result: an integer (§2.2), tolerated as a string of digits.</summary>
    private static long? LeadId(JsonElement result) => result.ValueKind switch
    {
        JsonValueKind.Number when result.TryGetInt64(out var id) && id > 0 => id,
        JsonValueKind.String when long.TryParse(result.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 => id,
        _ => null,
    };

    private Dictionary<string, object?> LeadFields(ReferralSubmission s, string promoter, long promoterContactId)
    {
        var fields = new Dictionary<string, object?>
        {
            ["TITLE"] = ReferralText.Get("Lead_Title", PortalCultures.Russian, promoter),
            ["NAME"] = s.Name,
            ["SOURCE_ID"] = options.Value.SourceId,
            ["SOURCE_DESCRIPTION"] = ReferralText.Get("Lead_SourceDescription", PortalCultures.Russian, promoter, s.Code),
            ["ORIGINATOR_ID"] = Originator,
            ["ORIGIN_ID"] = Marker(s),
        };
        if (promoterContactId > 0)
        {
            // If the portal has not created the field yet, Bitrix24 drops it and the lead still arrives; the submission
            // keeps the promoter and the lead ID here, and the source description names the promoter and code.
            fields[LeadPromoterField] = promoterContactId;
        }
        if (s.Phone is { } phone)
        {
            fields["PHONE"] = new[] { new Dictionary<string, object?> { ["VALUE"] = phone, ["VALUE_TYPE"] = "WORK" } };
        }

        if (s.Email is { } email)
        {
            fields["EMAIL"] = new[] { new Dictionary<string, object?> { ["VALUE"] = email, ["VALUE_TYPE"] = "WORK" } };
        }

        return fields;
    }

    private async Task<(Dictionary<long, string> Names, Dictionary<long, long> Contacts, Dictionary<long, int> Policies)> DetailsAsync(List<ReferralSubmission> due, CancellationToken ct)
    {
        var promoterIds = due.Select(s => s.PromoterId).Distinct().ToList();
        var consentIds = due.Select(s => s.ConsentId).Distinct().ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var promoters = await db.Set<Promoter>().AsNoTracking().Where(p => promoterIds.Contains(p.Id)).Select(p => new { p.Id, p.ContactId }).ToListAsync(ct);
        var contactIds = promoters.Select(p => p.ContactId).ToList();
        var contacts = await db.Contacts.AsNoTracking().Where(c => contactIds.Contains(c.Id)).Select(c => new { c.Id, c.FirstName, c.LastName }).ToListAsync(ct);
        var names = promoters.ToDictionary(p => p.Id, p => contacts.FirstOrDefault(c => c.Id == p.ContactId) is { } c ? $"{c.FirstName} {c.LastName}".Trim() : "");
        var policies = await db.Set<ConsentRecord>().AsNoTracking().Where(c => consentIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.PolicyVersion, ct);
        return (names, promoters.ToDictionary(p => p.Id, p => p.ContactId), policies);
    }

    /// <summary>
    /// The whole batch failed: each submission is retried later. LookupFirst stays as it is — set before a send whose
    /// answer never came, so the next attempt looks the lead up before adding it again.
    /// </summary>
    private async Task FailAsync(List<ReferralSubmission> due, string error)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var now = Now;
        var ids = due.Select(s => s.Id).ToList();
        foreach (var row in await db.Set<ReferralSubmission>().Where(s => ids.Contains(s.Id)).ToListAsync(CancellationToken.None))
        {
            Retry(row, error, now);
        }

        await db.SaveChangesAsync(CancellationToken.None);
    }

    private void Retry(ReferralSubmission row, string error, DateTime now)
    {
        row.Attempts++;
        row.LastError = error.Length > ReferralLimits.Error ? error[..ReferralLimits.Error] : error;
        row.DueAt = now + Backoff(row.Attempts);
        logger.LogWarning("Referral submission {Id} failed (attempt {Attempts}): {Error}", row.Id, row.Attempts, row.LastError);
    }

    /// <summary>First retry, then doubling, at most an hour.</summary>
    public TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(3600, Math.Max(1, options.Value.FirstRetrySeconds) * Math.Pow(2, Math.Clamp(attempts - 1, 0, 12))));

    private static bool IsTransient(Exception ex, CancellationToken ct) =>
        ex is Bitrix24Exception or HttpRequestException or TaskCanceledException or IOException && !ct.IsCancellationRequested;
}
