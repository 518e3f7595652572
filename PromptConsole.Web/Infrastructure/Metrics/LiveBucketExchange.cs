using Microsoft.Extensions.Options;
using PromptConsole.Domain.Metrics;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Infrastructure.Metrics;

/// <summary>
/// Once a second: publishes the seconds of this instance's live ring that changed since the last
/// publication, then reads the other instances' recent seconds into <see cref="FleetLiveSeconds"/>.
/// Seconds older than <see cref="SettleSeconds"/> at a read are final (each instance publishes every
/// second) and are not read again, so after the first read of the whole window a tick reads a handful
/// of seconds. Registered only when there is somewhere to share: Redis, or a server database (a SQLite
/// file serves one process, so a SQLite instance without Redis has no fleet to merge).
/// </summary>
public sealed partial class LiveBucketExchange(
    MetricsStore store,
    FleetLiveSeconds fleet,
    RedisLiveBucketTransport redis,
    DatabaseLiveBucketTransport database,
    IOptions<RedisOptions> redisOptions,
    IOptions<DatabaseOptions> databaseOptions,
    TimeProvider time,
    ILogger<LiveBucketExchange> logger) : BackgroundService
{
    private ILiveBucketTransport _transport = null!;

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Seconds this old at a read are taken as final.</summary>
    public const int SettleSeconds = 5;

    /// <summary>Rows are kept this long past the live window (Redis keys expire after the same).</summary>
    private const int KeepSeconds = 16 * 60;

    private static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(1);

    private long _publishedVersion;
    private long? _settledThrough;
    private long _lastPrune = long.MinValue;

    /// <summary>Where live seconds are shared: Redis when configured, else a server database; nowhere for SQLite alone.</summary>
    public static LiveSharing Choose(bool redisConfigured, DatabaseProvider provider) =>
        redisConfigured ? LiveSharing.Redis
        : provider == DatabaseProvider.Sqlite ? LiveSharing.None
        : LiveSharing.Database;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sharing = Choose(redisOptions.Value.IsConfigured, databaseOptions.Value.ParsedProvider);
        if (sharing == LiveSharing.None)
            return;
        _transport = sharing == LiveSharing.Redis ? redis : database;
        LogSharing(_transport.Name);
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do
            {
                await TickAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>One publication and one read.</summary>
    private async Task TickAsync(CancellationToken cancellationToken)
    {
        await PublishAsync(cancellationToken);
        await ReadAsync(cancellationToken);
        await PruneAsync(cancellationToken);
    }

    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        try
        {
            var changed = store.LiveChangesSince(_publishedVersion, out var current);
            if (changed.Count > 0)
                await _transport.PublishAsync(store.InstanceId, changed, cancellationToken);
            _publishedVersion = current;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The version is kept, so the next tick publishes these seconds again.
            LogPublishFailed(exception, _transport.Name);
        }
    }

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var now = SecondRing.SecondNumber(time.GetUtcNow());
            var first = now - (long)store.LiveSpan.TotalSeconds + 1;
            var from = Math.Max(first, (_settledThrough ?? first - 1) + 1);
            var payloads = await _transport.ReadAsync(store.InstanceId, from, now, cancellationToken);
            fleet.Replace(from, now, payloads, keepFrom: first);
            _settledThrough = now - SettleSeconds;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogReadFailed(exception, _transport.Name);
        }
    }

    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        if (time.GetTimestamp() is var stamp && _lastPrune != long.MinValue && time.GetElapsedTime(_lastPrune, stamp) < PruneInterval)
            return;
        _lastPrune = time.GetTimestamp();
        try
        {
            await _transport.PruneAsync(SecondRing.SecondNumber(time.GetUtcNow()) - KeepSeconds, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogPruneFailed(exception, _transport.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Live windows merge every instance's per-second data through {Transport}")]
    private partial void LogSharing(string transport);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing live seconds to {Transport} failed; retried at the next tick")]
    private partial void LogPublishFailed(Exception exception, string transport);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the other instances' live seconds from {Transport} failed; the live charts show what was last read")]
    private partial void LogReadFailed(Exception exception, string transport);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning live seconds in {Transport} failed; retried in a minute")]
    private partial void LogPruneFailed(Exception exception, string transport);
}
