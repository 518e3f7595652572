using Microsoft.Extensions.Options;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Web.Background;

/// <summary>
/// Closes the recovery watch of automatic rollbacks once their watch window has passed: did the error rate come back
/// down on the restored version? Ticks on a <see cref="PeriodicTimer"/> driven by the injected <see cref="TimeProvider"/>;
/// a failed tick is logged and retried at the next. Every instance may run it: a watch closed by one instance is
/// skipped by the others (the row's recovery state is its concurrency token).
/// </summary>
public sealed partial class RollbackRecoveryWatcher(
    IAutomaticRollbacks rollbacks,
    IOptions<RollbackOptions> options,
    TimeProvider time,
    ILogger<RollbackRecoveryWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RecoveryCheckInterval, time);
        do
        {
            try
            {
                var closed = await rollbacks.CheckRecoveriesAsync(stoppingToken);
                if (closed > 0)
                    LogClosed(closed);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogCheckFailed(exception);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 610, Level = LogLevel.Information, Message = "Closed the recovery watch of {Count} automatic rollback(s)")]
    private partial void LogClosed(int count);

    [LoggerMessage(EventId = 611, Level = LogLevel.Warning, Message = "The recovery check of automatic rollbacks failed; it runs again at the next tick")]
    private partial void LogCheckFailed(Exception exception);
}
