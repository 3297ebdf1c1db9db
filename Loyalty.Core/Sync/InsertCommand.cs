using System.Data.Common;
using System.Text;
using Loyalty.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Loyalty.Core.Sync;

/// <summary>
/// One prepared <c>INSERT</c> for an entity type, re-bound for each row, run on the context's connection within
/// its current transaction. The sync inserts several rows per row it reads on a first sync; EF Core's
/// <c>SaveChanges</c> sends one command per row through its change tracker, several times slower than this
/// (docs/performance.md). The table, columns, parameter types and value converters come from the EF model, so the
/// statement follows the entities; columns the database generates (an identity key) are left to it and not read back.
/// </summary>
internal sealed class InsertCommand<T> : IAsyncDisposable
    where T : class
{
    private readonly DbCommand _command;
    private readonly Column[] _columns;

    private InsertCommand(DbCommand command, Column[] columns)
    {
        _command = command;
        _columns = columns;
    }

    /// <summary>
    /// Prepares the statement. With <paramref name="uniqueProperty"/>, a row whose value there is already stored is
    /// skipped (<c>ON CONFLICT … DO NOTHING</c>, SQLite and PostgreSQL) and <see cref="ExecuteAsync"/> returns 0 for it.
    /// </summary>
    public static async Task<InsertCommand<T>> CreateAsync(LoyaltyDbContext db, string? uniqueProperty, CancellationToken ct)
    {
        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        if (entityType.GetComplexProperties().Any() || entityType.GetDirectlyDerivedTypes().Any() || entityType.BaseType is not null)
        {
            throw new NotSupportedException($"{typeof(T).Name}: complex properties and inheritance are not supported by the sync's insert.");
        }

        var table = entityType.GetTableName() ?? throw new NotSupportedException($"{typeof(T).Name} is not mapped to a table.");
        var store = StoreObjectIdentifier.Table(table, entityType.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("The sync's inserts run inside the chunk's transaction.");
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;

        var columns = new List<Column>();
        var names = new StringBuilder();
        var values = new StringBuilder();
        foreach (var property in entityType.GetProperties())
        {
            if (property.ValueGenerated != ValueGenerated.Never)
            {
                continue;
            }

            if (property.IsShadowProperty() || property.GetColumnName(store) is not { } column)
            {
                throw new NotSupportedException($"{typeof(T).Name}.{property.Name}: shadow properties and unmapped columns are not supported by the sync's insert.");
            }

            var parameterName = "p" + columns.Count;
            var mapping = property.GetRelationalTypeMapping();
            var parameter = mapping.CreateParameter(command, sql.GenerateParameterName(parameterName), null, property.IsNullable);
            command.Parameters.Add(parameter);
            columns.Add(new Column(property.GetGetter(), mapping.Converter, parameter));
            names.Append(names.Length == 0 ? "" : ", ").Append(sql.DelimitIdentifier(column));
            values.Append(values.Length == 0 ? "" : ", ").Append(sql.GenerateParameterNamePlaceholder(parameterName));
        }

        command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(table, entityType.GetSchema())} ({names}) VALUES ({values})"
            + (uniqueProperty is null ? "" : $" ON CONFLICT ({sql.DelimitIdentifier(UniqueColumn(entityType, uniqueProperty, store))}) DO NOTHING")
            + sql.StatementTerminator;
        await command.PrepareAsync(ct);
        return new InsertCommand<T>(command, [.. columns]);
    }

    /// <summary>Inserts one row; returns 1, or 0 when a row with the same unique value was already stored.</summary>
    public async Task<int> ExecuteAsync(T entity, CancellationToken ct)
    {
        foreach (var column in _columns)
        {
            var value = column.Getter.GetClrValueUsingContainingEntity(entity);
            if (column.Converter is { } converter)
            {
                value = converter.ConvertToProvider(value);
            }

            column.Parameter.Value = value ?? DBNull.Value;
        }

        return await _command.ExecuteNonQueryAsync(ct);
    }

    public ValueTask DisposeAsync() => _command.DisposeAsync();

    /// <summary>The column of a property with a unique index on it alone: what ON CONFLICT can name.</summary>
    private static string UniqueColumn(IEntityType entityType, string propertyName, StoreObjectIdentifier store)
    {
        var property = entityType.FindProperty(propertyName) ?? throw new InvalidOperationException($"{entityType.DisplayName()} has no property {propertyName}.");
        if (entityType.FindIndex([property]) is not { IsUnique: true } && entityType.FindPrimaryKey()?.Properties.SequenceEqual([property]) != true)
        {
            throw new InvalidOperationException($"{entityType.DisplayName()}.{propertyName} has no unique index: ON CONFLICT cannot name it.");
        }

        return property.GetColumnName(store)!;
    }

    private sealed record Column(IClrPropertyGetter Getter, ValueConverter? Converter, DbParameter Parameter);
}
