using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PromptConsole.Domain.Execution;
using PromptConsole.Web.Hosting;
using PromptConsole.Web.Infrastructure.Persistence;
using PromptConsole.Web.Infrastructure.Recording;

namespace PromptConsole.Bench.Recording;

internal sealed record RecordingInsertFigure(string Name, int Rows, double CpuMicrosecondsPerRow, double BestBatchMicrosecondsPerRow);

/// <summary>
/// In process: what writing execution records into SQLite costs per row, batch by batch as the recorder writes
/// them (one transaction per batch of 200, the batch a 1,000 req/s load fills in 200 ms): PromptConsole's inserter
/// through the recorder's own connection (as the recorder writes) and through a pooled one, and the previous
/// multi-row inserter, in turns on three fresh databases built by the app's migrations.
/// CPU is the process's (this part runs alone), so it is less sensitive to a busy machine than wall time.
/// </summary>
internal static class RecordingInsertBenchmark
{
    private const int BatchSize = 200;
    private const int Batches = 40;
    private const int Rounds = 3;

    public static async Task<IReadOnlyList<RecordingInsertFigure>> RunAsync(CancellationToken cancellationToken)
    {
        var current = await Database.CreateAsync(cancellationToken);
        var withRecorderConnection = await Database.CreateAsync(cancellationToken);
        var previous = await Database.CreateAsync(cancellationToken);
        var recorderConnection = new RecorderSqliteConnection();
        try
        {
            var cpu = new Dictionary<string, (TimeSpan Cpu, int Rows, double Best)>();
            for (var round = 0; round < Rounds; round++)
            {
                foreach (var (name, database, attach, insert) in new (string, Database, Action<PromptConsoleDbContext>?, Func<PromptConsoleDbContext, IReadOnlyList<ExecutionRecord>, CancellationToken, Task<int>>)[]
                {
                    // As the recorder writes: through its own connection (larger page cache, fewer checkpoints).
                    ("recorder_connection", withRecorderConnection, recorderConnection.Attach, (db, records, token) => ExecutionRecordInserter.InsertAsync(db, records, token)),
                    // The same inserter through a pooled connection with SQLite's defaults.
                    ("single_row_prepared", current, null, (db, records, token) => ExecutionRecordInserter.InsertAsync(db, records, token)),
                    ("multi_row_previous", previous, null, MultiRowExecutionRecordInserter.InsertAsync),
                })
                {
                    var (spent, rows, best) = await MeasureAsync(database, attach, insert, cancellationToken);
                    var sum = cpu.GetValueOrDefault(name);
                    // The first round warms the JIT and the databases up and is not counted.
                    cpu[name] = round == 0 ? (TimeSpan.Zero, 0, double.MaxValue) : (sum.Cpu + spent, sum.Rows + rows, Math.Min(sum.Best, best));
                }
            }

            return cpu.Select(entry => new RecordingInsertFigure(entry.Key, entry.Value.Rows, entry.Value.Cpu.TotalMicroseconds / entry.Value.Rows, entry.Value.Best)).ToArray();
        }
        finally
        {
            // Closed before its database's files are deleted.
            recorderConnection.Dispose();
            await current.DisposeAsync();
            await withRecorderConnection.DisposeAsync();
            await previous.DisposeAsync();
        }
    }

    private static async Task<(TimeSpan Cpu, int Rows, double BestBatchMicrosecondsPerRow)> MeasureAsync(
        Database database, Action<PromptConsoleDbContext>? attach, Func<PromptConsoleDbContext, IReadOnlyList<ExecutionRecord>, CancellationToken, Task<int>> insert, CancellationToken cancellationToken)
    {
        var batches = Enumerable.Range(0, Batches).Select(_ => Enumerable.Range(0, BatchSize).Select(Record).ToArray()).ToArray();
        var best = double.MaxValue;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        foreach (var batch in batches)
        {
            var started = Stopwatch.GetTimestamp();
            await using var db = await database.Factory.CreateDbContextAsync(cancellationToken);
            attach?.Invoke(db);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await insert(db, batch, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            best = Math.Min(best, Stopwatch.GetElapsedTime(started).TotalMicroseconds / BatchSize);
        }

        return (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore, Batches * BatchSize, best);
    }

    /// <summary>A record as the gateway writes one; the trace id is random, as each request's is, so its index is paid as in production.</summary>
    private static ExecutionRecord Record(int index)
    {
        var at = DateTimeOffset.UtcNow;
        var record = new ExecutionRecord(Guid.CreateVersion7(at), at, "bench", 1, "label", "production", null, null, ExecutionOrigin.Api, null);
        record.Complete(ExecutionOutcome.Success, "stub-model", false, null, 0.4 + (index % 7), 1, 12, 2, 0.000016m,
            "3f0c1b5e9a7d2c4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e", "73475cb40a568e8da8a045ced110137e159f890ac4da883b6b17dc651b3a8049", ActivityTraceId.CreateRandom().ToHexString());
        record.RecordStages(new StageTimings(0.01, 0.02, 0.0, 0.3, 0.01));
        return record;
    }

    /// <summary>A throw-away SQLite file set up by the app's own persistence registration and migrations.</summary>
    private sealed class Database : IAsyncDisposable
    {
        private readonly IHost _host;
        private readonly DirectoryInfo _directory;

        private Database(IHost host, DirectoryInfo directory)
        {
            _host = host;
            _directory = directory;
            Factory = host.Services.GetRequiredService<IDbContextFactory<PromptConsoleDbContext>>();
        }

        public IDbContextFactory<PromptConsoleDbContext> Factory { get; }

        public static async Task<Database> CreateAsync(CancellationToken cancellationToken)
        {
            var directory = Directory.CreateTempSubdirectory("promptconsole-bench-recording-");
            var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Production" });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["PromptConsole:Database:Provider"] = "Sqlite",
                ["PromptConsole:Database:ConnectionString"] = $"Data Source={Path.Combine(directory.FullName, "bench.db")}",
                ["PromptConsole:Database:MigrateOnStartup"] = "true",
                ["PromptConsole:Database:SeedDemoData"] = "false",
            });
            builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
            builder.Services.AddSingleton(TimeProvider.System);
            builder.Services.AddPromptConsolePersistence(builder.Configuration);
            var host = builder.Build();
            await host.Services.InitializePromptConsoleDatabaseAsync(cancellationToken);
            return new Database(host, directory);
        }

        public ValueTask DisposeAsync()
        {
            _host.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            _directory.Delete(recursive: true);
            return ValueTask.CompletedTask;
        }
    }
}
