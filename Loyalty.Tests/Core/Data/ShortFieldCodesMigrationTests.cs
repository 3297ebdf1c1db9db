using Loyalty.Core.Bonuses;
using Loyalty.Core.Data;
using Loyalty.Core.WriteBack;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Loyalty.Tests.Core.Data;

/// <summary>The ShortFieldCodes migration on a real SQLite file: saved versions that name an old default get the new name, nothing else changes.</summary>
public sealed class ShortFieldCodesMigrationTests
{
    private const string Before = "20261206213732_PortalFieldChecks";

    [Fact]
    public async Task VersionsNamingTheOldDefaultsGetTheNewNamesAndOwnCodesStay()
    {
        var folder = Directory.CreateTempSubdirectory("loyalty-migration-").FullName;
        try
        {
            var options = new DbContextOptionsBuilder<LoyaltyDbContext>()
                .UseSqlite(new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "loyalty.db") }.ToString()).Options;
            // As BonusSettingsStore wrote them before: the old defaults, and an administrator's own codes around them.
            var old = Json(new BonusSettings
            {
                Enabled = true, ContactBalanceField = "UF_CRM_LOYALTY_BALANCE", ContactTierField = "UF_CRM_LOYALTY_TIER",
                ContactPercentField = "UF_CRM_LOYALTY_PERCENT", DealRedeemField = "UF_CRM_LOYALTY_REDEEM", DealRedeemedField = "UF_CRM_LOYALTY_REDEEMED",
                Tiers = [new("UF_CRM_LOYALTY_BALANCE", 0, 3, 0)],
            });
            var own = Json(new BonusSettings
            {
                ContactBalanceField = "UF_CRM_LOYALTY_BALANCE_2", ContactTierField = "UF_CRM_1700000000", ContactPercentField = "UF_CRM_LOYALTY_PERCENT",
                DealRedeemField = "UF_CRM_LOYALTY_REDEEMED", DealRedeemedField = "UF_CRM_PAID",
            });
            await using (var db = new LoyaltyDbContext(options))
            {
                await db.GetService<IMigrator>().MigrateAsync(Before);
                db.BonusSettingsVersions.AddRange(
                    new BonusSettingsVersion { Version = 1, Json = old, ChangedAt = new DateTime(2026, 11, 1), ChangedBy = "admin@demo.loyalty" },
                    new BonusSettingsVersion { Version = 2, Json = own, ChangedAt = new DateTime(2026, 11, 2), ChangedBy = "admin@demo.loyalty" });
                await db.SaveChangesAsync();
            }

            await using (var db = new LoyaltyDbContext(options))
            {
                await db.Database.MigrateAsync();
                var versions = await db.BonusSettingsVersions.AsNoTracking().OrderBy(v => v.Version).ToListAsync();

                var first = Read(versions[0].Json);
                Assert.Equal(
                    ["UF_CRM_LOY_BALANCE", "UF_CRM_LOY_TIER", "UF_CRM_LOY_PERCENT", "UF_CRM_LOY_REDEEM", "UF_CRM_LOY_REDEEMED"],
                    first.FieldCodes().Select(f => f.Code));
                // A tier that happens to be called like a field keeps its name: only the settings' values are replaced.
                Assert.Equal("UF_CRM_LOYALTY_BALANCE", first.Tiers[0].Name);
                Assert.Equal(old.Replace("\"contactBalanceField\":\"UF_CRM_LOYALTY_BALANCE\"", "\"contactBalanceField\":\"UF_CRM_LOY_BALANCE\"", StringComparison.Ordinal)
                    .Replace("\"contactTierField\":\"UF_CRM_LOYALTY_TIER\"", "\"contactTierField\":\"UF_CRM_LOY_TIER\"", StringComparison.Ordinal)
                    .Replace("\"contactPercentField\":\"UF_CRM_LOYALTY_PERCENT\"", "\"contactPercentField\":\"UF_CRM_LOY_PERCENT\"", StringComparison.Ordinal)
                    .Replace("\"dealRedeemField\":\"UF_CRM_LOYALTY_REDEEM\"", "\"dealRedeemField\":\"UF_CRM_LOY_REDEEM\"", StringComparison.Ordinal)
                    .Replace("\"dealRedeemedField\":\"UF_CRM_LOYALTY_REDEEMED\"", "\"dealRedeemedField\":\"UF_CRM_LOY_REDEEMED\"", StringComparison.Ordinal),
                    versions[0].Json);

                var second = Read(versions[1].Json);
                Assert.Equal(
                    ["UF_CRM_LOYALTY_BALANCE_2", "UF_CRM_1700000000", "UF_CRM_LOY_PERCENT", "UF_CRM_LOYALTY_REDEEMED", "UF_CRM_PAID"],
                    second.FieldCodes().Select(f => f.Code));
                Assert.Equal((new DateTime(2026, 11, 2), "admin@demo.loyalty"), (versions[1].ChangedAt, versions[1].ChangedBy));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task UnsentWritesNamingAnOldFieldAreMovedAndSentOnesStayAsSent()
    {
        var folder = Directory.CreateTempSubdirectory("loyalty-migration-").FullName;
        try
        {
            var options = new DbContextOptionsBuilder<LoyaltyDbContext>()
                .UseSqlite(new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "loyalty.db") }.ToString()).Options;
            const string contact = """{"id":7,"fields":{"UF_CRM_LOYALTY_BALANCE":"120.00","UF_CRM_LOYALTY_TIER":"Серебряный","UF_CRM_OWN":"1"}}""";
            const string deal = """{"id":9,"fields":{"UF_CRM_LOYALTY_REDEEMED":"50.00","UF_CRM_LOYALTY_REDEEM":"0"}}""";
            var at = new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc);
            await using (var db = new LoyaltyDbContext(options))
            {
                await db.GetService<IMigrator>().MigrateAsync(Before);
                db.CrmWriteBacks.AddRange(
                    new CrmWriteBack { Key = "contact:7", Method = "crm.contact.update", Parameters = contact, CreatedAt = at, DueAt = at },
                    new CrmWriteBack { Key = "deal:9", Method = "crm.deal.update", Parameters = deal, CreatedAt = at, DueAt = at },
                    new CrmWriteBack { Key = "contact:8", Method = "crm.contact.update", Parameters = contact, CreatedAt = at, DueAt = at, SentAt = at });
                await db.SaveChangesAsync();
            }

            await using (var db = new LoyaltyDbContext(options))
            {
                await db.Database.MigrateAsync();
                var writes = await db.CrmWriteBacks.AsNoTracking().ToDictionaryAsync(w => w.Key, w => w.Parameters);

                Assert.Equal("""{"id":7,"fields":{"UF_CRM_LOY_BALANCE":"120.00","UF_CRM_LOY_TIER":"Серебряный","UF_CRM_OWN":"1"}}""", writes["contact:7"]);
                Assert.Equal("""{"id":9,"fields":{"UF_CRM_LOY_REDEEMED":"50.00","UF_CRM_LOY_REDEEM":"0"}}""", writes["deal:9"]);
                Assert.Equal(contact, writes["contact:8"]);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Json(BonusSettings settings) => System.Text.Json.JsonSerializer.Serialize(settings, BonusSettingsStore.Json);

    private static BonusSettings Read(string json) => System.Text.Json.JsonSerializer.Deserialize<BonusSettings>(json, BonusSettingsStore.Json)!;
}
