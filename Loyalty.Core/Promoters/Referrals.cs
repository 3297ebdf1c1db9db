using System.Net.Mail;
using Loyalty.Core.Bonuses;
using Loyalty.Core.Data;
using Loyalty.Core.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Loyalty.Core.Promoters;

/// <summary>What a visitor typed into the referral form.</summary>
public sealed record ReferralInput(string? Name, string? Phone, string? Email, bool Consent, string? FormToken, string? Website);

/// <summary>The referral page for one code: whether the link works, what to show and the form's one-time token.</summary>
public sealed record ReferralPageView(bool LinkValid, ReferralPageContent Content, string FormToken);

public enum ReferralOutcome
{
    /// <summary>Recorded (or already recorded from the same form, or a bot's post quietly dropped): say thank you.</summary>
    Accepted,

    /// <summary>Something to correct: <see cref="ReferralResult.Errors"/> names the fields.</summary>
    Invalid,

    /// <summary>The code is unknown, revoked or its promoter switched off.</summary>
    LinkInvalid,
}

/// <summary>The answer to a post; <see cref="Page"/> carries a fresh form token when the form is shown again.</summary>
public sealed record ReferralResult(ReferralOutcome Outcome, IReadOnlyList<SettingsError> Errors, ReferralPageView Page);

