using System.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PromptConsole.Domain.Execution;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Recording;

namespace PromptConsole.Tests.Persistence;

public sealed class RecorderSqliteConnectionTests
{
    [Fact]
    public async Task A_sqlite_context_is_pointed_at_one_open_connection_with_the_recorder_settings_and_the_pool_keeps_the_defaults()
    {
        await using var host = await PersistenceTestHost.CreateAsync(TestDatabaseProvider.Sqlite);
        using var recorderConnection = new RecorderSqliteConnection();

        await using var first = host.CreateDbContext();
        recorderConnection.Attach(first);
        var connection = Assert.IsType<SqliteConnection>(first.Database.GetDbConnection());
        Assert.Equal(ConnectionState.Open, connection.State);
        Assert.Equal(-RecorderSqliteConnection.CacheKibibytes, await PragmaAsync(first, "cache_size"));
        Assert.Equal(RecorderSqliteConnection.WalAutoCheckpointPages, await PragmaAsync(first, "wal_autocheckpoint"));

        await using (var second = host.CreateDbContext())
        {
            recorderConnection.Attach(second);
            Assert.Same(connection, second.Database.GetDbConnection());
        }

        // The context did not own it: still open for the next batch.
        Assert.Equal(ConnectionState.Open, connection.State);

        await using (var pooled = host.CreateDbContext())
        {
            await pooled.Database.OpenConnectionAsync();
            Assert.NotEqual(-RecorderSqliteConnection.CacheKibibytes, await PragmaAsync(pooled, "cache_size"));
            Assert.Equal(1000, await PragmaAsync(pooled, "wal_autocheckpoint"));
        }

        recorderConnection.Reset();
        Assert.Equal(ConnectionState.Closed, connection.State);
        await using var afterReset = host.CreateDbContext();
        recorderConnection.Attach(afterReset);
        Assert.NotSame(connection, afterReset.Database.GetDbConnection());
        Assert.Equal(-RecorderSqliteConnection.CacheKibibytes, await PragmaAsync(afterReset, "cache_size"));
    }

    [Fact]
    public async Task A_postgres_context_keeps_its_own_connection()
    {
        await using var host = await PersistenceTestHost.CreateAsync(TestDatabaseProvider.Postgres);
        using var recorderConnection = new RecorderSqliteConnection();
        await using var db = host.CreateDbContext();
        var before = db.Database.GetDbConnection();

        recorderConnection.Attach(db);

        Assert.Same(before, db.Database.GetDbConnection());
        Assert.IsNotType<SqliteConnection>(before);
        Assert.Equal(ConnectionState.Closed, before.State);
    }

    [Fact]
    public async Task The_recorder_commits_through_it_so_the_wal_is_not_checkpointed_every_thousand_pages()
    {
        // Pooled connections checkpoint once the WAL passes 1,000 pages, after which the next commit writes the
        // WAL from its start again, so the file stays near that size. Through the recorder's connection it grows.
        await using var host = await PersistenceTestHost.CreateAsync(TestDatabaseProvider.Sqlite, s =>
        {
            s["PromptConsole:Recording:BatchSize"] = "500";
            s["PromptConsole:Recording:MaxBatchDelayMs"] = "10000";
        });
        await host.StartAsync();
        var recorder = host.Get<IExecutionRecorder>();
        const int records = 20_000;
        for (var i = 0; i < records; i++)
        {
            // Random trace ids, as real traffic has: their index's pages are the ones a batch scatters.
            var record = ExecutionSeeding.Record("greet", host.Clock.GetUtcNow(), subject: "user-42", traceId: Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()));
            await recorder.RecordAsync(record);
        }

        await recorder.FlushAsync().WaitAsync(TimeSpan.FromSeconds(60));

        await using var db = host.CreateDbContext();
        Assert.Equal(records, await db.Executions.CountAsync());
        var file = new SqliteConnectionStringBuilder(host.Database.ConnectionString).DataSource;
        var pageSize = await PragmaAsync(db, "page_size");
        var walPages = new FileInfo(file + "-wal").Length / (pageSize + 24);
        Assert.True(walPages > 2_000, $"The WAL holds {walPages} pages: it was checkpointed at the pooled connections' 1,000.");
        Assert.True(walPages <= RecorderSqliteConnection.WalAutoCheckpointPages + 2_000, $"The WAL holds {walPages} pages.");
    }

    private static async Task<long> PragmaAsync(DbContext db, string pragma)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != ConnectionState.Open)
            await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {pragma};";
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
