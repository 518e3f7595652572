using Medallion.Threading.Postgres;
using Microsoft.Extensions.Options;
using Npgsql;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Infrastructure.Fleet;

/// <summary>
/// Elects the instance that runs the background controllers. On PostgreSQL it holds a session advisory lock
/// (DistributedLock.Postgres) on a dedicated connection: the holder leads; the others try again every
/// <see cref="FleetOptions.LeaderRetryInterval"/> and one of them takes over once the leader releases the lock
/// (stopping) or its connection goes (crash: the server frees a dead session's locks; the connection carries
/// <c>client_connection_check_interval</c> so a holder killed while its lock-monitoring query sleeps is noticed
/// within about a second rather than when the sleep ends). A leader whose connection is lost steps down at once
/// (the handle's lost token). On SQLite (one process) and SQL Server (no lease implemented) this instance
/// simply leads.
/// </summary>
public sealed partial class LeaderElection(
    IOptions<DatabaseOptions> database,
    IOptions<FleetOptions> options,
    TimeProvider time,
    ILogger<LeaderElection> logger) : BackgroundService, ILeadership
{
    /// <summary>The advisory lock's name; hashed to a 64-bit key, scoped to the database by PostgreSQL.</summary>
    public const string LockName = "promptconsole-leader";

    private readonly TaskCompletionSource _decided = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _isLeader;

    // While the database is away every retry fails: say so once, not every second.
    private bool _acquireFailing;

    private int _terms;

    public bool IsLeader => _isLeader;

    /// <summary>How many times this instance has been elected: a lost lease taken again within moments shows here.</summary>
    public int Terms => Volatile.Read(ref _terms);

    public async ValueTask<bool> IsLeaderAsync(CancellationToken cancellationToken = default)
    {
        if (!_decided.Task.IsCompleted)
            await _decided.Task.WaitAsync(cancellationToken);
        return _isLeader;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database.Value.ParsedProvider != DatabaseProvider.Postgres)
        {
            SetLeader(true);
            return;
        }

        try
        {
            // A dedicated connection per lease (no multiplexing), so losing it means losing exactly this lease.
            var distributedLock = new PostgresDistributedLock(
                new PostgresAdvisoryLockKey(LockName, allowHashing: true),
                LeaseConnectionString(database.Value.ConnectionString),
                lease => lease.UseMultiplexing(false).KeepaliveCadence(TimeSpan.FromSeconds(30)));
            while (!stoppingToken.IsCancellationRequested)
                await LeadWhileHeldAsync(distributedLock, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Also decides "not leader" if setting up failed, so no controller waits for a decision that never comes.
            SetLeader(false);
        }
    }

    /// <summary>One attempt: take the lease, lead until it is lost or the host stops, give it back; or wait and return.</summary>
    private async Task LeadWhileHeldAsync(PostgresDistributedLock distributedLock, CancellationToken stoppingToken)
    {
        PostgresDistributedLockHandle? handle = null;
        try
        {
            handle = await distributedLock.TryAcquireAsync(TimeSpan.Zero, stoppingToken);
            _acquireFailing = false;
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            if (!_acquireFailing)
                LogAcquireFailed(exception);
            _acquireFailing = true;
        }

        if (handle is null)
        {
            SetLeader(false);
            await Task.Delay(options.Value.LeaderRetryInterval, time, stoppingToken);
            return;
        }

        try
        {
            Interlocked.Increment(ref _terms);
            SetLeader(true);
            LogElected();
            using var held = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, handle.HandleLostToken);
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, held.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                LogLost();
            }
        }
        finally
        {
            SetLeader(false);
            try
            {
                await handle.DisposeAsync();
            }
            catch (Exception exception)
            {
                // Disposing a lost handle throws; the server has freed the lock with the session anyway.
                LogReleaseFailed(exception);
            }
        }
    }

    private void SetLeader(bool isLeader)
    {
        _isLeader = isLeader;
        _decided.TrySetResult();
    }

    /// <summary>The database's connection string plus a server-side check that notices a vanished client within a second (PostgreSQL 14+).</summary>
    internal static string LeaseConnectionString(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "promptconsole-leader" };
        const string check = "-c client_connection_check_interval=1000";
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? check : builder.Options + " " + check;
        return builder.ConnectionString;
    }

    [LoggerMessage(EventId = 1240, Level = LogLevel.Information, Message = "This instance is now the leader: it runs the background controllers")]
    private partial void LogElected();

    [LoggerMessage(EventId = 1241, Level = LogLevel.Warning, Message = "The leader lease was lost (database connection gone); stepping down and trying again")]
    private partial void LogLost();

    [LoggerMessage(EventId = 1242, Level = LogLevel.Warning, Message = "Trying to take the leader lease failed (database unreachable?); trying again every interval")]
    private partial void LogAcquireFailed(Exception exception);

    [LoggerMessage(EventId = 1243, Level = LogLevel.Debug, Message = "Releasing the leader lease failed (already lost)")]
    private partial void LogReleaseFailed(Exception exception);
}
