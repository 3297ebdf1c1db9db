using Microsoft.Data.Sqlite;

namespace Loyalty.Web.Sandbox.Data;

/// <summary>
/// The sandbox's own SQLite file: one table of JSON documents per entity type, a key/value table for counters
/// and the anchor, and the journal. Reads are served from memory; this file only makes the portal survive restarts.
/// Callers serialize access (the store's lock), so one open connection is enough.
/// </summary>
internal sealed class SandboxFile : IDisposable
{
    private readonly SqliteConnection _connection;

    public SandboxFile(string path)
    {
        Path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            // No pool: the file is released as soon as the portal stops (tests delete their folders).
            Pooling = false,
        }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
        Execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);");
        Execute("CREATE TABLE IF NOT EXISTS journal (id INTEGER PRIMARY KEY, doc TEXT NOT NULL);");
        // Added after the first files were written: an older file gains the table, empty, when it is opened.
        Execute($"CREATE TABLE IF NOT EXISTS {UserFieldsTable} (id INTEGER PRIMARY KEY, doc TEXT NOT NULL);");
        foreach (var schema in Schemas.All)
        {
            Execute($"CREATE TABLE IF NOT EXISTS {schema.Name} (id INTEGER PRIMARY KEY, doc TEXT NOT NULL);");
        }
    }

    public const string UserFieldsTable = "userfields";

    public string Path { get; }

    public string? GetMeta(string key)
    {
        using var command = Command("SELECT value FROM meta WHERE key = $key;");
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() as string;
    }

    public void SetMeta(string key, string value)
    {
        using var command = Command("INSERT INTO meta (key, value) VALUES ($key, $value) ON CONFLICT(key) DO UPDATE SET value = excluded.value;");
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", value);
        command.ExecuteNonQuery();
    }

    /// <summary>Documents as UTF-8 bytes: the JSON parser reads them as they are, without a detour through strings.</summary>
    public IEnumerable<(long Id, byte[] Document)> ReadAll(string table)
    {
        using var command = Command($"SELECT id, doc FROM {table} ORDER BY id;");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1));
        }
    }

    public void Upsert(string table, long id, byte[] document) => Upsert(table, id, (object)document);

    public void Upsert(string table, long id, string document) => Upsert(table, id, (object)document);

    private void Upsert(string table, long id, object document)
    {
        using var command = Command($"INSERT INTO {table} (id, doc) VALUES ($id, $doc) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc;");
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$doc", document);
        command.ExecuteNonQuery();
    }

    public void Delete(string table, long id)
    {
        using var command = Command($"DELETE FROM {table} WHERE id = $id;");
        command.Parameters.AddWithValue("$id", id);
        command.ExecuteNonQuery();
    }

    public void DeleteAll(string table) => Execute($"DELETE FROM {table};");

    /// <summary>
    /// The first start's bulk load: everything left by an interrupted earlier attempt is cleared, and the file
    /// leaves WAL mode meanwhile — a WAL would receive every page once and then copy it into the file again.
    /// </summary>
    public void BulkLoad(Action<Action<string, IEnumerable<(long Id, byte[] Document)>>> load)
    {
        Execute("PRAGMA journal_mode = DELETE; PRAGMA synchronous = OFF;");
        using (var transaction = _connection.BeginTransaction())
        {
            foreach (var table in Schemas.All.Select(s => s.Name).Append("journal").Append(UserFieldsTable).Append("meta"))
            {
                Execute($"DELETE FROM {table};", transaction);
            }

            load((table, rows) =>
            {
                using var command = Command($"INSERT INTO {table} (id, doc) VALUES ($id, $doc);");
                command.Transaction = transaction;
                var id = command.Parameters.Add("$id", SqliteType.Integer);
                var doc = command.Parameters.Add("$doc", SqliteType.Blob);
                command.Prepare();
                foreach (var row in rows)
                {
                    id.Value = row.Id;
                    doc.Value = row.Document;
                    command.ExecuteNonQuery();
                }
            });
            transaction.Commit();
        }

        Execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
    }

    public void Dispose() => _connection.Dispose();

    private void Execute(string sql, SqliteTransaction? transaction = null)
    {
        using var command = Command(sql);
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }
}
