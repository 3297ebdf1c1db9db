using System.Globalization;
using Loyalty.Core.Data;
using Loyalty.Core.Sync;
using Loyalty.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Core.Sync;

/// <summary>
/// The real portal in sandbox mode on Kestrel: the sync's Bitrix24 client reaches the emulated portal over
/// real HTTP. A small fixed company (same seed and anchor every time), no live mode; scheduled syncs off,
/// so each test decides when a sync runs. Given a clock, the portal and its sandbox both read
/// that clock (a test that cuts periods needs "now" to stand still).
/// </summary>
public sealed class SyncPortal : LivePortal
{
    public static readonly DateTimeOffset Anchor = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    private readonly TimeProvider? _time;

    public SyncPortal(bool events = false, TimeProvider? time = null)
    {
        _time = time;
        Settings["Bitrix24:Mode"] = "Sandbox";
        Settings["Sandbox:AnchorUtc"] = Anchor.ToString("O", CultureInfo.InvariantCulture);
        Settings["Sandbox:Live:Enabled"] = "false";
        Settings["Sandbox:Events:Enabled"] = events ? "true" : "false";
        Settings["Sandbox:RateLimit:RequestsPerSecond"] = "0";
        Settings["Bitrix24:RequestsPerSecond"] = "0";
        Settings["Sandbox:Company:Managers"] = "8";
        Settings["Sandbox:Company:Departments"] = "3";
        Settings["Sandbox:Company:Contacts"] = "180";
        Settings["Sandbox:Company:Leads"] = "260";
        Settings["Sandbox:Company:Deals"] = "320";
        Settings["Sandbox:Company:Activities"] = "700";
        Settings["Sandbox:Company:Tasks"] = "130";
        Settings["Sandbox:Company:HistoryDays"] = "120";
        // Event re-reads run in the background worker only when a test wants events.
        Settings["Sync:Enabled"] = events ? "true" : "false";
    }

    public CrmSync Sync => Services.GetRequiredService<CrmSync>();

    public HttpClient Rest => _rest ??= new HttpClient { BaseAddress = new Uri(BaseAddress, "/sandbox/rest/1/sandbox/") };

    private HttpClient? _rest;

    /// <summary>
    /// Every mirror row and every fact key, as text, without the columns that say when the mirror wrote them:
    /// two mirrors of the same portal must produce the same snapshot.
    /// </summary>
    /// <summary>Waits until <paramref name="condition"/> holds on a fresh unit of work of the portal's database.</summary>
    public Task WaitUntilAsync(Func<LoyaltyDbContext, Task<bool>> condition, string what) =>
        Eventually.TrueAsync(async () =>
        {
            await using var db = await Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
            return await condition(db);
        }, what, interval: TimeSpan.FromMilliseconds(100));

    public IReadOnlyList<string> MirrorSnapshot()
    {
        var lines = new List<string>();
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        foreach (var table in new[] { "CrmDepartments", "CrmEmployees", "CrmPipelines", "CrmStages", "CrmCurrencies", "CrmContacts", "CrmLeads", "CrmDeals", "CrmActivities", "CrmTasks" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table} ORDER BY 1";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var values = Enumerable.Range(0, reader.FieldCount)
                    .Where(i => reader.GetName(i) is not ("SyncedAt"))
                    .Select(i => $"{reader.GetName(i)}={(reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))}");
                lines.Add($"{table}: {string.Join("; ", values)}");
            }
        }

        return lines;
    }

    public IReadOnlyList<string> FactKeys()
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Key FROM CrmFacts ORDER BY Key";
        using var reader = command.ExecuteReader();
        var keys = new List<string>();
        while (reader.Read())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (_time is { } time)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(time));
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _rest?.Dispose();
        }

        base.Dispose(disposing);
    }
}
