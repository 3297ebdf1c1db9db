using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Loyalty.Web.Sandbox.Generation;

namespace Loyalty.Web.Sandbox.Data;

/// <summary>One call of the app that changed something, as <c>GET /sandbox/journal</c> shows it.</summary>
internal sealed record JournalEntry(long Id, DateTimeOffset Time, string Method, JsonNode Parameters, JsonNode? Result);

/// <summary>
/// Everything the emulated portal knows, in memory, behind one reader/writer lock; every change is written
/// through to <see cref="SandboxFile"/> before the lock is released, so a restart finds exactly what was answered.
/// </summary>
internal sealed partial class SandboxStore : IDisposable
{
    /// <summary>The layout of the documents in the file; a file of another layout is generated anew.</summary>
    private const string FormatVersion = "1";
    private const string FormatKey = "format";
    private const string CreatedKey = "created";
    private const string AnchorKey = "anchor";
    private const string SeedKey = "seed";
    private const string MultiKey = "next:multi";
    private const string JournalKey = "next:journal";

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly SandboxFile _file;
    private readonly List<JournalEntry> _journal = [];
    private long _nextMultiId = 1;
    private long _nextJournalId = 1;

    private SandboxStore(SandboxFile file, PortalTime time)
    {
        _file = file;
        Time = time;
        Tables = Schemas.All.ToDictionary(s => s, s => new EntityTable(s));
    }

    public PortalTime Time { get; }

    public DateTimeOffset Anchor { get; private set; }

    public int Seed { get; private set; }

    /// <summary>How long the first start took to generate (and write) the demo company; zero when it was loaded.</summary>
    public TimeSpan GenerationTime { get; private set; }

    public IReadOnlyDictionary<EntitySchema, EntityTable> Tables { get; }

    public EntityTable Users => Tables[Schemas.User];

    public EntityTable Departments => Tables[Schemas.Department];

    public EntityTable Contacts => Tables[Schemas.Contact];

    public EntityTable Leads => Tables[Schemas.Lead];

    public EntityTable Deals => Tables[Schemas.Deal];

    public EntityTable Activities => Tables[Schemas.Activity];

    public EntityTable Tasks => Tables[Schemas.Task];

    public EntityTable TimelineComments => Tables[Schemas.TimelineComment];

    public EntityTable Notifications => Tables[Schemas.Notification];

    public string FilePath => _file.Path;

    /// <summary>Opens the sandbox file, generating the demo company into it on the very first start.</summary>
    public static SandboxStore Open(string path, SandboxOptions options, TimeProvider clock, ILogger logger)
    {
        var time = new PortalTime(TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone));
        var store = new SandboxStore(new SandboxFile(path), time);
        try
        {
            if (store._file.GetMeta(CreatedKey) is null || store._file.GetMeta(FormatKey) != FormatVersion)
            {
                store.Generate(options, clock, logger);
            }
            else
            {
                store.Load(logger);
                logger.LogInformation("Bitrix24 sandbox loaded from {Path}: {Deals} deals, {Contacts} contacts, {Leads} leads", path, store.Deals.Count, store.Contacts.Count, store.Leads.Count);
                if (store.Seed != options.Seed)
                {
                    logger.LogInformation("Sandbox:Seed is {Configured} but {Path} was generated with seed {Stored}; delete the file to generate the company anew", options.Seed, path, store.Seed);
                }
            }
        }
        catch
        {
            store.Dispose();
            throw;
        }

