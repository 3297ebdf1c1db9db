using System.Security.Cryptography;
using System.Text;
using Loyalty.Core.Bonuses;
using Loyalty.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Promoters;

/// <summary>What the referral page shows: the company, the short text and the current policy (its version and text).</summary>
public sealed record ReferralPageContent(string CompanyName, string PageText, int PolicyVersion, string PolicyText, string PolicyHash);

/// <summary>
/// The referral page's settings: the company name and short text (one row), and the personal data policy, versioned —
/// saving a changed policy text adds a version, and each consent names the version it was given to. Until an
/// administrator saves anything the defaults below are shown (policy version 1, saved on first use so that consents
/// can point at its text).
/// </summary>
public sealed class ReferralPageSettings(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider time)
{
    public const string DefaultCompanyName = "Наша компания";

    public const string DefaultPageText = "Оставьте контакты — мы свяжемся с вами и расскажем об условиях. Вас рекомендовал наш партнёр.";

    public const string DefaultPolicyText =
        "Политика обработки персональных данных.\n\n" +
        "Отправляя форму, вы соглашаетесь на обработку указанных вами имени, телефона и адреса электронной почты для того, " +
        "чтобы мы связались с вами по вашей заявке. Данные хранятся в нашей CRM и не передаются третьим лицам. " +
        "Вы можете отозвать согласие и потребовать удаления данных, написав нам.";

    private volatile ReferralPageContent? _cached;

    /// <summary>The current content; cached until the next save.</summary>
    public async Task<ReferralPageContent> GetAsync(CancellationToken ct = default)
    {
        if (_cached is { } cached)
        {
            return cached;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Set<ReferralPageSettingsRow>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == ReferralPageSettingsRow.SingleId, ct);
        var policy = await db.Set<ReferralPolicyVersion>().AsNoTracking().OrderByDescending(p => p.Version).FirstOrDefaultAsync(ct);
        if (policy is null)
        {
            policy = new ReferralPolicyVersion { Version = 1, Text = DefaultPolicyText, Hash = Hash(DefaultPolicyText), CreatedAt = time.GetUtcNow().UtcDateTime };
            db.Set<ReferralPolicyVersion>().Add(policy);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another request saved version 1 at the same moment: it is the same default text.
            }
        }

        return _cached = new ReferralPageContent(row?.CompanyName ?? DefaultCompanyName, row?.PageText ?? DefaultPageText, policy.Version, policy.Text, policy.Hash);
    }

    /// <summary>
    /// The company name, read through the caller's context: a caller inside a write transaction (a notice queued with its
    /// cause) must not open a second connection that writes — on SQLite it would wait for the caller's own lock.
    /// </summary>
    public async Task<string> CompanyNameAsync(LoyaltyDbContext db, CancellationToken ct = default)
    {
        if (_cached is { } cached)
        {
            return cached.CompanyName;
        }

        var name = await db.Set<ReferralPageSettingsRow>().AsNoTracking().Where(r => r.Id == ReferralPageSettingsRow.SingleId).Select(r => r.CompanyName).FirstOrDefaultAsync(ct);
        return name ?? DefaultCompanyName;
    }

    /// <summary>The text of one policy version, or null.</summary>
    public async Task<ReferralPolicyVersion?> PolicyAsync(int version, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<ReferralPolicyVersion>().AsNoTracking().FirstOrDefaultAsync(p => p.Version == version, ct);
    }

    /// <summary>Checks the texts; an empty list when they can be saved.</summary>
    public static IReadOnlyList<SettingsError> Validate(string companyName, string pageText, string policyText)
    {
        var errors = new List<SettingsError>();
        if (string.IsNullOrWhiteSpace(companyName))
        {
            errors.Add(new(nameof(companyName), "Referral_CompanyRequired"));
        }

        if (string.IsNullOrWhiteSpace(policyText))
        {
            errors.Add(new(nameof(policyText), "Referral_PolicyRequired"));
        }

        TextLimits.Check(errors, nameof(companyName), companyName, ReferralLimits.CompanyName);
        TextLimits.Check(errors, nameof(pageText), pageText, ReferralLimits.PageText);
        TextLimits.Check(errors, nameof(policyText), policyText, ReferralLimits.PolicyText);
        return errors;
    }

    /// <summary>Saves the texts; a changed policy text becomes a new version. Returns the errors (nothing saved) or an empty list.</summary>
    public async Task<IReadOnlyList<SettingsError>> SaveAsync(string companyName, string pageText, string policyText, string? by, CancellationToken ct = default)
    {
        var errors = Validate(companyName, pageText, policyText);
        if (errors.Count > 0)
        {
            return errors;
        }

        await GetAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var row = await db.Set<ReferralPageSettingsRow>().FirstOrDefaultAsync(r => r.Id == ReferralPageSettingsRow.SingleId, ct);
        if (row is null)
        {
            row = new ReferralPageSettingsRow();
            db.Set<ReferralPageSettingsRow>().Add(row);
        }

        row.CompanyName = companyName.Trim();
        row.PageText = pageText.Trim();
        row.UpdatedAt = now;
        row.UpdatedBy = by;
        var policy = policyText.Trim();
        var current = await db.Set<ReferralPolicyVersion>().OrderByDescending(p => p.Version).FirstAsync(ct);
        if (current.Text != policy)
        {
            db.Set<ReferralPolicyVersion>().Add(new ReferralPolicyVersion { Version = current.Version + 1, Text = policy, Hash = Hash(policy), CreatedAt = now, CreatedBy = by });
        }

        await db.SaveChangesAsync(ct);
        _cached = null;
        return [];
    }

    /// <summary>SHA-256 of the text as UTF-8, lower-case hex.</summary>
    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
