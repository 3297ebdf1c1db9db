using Loyalty.Core.Bonuses;
using Loyalty.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Gamification;

/// <summary>A badge in the settings list (without its picture's bytes): the rating it ranks in, and how many employees hold it.</summary>
public sealed record BadgeSummary(Badge Badge, string? RatingName, int Holders);

/// <summary>A badge was refused: each error names the field and why (a resource key).</summary>
public sealed class BadgeInvalidException(IReadOnlyList<SettingsError> errors)
    : Exception("The badge is not valid: " + string.Join(", ", errors.Select(e => $"{e.Field} ({e.MessageKey})"))), ISettingsRefusal
{
    public IReadOnlyList<SettingsError> Errors { get; } = errors;
}

/// <summary>
/// Reads and saves the badges administrators define. A save keeps only the fields its rule uses; deactivating a
/// badge stops new awards and keeps those already given.
/// </summary>
public sealed class BadgeStore(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider time)
{
    /// <summary>Every badge, active ones first, with its holders (employees with an award not revoked).</summary>
    public async Task<IReadOnlyList<BadgeSummary>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var badges = await db.Badges.AsNoTracking()
            .OrderByDescending(b => b.Active).ThenBy(b => b.Category).ThenBy(b => b.Name).ThenBy(b => b.Id)
            .Select(b => new Badge
            {
                Id = b.Id, Name = b.Name, Description = b.Description, Icon = b.Icon, Category = b.Category, Audience = b.Audience, Rule = b.Rule,
                Metric = b.Metric, Period = b.Period, RatingId = b.RatingId, BronzeThreshold = b.BronzeThreshold, SilverThreshold = b.SilverThreshold,
                GoldThreshold = b.GoldThreshold, Repeatable = b.Repeatable, Active = b.Active, CreatedAt = b.CreatedAt,
            })
            .ToListAsync(ct);
        var holders = await db.BadgeAwards.AsNoTracking().Where(a => a.RevokedAt == null)
            .GroupBy(a => a.BadgeId)
            .Select(g => new { BadgeId = g.Key, Holders = g.Select(a => a.EmployeeId).Distinct().Count() })
            .ToDictionaryAsync(g => g.BadgeId, g => g.Holders, ct);
        var ratings = await db.Ratings.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Name, ct);
        return badges.Select(b => new BadgeSummary(b, b.RatingId is { } id ? ratings.GetValueOrDefault(id) : null, holders.GetValueOrDefault(b.Id))).ToList();
    }

    public async Task<Badge?> FindAsync(long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Badges.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, ct);
    }

    /// <summary>
    /// Creates (<see cref="Badge.Id"/> 0) or changes a badge, with a new uploaded <paramref name="picture"/> if one is
    /// given; refused with <see cref="BadgeInvalidException"/>. Its awards are never touched.
    /// </summary>
    public async Task<Badge> SaveAsync(Badge draft, byte[]? picture = null, CancellationToken ct = default)
    {
        var badge = BadgeValidator.Tidy(draft);
        var errors = BadgeValidator.Validate(badge).ToList();
        var pictureType = picture is null ? null : BadgePictures.Check(picture, errors);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = badge.Id == 0 ? null : await db.Badges.FirstOrDefaultAsync(b => b.Id == badge.Id, ct);
        if (badge.Id != 0 && row is null)
        {
            throw new BadgeInvalidException([new(nameof(Badge.Id), "Badge_Error_NotFound")]);
        }

        if (badge.Icon == BadgeIcons.Upload && picture is null && row?.IconData is not { Length: > 0 })
        {
            errors.Add(new(nameof(Badge.Icon), "Badge_Error_PictureMissing"));
        }

        if (badge.Rule == BadgeRule.RatingRank && badge.RatingId is { } ratingId)
        {
            var rating = await db.Ratings.AsNoTracking().FirstOrDefaultAsync(r => r.Id == ratingId, ct);
            if (rating is null)
            {
                errors.Add(new(nameof(Badge.RatingId), "Badge_Error_RatingNotFound"));
            }
            else if (rating.Scope == RatingScope.Team)
            {
                errors.Add(new(nameof(Badge.RatingId), "Badge_Error_RatingOfTeams"));
            }
            else
            {
                // A rank badge is earned once per the rating's period: it follows the rating's.
                badge.Period = rating.Period;
            }
        }

        if (errors.Count > 0)
        {
            throw new BadgeInvalidException(errors);
        }

        if (row is null)
        {
            row = db.Badges.Add(new Badge { CreatedAt = time.GetUtcNow().UtcDateTime }).Entity;
        }

        Copy(badge, row);
        if (picture is not null)
        {
            (row.Icon, row.IconData, row.IconContentType) = (BadgeIcons.Upload, picture, pictureType);
        }
        else if (row.Icon != BadgeIcons.Upload)
        {
            (row.IconData, row.IconContentType) = (null, null);
        }

        await db.SaveChangesAsync(ct);
        return row;
    }

    /// <summary>Gives a badge an uploaded picture (PNG, JPEG or WebP by its bytes, at most <see cref="BadgePictures.MaxBytes"/>).</summary>
    public async Task SetIconAsync(long badgeId, byte[] picture, CancellationToken ct = default)
    {
        var errors = new List<SettingsError>();
        var contentType = BadgePictures.Check(picture, errors);
        if (errors.Count > 0)
        {
            throw new BadgeInvalidException(errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Badges.FirstOrDefaultAsync(b => b.Id == badgeId, ct) ?? throw new BadgeInvalidException([new(nameof(Badge.Id), "Badge_Error_NotFound")]);
        (row.Icon, row.IconData, row.IconContentType) = (BadgeIcons.Upload, picture, contentType);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Gives a badge one of the built-in icons; an uploaded picture it had is dropped.</summary>
    public async Task SetBuiltInIconAsync(long badgeId, string icon, CancellationToken ct = default)
    {
        if (icon == BadgeIcons.Upload || !BadgeIcons.IsKnown(icon))
        {
            throw new BadgeInvalidException([new(nameof(Badge.Icon), "Badge_Error_IconUnknown")]);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Badges.FirstOrDefaultAsync(b => b.Id == badgeId, ct) ?? throw new BadgeInvalidException([new(nameof(Badge.Id), "Badge_Error_NotFound")]);
        (row.Icon, row.IconData, row.IconContentType) = (icon, null, null);
        await db.SaveChangesAsync(ct);
    }

    private static void Copy(Badge from, Badge to)
    {
        to.Name = from.Name;
        to.Description = from.Description;
        to.Icon = from.Icon;
        to.Category = from.Category;
        to.Audience = from.Audience;
        to.Rule = from.Rule;
        to.Metric = from.Metric;
        to.Period = from.Period;
        to.RatingId = from.RatingId;
        to.BronzeThreshold = from.BronzeThreshold;
        to.SilverThreshold = from.SilverThreshold;
        to.GoldThreshold = from.GoldThreshold;
        to.Repeatable = from.Repeatable;
        to.Active = from.Active;
    }
}

/// <summary>What makes a badge invalid besides its levels (<see cref="BadgeLevels.Validate"/>): its name, category, audience and icon.</summary>
public static class BadgeValidator
{
    /// <summary>A copy with the text trimmed and only the fields its rule reads; the rest would mislead the next reader.</summary>
    public static Badge Tidy(Badge draft)
    {
        var rule = draft.Rule;
        var levels = rule is not (BadgeRule.FirstWonDeal or BadgeRule.Manual);
        return new Badge
        {
            Id = draft.Id,
            Name = draft.Name?.Trim() ?? "",
            Description = draft.Description?.Trim() ?? "",
            Icon = draft.Icon,
            Category = draft.Category?.Trim() ?? "",
            Audience = draft.Audience,
            Rule = rule,
            Metric = rule is BadgeRule.MetricInPeriod or BadgeRule.Cumulative ? draft.Metric : null,
            Period = rule == BadgeRule.MetricInPeriod || (rule == BadgeRule.Manual && draft.Repeatable) ? draft.Period : null,
            RatingId = rule == BadgeRule.RatingRank ? draft.RatingId : null,
            BronzeThreshold = levels ? draft.BronzeThreshold : null,
            SilverThreshold = levels ? draft.SilverThreshold : null,
            GoldThreshold = levels ? draft.GoldThreshold : null,
            // A first deal and an all-time total happen once; a repeat needs a period to repeat in.
            Repeatable = rule is (BadgeRule.MetricInPeriod or BadgeRule.RatingRank or BadgeRule.Manual) && draft.Repeatable,
            Active = draft.Active,
        };
    }

    /// <summary>The checks that need no database; the store adds the rating's and the picture's.</summary>
    public static IReadOnlyList<SettingsError> Validate(Badge badge)
    {
        var errors = BadgeLevels.Validate(badge).ToList();
        TextLimits.Check(errors, nameof(Badge.Name), badge.Name, TextLimits.Name);

        if (string.IsNullOrWhiteSpace(badge.Category))
        {
            errors.Add(new(nameof(Badge.Category), "Badge_Error_CategoryRequired"));
        }
        else
        {
            TextLimits.Check(errors, nameof(Badge.Category), badge.Category, TextLimits.Name);
        }

        TextLimits.Check(errors, nameof(Badge.Description), badge.Description, TextLimits.Description);

        // Customers earn nothing yet: the evaluator awards employees only.
        if (badge.Audience != BadgeAudience.Employee)
        {
            errors.Add(new(nameof(Badge.Audience), "Badge_Error_AudienceEmployeesOnly"));
        }

        if (!BadgeIcons.IsKnown(badge.Icon))
        {
            errors.Add(new(nameof(Badge.Icon), "Badge_Error_IconUnknown"));
        }

        if (!Enum.IsDefined(badge.Rule))
        {
            errors.Add(new(nameof(Badge.Rule), "Badge_Error_RuleUnknown"));
        }

        return errors;
    }
}

/// <summary>Uploaded badge pictures: PNG, JPEG or WebP, told by their first bytes (never by the file's name), up to 256 KB.</summary>
public static class BadgePictures
{
    public const int MaxBytes = 256 * 1024;

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];

    /// <summary>"image/png", "image/jpeg" or "image/webp" by the file's signature; null for anything else.</summary>
    public static string? ContentTypeOf(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith(Png))
        {
            return "image/png";
        }

        if (data.StartsWith(Jpeg))
        {
            return "image/jpeg";
        }

        // RIFF <size> WEBP
        return data.Length >= 12 && data[..4].SequenceEqual("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8) ? "image/webp" : null;
    }

    /// <summary>The picture's type, or null with the reason added to <paramref name="errors"/>.</summary>
    public static string? Check(byte[] picture, List<SettingsError> errors)
    {
        if (picture.Length > MaxBytes)
        {
            errors.Add(new(nameof(Badge.IconData), "Badge_Error_PictureTooLarge", MaxBytes / 1024));
            return null;
        }

        if (ContentTypeOf(picture) is { } contentType)
        {
            return contentType;
        }

        errors.Add(new(nameof(Badge.IconData), "Badge_Error_PictureFormat"));
        return null;
    }
}
