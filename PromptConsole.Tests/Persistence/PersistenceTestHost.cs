using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Hosting;
using PromptConsole.Web.Infrastructure.Persistence;
using PromptConsole.Web.Infrastructure.Templates;
using PromptConsole.Tests.TestSupport;

namespace PromptConsole.Tests.Persistence;

/// <summary>
/// The persistence services as the application registers them (AddPromptConsolePersistence), on a
/// fresh database, with a controllable clock and a template renderer stand-in. Not started until
/// <see cref="StartAsync"/>, so tests can look at records while they are still queued.
/// </summary>
public sealed class PersistenceTestHost : IAsyncDisposable
{
    private readonly bool _ownsDatabase;
    private bool _started;
    private bool _stopped;

    private PersistenceTestHost(TestDatabase database, bool ownsDatabase, IHost host, TimeProvider clock)
    {
        Database = database;
        _ownsDatabase = ownsDatabase;
        Host = host;
        Clock = clock;
    }

    public TestDatabase Database { get; }

    public IHost Host { get; }

    public TimeProvider Clock { get; }

    public ManualClock ManualClock => Clock as ManualClock ?? throw new InvalidOperationException("This host runs on the system clock.");

    public IServiceProvider Services => Host.Services;

    public static Dictionary<string, string?> DefaultSettings(TestDatabase database) => new()
    {
        ["PromptConsole:Database:Provider"] = database.ProviderName,
        ["PromptConsole:Database:ConnectionString"] = database.ConnectionString,
        ["PromptConsole:Database:MigrateOnStartup"] = "true",
        ["PromptConsole:Database:SeedDemoData"] = "false",
        ["PromptConsole:Recording:MaxBatchDelayMs"] = "20",
    };

    /// <summary>A host on a new database, already migrated.</summary>
    public static async Task<PersistenceTestHost> CreateAsync(
        TestDatabaseProvider provider,
        Action<Dictionary<string, string?>>? configure = null,
        TimeProvider? clock = null,
        bool initialize = true)
    {
        var database = TestDatabase.Create(provider);
        var host = await CreateAsync(database, ownsDatabase: true, configure, clock, initialize);
        return host;
    }

    /// <summary>A host on an existing database (e.g. a second start), which the caller disposes.</summary>
    public static async Task<PersistenceTestHost> CreateAsync(
        TestDatabase database,
        bool ownsDatabase,
        Action<Dictionary<string, string?>>? configure = null,
        TimeProvider? clock = null,
        bool initialize = true)
    {
        var settings = DefaultSettings(database);
        configure?.Invoke(settings);
        clock ??= new ManualClock(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));

        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        var logs = new CollectingLoggerProvider();
        builder.Services.AddSingleton(logs);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddProvider(logs));
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton<ITemplateRenderer>(new FakeTemplateRenderer());
        builder.Services.AddPromptConsolePersistence(builder.Configuration);
        var host = builder.Build();

        var testHost = new PersistenceTestHost(database, ownsDatabase, host, clock);
        if (initialize)
            await host.Services.InitializePromptConsoleDatabaseAsync();
        return testHost;
    }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public PromptConsoleDbContext CreateDbContext() => Get<IDbContextFactory<PromptConsoleDbContext>>().CreateDbContext();

    public async Task StartAsync()
    {
        await Host.StartAsync();
        _started = true;
    }

    public async Task StopAsync()
    {
        if (!_started || _stopped)
            return;
        _stopped = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await Host.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Host.Dispose();
        if (!_ownsDatabase)
            return;
        await DropDatabaseAsync(Database);
        Database.Dispose();
    }

    /// <summary>PostgreSQL test databases are dropped; SQLite files are released so they can be deleted.</summary>
    public static async Task DropDatabaseAsync(TestDatabase database)
    {
        if (database.Provider == TestDatabaseProvider.Postgres)
        {
            var options = DatabaseProviders.Configure(new DbContextOptionsBuilder<PromptConsoleDbContext>(), DatabaseProvider.Postgres, database.ConnectionString).Options;
            await using var db = DatabaseProviders.CreateContext(DatabaseProvider.Postgres, options);
            await db.Database.EnsureDeletedAsync();
        }
        else
        {
            SqliteConnection.ClearAllPools();
        }
    }

    public static IEnumerable<object[]> Providers() => [[TestDatabaseProvider.Sqlite], [TestDatabaseProvider.Postgres]];
}

/// <summary>A DbContext factory over the test database with extra interceptors, for staging races.</summary>
public sealed class InterceptedDbContextFactory(TestDatabase database, params IInterceptor[] interceptors) : IDbContextFactory<PromptConsoleDbContext>
{
    private readonly DatabaseProvider _provider = database.Provider == TestDatabaseProvider.Sqlite ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;

    private readonly DbContextOptions _options = DatabaseProviders.Configure(
            new DbContextOptionsBuilder<PromptConsoleDbContext>(),
            database.Provider == TestDatabaseProvider.Sqlite ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres,
            database.ConnectionString)
        .AddInterceptors(interceptors)
        .Options;

    public PromptConsoleDbContext CreateDbContext() => DatabaseProviders.CreateContext(_provider, _options);
}

/// <summary>Holds every SaveChanges until <paramref name="parties"/> of them have arrived, so their reads overlap for certain.</summary>
public sealed class SaveRendezvous(int parties) : SaveChangesInterceptor
{
    private readonly TaskCompletionSource _allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Increment(ref _arrived) == parties)
            _allArrived.TrySetResult();
        await _allArrived.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return result;
    }
}

/// <summary>A clock that moves only when told; timers still run on real time.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);
}

/// <summary>Stands in for the Handlebars renderer: compiles everything unless told which errors to report.</summary>
public sealed class FakeTemplateRenderer : ITemplateRenderer
{
    public IReadOnlyList<FieldError> CompileErrors { get; set; } = [];

    public IReadOnlyList<FieldError> CheckCompiles(VersionDraft draft) => CompileErrors;

    public Result<RenderedPrompt> Render(PromptVersion version, IReadOnlyDictionary<string, object?> variables) => new RenderedPrompt(version.SystemText, version.Template);

    public Result<RenderedPrompt> RenderDraft(VersionDraft draft, IReadOnlyDictionary<string, object?> variables) => new RenderedPrompt(draft.SystemText, draft.Template);
}

/// <summary>Keeps every log entry so tests can check that failures are reported.</summary>
public sealed class CollectingLoggerProvider : ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => _entries.ToArray();

    public ILogger CreateLogger(string categoryName) => new CollectingLogger(categoryName, _entries);

    public void Dispose()
    {
    }

    public sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception);

    private sealed class CollectingLogger(string category, System.Collections.Concurrent.ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), exception));
    }
}
