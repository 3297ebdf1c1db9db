using Loyalty.Core.Bitrix24;
using Loyalty.Core.Bonuses;
using Loyalty.Core.Sync;
using Loyalty.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Loyalty.Core.Data;

/// <summary>
/// Brings the database to the current schema at start-up and seeds what every installation needs:
/// the roles, and in sandbox mode one demo account per role.
/// </summary>
public sealed class DatabaseInitializer(
    LoyaltyDbContext db,
    RoleManager<IdentityRole> roles,
    UserManager<AppUser> users,
    IOptions<Bitrix24Options> bitrix24,
    TimeProvider time,
    ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken ct = default)
    {
        var dataSource = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        if (Path.GetDirectoryName(Path.GetFullPath(dataSource)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        await db.Database.MigrateAsync(ct);
        // WAL lets readers (pages, health checks) go on while a sync writes; the setting sticks to the file.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        logger.LogInformation("Database ready at {Path}", Path.GetFullPath(dataSource));
        await FailInterruptedWorkAsync(ct);

        foreach (var role in Roles.All.Append(Roles.Promoter))
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), $"role {role}");
            }
        }

        if (bitrix24.Value.Mode == Bitrix24Mode.Sandbox)
        {
            await SeedDemoAccountsAsync();
        }
    }

    /// <summary>
    /// A sync run or a bonus recalculation still "running" in the database was running in a process that died
    /// (a crash, a kill): nothing will ever finish it, and a run shown as running forever hides that it failed.
    /// This runs before the host starts any job or worker, and SQLite means a single node, so at this moment
    /// every such row is stale. With several nodes on one database (PostgreSQL) this would fail another node's
    /// live run: there, mark only rows owned by no live process (an owner and heartbeat column), not all of them.
    /// </summary>
    private async Task FailInterruptedWorkAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var runs = await db.SyncRuns
            .Where(r => r.Status == SyncStatus.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, SyncStatus.Failed)
                .SetProperty(r => r.Error, SyncRun.Interrupted)
                .SetProperty(r => r.FinishedAt, (DateTime?)now), ct);
        var recalculations = await BonusRecalculations.FailInterruptedAsync(db, ct);
        if (runs + recalculations > 0)
        {
            logger.LogWarning("Marked as failed (interrupted by the last stop): {Runs} sync run(s), {Recalculations} bonus recalculation(s)", runs, recalculations);
        }
    }

    private async Task SeedDemoAccountsAsync()
    {
        foreach (var demo in DemoAccounts.All)
        {
            if (await users.FindByEmailAsync(demo.Email) is not null)
            {
                continue;
            }

            var user = new AppUser
            {
                UserName = demo.Email,
                Email = demo.Email,
                EmailConfirmed = true,
                DisplayName = demo.DisplayName,
                CreatedAtUtc = time.GetUtcNow().UtcDateTime,
            };
            Check(await users.CreateAsync(user, demo.Password), demo.Email);
            Check(await users.AddToRoleAsync(user, demo.Role), demo.Email);
            logger.LogInformation("Demo account {Email} ({Role}) created", demo.Email, demo.Role);
        }
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not seed {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
