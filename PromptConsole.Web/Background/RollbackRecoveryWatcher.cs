using Microsoft.Extensions.Options;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Services.Rollouts;

using PromptConsole.Web.Infrastructure.Fleet;

namespace PromptConsole.Web.Background;

/// <summary>
/// Closes the recovery watch of automatic rollbacks once their watch window has passed: did the error rate come back
/// down on the restored version? On PostgreSQL only the elected leader runs it; it would be safe anywhere: a watch
/// closed by one instance is skipped by the others (the row's recovery state is its concurrency token).
/// </summary>
public sealed partial class RollbackRecoveryWatcher(
    IAutomaticRollbacks rollbacks,
    IOptions<RollbackOptions> options,
    TimeProvider time,
    ILogger<RollbackRecoveryWatcher> logger,
    ILeadership? leadership = null) : PeriodicBackgroundService(time, leadership)
{
    protected override TimeSpan Interval => options.Value.RecoveryCheckInterval;

    protected override bool RunsAtStart => true;

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var closed = await rollbacks.CheckRecoveriesAsync(cancellationToken);
        if (closed > 0)
            LogClosed(closed);
    }

    protected override void OnTickFailed(Exception exception) => LogCheckFailed(exception);

    [LoggerMessage(EventId = 610, Level = LogLevel.Information, Message = "Closed the recovery watch of {Count} automatic rollback(s)")]
    private partial void LogClosed(int count);

    [LoggerMessage(EventId = 611, Level = LogLevel.Warning, Message = "The recovery check of automatic rollbacks failed; it runs again at the next tick")]
    private partial void LogCheckFailed(Exception exception);
}
