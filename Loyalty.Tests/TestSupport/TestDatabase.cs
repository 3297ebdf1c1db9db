using Loyalty.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.TestSupport;

/// <summary>
/// A real SQLite file in a temporary folder with the committed migrations applied, handed out as the
/// <see cref="IDbContextFactory{TContext}"/> the portal's services take (never EF InMemory). Deleted on dispose.
/// </summary>
public sealed class TestDatabase : IDbContextFactory<LoyaltyDbContext>, IAsyncDisposable
{
    private readonly string _folder;
    private readonly DbContextOptions<LoyaltyDbContext> _options;

    private TestDatabase(string folder)
    {
        _folder = folder;
        var connection = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "loyalty.db"), DefaultTimeout = 30 }.ToString();
        _options = new DbContextOptionsBuilder<LoyaltyDbContext>().UseSqlite(connection).Options;
    }

    public static async Task<TestDatabase> CreateAsync()
    {
        var database = new TestDatabase(Directory.CreateTempSubdirectory("loyalty-db-").FullName);
        await using var db = database.CreateDbContext();
        await db.Database.MigrateAsync();
        return database;
    }

    public LoyaltyDbContext CreateDbContext() => new(_options);

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finishing query; the OS temp cleaner takes it.
        }

        return ValueTask.CompletedTask;
    }
}