        return store;
    }

    public T Read<T>(Func<T> read)
    {
        _lock.EnterReadLock();
        try
        {
            return read();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public T Write<T>(Func<T> write)
    {
        _lock.EnterWriteLock();
        try
        {
            return write();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    // The methods below are called inside Write(...).

    public void Add(EntityTable table, Row row)
    {
        table.Insert(row);
        Save(table, row);
        _file.SetMeta("next:" + table.Schema.Name, table.NextId.ToString(CultureInfo.InvariantCulture));
    }

    public void Save(EntityTable table, Row row) => _file.Upsert(table.Schema.Name, row.Id, RowDocument.SerializeToUtf8(table.Schema, row));

    public bool Remove(EntityTable table, long id)
    {
        if (!table.Remove(id))
        {
            return false;
        }

        _file.Delete(table.Schema.Name, id);
        return true;
    }

    public long TakeMultiId()
    {
        var id = _nextMultiId++;
        _file.SetMeta(MultiKey, _nextMultiId.ToString(CultureInfo.InvariantCulture));
        return id;
    }

    public void AppendJournal(DateTimeOffset time, string method, JsonNode parameters, JsonNode? result)
    {
        var entry = new JournalEntry(_nextJournalId++, time, method, parameters, result);
        _journal.Add(entry);
        var document = new JsonObject
        {
            ["time"] = time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["method"] = method,
            ["parameters"] = parameters.DeepClone(),
            ["result"] = result?.DeepClone(),
        };
        _file.Upsert("journal", entry.Id, document.ToJsonString());
        _file.SetMeta(JournalKey, _nextJournalId.ToString(CultureInfo.InvariantCulture));
    }

    public IReadOnlyList<JournalEntry> Journal => _journal;

    public void ClearJournal()
    {
        _journal.Clear();
        _file.DeleteAll("journal");
    }

    public void Dispose()
    {
        _file.Dispose();
        _lock.Dispose();
    }

    private void Generate(SandboxOptions options, TimeProvider clock, ILogger logger)
    {
        var watch = Stopwatch.StartNew();
        var now = clock.GetUtcNow();
        // Bitrix24 keeps seconds, not fractions; an anchor with fractions would leak them into every date.
        var anchor = (options.AnchorUtc ?? now).ToUniversalTime();
        anchor = new DateTimeOffset(anchor.Ticks - (anchor.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        Anchor = anchor;
        Seed = options.Seed;

        var company = new CompanyGenerator(options.Seed, anchor, options.Company, Time).Generate();
        var generated = watch.Elapsed;
        _file.BulkLoad(insert =>
        {
            foreach (var (schema, rows) in company.Rows)
            {
                var table = Tables[schema];
                foreach (var row in rows)
                {
                    table.Insert(row);
                }

                // Documents are serialized on the other cores while SQLite writes the previous ones.
                var documents = rows.AsParallel().AsOrdered().WithMergeOptions(ParallelMergeOptions.NotBuffered)
                    .Select(r => (r.Id, RowDocument.SerializeToUtf8(schema, r)));
                insert(schema.Name, documents);
            }
        });

        foreach (var (schema, table) in Tables)
        {
            _file.SetMeta("next:" + schema.Name, table.NextId.ToString(CultureInfo.InvariantCulture));
        }

        _nextMultiId = company.NextMultiId;
        _file.SetMeta(MultiKey, _nextMultiId.ToString(CultureInfo.InvariantCulture));
        _file.SetMeta(AnchorKey, anchor.ToString("O", CultureInfo.InvariantCulture));
        _file.SetMeta(SeedKey, Seed.ToString(CultureInfo.InvariantCulture));
        _file.SetMeta(JournalKey, "1");
        _file.SetMeta(FormatKey, FormatVersion);
        // Written last: a start interrupted before this line generates again.
        _file.SetMeta(CreatedKey, now.ToString("O", CultureInfo.InvariantCulture));
        GenerationTime = watch.Elapsed;
        logger.LogInformation(
            "Bitrix24 sandbox generated the demo company (seed {Seed}, anchor {Anchor:O}) in {Generated} ms, written to {Path} in {Total} ms: {Users} users, {Departments} departments, {Contacts} contacts, {Leads} leads, {Deals} deals, {Activities} activities, {Tasks} tasks",
            Seed, anchor, (long)generated.TotalMilliseconds, _file.Path, (long)GenerationTime.TotalMilliseconds, Users.Count, Departments.Count,
            Contacts.Count, Leads.Count, Deals.Count, Activities.Count, Tasks.Count);
    }

    private void Load(ILogger logger)
    {
        Anchor = DateTimeOffset.Parse(_file.GetMeta(AnchorKey)!, CultureInfo.InvariantCulture);
        Seed = int.Parse(_file.GetMeta(SeedKey)!, CultureInfo.InvariantCulture);
        foreach (var (schema, table) in Tables)
        {
            // Parsing is the slow part of a start with a large company; it runs on every core, in ID order.
            var rows = _file.ReadAll(schema.Name).AsParallel().AsOrdered().Select(d => RowDocument.Deserialize(schema, d.Id, d.Document));
            foreach (var row in rows)
            {
                table.Insert(row);
            }

            // IDs are never reused, even after the newest row was deleted.
            if (_file.GetMeta("next:" + schema.Name) is { } next)
            {
                table.NextId = Math.Max(table.NextId, long.Parse(next, CultureInfo.InvariantCulture));
            }
        }

        LoadUserFields();
        _nextMultiId = long.Parse(_file.GetMeta(MultiKey) ?? "1", CultureInfo.InvariantCulture);
        foreach (var (id, document) in _file.ReadAll("journal"))
        {
            JsonObject node;
            try
            {
                node = JsonNode.Parse(document, documentOptions: Values.StoredJson)!.AsObject();
            }
            catch (JsonException)
            {
                // Written before parameters were bounded (thousands of levels deep): left out instead of stopping the start.
                logger.LogWarning("Bitrix24 sandbox journal entry {Id} nests too deep to read; it is left out", id);
                continue;
            }

            _journal.Add(new JournalEntry(
                id,
                DateTimeOffset.Parse(node["time"]!.GetValue<string>(), CultureInfo.InvariantCulture),
                node["method"]!.GetValue<string>(),
                node["parameters"]!.DeepClone(),
                node["result"]?.DeepClone()));
        }

        _nextJournalId = Math.Max(long.Parse(_file.GetMeta(JournalKey) ?? "1", CultureInfo.InvariantCulture), _journal.Count == 0 ? 1 : _journal[^1].Id + 1);
    }
}
