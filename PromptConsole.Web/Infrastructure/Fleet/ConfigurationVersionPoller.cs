using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Infrastructure.Fleet;

/// <summary>
/// The fallback that keeps several instances consistent without Redis: reads the global configuration version
/// (bumped in the same transaction as every change, see <see cref="ConfigurationVersionRow"/>) every
/// <see cref="FleetOptions.VersionCheckInterval"/> and, when it moved, drops every cached snapshot and the flag
/// definitions. It acts on every move even when Redis is up: whether Redis delivered a given change cannot be
/// told from here, and one extra reload per prompt after a (rare) change is cheaper than a cache that stays stale.
/// Runs only on server databases (PostgreSQL, SQL Server); the embedded SQLite default is one process.
/// </summary>
public sealed partial class ConfigurationVersionPoller(
    IDbContextFactory<PromptConsoleDbContext> dbFactory,
    ConfigurationChangeBus bus,
    IOptions<DatabaseOptions> database,
    IOptions<FleetOptions> options,
    TimeProvider time,
    ILogger<ConfigurationVersionPoller> logger) : BackgroundService
{
    // The last version read; -1 before the first successful read. Read by tests from another thread.
    private long _seen = -1;
    private bool _failing;

    /// <summary>The last version read; null before the first successful read.</summary>
    public long? SeenVersion => Interlocked.Read(ref _seen) is var seen and >= 0 ? seen : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database.Value.ParsedProvider == DatabaseProvider.Sqlite)
            return;

        using var timer = new PeriodicTimer(options.Value.VersionCheckInterval, time);
        await CheckAsync(stoppingToken);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await CheckAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One read; public so tests can force a check without waiting for the timer.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var version = await db.ConfigurationVersions.AsNoTracking()
                .Where(v => v.Id == ConfigurationVersionRow.SingletonId)
                .Select(v => v.Version)
                .FirstOrDefaultAsync(cancellationToken);
            if (_failing)
            {
                _failing = false;
                LogRecovered();
            }

            var before = Interlocked.Exchange(ref _seen, version);
            if (before >= 0 && before != version)
            {
                LogChanged(before, version);
                bus.Deliver(ConfigurationChange.Everything);
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The database is away: the caches keep serving what they hold; the next successful read catches up.
            if (!_failing)
                LogFailed(exception);
            _failing = true;
        }
    }

    [LoggerMessage(EventId = 1230, Level = LogLevel.Debug, Message = "Configuration version moved from {Before} to {After}; dropping cached snapshots")]
    private partial void LogChanged(long before, long after);

    [LoggerMessage(EventId = 1231, Level = LogLevel.Warning, Message = "Reading the configuration version failed; retrying every interval")]
    private partial void LogFailed(Exception exception);

    [LoggerMessage(EventId = 1232, Level = LogLevel.Information, Message = "Reading the configuration version works again")]
    private partial void LogRecovered();
}
