using System.Globalization;
using Loyalty.Core.Crm;
using Loyalty.Core.Data;
using Loyalty.Core.Sync;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Core.Sync;

/// <summary>
/// The chunk writer (<c>CrmSync.FlushAsync</c>) on a real SQLite file: what it stores for new, changed, stale,
/// repeated and restored rows, and that a row it inserts reads exactly like one EF Core inserts.
/// </summary>
public sealed class SyncWritePathTests
{
    private static readonly DateTime Monday = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task AChunkOfNewChangedStaleRepeatedAndRestoredRowsWritesEachChangeAndEachFactOnce()
    {
        await using var portal = new SyncPortal();
        portal.Start();
        var sync = portal.Sync;
        var changes = new List<MirrorChange>();
        portal.Services.GetRequiredService<SyncMonitor>().MirrorChanged += changes.Add;

        // New rows; the same ID twice in one chunk: the later one wins.
        var first = await sync.FlushAsync(SyncEntity.Deals, [Deal(901, "won", StageSemantics.Success, 0), Deal(902, "early", StageSemantics.InProgress, 0), Deal(902, "late", StageSemantics.InProgress, 1)], FactRules.ForDeal, [], default);

        Assert.Equal(new EntityCounts(0, 2, 3, 0), first);
        Assert.Equal(["deal:901:created", "deal:901:won:2026-03-02T09:00:00Z", "deal:902:created"], await FactKeysAsync(portal, 901, 902, 903));
        var afterFirst = await DealsAsync(portal);
        Assert.Equal("late", afterFirst[902].Title);
        Assert.Equal(Monday, afterFirst[901].WonAt);

        // Unchanged (901), stale (902: older than the mirror's), new (903).
        var second = await sync.FlushAsync(SyncEntity.Deals, [Deal(901, "won", StageSemantics.Success, 0), Deal(902, "stale", StageSemantics.Success, -5), Deal(903, "new", StageSemantics.Failure, 2)], FactRules.ForDeal, [], default);

        Assert.Equal(new EntityCounts(0, 1, 2, 0), second);
        var afterSecond = await DealsAsync(portal);
        Assert.Equal("late", afterSecond[902].Title);
        Assert.Equal(afterFirst[901].SyncedAt, afterSecond[901].SyncedAt);
        Assert.Equal(afterFirst[902].SyncedAt, afterSecond[902].SyncedAt);
        Assert.Equal(["deal:901:created", "deal:901:won:2026-03-02T09:00:00Z", "deal:902:created", "deal:903:created", "deal:903:lost:2026-03-02T11:00:00Z"], await FactKeysAsync(portal, 901, 902, 903));

        // 901 is deleted in the portal, then comes back: restored, and its facts (same keys) are not written again.
        var deleted = await sync.MarkDeletedAsync<Deal>(SyncEntity.Deals, [901], FactRules.ForDeletedDeal, default);
        Assert.Equal(new EntityCounts(0, 1, 1, 0), deleted);
        var tombstone = (await DealsAsync(portal))[901];
        Assert.NotNull(tombstone.DeletedAt);

        var third = await sync.FlushAsync(SyncEntity.Deals, [Deal(901, "won", StageSemantics.Success, 0), Deal(902, "late", StageSemantics.Success, 3)], FactRules.ForDeal, [], default);

        Assert.Equal(new EntityCounts(0, 2, 1, 0), third);
        var afterThird = await DealsAsync(portal);
        Assert.Null(afterThird[901].DeletedAt);
        Assert.True(afterThird[901].SyncedAt > tombstone.SyncedAt);
        Assert.Equal(StageSemantics.Success, afterThird[902].Semantics);
        Assert.Equal(
            ["deal:901:created", "deal:901:unwon:deleted", "deal:901:won:2026-03-02T09:00:00Z", "deal:902:created", "deal:902:won:2026-03-02T12:00:00Z", "deal:903:created", "deal:903:lost:2026-03-02T11:00:00Z"],
            await FactKeysAsync(portal, 901, 902, 903));
        Assert.Equal([new MirrorChange(SyncEntity.Deals, 2, 3), new MirrorChange(SyncEntity.Deals, 1, 2), new MirrorChange(SyncEntity.Deals, 1, 1), new MirrorChange(SyncEntity.Deals, 2, 1)], changes);

        // Facts are numbered in the order they were found.
        await using var db = await SyncOverSandboxTests.DbAsync(portal);
        var order = await db.CrmFacts.Where(f => f.EntityType == "deal" && f.EntityId >= 901 && f.EntityId <= 903).OrderBy(f => f.Id).Select(f => f.Key).ToListAsync();
        Assert.Equal(["deal:901:created", "deal:901:won:2026-03-02T09:00:00Z", "deal:902:created", "deal:903:created", "deal:903:lost:2026-03-02T11:00:00Z", "deal:901:unwon:deleted", "deal:902:won:2026-03-02T12:00:00Z"], order);
    }