/// <summary>
/// The public referral page's side in Core: shows a code's page, records a submission with its consent, and erases a
/// person's data on request. A valid and an invalid code do the same work (the promoter lookup, the settings, a form
/// token) so that neither the answer nor its timing tells them apart. The lead is not created here: the submission is
/// the outbox row that <see cref="ReferralLeadSender"/> turns into a Bitrix24 lead.
/// </summary>
public sealed class Referrals(
    IDbContextFactory<LoyaltyDbContext> dbFactory, ReferralPageSettings settings, ReferralFormTokens tokens, ReferralOutbox outbox,
    IOptions<ReferralOptions> options, TimeProvider time, ILogger<Referrals> logger)
{
    public const string ConsentPurpose = "referral";

    public async Task<ReferralPageView> OpenAsync(string? code, CancellationToken ct = default)
    {
        var normalized = Normalize(code);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var promoter = await FindAsync(db, normalized, ct);
        var content = await settings.GetAsync(ct);
        return new ReferralPageView(promoter is not null, content, tokens.Issue(normalized, Lifetime));
    }

    public async Task<ReferralResult> SubmitAsync(string? code, ReferralInput input, string clientAddress, CancellationToken ct = default)
    {
        var normalized = Normalize(code);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var promoter = await FindAsync(db, normalized, ct);
        var content = await settings.GetAsync(ct);
        var token = tokens.Read(input.FormToken);
        var fresh = new ReferralPageView(promoter is not null, content, tokens.Issue(normalized, Lifetime));
        if (promoter is null)
        {
            return new(ReferralOutcome.LinkInvalid, [], fresh);
        }

        // The honeypot: a field people never see. A bot that fills it is thanked and nothing is kept.
        if (!string.IsNullOrEmpty(input.Website))
        {
            logger.LogInformation("A referral form with the honeypot filled was dropped (code {Code}, from {Client})", normalized, clientAddress);
            return new(ReferralOutcome.Accepted, [], fresh);
        }

        var errors = new List<SettingsError>();
        if (token is null || token.Code != normalized)
        {
            errors.Add(new("form", "Referral_FormExpired"));
        }

        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors.Add(new(nameof(input.Name), "Referral_NameRequired"));
        }

        TextLimits.Check(errors, nameof(input.Name), name, ReferralLimits.Name);
        string? phone = null;
        if (!string.IsNullOrWhiteSpace(input.Phone))
        {
            if (TextLimits.IsTooLong(input.Phone, ReferralLimits.PhoneInput))
            {
                errors.Add(new(nameof(input.Phone), TextLimits.TooLongKey, ReferralLimits.PhoneInput));
            }
            else if (PhoneNumbers.Normalize(input.Phone) is { IsValid: true } normalizedPhone)
            {
                phone = normalizedPhone.E164;
            }
            else
            {
                errors.Add(new(nameof(input.Phone), "Referral_PhoneInvalid"));
            }
        }

        string? email = null;
        if (!string.IsNullOrWhiteSpace(input.Email))
        {
            var trimmed = input.Email.Trim();
            if (trimmed.Length > ReferralLimits.Email)
            {
                errors.Add(new(nameof(input.Email), TextLimits.TooLongKey, ReferralLimits.Email));
            }
            else if (!IsEmail(trimmed))
            {
                errors.Add(new(nameof(input.Email), "Referral_EmailInvalid"));
            }
            else
            {
                email = trimmed.ToLowerInvariant();
            }
        }

        if (string.IsNullOrWhiteSpace(input.Phone) && string.IsNullOrWhiteSpace(input.Email))
        {
            errors.Add(new(nameof(input.Phone), "Referral_ContactRequired"));
        }

        if (!input.Consent)
        {
            errors.Add(new(nameof(input.Consent), "Referral_ConsentRequired"));
        }

        if (errors.Count > 0)
        {
            return new(ReferralOutcome.Invalid, errors, fresh);
        }

        // The same form again (a double click, a reload, a second tab): already recorded, thank again.
        if (await db.Set<ReferralSubmission>().AnyAsync(s => s.FormToken == token!.Nonce, ct))
        {
            return new(ReferralOutcome.Accepted, [], fresh);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var address = clientAddress.Length > ReferralLimits.ClientAddress ? clientAddress[..ReferralLimits.ClientAddress] : clientAddress;
        var consent = new ConsentRecord { GivenAt = now, ClientAddress = address, PolicyVersion = content.PolicyVersion, PolicyHash = content.PolicyHash, Purpose = ConsentPurpose };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Set<ConsentRecord>().Add(consent);
        await db.SaveChangesAsync(ct);
        db.Set<ReferralSubmission>().Add(new ReferralSubmission
        {
            PromoterId = promoter.Id,
            Code = normalized,
            Name = name,
            Phone = phone,
            Email = email,
            CreatedAt = now,
            ClientAddress = address,
            FormToken = token!.Nonce,
            ConsentId = consent.Id,
            Status = ReferralSubmissionStatus.Pending,
            DueAt = now,
        });
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two posts of one form at the same moment: the other one was recorded; this consent goes with the rollback.
            await transaction.RollbackAsync(CancellationToken.None);
            if (await SameFormRecordedAsync(token.Nonce, ct))
            {
                return new(ReferralOutcome.Accepted, [], fresh);
            }

            throw;
        }

        outbox.Wake();
        return new(ReferralOutcome.Accepted, [], fresh);
    }

    /// <summary>
    /// Erases a person's data on request: every submission with this phone or e-mail keeps its promoter, code, dates
    /// and lead ID (so commissions and counts stay right) but loses the name, phone, e-mail and client address, and
    /// its consent loses the client address. A submission not yet sent is not sent any more. Returns how many were erased.
    /// </summary>
    public async Task<int> EraseAsync(string? phone, string? email, CancellationToken ct = default)
    {
        var e164 = string.IsNullOrWhiteSpace(phone) ? null : PhoneNumbers.Normalize(phone).E164;
        var mail = string.IsNullOrWhiteSpace(email) ? null : email.Trim().ToLowerInvariant();
        if (e164 is null && mail is null)
        {
            return 0;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var rows = await db.Set<ReferralSubmission>()
            .Where(s => (e164 != null && s.Phone == e164) || (mail != null && s.Email == mail))
            .ToListAsync(ct);
        var consentIds = rows.Select(r => r.ConsentId).ToHashSet();
        foreach (var row in rows)
        {
            row.Name = "";
            row.Phone = null;
            row.Email = null;
            row.ClientAddress = "";
            row.ErasedAt = now;
            if (row.Status == ReferralSubmissionStatus.Pending && row.LeadId is null && !row.LookupFirst)
            {
                // Never sent: nothing of the person goes to Bitrix24 any more.
                row.Status = ReferralSubmissionStatus.Done;
                row.LastError = null;
            }
        }

        foreach (var consent in await db.Set<ConsentRecord>().Where(c => consentIds.Contains(c.Id)).ToListAsync(ct))
        {
            consent.ClientAddress = "";
            consent.ErasedAt = now;
        }

        await db.SaveChangesAsync(ct);
        logger.LogInformation("Erased the personal data of {Count} referral submission(s) on request", rows.Count);
        return rows.Count;
    }

    /// <summary>Codes are shown in capitals; a link typed in lower case works too. Over-long input is cut, never stored.</summary>
    public static string Normalize(string? code)
    {
        var text = (code ?? "").Trim().ToUpperInvariant();
        return text.Length > ReferralLimits.Code ? text[..ReferralLimits.Code] : text;
    }

    private TimeSpan Lifetime => TimeSpan.FromHours(Math.Max(1, options.Value.FormTokenHours));

    /// <summary>A well-formed code no one can hold (codes are drawn at random; this one is looked up, never issued).</summary>
    private const string Placeholder = "22222222";

    private static async Task<Promoter?> FindAsync(LoyaltyDbContext db, string code, CancellationToken ct)
    {
        // Always one lookup, also for an empty or malformed code: the same work, and so the same time, for every answer.
        var wellFormed = PromoterCodes.Normalize(code);
        var promoter = await PromoterCodes.FindActiveAsync(db, wellFormed ?? Placeholder, ct);
        return wellFormed is null ? null : promoter;
    }

    private async Task<bool> SameFormRecordedAsync(string nonce, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<ReferralSubmission>().AnyAsync(s => s.FormToken == nonce, ct);
    }

    /// <summary>An address a person could have meant: one @, a dot in the domain, no spaces; what MailAddress accepts as it is.</summary>
    public static bool IsEmail(string text) =>
        !text.Any(char.IsWhiteSpace) && text.IndexOf('@') is var at && at > 0 && at == text.LastIndexOf('@')
        && text.IndexOf('.', at) > at + 1 && !text.EndsWith('.') && MailAddress.TryCreate(text, out var parsed) && parsed.Address == text;
}
