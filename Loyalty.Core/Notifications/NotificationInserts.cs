using System.Data.Common;
using Loyalty.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Loyalty.Core.Notifications;

/// <summary>
/// Saves queued notices with <c>INSERT … ON CONFLICT (DedupeKey) DO NOTHING</c> in the transaction of the save that
/// carries them (the caller's, or one opened for that save), so two transactions that queue the same occasion at once
/// both succeed and one row results: the unique index decides, and the loser's other changes are kept. The columns
/// come from the EF model, so the statement follows the entity's configuration.
/// </summary>
internal static class NotificationInserts
{
    public static bool HasPending(LoyaltyDbContext db)
    {
        // Every save asks this first: a queued notice is Added by Add(), never found by comparing snapshots, so the
        // look skips DetectChanges (the save itself runs it once; a sync batch tracks thousands of rows).
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return db.ChangeTracker.Entries<Notification>().Any(e => e.State == EntityState.Added);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    public static async Task<int> SaveAsync(LoyaltyDbContext db, Func<Task<int>> save, CancellationToken ct)
    {
        var added = db.ChangeTracker.Entries<Notification>().Where(e => e.State == EntityState.Added).ToList();
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            var inserted = 0;
            await using (var command = Command(db, out var columns))
            {
                foreach (var entry in added)
                {
                    Bind(command, columns, entry);
                    inserted += Settle(entry, await command.ExecuteScalarAsync(ct));
                }
            }

            var saved = await save();
            if (own is not null)
            {
                await own.CommitAsync(ct);
            }

            return saved + inserted;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    public static int Save(LoyaltyDbContext db, Func<int> save)
    {
        var added = db.ChangeTracker.Entries<Notification>().Where(e => e.State == EntityState.Added).ToList();
        using var own = db.Database.CurrentTransaction is null ? db.Database.BeginTransaction() : null;
        var inserted = 0;
        using (var command = Command(db, out var columns))
        {
            foreach (var entry in added)
            {
                Bind(command, columns, entry);
                inserted += Settle(entry, command.ExecuteScalar());
            }
        }

        var saved = save();
        own?.Commit();
        return saved + inserted;
    }

    /// <summary>The inserted row's ID becomes the entity's (tracked as saved); a duplicate is let go.</summary>
    private static int Settle(EntityEntry<Notification> entry, object? id)
    {
        if (id is null or DBNull)
        {
            entry.State = EntityState.Detached;
            return 0;
        }

        var key = entry.Property(n => n.Id);
        key.CurrentValue = Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture);
        key.IsTemporary = false;
        entry.State = EntityState.Unchanged;
        return 1;
    }

    private static DbCommand Command(LoyaltyDbContext db, out IReadOnlyList<IProperty> columns)
    {
        var entity = db.Model.FindEntityType(typeof(Notification))!;
        var sql = db.GetService<ISqlGenerationHelper>();
        columns = entity.GetProperties().Where(p => !p.IsPrimaryKey()).ToList();
        var names = string.Join(", ", columns.Select(p => sql.DelimitIdentifier(p.GetColumnName())));
        var values = string.Join(", ", columns.Select((_, i) => "@p" + i));
        var key = sql.DelimitIdentifier(entity.FindProperty(nameof(Notification.DedupeKey))!.GetColumnName());
        var id = sql.DelimitIdentifier(entity.FindPrimaryKey()!.Properties[0].GetColumnName());
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(entity.GetTableName()!)} ({names}) VALUES ({values}) ON CONFLICT ({key}) DO NOTHING RETURNING {id}";
        for (var i = 0; i < columns.Count; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static void Bind(DbCommand command, IReadOnlyList<IProperty> columns, EntityEntry<Notification> entry)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            var value = entry.Property(columns[i].Name).CurrentValue;
            var converter = columns[i].GetTypeMapping().Converter;
            command.Parameters[i].Value = (value is null ? null : converter is null ? value : converter.ConvertToProvider(value)) ?? DBNull.Value;
        }
    }
}
