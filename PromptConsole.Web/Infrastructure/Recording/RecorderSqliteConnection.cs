using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Infrastructure.Recording;

/// <summary>
/// On SQLite, the recorder writes through one connection of its own, kept open, with a larger page cache and
/// fewer, larger WAL checkpoints than a pooled connection has (bench/README.md, part 6, measured both ways):
/// <list type="bullet">
/// <item>Every row adds an entry to each of the table's indexes, and the trace-id index's entries land on random
/// pages. With SQLite's default cache (2 MB) the pages a batch of a few hundred rows touches no longer fit: they were
/// read back with <c>pread</c> within the batch and again from one batch to the next. <see cref="CacheKibibytes"/>
/// keeps the indexes' working set in memory; it is this connection's alone, so the pooled connections the console
/// and the API read through keep the default.</item>
/// <item>By default the committing connection copies the WAL back into the database every 1,000 pages, which under
/// load was after nearly every batch, and the pages rewritten by each batch (the newest end of every time index)
/// were copied each time. Every <see cref="WalAutoCheckpointPages"/> pages, a page rewritten by many batches is
/// copied once. The WAL file grows to about that size (40 MB at 4 KB pages) and is reused after a checkpoint.</item>
/// </list>
/// Durability is unchanged: each commit is synced as before. The recorder's statements are inserts and updates by
/// key, which need none of the functions EF Core registers on the connections it creates itself.
/// Used by the recorder's writer only, one batch at a time.
/// </summary>
public sealed class RecorderSqliteConnection : IDisposable
{
    /// <summary>The page cache of the recorder's connection, 64 MiB (SQLite's default is 2 MB).</summary>
    public const int CacheKibibytes = 64 * 1024;

    /// <summary>WAL pages after which a commit checkpoints (SQLite's default is 1,000).</summary>
    public const int WalAutoCheckpointPages = 10_000;

    private SqliteConnection? _connection;

    /// <summary>
    /// Points a context on SQLite at the recorder's connection (opened the first time, or again after
    /// <see cref="Reset"/>); a context on another database keeps its own connection.
    /// </summary>
    public void Attach(PromptConsoleDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!db.Database.IsSqlite())
            return;

        _connection ??= Open(db.Database.GetConnectionString()
            ?? throw new InvalidOperationException("The SQLite context has no connection string."));
        db.Database.SetDbConnection(_connection, contextOwnsConnection: false);
    }

    /// <summary>After a failed write: the next <see cref="Attach"/> opens a new connection (the file may have been replaced or the old handle broken).</summary>
    public void Reset()
    {
        _connection?.Dispose();
        _connection = null;
    }

    public void Dispose() => Reset();

    private static SqliteConnection Open(string connectionString)
    {
        // Not pooled: a pooled connection would carry this cache to whichever reader took it next.
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = false };
        var connection = new SqliteConnection(builder.ConnectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA cache_size = -{CacheKibibytes}; PRAGMA wal_autocheckpoint = {WalAutoCheckpointPages};";
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
