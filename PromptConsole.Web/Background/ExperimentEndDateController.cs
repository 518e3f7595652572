using Microsoft.Extensions.Options;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Services.Experiments;

using PromptConsole.Web.Infrastructure.Fleet;

namespace PromptConsole.Web.Background;

/// <summary>
/// Stops running and paused experiments whose end date has passed, with no winner and the reason
/// "end date reached", audited as <c>system</c>. Every instance runs it; a second instance stopping the same
/// experiment gets a refused transition, which is harmless.
/// </summary>
public sealed partial class ExperimentEndDateController(
    IExperimentService experiments,
    IOptions<ExperimentOptions> options,
    TimeProvider time,
    ILogger<ExperimentEndDateController> logger,
    ILeadership? leadership = null) : PeriodicBackgroundService(time, leadership)
{
    protected override TimeSpan Interval => options.Value.EndDateCheckInterval;

    protected override bool RunsAtStart => true;

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var stopped = await experiments.StopExpiredAsync(cancellationToken);
        foreach (var key in stopped)
            LogStopped(key);
    }

    protected override void OnTickFailed(Exception exception) => LogSweepFailed(exception);

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Experiment {ExperimentKey} reached its end date and was stopped with no winner")]
    private partial void LogStopped(string experimentKey);

    [LoggerMessage(EventId = 401, Level = LogLevel.Warning, Message = "The experiment end-date sweep failed; it runs again at the next tick")]
    private partial void LogSweepFailed(Exception exception);
}
