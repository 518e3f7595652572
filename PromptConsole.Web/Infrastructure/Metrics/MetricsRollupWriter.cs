using Microsoft.Extensions.Options;
using PromptConsole.Web.Infrastructure.Fleet;

namespace PromptConsole.Web.Infrastructure.Metrics;

/// <summary>
/// Writes the store's open rollup buckets every flush interval, prunes rollups past retention every
/// prune interval, and flushes once more on shutdown so the last seconds of traffic are kept. Every instance
/// flushes its own buckets; with several instances only the elected leader prunes.
/// </summary>
public sealed partial class MetricsRollupWriter(
    MetricsStore store,
    IOptions<MetricsStoreOptions> options,
    TimeProvider time,
    ILogger<MetricsRollupWriter> logger,
    ILeadership? leadership = null) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var lastPrune = time.GetTimestamp();
        using var timer = new PeriodicTimer(settings.FlushInterval, time);
        await PruneAsync(stoppingToken);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
                if (time.GetElapsedTime(lastPrune) >= settings.PruneInterval)
                {
                    await PruneAsync(stoppingToken);
                    lastPrune = time.GetTimestamp();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync does the final flush.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            var written = await store.FlushAsync(cancellationToken);
            if (written > 0)
                LogFlushed(written);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFlushFailed(exception);
        }
    }

    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (leadership is not null && !await leadership.IsLeaderAsync(cancellationToken))
                return;
            var deleted = await store.PruneAsync(cancellationToken);
            if (deleted > 0)
                LogPruned(deleted);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogPruneFailed(exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Wrote {Rows} metric rollup rows")]
    private partial void LogFlushed(int rows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing metric rollups failed; the buckets stay in memory and are retried at the next flush")]
    private partial void LogFlushFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Rows} metric rollup rows past their retention")]
    private partial void LogPruned(int rows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning metric rollups failed; retried at the next prune interval")]
    private partial void LogPruneFailed(Exception exception);
}