    [Fact]
    public async Task ALargeChunkWritesEveryRowAndTheFirstFactOfEachKeyInOrder()
    {
        await using var portal = new SyncPortal();
        portal.Start();
        // 1,000 rows and 1,000 facts over 700 keys: the key of row i is i % 700, so rows 700..999 repeat a key.
        var deals = Enumerable.Range(0, 1000).Select(i => Deal(10_000 + i, $"deal {i}", StageSemantics.InProgress, 0)).ToList();
        IEnumerable<CrmFact> Facts(Deal? before, Deal after) =>
        [
            new CrmFact { Kind = CrmFactKind.DealCreated, Key = $"test:{(after.Id - 10_000) % 700}", EntityType = "deal", EntityId = after.Id, OccurredAt = Monday },
        ];

        var first = await portal.Sync.FlushAsync(SyncEntity.Deals, deals, Facts, [], default);
        var again = await portal.Sync.FlushAsync(SyncEntity.Deals, deals.Select(d => Deal(d.Id, d.Title, StageSemantics.InProgress, 1)).ToList(), Facts, [], default);

        Assert.Equal(new EntityCounts(0, 1000, 700, 0), first);
        Assert.Equal(new EntityCounts(0, 1000, 0, 0), again);
        await using var db = await SyncOverSandboxTests.DbAsync(portal);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"deal {i}"), await db.Deals.Where(d => d.Id >= 10_000).OrderBy(d => d.Id).Select(d => d.Title).ToListAsync());
        var facts = await db.CrmFacts.Where(f => f.Key.StartsWith("test:")).OrderBy(f => f.Id).Select(f => new { f.Key, f.EntityId }).ToListAsync();
        Assert.Equal(Enumerable.Range(0, 700).Select(i => new { Key = $"test:{i}", EntityId = 10_000L + i }), facts);
    }

    [Fact]
    public async Task ASyncIssueIsStoredWithTheChunkThatCarriedIt()
    {
        await using var portal = new SyncPortal();
        portal.Start();
        var issue = new SyncIssue { RunId = 0, Entity = SyncEntity.Deals, EntityId = 77, Message = "unknown deal stage \"X\"", At = Monday };

        var counts = await portal.Sync.FlushAsync(SyncEntity.Deals, [Deal(904, "ok", StageSemantics.InProgress, 0)], FactRules.ForDeal, [issue], default);

        Assert.Equal(new EntityCounts(0, 1, 1, 0), counts);
        await using var db = await SyncOverSandboxTests.DbAsync(portal);
        Assert.Equal("unknown deal stage \"X\"", (await db.SyncIssues.SingleAsync(i => i.EntityId == 77)).Message);
    }

    /// <summary>
    /// Every mirror entity and the fact, each property filled from the EF model: the row the sync inserts reads,
    /// column by column as SQLite stores it, like the same entity inserted through EF Core's SaveChanges.
    /// </summary>
    [Fact]
    public async Task ARowTheSyncInsertsIsStoredColumnForColumnAsEfCoreStoresIt()
    {
        await using var portal = new SyncPortal();
        portal.Start();
        await AssertStoredAlikeAsync<Department>(portal, SyncEntity.Departments);
        await AssertStoredAlikeAsync<Employee>(portal, SyncEntity.Employees);
        await AssertStoredAlikeAsync<Pipeline>(portal, SyncEntity.Pipelines);
        await AssertStoredAlikeAsync<Contact>(portal, SyncEntity.Contacts);
        await AssertStoredAlikeAsync<Lead>(portal, SyncEntity.Leads);
        await AssertStoredAlikeAsync<Deal>(portal, SyncEntity.Deals);
        await AssertStoredAlikeAsync<Activity>(portal, SyncEntity.Activities);
        await AssertStoredAlikeAsync<CrmTask>(portal, SyncEntity.Tasks);
    }

    private static async Task AssertStoredAlikeAsync<T>(SyncPortal portal, SyncEntity entity)
        where T : MirrorRecord, new()
    {
        const long bySync = 9_000_001, byEf = 9_000_002;
        var fact = Filled<CrmFact>(portal, 0);
        fact.Key = $"test:{typeof(T).Name}:sync";
        var record = Filled<T>(portal, bySync);
        var before = DateTime.UtcNow;

        var counts = await portal.Sync.FlushAsync<T>(entity, [record], (_, _) => [fact], [], default);

        Assert.Equal(new EntityCounts(0, 1, 1, 0), counts);
        await using (var db = await SyncOverSandboxTests.DbAsync(portal))
        {
            var reference = Filled<T>(portal, byEf);
            reference.DeletedAt = null;
            reference.SyncedAt = (await db.Set<T>().AsNoTracking().SingleAsync(r => r.Id == bySync)).SyncedAt;
            db.Add(reference);
            var referenceFact = Filled<CrmFact>(portal, 0);
            referenceFact.Key = $"test:{typeof(T).Name}:ef";
            referenceFact.RecordedAt = (await db.CrmFacts.AsNoTracking().SingleAsync(f => f.Key == fact.Key)).RecordedAt;
            db.Add(referenceFact);
            await db.SaveChangesAsync();
            Assert.InRange(reference.SyncedAt, before.AddSeconds(-1), DateTime.UtcNow);
        }

        var table = TableOf<T>(portal);
        Assert.Equal(StoredRow(portal, table, "Id", byEf, "Id"), StoredRow(portal, table, "Id", bySync, "Id"));
        Assert.Equal(StoredRow(portal, "CrmFacts", "Key", $"test:{typeof(T).Name}:ef", "Id", "Key"), StoredRow(portal, "CrmFacts", "Key", fact.Key, "Id", "Key"));
    }

    /// <summary>An entity with every mapped property set to a value other than its default (non-UTC times included).</summary>
    private static T Filled<T>(SyncPortal portal, long id)
        where T : class, new()
    {
        var entity = new T();
        var index = 1;
        foreach (var property in EntityType<T>(portal).GetProperties())
        {
            var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
            object value = type switch
            {
                _ when property.Name == "Id" => id,
                _ when type == typeof(string) => $"{property.Name} «{index}» ' \"",
                _ when type == typeof(long) => 1_000_000_000_000L + index,
                _ when type == typeof(int) => 1000 + index,
                _ when type == typeof(bool) => true,
                _ when type == typeof(DateTime) => new DateTime(2026, 3, 2, 9, 30, index, 123, DateTimeKind.Unspecified).AddTicks(4567),
                _ when type.IsEnum => Enum.GetValues(type).GetValue(Enum.GetValues(type).Length - 1)!,
                _ => throw new NotSupportedException($"No test value for {typeof(T).Name}.{property.Name} ({type})."),
            };
            property.PropertyInfo!.SetValue(entity, value);
            index++;
        }

        return entity;
    }

    private static IEntityType EntityType<T>(SyncPortal portal)
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LoyaltyDbContext>();
        return db.Model.FindEntityType(typeof(T))!;
    }

    private static string TableOf<T>(SyncPortal portal) => EntityType<T>(portal).GetTableName()!;

    /// <summary>One row as SQLite holds it: each column's storage class and text, less the columns named.</summary>
    private static string StoredRow(SyncPortal portal, string table, string keyColumn, object key, params string[] except)
    {
        using var connection = new SqliteConnection($"Data Source={portal.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\" WHERE \"{keyColumn}\" = $key";
        command.Parameters.AddWithValue("$key", key);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read(), $"no row {key} in {table}");
        var columns = Enumerable.Range(0, reader.FieldCount)
            .Where(i => !except.Contains(reader.GetName(i)))
            .Select(i => $"{reader.GetName(i)}={reader.GetDataTypeName(i)}:{(reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))}");
        return string.Join("; ", columns);
    }

    private static Deal Deal(long id, string title, StageSemantics semantics, int hours) => new()
    {
        Id = id,
        Title = title,
        PipelineId = 0,
        StageId = semantics switch { StageSemantics.Success => "WON", StageSemantics.Failure => "LOSE", _ => "NEW" },
        Semantics = semantics,
        AmountMinor = 150_010,
        CurrencyId = "RUB",
        AssignedById = 1,
        CreatedAt = Monday.AddDays(-1),
        ModifiedAt = Monday.AddHours(hours),
        MovedAt = Monday.AddHours(hours),
    };

    private static async Task<Dictionary<long, Deal>> DealsAsync(SyncPortal portal)
    {
        await using var db = await SyncOverSandboxTests.DbAsync(portal);
        return await db.Deals.AsNoTracking().Where(d => d.Id >= 901 && d.Id <= 904).ToDictionaryAsync(d => d.Id);
    }

    private static async Task<List<string>> FactKeysAsync(SyncPortal portal, params long[] ids)
    {
        await using var db = await SyncOverSandboxTests.DbAsync(portal);
        var keys = await db.CrmFacts.Where(f => f.EntityType == "deal" && ids.Contains(f.EntityId)).Select(f => f.Key).ToListAsync();
        return [.. keys.Order(StringComparer.Ordinal)];
    }
}
