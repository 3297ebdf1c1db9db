using Loyalty.Core.Data;
using Loyalty.Core.Gamification;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Loyalty.Tests.Core.Data;

/// <summary>The WholeThresholds migration on a real SQLite file: thresholds stored as REAL come back as whole numbers, exactly.</summary>
public sealed class WholeThresholdsMigrationTests
{
    private const string Before = "20261206190854_SyncIssueReasons";

    [Fact]
    public async Task BadgeThresholdsStoredAsRealKopecksBecomeTheSameWholeKopecks()
    {
        var folder = Directory.CreateTempSubdirectory("loyalty-migration-").FullName;
        try
        {
            var options = new DbContextOptionsBuilder<LoyaltyDbContext>()
                .UseSqlite(new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "loyalty.db") }.ToString()).Options;
            await using (var db = new LoyaltyDbContext(options))
            {
                await db.GetService<IMigrator>().MigrateAsync(Before);
                await db.Database.ExecuteSqlRawAsync("""
                    INSERT INTO "Badges" ("Name", "Description", "Icon", "Category", "Audience", "Rule", "Metric", "Repeatable", "Active", "CreatedAt",
                                          "BronzeThreshold", "SilverThreshold", "GoldThreshold")
                    VALUES ('Миллионер', '', 'star', '', 'Employee', 'MetricInPeriod', 'DealSum', 0, 1, '2026-12-01 00:00:00',
                            50000000.0, 100000000.0, 9007199254740.0),
                           ('Звонки', '', 'phone', '', 'Employee', 'MetricInPeriod', 'Calls', 0, 1, '2026-12-01 00:00:00', 20.0, NULL, 100.0),
                           ('Средний чек', '', 'star', '', 'Employee', 'MetricInPeriod', 'AverageDeal', 0, 1, '2026-12-01 00:00:00', 1234567.6, NULL, NULL);
                    """);
            }

            await using (var db = new LoyaltyDbContext(options))
            {
                await db.Database.MigrateAsync();
                var badges = await db.Badges.AsNoTracking().OrderBy(b => b.Id).Select(b => new { b.Name, b.BronzeThreshold, b.SilverThreshold, b.GoldThreshold }).ToListAsync();

                Assert.Equal(new { Name = "Миллионер", BronzeThreshold = (long?)50_000_000, SilverThreshold = (long?)100_000_000, GoldThreshold = (long?)9_007_199_254_740 }, badges[0]);
                Assert.Equal(new { Name = "Звонки", BronzeThreshold = (long?)20, SilverThreshold = (long?)null, GoldThreshold = (long?)100 }, badges[1]);
                Assert.Equal(new { Name = "Средний чек", BronzeThreshold = (long?)1_234_568, SilverThreshold = (long?)null, GoldThreshold = (long?)null }, badges[2]);
                Assert.Equal("integer", await TypeOfAsync(db, "SELECT typeof(\"BronzeThreshold\") AS \"Value\" FROM \"Badges\" WHERE \"Name\" = 'Средний чек'"));
                Assert.Equal([BadgeLevel.Bronze, BadgeLevel.Silver], BadgeLevels.Reached(await db.Badges.FirstAsync(), 100_000_000));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<string> TypeOfAsync(LoyaltyDbContext db, string sql) => await db.Database.SqlQueryRaw<string>(sql).SingleAsync();
}
