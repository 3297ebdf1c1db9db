namespace Loyalty.Core.Data;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSQL,
}

/// <summary>The <c>Database</c> section of appsettings.json.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>The SQLite file; a relative path is resolved against the web app's content root.</summary>
    public string Path { get; set; } = "data/loyalty.db";

    /// <summary>Used by providers other than SQLite.</summary>
    public string? ConnectionString { get; set; }

    public string ResolveSqlitePath(string contentRoot) =>
        System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(Path) ? Path : System.IO.Path.Combine(contentRoot, Path));
}
