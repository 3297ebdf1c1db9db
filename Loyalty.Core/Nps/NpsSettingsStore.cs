using System.Text.Json;
using Loyalty.Core.Bonuses;
using Loyalty.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Nps;

/// <summary>Reads and saves the NPS settings (one row, JSON) and the logo (one row).</summary>
public sealed class NpsSettingsStore(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider time)
{
    internal const int RowId = 1;

    public async Task<NpsSettings> CurrentAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await CurrentAsync(db, ct);
    }

    /// <summary>The settings through the caller's context (inside its transaction).</summary>
    public static async Task<NpsSettings> CurrentAsync(LoyaltyDbContext db, CancellationToken ct = default)
    {
        var json = await db.NpsSettingsRows.AsNoTracking().Where(r => r.Id == RowId).Select(r => r.Json).FirstOrDefaultAsync(ct);
        return Read(json);
    }

    /// <summary>Validates and saves; the errors say which fields and why (nothing is saved then). Never throws for bad input.</summary>
    public async Task<IReadOnlyList<SettingsError>> SaveAsync(NpsSettings settings, string actor, CancellationToken ct = default)
    {
        var (normalized, errors) = NpsSettingsValidator.Validate(settings);
        if (errors.Count > 0)
        {
            return errors;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await RowAsync(db, ct);
        row.Json = JsonSerializer.Serialize(normalized, NpsJson.Options);
        row.UpdatedAt = time.GetUtcNow().UtcDateTime;
        row.UpdatedBy = actor;
        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>Saves the logo; null when saved, else the resource key (not a PNG/JPEG/GIF/WebP image, larger than 512 KB).</summary>
    public async Task<string?> SaveLogoAsync(Stream content, CancellationToken ct = default)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > NpsLimits.LogoBytes)
            {
                return "NpsErr_LogoTooLarge";
            }
        }

        return await SaveLogoAsync(buffer.ToArray(), ct);
    }

    public async Task<string?> SaveLogoAsync(byte[] bytes, CancellationToken ct = default)
    {
        if (NpsLogoCheck.Check(bytes) is { } error)
        {
            return error;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var logo = await db.NpsLogos.FirstOrDefaultAsync(l => l.Id == RowId, ct);
        if (logo is null)
        {
            logo = new NpsLogo { Id = RowId };
            db.NpsLogos.Add(logo);
        }

        logo.Bytes = bytes;
        logo.ContentType = NpsLogoCheck.ContentTypeOf(bytes)!;
        logo.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return null;
    }

    public async Task<NpsLogo?> LogoAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.NpsLogos.AsNoTracking().FirstOrDefaultAsync(l => l.Id == RowId, ct);
    }

    /// <summary>When the logo was last changed (for its URL's version), without reading its bytes; null: no logo.</summary>
    public static Task<DateTime?> LogoUpdatedAtAsync(LoyaltyDbContext db, CancellationToken ct = default) =>
        db.NpsLogos.AsNoTracking().Where(l => l.Id == RowId).Select(l => (DateTime?)l.UpdatedAt).FirstOrDefaultAsync(ct);

    public async Task DeleteLogoAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.NpsLogos.Where(l => l.Id == RowId).ExecuteDeleteAsync(ct);
    }

    internal static async Task<NpsSettingsRow> RowAsync(LoyaltyDbContext db, CancellationToken ct)
    {
        var row = await db.NpsSettingsRows.FirstOrDefaultAsync(r => r.Id == RowId, ct);
        if (row is null)
        {
            row = new NpsSettingsRow { Id = RowId };
            db.NpsSettingsRows.Add(row);
        }

        return row;
    }

    private static NpsSettings Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new NpsSettings();
        }

        try
        {
            return JsonSerializer.Deserialize<NpsSettings>(json, NpsJson.Options) ?? new NpsSettings();
        }
        catch (JsonException)
        {
            return new NpsSettings();
        }
    }
}
