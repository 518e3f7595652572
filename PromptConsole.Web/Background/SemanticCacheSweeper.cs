using PromptConsole.Web.Services.Caching;

namespace PromptConsole.Web.Background;

/// <summary>
/// Drops the semantic cache's expired entries every minute, so an entry nobody asks for again does not hold memory
/// until the byte budget pushes it out. Every instance sweeps its own process (no leadership).
/// </summary>
public sealed partial class SemanticCacheSweeper(SemanticResponseCache cache, TimeProvider time, ILogger<SemanticCacheSweeper> logger)
    : PeriodicBackgroundService(time)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

    protected override bool RunsAtStart => false;

    protected override Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var swept = cache.Sweep();
        if (swept > 0)
            LogSwept(swept);
        return Task.CompletedTask;
    }

    protected override void OnTickFailed(Exception exception) => LogSweepFailed(exception);

    [LoggerMessage(EventId = 1327, Level = LogLevel.Debug, Message = "Dropped {Count} expired semantic cache entries")]
    private partial void LogSwept(int count);

    [LoggerMessage(EventId = 1328, Level = LogLevel.Warning, Message = "The semantic cache sweep failed; it runs again at the next tick")]
    private partial void LogSweepFailed(Exception exception);
}
